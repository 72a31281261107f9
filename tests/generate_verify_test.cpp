// `generate --verify`: a plan's steps tried on PostgreSQL (try_plan_steps), each refusal at its
// `.schema` declaration and every mistake found in one run; the golden reports of
// tests/golden/generate_verify (NAME.schema beside NAME.expected; SCHEMAC_UPDATE_GOLDEN=1
// rewrites them); and the command line: nothing written on a refusal, the same files as without
// --verify when clean, SCHEMAC_GENERATE_VERIFY and --no-verify.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/plan/created_names.hpp"
#include "compiler/source/diagnostic_printer.hpp"
#include "runtime/failure_cascade.hpp"
#include "runtime/step_refusals.hpp"
#include "runtime/try_steps.hpp"
#include "tests/plan_support.hpp"
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
    auto table_names = plan::created_names(plan::CreateTable{table});
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
