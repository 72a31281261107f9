// Who may see what, end to end on PostgreSQL: a database made with SQL (row level security,
// policies, column, view, schema and sequence grants, a function whose PUBLIC execute is
// revoked, default privileges) pulls into .schema files that compile; generate and migrate build
// the same catalogs from empty; check --database finds no drift, then a grant made by hand is
// drift with the statement that undoes it; a missing declared role is named by check and push.
#include <doctest/doctest.h>

#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

bool says(const std::string& out, const std::string& text) { return out.find(text) != std::string::npos; }

const char* source_sql =
    "CREATE SCHEMA billing;"
    "CREATE TABLE billing.invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id integer NOT NULL,"
    "  amount numeric NOT NULL, note text);"
    "ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY tenant_isolation ON billing.invoices TO round_app"
    "  USING (org_id = current_setting('app.org_id')::integer)"
    "  WITH CHECK (org_id = current_setting('app.org_id')::integer AND amount >= 0);"
    "CREATE POLICY reports ON billing.invoices AS RESTRICTIVE FOR SELECT TO round_analyst USING (amount > 100);"
    "CREATE VIEW billing.totals AS SELECT org_id, sum(amount) AS total FROM billing.invoices GROUP BY org_id;"
    "CREATE FUNCTION billing.invoice_count() RETURNS bigint LANGUAGE sql STABLE"
    "  AS $$ select count(*) from billing.invoices $$;"
    "REVOKE EXECUTE ON FUNCTION billing.invoice_count() FROM PUBLIC;"
    "GRANT EXECUTE ON FUNCTION billing.invoice_count() TO round_app;"
    "GRANT USAGE ON SCHEMA billing TO round_app, round_analyst;"
    "GRANT SELECT, INSERT, UPDATE ON billing.invoices TO round_app;"
    "GRANT SELECT (id, org_id, amount) ON billing.invoices TO round_analyst;"
    "GRANT SELECT ON billing.totals TO round_analyst;"
    "GRANT USAGE ON SEQUENCE billing.invoices_id_seq TO round_app;"
    "ALTER DEFAULT PRIVILEGES IN SCHEMA billing GRANT SELECT ON TABLES TO round_analyst;";

}  // namespace

TEST_CASE("a database with policies and grants: pull, compile, generate, migrate from empty, no drift, a hand grant") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.execute(
        "postgres",
        "DO $$ BEGIN CREATE ROLE round_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
        "DO $$ BEGIN CREATE ROLE round_analyst NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;");
    cluster.create_database("access_source");
    cluster.execute("access_source", source_sql);
    test::TempDir project;
    std::string out, source = " --database " + cluster.url("access_source");
    REQUIRE_MESSAGE(test::run_schemac("pull -o schemas" + source, out, "NO_COLOR=", project.path) == 0, out);
    CHECK_MESSAGE(!says(out, "unmanaged"), out);
    std::string pulled = test::read(project.path / "schemas/public.schema") +
                         test::read(project.path / "schemas/billing.schema");
    CHECK_MESSAGE(says(pulled, "role round_app\n"), pulled);
    CHECK_MESSAGE(says(pulled, "tenant_isolation"), pulled);
    REQUIRE_MESSAGE(test::run_schemac("compile -q", out, "NO_COLOR=", project.path) == 0, out << "\n" << pulled);
    REQUIRE_MESSAGE(test::run_schemac("generate --name init -q", out, "NO_COLOR=", project.path) == 0,
                    out << "\n"
                        << pulled);

    cluster.create_database("access_target");
    std::string target = " --database " + cluster.url("access_target");
    REQUIRE_MESSAGE(test::run_schemac("migrate -q" + target, out, "NO_COLOR=", project.path) == 0, out);
    CHECK(cluster.sorted_dump_lines("access_target") == cluster.sorted_dump_lines("access_source"));
    CHECK_MESSAGE(test::run_schemac("check" + target, out, "NO_COLOR=", project.path) == 0, out << "\n" << pulled);
    CHECK(says(out, "database up to date with no drift"));

    // A grant made by hand to a declared role is drift, with the statement that takes it back.
    cluster.execute("access_target", "GRANT DELETE ON billing.invoices TO round_analyst");
    CHECK(test::run_schemac("check" + target, out, "NO_COLOR=", project.path) == 1);
    CHECK_MESSAGE(
        says(out,
             "error: drift: - role round_analyst can DELETE on billing.invoices in the database; not in the schema"),
        out);
    CHECK_MESSAGE(says(out, "undo: REVOKE DELETE ON TABLE billing.invoices FROM round_analyst"), out);
    // A policy and row level security changed by hand.
    cluster.execute("access_target", "REVOKE DELETE ON billing.invoices FROM round_analyst;"
                                     "ALTER POLICY reports ON billing.invoices USING (amount > 1000);"
                                     "ALTER TABLE billing.invoices DISABLE ROW LEVEL SECURITY");
    CHECK(test::run_schemac("check" + target, out, "NO_COLOR=", project.path) == 1);
    CHECK_MESSAGE(says(out, "error: drift: ~ policy reports on billing.invoices: using differs"), out);
    CHECK_MESSAGE(says(out, "error: drift: ~ table billing.invoices: row level security is off in the database; the "
                            "schema turns it on"),
                  out);
    // A grant to a role the schema does not declare is not schemac's: never drift.
    cluster.execute("access_target", "ALTER POLICY reports ON billing.invoices USING (amount > 100);"
                                     "ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;"
                                     "GRANT SELECT ON billing.invoices TO pg_monitor");
    CHECK_MESSAGE(test::run_schemac("check" + target, out, "NO_COLOR=", project.path) == 0, out);

    // A declared role the server lacks: check --database and push name it.
    test::write(project.path / "schemas/billing.schema",
                "role round_missing\n" + test::read(project.path / "schemas/billing.schema"));
    CHECK(test::run_schemac("check" + target, out, "NO_COLOR=", project.path) == 1);
    CHECK_MESSAGE(says(out, "error: role round_missing does not exist on "), out);
    CHECK_MESSAGE(says(out, "`CREATE ROLE round_missing NOLOGIN;`"), out);
    cluster.create_database("access_push");
    CHECK(test::run_schemac("push --database " + cluster.url("access_push"), out, "NO_COLOR=", project.path) == 2);
    CHECK_MESSAGE(says(out, "error: role round_missing does not exist on "), out);
    CHECK_MESSAGE(says(out, "nothing applied"), out);
    cluster.drop_database("access_push");
    cluster.drop_database("access_target");
    cluster.drop_database("access_source");
}
