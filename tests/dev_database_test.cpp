// pull, push, reset and the unmanaged-object report, through the binary against the suite's
// own PostgreSQL: what a developer and a team adopting schemac on an existing database see.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "compiler/compile.hpp"
#include "compiler/ir/ir_json.hpp"
#include "compiler/plan/plan.hpp"
#include "compiler/plan/view_queries.hpp"
#include "compiler/sql/expression_fingerprint.hpp"
#include "tests/plan_support.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/project.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

namespace fs = std::filesystem;

const char* people = "table people {\n  id bigint primary key generated always as identity\n  name text not null\n"
                     "  updated_at timestamptz not null default now()\n}\n";

// A collation, an aggregate, a rule, an unlogged sequence (no serial column's): objects schemac does not manage.
const char* unmanaged_sql = "CREATE COLLATION pair FROM \"C\";"
                            "CREATE AGGREGATE total(integer) (sfunc = int4pl, stype = integer);"
                            "CREATE RULE people_keep AS ON DELETE TO people DO INSTEAD NOTHING;"
                            "CREATE UNLOGGED SEQUENCE tickets;";

}  // namespace

TEST_CASE("unmanaged objects are listed by check and pull, are findings with --strict, and survive push") {
    test::Project p("dev_unmanaged");
    p.schema(people);
    REQUIRE(p.run("generate --name init -q") == 0);
    REQUIRE(p.schemac("migrate -q") == 0);
    p.execute(unmanaged_sql);

    CHECK_MESSAGE(p.schemac("check") == 0, p.out);
    for (const char* listed :
         {"warning: unmanaged: collation pair", "warning: unmanaged: aggregate total(integer)",
          "warning: unmanaged: rule people_keep on people", "warning: unmanaged: sequence tickets"})
        CHECK_MESSAGE(p.says(listed), listed << "\n" << p.out);
    CHECK_FALSE(p.says("unmanaged: sequence people_id_seq"));  // the identity's own sequence is managed
    CHECK(p.says("database up to date with no drift"));
    CHECK(p.schemac("check --strict") == 1);
    CHECK(p.says("error: unmanaged: collation pair"));

    CHECK(p.schemac("pull -o pulled") == 0);
    CHECK_MESSAGE(p.says("warning: 1 aggregate, 1 collation, 1 rule, 1 sequence left out (not managed): "
                         "aggregate total(integer), collation pair, rule people_keep on people, sequence tickets"),
                  p.out);
    CHECK(p.says("4 unmanaged objects left out"));
    CHECK(test::read(p.path / "pulled/public.schema").find("pair") == std::string::npos);

    p.schema("table people {\n  id bigint primary key generated always as identity\n  name text not null\n"
             "  updated_at timestamptz not null default now()\n  email text\n}\n");
    REQUIRE_MESSAGE(p.schemac("push --force") == 0, p.out);  // the database was migrated
    CHECK(p.says("+ column people.email"));
    CHECK(p.value("SELECT count(*) FROM pg_collation WHERE collname = 'pair'") == "1");
    CHECK(p.value("SELECT count(*) FROM pg_rewrite WHERE rulename = 'people_keep'") == "1");
    CHECK(p.value("SELECT count(*) FROM pg_proc WHERE proname = 'total'") == "1");
    CHECK(p.value("SELECT to_regclass('tickets') IS NOT NULL") == "t");
}

