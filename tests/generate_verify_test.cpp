// `generate --verify`: a plan's steps tried on PostgreSQL (try_plan_steps), each refusal at its
// `.schema` declaration and every mistake found in one run; the golden reports of
// tests/golden/generate_verify (NAME.schema beside NAME.expected; SCHEMAC_UPDATE_GOLDEN=1
// rewrites them); and the command line: nothing written on a refusal, the same files as without
// --verify when clean, SCHEMAC_GENERATE_VERIFY and --no-verify.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>

#include "compiler/plan/created_names.hpp"
#include "compiler/source/diagnostic_printer.hpp"
#include "runtime/failure_cascade.hpp"
#include "runtime/step_refusals.hpp"
#include "runtime/try_steps.hpp"
#include "tests/plan_support.hpp"
#include "tests/project.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

namespace fs = std::filesystem;

// The cluster's database `name`, new and empty, with the plan of `before` -> `after` tried on it
// after `before` was built there.
struct TriedPlan {
    Compilation compiled;
    plan::Plan plan;
    std::vector<runtime::StepFailureReport> failures;
};

TriedPlan tried_on_postgres(const std::string& name, const std::string& after_text,
                            const std::string& before_text = {}) {
    test::PostgresCluster& pg = test::PostgresCluster::shared();
    ir::Database before = before_text.empty() ? ir::Database{} : test::compiled_database(before_text);
    pg.create_database(name);
    if (!before_text.empty()) test::apply_plan(pg, name, plan::plan_changes({}, before));
    TriedPlan out{test::compile_text(after_text, "app.schema"), {}, {}};
    INFO(test::diagnostics_text(out.compiled));
    REQUIRE(out.compiled.ok());
    out.plan = plan::plan_changes(before, out.compiled.database);
    REQUIRE_FALSE(out.plan.diagnostics.has_errors());
    runtime::Session session(pg.url(name));
    out.failures = runtime::try_plan_steps(session, out.plan);
    return out;
}

std::string refusals_text(const TriedPlan& tried) {
    Diagnostics found = runtime::refusal_diagnostics(tried.plan, tried.failures);
    return format_text(tried.compiled.sources, found, PrintOptions{}) + summary_line(found) + "\n";
}

std::string verify_parts_of(const TriedPlan& tried) {
    std::string out;
    for (const runtime::StepFailureReport& f : tried.failures)
        out += (f.part.empty() ? tried.plan.steps[f.step].title : f.part) + (f.follows_from ? " (follows)" : "") + " " +
               f.sqlstate + "\n";
    return out;
}

}  // namespace

TEST_CASE("generate verify: a default of the wrong type is refused at its .schema line and column") {
    TriedPlan tried = tried_on_postgres("gv_wrong_default", R"(table people {
  id         bigint      primary key
  age        integer     default 'abc'
  created_at timestamptz default 'yesterday-ish'
}
)");
    CHECK(verify_parts_of(tried) ==
          "the default of column people.age 22P02\nthe default of column people.created_at 22007\n");
    std::string text = refusals_text(tried);
    CAPTURE(text);
    CHECK(text.find("app.schema:3:34: error: PostgreSQL refuses the default of column people.age: invalid input "
                    "syntax for type integer: \"abc\"") != std::string::npos);
    CHECK(text.find("app.schema:4:34: error: PostgreSQL refuses the default of column people.created_at") !=
          std::string::npos);
    CHECK(text.find("help: write a literal the type accepts") != std::string::npos);
    CHECK(text.find("CREATE TABLE public.people (") != std::string::npos);
}