TEST_CASE("push: adds, renames through @was keeping the data, refuses a drop, drops when allowed") {
    test::Project p("dev_push");
    p.schema(people);
    REQUIRE_MESSAGE(p.schemac("push") == 0, p.out);
    CHECK(p.says("+ table people"));
    CHECK(p.says("schemac push: 1 step applied"));
    CHECK(p.schemac("push") == 0);
    CHECK(p.says("already matches"));
    p.execute("INSERT INTO people (name) VALUES ('Ada')");

    p.schema(
        "table people {\n  id bigint primary key generated always as identity\n  full_name text not null @was(name)\n"
        "  updated_at timestamptz not null default now()\n  nickname text\n}\n");
    REQUIRE_MESSAGE(p.schemac("push") == 0, p.out);
    CHECK(p.says("~ column people.full_name renamed from name"));
    CHECK(p.says("+ column people.nickname"));
    CHECK(p.value("SELECT full_name FROM people") == "Ada");

    p.schema(
        "table people {\n  id bigint primary key generated always as identity\n  full_name text not null @was(name)\n"
        "  updated_at timestamptz not null default now()\n}\n");
    CHECK(p.schemac("push") == 1);
    CHECK(p.says(
        "error: column people.nickname would be dropped with its data (it is in the database, not in this one)"));
    CHECK(p.says("nothing applied"));
    CHECK(p.value("SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'") == "1");

    CHECK(p.schemac("push --dry-run --allow-data-loss") == 0);
    CHECK(p.says("ALTER TABLE public.people DROP COLUMN nickname;"));
    CHECK(p.value("SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'") == "1");
    REQUIRE_MESSAGE(p.schemac("push --allow-data-loss") == 0, p.out);
    CHECK(p.says("- column people.nickname"));
    CHECK(p.value("SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'") == "0");
    CHECK(p.value("SELECT full_name FROM people") == "Ada");
}

TEST_CASE("push looks whether a table holds rows before refusing a new NOT NULL column without a value") {
    test::Project p("dev_push_rows");
    p.schema("table notes {\n  id bigint primary key\n}\n");
    REQUIRE_MESSAGE(p.schemac("push -q") == 0, p.out);
    // Empty: the column is added as it is, with nothing to fill.
    p.schema("table notes {\n  id bigint primary key\n  body text not null\n}\n");
    REQUIRE_MESSAGE(p.schemac("push") == 0, p.out);
    CHECK(p.says("+ column notes.body"));
    CHECK(p.value("SELECT is_nullable FROM information_schema.columns WHERE column_name = 'body'") == "NO");
    // With a row: refused, and said as it is.
    p.execute("INSERT INTO notes VALUES (1, 'x')");
    p.schema("table notes {\n  id bigint primary key\n  body text not null\n  title text not null\n}\n");
    CHECK(p.schemac("push") == 1);
    CHECK_MESSAGE(p.says(
                      "error: new column notes.title is NOT NULL, but table notes has rows, which would have no value"),
                  p.out);
    CHECK(p.says("nothing applied"));
}

TEST_CASE("push looks for rows in a partitioned table's partitions before adding a NOT NULL column") {
    test::Project p("dev_push_partitioned");
    const std::string partitions = "partition events_2026 of events for values from ('2026-01-01') to ('2027-01-01')\n"
                                   "partition events_rest of events default\n";
    p.schema("table events partition by range (at) {\n  at date not null\n}\n" + partitions);
    REQUIRE_MESSAGE(p.schemac("push -q") == 0, p.out);
    // The rows live in the partitions: the partitioned table itself holds none.
    p.execute("INSERT INTO events VALUES ('2026-05-01'), ('2030-01-01')");
    p.schema("table events partition by range (at) {\n  at date not null\n  kind text not null\n}\n" + partitions);
    CHECK(p.schemac("push") == 1);
    CHECK_MESSAGE(
        p.says("error: new column events.kind is NOT NULL, but table events has rows, which would have no value"),
        p.out);
    CHECK(p.says("nothing applied"));
    CHECK(p.value("SELECT count(*) FROM information_schema.columns WHERE column_name = 'kind'") == "0");
    // Emptied, the column is added as it is.
    p.execute("DELETE FROM events");
    REQUIRE_MESSAGE(p.schemac("push") == 0, p.out);
    CHECK(
        p.value("SELECT count(*) FROM information_schema.columns WHERE column_name = 'kind' AND is_nullable = 'NO'") ==
        "3");
}

TEST_CASE("push applies added enum values before the transaction that uses them") {
    test::Project p("dev_push_enum");
    p.schema(
        "enum state { draft, sent }\ntable docs {\n  id bigint primary key\n  state state not null default 'draft'\n}\n");
    REQUIRE_MESSAGE(p.schemac("push") == 0, p.out);
    p.schema("enum state { draft, sent, archived }\ntable docs {\n  id bigint primary key\n"
             "  state state not null default 'archived'\n}\n");
    REQUIRE_MESSAGE(p.schemac("push") == 0, p.out);
    CHECK(p.value("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum") == "draft,sent,archived");
    CHECK(p.value("SELECT column_default FROM information_schema.columns WHERE column_name = 'state'") ==
          "'archived'::state");
}

TEST_CASE("reset: refuses without --yes and on a database with history, with them it recreates from schemas/") {
    test::Project p("dev_reset");
    p.schema(people);
    REQUIRE(p.schemac("push -q") == 0);
    p.execute("INSERT INTO people (name) VALUES ('Ada');CREATE VIEW people_names AS SELECT name FROM people;");

    CHECK(p.schemac("reset") == 1);
    CHECK(p.says("pass --yes to confirm"));
    CHECK(p.value("SELECT count(*) FROM people") == "1");

    REQUIRE_MESSAGE(p.schemac("reset --yes") == 0, p.out);
    CHECK(p.says("dropped view people_names"));
    CHECK(p.value("SELECT count(*) FROM people") == "0");
    CHECK(p.value("SELECT to_regclass('people_names') IS NULL") == "t");
    CHECK(p.value("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'") ==
          "pg_database_owner");
    CHECK(p.value("SELECT has_schema_privilege('public', 'public', 'USAGE')") == "t");
    CHECK(p.schemac("push") == 0);
    CHECK(p.says("already matches"));

    REQUIRE(p.run("generate --name init -q") == 0);
    REQUIRE(p.schemac("baseline --to 1") == 0);
    CHECK(p.schemac("reset --yes") == 1);
    CHECK(p.says("has a migration history (1 applied migration in public.schemac_migrations)"));
    CHECK(p.value("SELECT to_regclass('schemac_migrations') IS NOT NULL") == "t");
    REQUIRE_MESSAGE(p.schemac("reset --yes --force") == 0, p.out);
    CHECK(p.says("dropped the migration history"));
    CHECK(p.value("SELECT to_regclass('schemac_migrations') IS NULL") == "t");
    CHECK(p.value("SELECT to_regclass('people') IS NOT NULL") == "t");
}

TEST_CASE("pull writes fmt-clean files that compile to the live database, --split table, existing files need --force") {
    test::Project p("dev_pull");
    fs::copy(test::source_dir() / "schemas/billing", p.path / "schemas");
    REQUIRE(p.schemac("push -q") == 0);

    REQUIRE_MESSAGE(p.schemac("pull -o pulled") == 0, p.out);
    CHECK(fs::exists(p.path / "pulled/public.schema"));
    CHECK(fs::exists(p.path / "pulled/billing.schema"));
    CHECK(p.run("fmt --check pulled") == 0);
    CHECK(p.run("compile --schema pulled -q") == 0);
    // The pulled files describe the database: pushing them changes nothing.
    CHECK(p.schemac("push --schema pulled") == 0);
    CHECK(p.says("already matches"));

    CHECK(p.schemac("pull -o pulled") == 1);
    CHECK(p.says("already holds .schema files"));
    CHECK(p.says("\nhelp: pull into an empty directory"));
    // A .schema file in a subdirectory is part of the directory's schema: replaced with the rest.
    fs::create_directories(p.path / "pulled/old");
    test::write(p.path / "pulled/old/customers.schema", "table customers {\n  id int primary key\n}\n");
    REQUIRE(p.schemac("pull -o pulled --split table --force -q") == 0);
    CHECK_FALSE(fs::exists(p.path / "pulled/old/customers.schema"));
    CHECK(fs::exists(p.path / "pulled/billing.invoices.schema"));
    CHECK(fs::exists(p.path / "pulled/customers.schema"));
    CHECK_FALSE(fs::exists(p.path / "pulled/public.schema"));
    CHECK(p.run("fmt --check pulled") == 0);
    CHECK(p.schemac("push --schema pulled") == 0);
    CHECK(p.says("already matches"));
}