TEST_CASE("generate verify: a clean plan is accepted, enum values committed first, concurrent builds outside") {
    // The new enum value is used by a default in the same plan (PostgreSQL refuses that inside
    // the transaction that adds it), and the index on a table that exists is built CONCURRENTLY.
    TriedPlan tried = tried_on_postgres("gv_clean",
                                        R"(enum state { draft, sent, paid }
table invoices {
  id    bigint primary key
  state state  not null default 'paid'
  total numeric not null default 0 check (total >= 0)
  index invoices_by_state (state)
}
)",
                                        R"(enum state { draft, sent }
table invoices {
  id    bigint primary key
  state state  not null default 'draft'
}
)");
    CHECK(verify_parts_of(tried) == "");
    CHECK(refusals_text(tried) == "\n");
    std::string phases;
    for (const plan::Step& s : tried.plan.steps) phases += std::string(plan::phase_name(s.phase)) + " ";
    CHECK(phases.find("enum_values") != std::string::npos);
    CHECK(phases.find("concurrent") != std::string::npos);
    test::PostgresCluster& pg = test::PostgresCluster::shared();
    CHECK(pg.query_value("gv_clean", "SELECT indisvalid FROM pg_index WHERE indexrelid = "
                                     "'public.invoices_by_state'::regclass") == "t");
}

TEST_CASE("generate verify: a failure that only follows from an earlier one is not a mistake of its own") {
    TriedPlan tried = tried_on_postgres("gv_cascade",
                                        test::read(test::source_dir() / "tests/golden/generate_verify/cascade.schema"));
    CHECK(verify_parts_of(tried) == "+ function order_code() 42883\n"
                                    "the default of column orders.code (follows) 42883\n"
                                    "+ view order_codes (follows) 42883\n");
    // A typo of its own is its own failure even after an earlier one failed.
    ir::Function function;
    function.name = {"public", "order_code"};
    ir::Column column;
    column.name = "c";
    ir::Table table;
    table.name = {"public", "t"};
    auto function_names = plan::created_names(plan::CreateFunction{function, {}});
    auto column_names = plan::created_names(plan::AddColumn{{"public", "t"}, column});
    auto table_names = plan::created_names(plan::CreateTable{&table});
    CHECK_FALSE(runtime::names_any({"CREATE VIEW public.v AS SELECT lenght('x')"}, function_names));
    CHECK(runtime::names_any({"CREATE VIEW public.v AS SELECT order_code()"}, function_names));
    CHECK(runtime::names_any({"CREATE INDEX i ON public.t (c)"}, column_names));
    CHECK_FALSE(runtime::names_any({"CREATE INDEX i ON public.t (d)"}, column_names));
    CHECK(runtime::names_any({"COMMENT ON TABLE public.t IS 'x'"}, table_names));
    CHECK(runtime::names_any({"COMMENT ON COLUMN public.t.c IS 'x'"}, column_names));
}

TEST_CASE("generate verify: golden reports") {
    fs::path dir = test::source_dir() / "tests/golden/generate_verify";
    std::vector<fs::path> cases;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".schema") cases.push_back(e.path());
    std::sort(cases.begin(), cases.end());
    REQUIRE(cases.size() >= 2);
    for (const fs::path& input : cases) {
        std::string name = input.stem().string();
        CAPTURE(name);
        TriedPlan tried = tried_on_postgres("gv_golden_" + name, test::read(input));
        fs::path expected = input;
        test::check_golden(expected.replace_extension(".expected"), refusals_text(tried));
    }
}

namespace {

// --dev-url with the suite's cluster, for the commands that verify there.
std::string gv_dev_url() { return "--dev-url '" + test::PostgresCluster::shared().url() + "'"; }

const char* gv_users = R"(table users {
  id    bigint primary key generated always as identity
  email text   not null unique
}
)";