TEST_CASE("check --database reports drift in json and github formats too") {
    test::Project p("dev_formats");
    p.schema(people);
    REQUIRE(p.run("generate --name init -q") == 0);
    REQUIRE(p.schemac("migrate -q") == 0);
    p.execute("ALTER TABLE people ALTER COLUMN name DROP NOT NULL");
    CHECK(p.schemac("check --format json") == 1);
    CHECK_MESSAGE(p.says("\"message\": \"drift: ~ column people.name: nullable in the database, not null expected\""),
                  p.out);
    CHECK(p.schemac("check --format github") == 1);
    CHECK_MESSAGE(
        p.says("::error title=drift::drift: ~ column people.name: nullable in the database, not null expected"), p.out);
}

TEST_CASE("push and reset need --database: DATABASE_URL, which deploys point at, is never used") {
    test::Project p("dev_explicit_database");
    p.schema(people);
    std::string environment = "NO_COLOR= DATABASE_URL=postgresql://app:secret@127.0.0.1:" +
                              std::to_string(p.cluster().port()) + "/dev_explicit_database";
    for (const char* command : {"push", "reset --yes"}) {
        INFO(command);
        CHECK(p.run(command, environment) == 2);
        std::string name = std::string(command).substr(0, std::string(command).find(' '));
        CHECK(p.out == "schemac: error: " + name +
                           " changes the database outside the migrations, so it needs "
                           "--database; it never uses DATABASE_URL (set here, to postgresql://app:***@127.0.0.1:" +
                           std::to_string(p.cluster().port()) +
                           "/dev_explicit_database: deploys and CI point it at the "
                           "databases migrate manages)\nhelp: name the development database: `schemac " +
                           name + " --database postgresql://USER@HOST:5432/DEV_DATABASE`\n");
    }
    CHECK(p.run("push", "NO_COLOR= DATABASE_URL=") == 2);
    CHECK(p.says("so it needs --database; it never uses DATABASE_URL\nhelp:"));
    CHECK(p.value("SELECT to_regclass('people') IS NULL") == "t");
    CHECK(p.run("push --help") == 0);
    CHECK(p.says("required: DATABASE_URL is never used here"));
}

TEST_CASE("push refuses a database with a migration history unless --force") {
    test::Project p("dev_push_history");
    p.schema(people);
    REQUIRE(p.run("generate --name init -q") == 0);
    REQUIRE(p.schemac("migrate -q") == 0);
    p.schema(std::string(people).replace(std::string(people).find("}\n"), 2, "  bio text\n}\n"));
    CHECK(p.schemac("push") == 1);
    CHECK(p.says("has a migration history (1 applied migration in public.schemac_migrations): it is deployed with "
                 "migrations, not pushed to; nothing applied\nhelp: change it with `schemac generate` and `schemac "
                 "migrate`; or, if this really is a development database, pass --force\n"));
    CHECK(p.value("SELECT count(*) FROM information_schema.columns WHERE column_name = 'bio'") == "0");
    REQUIRE_MESSAGE(p.schemac("push --force") == 0, p.out);
    CHECK(p.says("warning: "));
    CHECK(p.says("has a migration history (1 applied migration): push changes it outside the migrations (--force)"));
    CHECK(p.value("SELECT count(*) FROM information_schema.columns WHERE column_name = 'bio'") == "1");
}

namespace {

// pg_dump's output without the \restrict and \unrestrict lines, whose key is new on every run.
std::string dump_of(test::Project& p) {
    std::string dump = p.cluster().pg_dump(p.database, "--schema-only --exclude-table=public.schemac_migrations");
    std::string out;
    std::size_t at = 0;
    while (at < dump.size()) {
        std::size_t end = dump.find('\n', at);
        end = end == std::string::npos ? dump.size() : end + 1;
        std::string line = dump.substr(at, end - at);
        if (line.rfind("\\restrict ", 0) != 0 && line.rfind("\\unrestrict ", 0) != 0) out += line;
        at = end;
    }
    return out;
}

}  // namespace

TEST_CASE("reset keeps what it does not manage: pg_dump after reset equals pg_dump after migrate") {
    test::PostgresCluster::shared().execute(
        "postgres", "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reset_reader') THEN "
                    "CREATE ROLE reset_reader; END IF; END$$");
    for (const char* example : {"schemas/app", "schemas/showcase"}) {
        CAPTURE(example);
        // The roles the example declares: an operator creates them, schemac does not.
        test::create_roles(test::PostgresCluster::shared(), compile_path(test::source_dir() / example).database);
        test::Project migrated("dev_reset_by_migrate"), reset("dev_reset_by_reset");
        for (test::Project* p : {&migrated, &reset}) {
            fs::copy(test::source_dir() / example, p->path / "schemas");
            // A grant the schemas do not manage, given to both databases the same way.
            p->execute("GRANT USAGE ON SCHEMA public TO reset_reader");
        }
        REQUIRE(migrated.run("generate --name init -q") == 0);
        REQUIRE_MESSAGE(migrated.schemac("migrate -q") == 0, migrated.out);
        REQUIRE_MESSAGE(reset.schemac("reset --yes -q") == 0, reset.out);
        std::string by_migrate = dump_of(migrated), by_reset = dump_of(reset);
        CHECK(by_reset == by_migrate);
        CHECK(by_reset.find("reset_reader") != std::string::npos);
        // A second reset (now of schemac's own objects) changes nothing either.
        REQUIRE_MESSAGE(reset.schemac("reset --yes -q") == 0, reset.out);
        CHECK(dump_of(reset) == by_migrate);
    }
}

namespace {

// The IR of a .schema directory, which must compile, without its directives (@was and
// @backfill say how to change a database, not what it holds).
ir::Database ir_of(const fs::path& dir) {
    Compilation c = compile_path(dir.string());
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    return plan::without_directives(c.database);
}

std::string pulled_text(const fs::path& dir) {
    std::string all;
    for (const auto& entry : fs::directory_iterator(dir)) all += test::read(entry.path());
    return all;
}

}  // namespace