std::size_t gv_count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("generate --verify: a default of the wrong type is refused at its .schema location, nothing written") {
    test::Project p;
    p.file("schemas/app.schema", gv_users);
    REQUIRE(p.run("generate --name init") == 0);
    auto before = p.migration_files();
    p.file("schemas/app.schema", std::string(gv_users) + R"(
table events {
  id         bigint      primary key
  created_at timestamptz default 'yesterday-ish'
}
)");
    CHECK(p.run("generate --name add_events --verify " + gv_dev_url()) == 1);
    CAPTURE(p.out);
    CHECK(p.out.find("schemas/app.schema:8:34: error: PostgreSQL refuses the default of column events.created_at: "
                     "invalid input syntax for type timestamp with time zone: \"yesterday-ish\"") != std::string::npos);
    CHECK(p.out.find("schemac: nothing written") != std::string::npos);
    CHECK(p.migration_files() == before);

    // A new column on a table that exists: the ADD COLUMN step, at the column's declaration.
    p.file("schemas/app.schema", R"(table users {
  id    bigint primary key generated always as identity
  email text   not null unique
  age   integer default 'abc'
}
)");
    CHECK(p.run("generate --name add_age --verify " + gv_dev_url()) == 1);
    CHECK(
        p.out.find(
            "schemas/app.schema:4:25: error: PostgreSQL refuses the default of column users.age: invalid input syntax for "
            "type integer: \"abc\"") != std::string::npos);
    CHECK(p.migration_files() == before);
}

TEST_CASE("generate --verify: six mistakes in one run, then a clean run writes what generate writes without it") {
    test::Project p;
    p.file("schemas/app.schema", test::read(test::source_dir() / "tests/golden/generate_verify/six_mistakes.schema"));
    CHECK(p.run("generate --name init --verify " + gv_dev_url()) == 1);
    CAPTURE(p.out);
    CHECK(gv_count_of(p.out, ": error: PostgreSQL refuses") == 6);
    CHECK(p.out.find("6 errors") != std::string::npos);
    CHECK(p.migration_files().empty());
    CHECK(p.run("generate --name init --verify --format json " + gv_dev_url()) == 1);
    CHECK(gv_count_of(p.out, "\"verify-refused\"") == 6);

    // Clean: byte for byte what generate writes without --verify.
    test::Project plain;
    plain.file("schemas/app.schema", gv_users);
    p.file("schemas/app.schema", gv_users);
    REQUIRE(plain.run("generate --name init") == 0);
    REQUIRE(p.run("generate --name init --verify " + gv_dev_url()) == 0);
    CHECK(p.out.find("schemac: verified on PostgreSQL ") != std::string::npos);
    CHECK(p.migration_files() == plain.migration_files());
    CHECK(p.migration_files().size() == 3);

    // The next migration is tried on top of the replayed directory: a column added to the table
    // 0001 created.
    std::string next = std::string(gv_users).replace(std::strlen(gv_users) - 2, 0, "\n  name  text default 'x'");
    p.file("schemas/app.schema", next);
    plain.file("schemas/app.schema", next);
    REQUIRE(plain.run("generate --name add_name") == 0);
    REQUIRE(p.run("generate --name add_name --verify " + gv_dev_url()) == 0);
    CHECK(p.migration_files() == plain.migration_files());
}

TEST_CASE("generate --verify: SCHEMAC_GENERATE_VERIFY=1 turns it on, --no-verify off, and no PostgreSQL is exit 2") {
    test::Project p;
    p.file("schemas/app.schema", "table t {\n  id integer primary key\n  n integer not null default 'abc'\n}\n");
    std::string on = "NO_COLOR= SCHEMAC_GENERATE_VERIFY=1";
    CHECK(p.run("generate --name init " + gv_dev_url(), on) == 1);
    CHECK(p.out.find("error: PostgreSQL refuses the default of column t.n") != std::string::npos);
    CHECK(p.migration_files().empty());

    // A server that does not answer: exit 2, with why, and nothing written.
    CHECK(p.run("generate --name init --dev-url postgresql://nobody@127.0.0.1:1/postgres?connect_timeout=2", on) == 2);
    CHECK(p.out.find("schemac: error:") != std::string::npos);
    CHECK(p.out.find("nothing written") != std::string::npos);
    CHECK(p.migration_files().empty());

    CHECK(p.run("generate --name init --no-verify " + gv_dev_url(), on) == 0);
    CHECK(p.migration_files().size() == 3);
}