TEST_CASE("pull gives back the IR of the directory a database was migrated from, written without PostgreSQL's casts") {
    for (const char* example : {"schemas/app", "schemas/showcase"}) {
        CAPTURE(example);
        test::create_roles(test::PostgresCluster::shared(), compile_path(test::source_dir() / example).database);
        test::Project p("dev_pull_round_trip");
        fs::copy(test::source_dir() / example, p.path / "schemas");
        REQUIRE(p.run("generate --name init -q") == 0);
        REQUIRE_MESSAGE(p.schemac("migrate -q") == 0, p.out);
        REQUIRE_MESSAGE(p.schemac("pull -o pulled") == 0, p.out);
        std::string text = pulled_text(p.path / "pulled");
        ir::Database written = ir_of(p.path / "schemas");
        ir::Database pulled = ir_of(p.path / "pulled");
        if (example == std::string("schemas/showcase")) {
            // What the catalogs cannot tell from what PostgreSQL picks itself: `schema public` on an
            // extension (its default schema) and a hand-written cast to the column's own type.
            for (ir::Extension& extension : written.extensions)
                if (extension.name == "uuid-ossp") extension.schema.reset();
            // `partitions unmanaged` says whose partitions are not declared: nothing in the catalogs.
            for (ir::Table& t : written.tables) t.unmanaged_partitions = false;
            ir::Table& products = written.tables[1];
            REQUIRE(products.name.name == "products");
            auto column = [&](const std::string& name) -> ir::Column& {
                auto it = std::find_if(products.columns.begin(), products.columns.end(), [&](const ir::Column& c) {
                    return c.name == name;
                });
                REQUIRE(it != products.columns.end());
                return *it;
            };
            column("metadata").default_value = "'{}'";
            // Casts PostgreSQL adds between numeric types in arithmetic (numeric / (integer + real))
            // stay: dropping them would take its operator resolution, which pull does not redo.
            const std::string arithmetic = "price::double precision / (1::double precision + tax_rate)";
            column("net_price").rare.set().generated = arithmetic;
            std::string rest = text;
            REQUIRE(rest.find(arithmetic) != std::string::npos);
            rest.erase(rest.find(arithmetic), arithmetic.size());
            // View bodies are pulled as pg_get_viewdef prints them (columns qualified, `*` spelled
            // out, its casts kept): they are compared by fingerprint below, not by text.
            for (const ir::View& view : pulled.views) {
                std::size_t at = rest.find(view.query);
                REQUIRE_MESSAGE(at != std::string::npos, view.query);
                rest.erase(at, view.query.size());
            }
            // The tenant policies cast the setting they read (`current_setting('app.org_id')::bigint`):
            // a cast the schema writes itself, kept.
            for (const ir::Table& table : pulled.tables)
                for (const ir::Policy& policy : table.policies)
                    for (const auto& expression : {policy.using_expression, policy.check_expression})
                        for (std::size_t at; expression && (at = rest.find(*expression)) != std::string::npos;)
                            rest.erase(at, expression->size());
            // The document numbers' prefixes (`'INV-' || nextval(...)`): PostgreSQL makes the prefix
            // text for `||`, a cast pull keeps (the sequence's regclass cast it drops).
            for (const ir::Table& table : pulled.tables)
                for (const ir::Column& column : table.columns)
                    for (std::size_t at; table.name.schema == "numbering" && column.default_value &&
                                         (at = rest.find(*column.default_value)) != std::string::npos;)
                        rest.erase(at, column.default_value->size());
            CHECK_MESSAGE(rest.find("::") == std::string::npos, text);
        } else {
            CHECK_MESSAGE(text.find("::") == std::string::npos, text);
        }
        REQUIRE(pulled.views.size() == written.views.size());
        for (std::size_t i = 0; i < written.views.size(); ++i) {
            CAPTURE(written.views[i].query);
            CAPTURE(pulled.views[i].query);
            CHECK(plan::same_view_query(written.views[i].query, plan::columns_of(written), pulled.views[i].query,
                                        plan::columns_of(pulled)));
            written.views[i].query = pulled.views[i].query;
        }
        // Policy expressions as PostgreSQL shows them back keep the casts it adds to a function's
        // arguments (`current_setting('app.org_id'::text)`): compared by fingerprint, as the planner does.
        REQUIRE(pulled.tables.size() == written.tables.size());
        for (std::size_t t = 0; t < written.tables.size(); ++t) {
            REQUIRE(pulled.tables[t].policies.size() == written.tables[t].policies.size());
            for (std::size_t i = 0; i < written.tables[t].policies.size(); ++i) {
                ir::Policy& mine = written.tables[t].policies[i];
                const ir::Policy& read = pulled.tables[t].policies[i];
                for (auto [a, b] : {std::pair{&mine.using_expression, &read.using_expression},
                                    std::pair{&mine.check_expression, &read.check_expression}}) {
                    REQUIRE(a->has_value() == b->has_value());
                    if (!*a) continue;
                    CHECK(same_expression(**a, **b));
                    *a = *b;
                }
            }
        }
        // The document numbers' prefixes keep their text cast: compared by fingerprint too.
        for (std::size_t t = 0; t < written.tables.size(); ++t) {
            if (written.tables[t].name.schema != "numbering") continue;
            for (std::size_t i = 0; i < written.tables[t].columns.size(); ++i) {
                ir::OptionalBox<std::string>& mine = written.tables[t].columns[i].default_value;
                const ir::OptionalBox<std::string>& read = pulled.tables[t].columns[i].default_value;
                REQUIRE(mine.has_value() == read.has_value());
                if (!mine) continue;
                CHECK(same_expression(*mine, *read));
                mine = read;
            }
        }
        CHECK_MESSAGE(ir_to_json_text(pulled) == ir_to_json_text(written), text);
        CHECK_MESSAGE(text.find(" = ANY ") == std::string::npos, text);
    }
}

TEST_CASE("pull reads every schema a person made, declares the schema an extension is in, and replays from empty") {
    test::Project p("dev_pull_schemas");
    p.execute(
        "CREATE SCHEMA sales;"
        "CREATE TABLE sales.orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL DEFAULT 0 CHECK (total >= 0));"
        "CREATE TABLE people (id bigint PRIMARY KEY, name varchar(40) NOT NULL DEFAULT '');"
        "CREATE COLLATION pair FROM \"C\";"
        "CREATE SCHEMA ext; CREATE EXTENSION hstore WITH SCHEMA ext;"
        "CREATE EXTENSION citext VERSION '1.4';"
        "CREATE EXTENSION pgcrypto;"
        // A schema an extension owns is the extension's, not the project's.
        "CREATE SCHEMA crypto_internals; ALTER EXTENSION pgcrypto ADD SCHEMA crypto_internals;");

    REQUIRE_MESSAGE(p.schemac("pull -o pulled") == 0, p.out);
    CHECK_MESSAGE(p.says("(3 schemas: ext, public, sales, 2 tables)"), p.out);
    std::string text = pulled_text(p.path / "pulled");
    CHECK_MESSAGE(fs::exists(p.path / "pulled/sales.schema"), text);
    for (const char* written :
         {"schema ext\n", "extension hstore schema ext\n", "extension citext version '1.4'\n", "extension pgcrypto\n",
          "total numeric(12,2) not null default 0\n", "check (total >= 0)", "name varchar(40) not null default ''"})
        CHECK_MESSAGE(text.find(written) != std::string::npos, written << "\n" << text);
    CHECK(text.find("crypto_internals") == std::string::npos);
    // One grouped warning, each object under --verbose, nothing under -q.
    CHECK(p.says("warning: 1 collation left out (not managed): collation pair"));
    CHECK(p.schemac("pull -o pulled --force --verbose") == 0);
    CHECK(p.says("warning: unmanaged: collation pair"));
    CHECK(p.schemac("pull -o pulled --force -q") == 0);
    CHECK_MESSAGE(p.out.empty(), p.out);
    // --schemas still narrows.
    REQUIRE(p.schemac("pull -o only_public --schemas public -q") == 0);
    CHECK_FALSE(fs::exists(p.path / "only_public/sales.schema"));

    // The pulled files build a fresh database: the extension's schema is created before it.
    test::Project fresh("dev_pull_schemas_fresh");
    fs::copy(p.path / "pulled", fresh.path / "schemas");
    REQUIRE_MESSAGE(fresh.run("generate --name init -q") == 0, fresh.out);
    REQUIRE_MESSAGE(fresh.schemac("migrate -q") == 0, fresh.out);
    CHECK(fresh.value("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'hstore'") == "ext");
    CHECK(fresh.value("SELECT extversion FROM pg_extension WHERE extname = 'citext'") == "1.4");
    CHECK(fresh.schemac("check") == 0);
}

TEST_CASE("an extension placed in a schema nothing declares is a compile error that says what to write") {
    test::TempDir dir;
    dir.file("schemas/app.schema", "extension hstore schema ext\n");
    std::string out;
    CHECK(test::run_schemac("compile", out, "NO_COLOR=", dir.path) == 1);
    CHECK_MESSAGE(out.find("app.schema:1:11: error: extension hstore is placed in schema ext, which nothing declares, "
                           "so no migration creates it") != std::string::npos,
                  out);
    CHECK_MESSAGE(out.find("help: add a line: schema ext") != std::string::npos, out);
    dir.file("schemas/app.schema", "schema ext\nextension hstore schema ext\n");
    CHECK_MESSAGE(test::run_schemac("compile -q", out, "NO_COLOR=", dir.path) == 0, out);
}

TEST_CASE("pull leaves out the history table's own schema when that table is all it holds") {
    test::Project p("dev_pull_history_schema");
    p.schema(people);
    REQUIRE(p.run("generate --name init -q") == 0);
    REQUIRE_MESSAGE(p.schemac("migrate -q --history-schema schemac_meta") == 0, p.out);
    REQUIRE_MESSAGE(p.schemac("pull -o pulled --history-schema schemac_meta") == 0, p.out);
    CHECK_MESSAGE(pulled_text(p.path / "pulled").find("schemac_meta") == std::string::npos,
                  pulled_text(p.path / "pulled"));
    CHECK(p.says("(1 schema: public, 1 table)"));
    // Once it holds something else, it is a schema like any other (pulled with no project
    // files around, which would name the schemas to pull).
    p.execute("CREATE TABLE schemac_meta.notes (id integer PRIMARY KEY)");
    fs::remove_all(p.path / "schemas");
    REQUIRE_MESSAGE(p.schemac("pull -o again --history-schema schemac_meta") == 0, p.out);
    CHECK(pulled_text(p.path / "again").find("table schemac_meta.notes") != std::string::npos);
    CHECK(pulled_text(p.path / "again").find("schemac_migrations") == std::string::npos);
}