TEST_CASE("generate --verify: a migration already in the directory that PostgreSQL refuses is reported in its file") {
    test::Project p;
    p.file("schemas/app.schema", gv_users);
    REQUIRE(p.run("generate --name init") == 0);
    fs::path first = p.path / "migrations/0001_init.sql";
    test::write(first, test::read(first) + "\nALTER TABLE public.users ADD COLUMN broken integer DEFAULT 'abc';\n");
    REQUIRE(p.run("hash") == 0);
    auto before = p.migration_files();
    p.file("schemas/app.schema", std::string(gv_users) + "\ntable more {\n  id bigint primary key\n}\n");
    CHECK(p.run("generate --name more --verify " + gv_dev_url()) == 1);
    CAPTURE(p.out);
    CHECK(p.out.find("0001_init.sql:") != std::string::npos);
    CHECK(p.out.find("error: PostgreSQL refuses 0001_init.sql, already in the migration directory: invalid input "
                     "syntax for type integer: \"abc\"") != std::string::npos);
    CHECK(p.migration_files() == before);
}

TEST_CASE("generate --verify: the roles the schema declares exist on the scratch server for its grants and policies") {
    test::Project p;
    p.file("schemas/app.schema", R"(role gv_reader

table documents {
  id     bigint primary key
  org_id bigint not null

  row level security
  policy by_org for select to gv_reader using (org_id = current_setting('app.org_id')::bigint)
  grant select to gv_reader
}
)");
    CHECK(p.run("generate --name init --verify " + gv_dev_url()) == 0);
    CAPTURE(p.out);
    CHECK(p.out.find("schemac: verified on PostgreSQL ") != std::string::npos);
    CHECK(p.migration_files().size() == 3);
    // The role made for the run is dropped with its scratch database.
    CHECK(test::PostgresCluster::shared().query_value(
              "postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'gv_reader'") == "0");
}

TEST_CASE("generate --verify: on the PostgreSQL schemac starts itself, and an extension it lacks is exit 2") {
    test::Project p;
    p.file("schemas/app.schema", "table people {\n  id  bigint primary key\n  age integer default 'abc'\n}\n");
    CHECK(p.run("generate --name init --verify") == 1);
    CAPTURE(p.out);
    CHECK(p.out.find("schemas/app.schema:3:23: error: PostgreSQL refuses the default of column people.age") !=
          std::string::npos);
    CHECK(p.migration_files().empty());

    p.file("schemas/app.schema", "extension schemac_nowhere\n\ntable people {\n  id bigint primary key\n}\n");
    CHECK(p.run("generate --name init --verify") == 2);
    CHECK(p.out.find("schemas/app.schema:1:11: error: the extension schemac_nowhere is not available on PostgreSQL") !=
          std::string::npos);
    CHECK(p.out.find("or run generate with --no-verify") != std::string::npos);
    CHECK(p.migration_files().empty());

    p.file("schemas/app.schema", "table people {\n  id  bigint primary key\n  age integer default 0\n}\n");
    CHECK(p.run("generate --name init --verify") == 0);
    CHECK(p.out.find("schemac: verified on PostgreSQL ") != std::string::npos);
    CHECK(p.migration_files().size() == 3);
}

TEST_CASE("generate verify: steps outside a transaction and validations are tried too, each on its own") {
    // On a table that exists: the index is built CONCURRENTLY in autocommit, the check added NOT
    // VALID and validated in the last file; the validation of a check that was never added only
    // follows from it.
    TriedPlan tried = tried_on_postgres("gv_phases",
                                        R"(table items {
  id   bigint primary key
  name text   not null
  check name_short (lenght(name) < 100)
  index items_by_name ((lowerr(name)))
}
)",
                                        "table items {\n  id bigint primary key\n  name text not null\n}\n");
    CHECK(verify_parts_of(tried) == "+ check name_short on items 42883\n"
                                    "+ index items_by_name on items 42883\n"
                                    "~ check name_short on items validated (follows) 42704\n");
    std::string text = refusals_text(tried);
    CAPTURE(text);
    CHECK(text.find("app.schema:5:9: error: PostgreSQL refuses index items_by_name on items: function lowerr(text) "
                    "does not exist") != std::string::npos);
    CHECK(text.find("CREATE INDEX CONCURRENTLY") != std::string::npos);
    CHECK(text.find("2 errors") != std::string::npos);
}
