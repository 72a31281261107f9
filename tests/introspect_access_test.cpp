// Introspection of access on PostgreSQL: row-level security, policies, privileges on tables,
// views, columns, schemas, functions and identity sequences, and default privileges are read
// into the IR as compiler/ir/ir.hpp describes them (set-based catalog queries).
#include <doctest/doctest.h>

#include "compiler/sql/align.hpp"
#include "compiler/sql/expression_fingerprint.hpp"
#include "compiler/sql/sql_expression.hpp"
#include "runtime/drift.hpp"
#include "runtime/introspect.hpp"
#include "runtime/roles.hpp"
#include "tests/plan_support.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

using list = std::vector<std::string>;

// Roles belong to the cluster: created once, whichever test file asks first.
std::string create_roles(const list& names) {
    std::string sql;
    for (const std::string& name : names)
        sql += "DO $$ BEGIN CREATE ROLE " + name + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;";
    return sql;
}

// "app:select", "app:update(amount)+" (with grant option): a grant list in one line.
list grant_list(const std::vector<ir::Grant>& grants) {
    list out;
    for (const ir::Grant& g : grants)
        out.push_back(g.grantee + ":" + g.privilege + (g.column.empty() ? "" : "(" + g.column + ")") +
                      (g.grant_option ? "+" : ""));
    return out;
}

std::string canonical(const char* written) { return analyze_sql_expression(written).canonical; }

}  // namespace

TEST_CASE("row level security, policies, grants and default privileges are read from the catalog") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.execute("postgres", create_roles({"access_app", "access_analyst", "access_owner"}));
    cluster.create_database("introspect_access");
    cluster.execute(
        "introspect_access",
        "CREATE SCHEMA billing;"
        "CREATE TABLE billing.invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id integer NOT NULL,"
        "  amount numeric NOT NULL);"
        "ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;"
        "ALTER TABLE billing.invoices FORCE ROW LEVEL SECURITY;"
        "CREATE POLICY tenant_isolation ON billing.invoices FOR SELECT TO access_app, access_analyst"
        "  USING (org_id = current_setting('app.org')::integer);"
        "CREATE POLICY positive ON billing.invoices AS RESTRICTIVE FOR INSERT WITH CHECK (amount > 0);"
        "CREATE POLICY everything ON billing.invoices USING (true) WITH CHECK (org_id > 0);"
        "COMMENT ON POLICY everything ON billing.invoices IS 'for now';"
        "CREATE TABLE notes (id serial, body text);"
        "CREATE VIEW billing.totals AS SELECT org_id, sum(amount) AS total FROM billing.invoices GROUP BY org_id;"
        "CREATE FUNCTION billing.settle(invoice bigint) RETURNS void LANGUAGE sql AS 'select';"
        "CREATE FUNCTION open_to_all() RETURNS integer LANGUAGE sql AS 'select 1';"
        "REVOKE EXECUTE ON FUNCTION billing.settle(bigint) FROM PUBLIC;"
        "GRANT EXECUTE ON FUNCTION billing.settle(bigint) TO access_app;"
        "GRANT SELECT, INSERT ON billing.invoices TO access_app;"
        "GRANT UPDATE (amount) ON billing.invoices TO access_app WITH GRANT OPTION;"
        "GRANT SELECT ON billing.totals TO access_analyst;"
        "GRANT USAGE ON SCHEMA billing TO access_app;"
        "GRANT USAGE ON SEQUENCE billing.invoices_id_seq TO access_app;"
        "GRANT SELECT, UPDATE ON SEQUENCE notes_id_seq TO access_app;"
        "GRANT SELECT ON notes TO PUBLIC;"
        "ALTER DEFAULT PRIVILEGES IN SCHEMA billing GRANT SELECT ON TABLES TO access_analyst;"
        "ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO access_app;"
        "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;"
        "ALTER DEFAULT PRIVILEGES FOR ROLE access_owner IN SCHEMA billing GRANT EXECUTE ON FUNCTIONS TO access_app");
    runtime::Session session(cluster.url("introspect_access"));
    runtime::Introspection live = runtime::introspect(session,
                                                      runtime::IntrospectOptions{{"billing", "public"}, "public"});
    CHECK(live.unreadable.empty());
    list unmanaged;
    for (const runtime::UnmanagedObject& o : live.unmanaged) unmanaged.push_back(runtime::describe(o));
    CHECK(unmanaged == list{});  // policies and row level security of managed tables are managed

    const ir::Table* invoices = ir::find_table(live.database, {"billing", "invoices"});
    REQUIRE(invoices);
    CHECK(invoices->row_level_security);
    CHECK(invoices->force_row_level_security);
    REQUIRE(invoices->policies.size() == 3);
    const ir::Policy& everything = invoices->policies[0];
    CHECK(everything.name == "everything");
    CHECK(everything.permissive);
    CHECK(everything.command == ir::PolicyCommand::all);
    CHECK(everything.roles == list{"public"});
    CHECK(everything.using_expression == canonical("true"));
    CHECK(everything.check_expression == canonical("org_id > 0"));
    CHECK(everything.comment == std::optional<std::string>("for now"));
    const ir::Policy& positive = invoices->policies[1];
    CHECK(positive.name == "positive");
    CHECK_FALSE(positive.permissive);
    CHECK(positive.command == ir::PolicyCommand::insert);
    CHECK_FALSE(positive.using_expression);
    REQUIRE(positive.check_expression);
    CHECK(same_expression(*positive.check_expression, "amount > 0"));  // PostgreSQL casts the 0
    const ir::Policy& tenant = invoices->policies[2];
    CHECK(tenant.command == ir::PolicyCommand::select);
    CHECK(tenant.roles == list{"access_analyst", "access_app"});
    CHECK_FALSE(tenant.check_expression);
    CHECK(grant_list(invoices->grants) == list{"access_app:insert", "access_app:select", "access_app:update(amount)+"});

    // PostgreSQL prints the expression its own way; aligned with the written text it is that text.
    ir::Database written = live.database;
    ir::Table* written_invoices = const_cast<ir::Table*>(ir::find_table(written, {"billing", "invoices"}));
    written_invoices->policies[2].using_expression = canonical("org_id = current_setting('app.org')::integer");
    CHECK(tenant.using_expression != written_invoices->policies[2].using_expression);
    align_to(written, live.database);
    CHECK(ir::find_table(live.database, {"billing", "invoices"})->policies[2].using_expression ==
          canonical("org_id = current_setting('app.org')::integer"));

    const ir::Table* notes = ir::find_table(live.database, {"public", "notes"});
    REQUIRE(notes);
    CHECK_FALSE(notes->row_level_security);
    CHECK(notes->policies.empty());
    CHECK(grant_list(notes->grants) == list{"public:select"});

    const ir::View* totals = ir::find_view(live.database, {"billing", "totals"});
    REQUIRE(totals);
    CHECK(grant_list(totals->grants) == list{"access_analyst:select"});

    for (const ir::Schema& s : live.database.schemas) {
        CAPTURE(s.name);
        // The public schema's PUBLIC usage and create are not managed; the owners' are implicit.
        CHECK(grant_list(s.grants) == (s.name == "billing" ? list{"access_app:usage"} : list{}));
    }

    const ir::Function* settle = ir::find_function(live.database, {{"billing", "settle"}, "bigint"});
    const ir::Function* open = ir::find_function(live.database, {{"public", "open_to_all"}, ""});
    REQUIRE(settle);
    REQUIRE(open);
    CHECK(grant_list(settle->grants) == list{"access_app:execute"});
    CHECK(grant_list(open->grants) == list{"public:execute"});

    REQUIRE(live.database.sequence_grants.size() == 2);
    CHECK(live.database.sequence_grants[0].sequence == ir::QualifiedName{"billing", "invoices_id_seq"});
    CHECK(grant_list(live.database.sequence_grants[0].grants) == list{"access_app:usage"});
    CHECK(live.database.sequence_grants[1].sequence == ir::QualifiedName{"public", "notes_id_seq"});
    CHECK(grant_list(live.database.sequence_grants[1].grants) == list{"access_app:select", "access_app:update"});

    // The global entry for functions only revokes PUBLIC's execute, which the IR does not describe.
    const auto& defaults = live.database.default_privileges;
    REQUIRE(defaults.size() == 3);
    CHECK(defaults[0].for_role == "");
    CHECK(defaults[0].schema == "");
    CHECK(defaults[0].objects == ir::DefaultPrivilegeObjects::sequences);
    CHECK(grant_list(defaults[0].grants) == list{"access_app:usage"});
    CHECK(defaults[1].for_role == "");
    CHECK(defaults[1].schema == "billing");
    CHECK(defaults[1].objects == ir::DefaultPrivilegeObjects::tables);
    CHECK(grant_list(defaults[1].grants) == list{"access_analyst:select"});
    CHECK(defaults[2].for_role == "access_owner");
    CHECK(defaults[2].schema == "billing");
    CHECK(defaults[2].objects == ir::DefaultPrivilegeObjects::functions);
    CHECK(grant_list(defaults[2].grants) == list{"access_app:execute"});
    CHECK(live.database.roles.empty());
}

TEST_CASE("the roles a schema declares that the server lacks are found by name, with what creates them") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.execute("postgres", create_roles({"access_app"}));
    runtime::Session session(cluster.url());
    std::vector<ir::Role> declared{{"access_app", {}}, {"access_missing", {}}, {"Mixed Case", {}}};
    pqxx::read_transaction tx(session.connection());
    std::vector<ir::Role> missing = runtime::missing_roles(tx, declared);
    REQUIRE(missing.size() == 2);
    CHECK(missing[0].name == "Mixed Case");
    CHECK(missing[1].name == "access_missing");
    CHECK(runtime::missing_roles(tx, {}).empty());
    CHECK(runtime::create_role_statement("access_missing") == "CREATE ROLE access_missing NOLOGIN;");
    CHECK(runtime::create_role_statement("Mixed Case") == "CREATE ROLE \"Mixed Case\" NOLOGIN;");
}

TEST_CASE("access built from the IR reads back as it, and hand-made changes are drift in plain words") {
    ir::Database db = test::compiled_database(
        "schema billing\n"
        "table billing.invoices {\n  id bigint primary key\n  org_id int not null\n  total numeric not null\n}\n");
    db.roles = {ir::Role{"access_analyst", {}}, ir::Role{"access_app", {}}};
    ir::Table& invoices = db.tables.front();
    invoices.row_level_security = true;
    ir::Policy tenant;
    tenant.name = "tenant_isolation";
    tenant.roles = {"access_app"};
    tenant.using_expression = canonical("org_id = current_setting('app.org_id')::int");
    invoices.policies = {tenant};
    invoices.grants = {ir::Grant{"access_analyst", "select", "total", false, {}},
                       ir::Grant{"access_app", "insert", "", false, {}},
                       ir::Grant{"access_app", "select", "", false, {}}};
    ir::sort_grants(invoices.grants);
    db.schemas.front().grants = {ir::Grant{"access_app", "usage", "", false, {}}};
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.execute("postgres", create_roles({"access_owner"}));
    test::build_database(cluster, "access_drift", db);
    runtime::Session session(cluster.url("access_drift"));
    runtime::IntrospectOptions options{{"billing"}, "public"};
    {
        runtime::Introspection live = runtime::introspect(session, options);
        align_to(db, live.database);
        const ir::Table* read = ir::find_table(live.database, {"billing", "invoices"});
        REQUIRE(read);
        CHECK(read->row_level_security == invoices.row_level_security);
        CHECK(read->policies == invoices.policies);
        CHECK(grant_list(read->grants) == grant_list(invoices.grants));
        CHECK(grant_list(live.database.schemas.front().grants) == list{"access_app:usage"});
        runtime::Drift drift = runtime::find_drift(session, db, options);
        CHECK_MESSAGE(drift.plan.steps.empty(), test::plan_text(drift.plan));
    }
    auto drift_lines = [&] {
        runtime::Drift drift = runtime::find_drift(session, db, options);
        list out;
        for (const runtime::DriftItem& item : runtime::drift_items(drift, db)) {
            out.push_back(item.title);
            for (const std::string& sql : item.sql) out.push_back("  " + sql);
        }
        return out;
    };
    // A role the schema does not declare is not schemac's: its grants are never drift.
    cluster.execute("access_drift", "GRANT SELECT ON billing.invoices TO access_owner");
    CHECK(drift_lines() == list{});
    cluster.execute("access_drift", "GRANT DELETE ON billing.invoices TO access_analyst;"
                                    "REVOKE INSERT ON billing.invoices FROM access_app;"
                                    "ALTER POLICY tenant_isolation ON billing.invoices USING (true);"
                                    "ALTER TABLE billing.invoices DISABLE ROW LEVEL SECURITY");
    list found = drift_lines();
    std::string shown;
    for (const std::string& line : found) shown += line + "\n";
    const list expected{
        "~ policy tenant_isolation on billing.invoices: using differs (using `true` in the database, "
        "`org_id = current_setting('app.org_id')::int` expected)",
        "  ALTER POLICY tenant_isolation ON billing.invoices USING (org_id = current_setting('app.org_id')::int);",
        "~ table billing.invoices: row level security is off in the database; the schema turns it on",
        "  ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;",
        "- role access_analyst can DELETE on billing.invoices in the database; not in the schema",
        "  REVOKE DELETE ON TABLE billing.invoices FROM access_analyst;",
        "+ role access_app cannot INSERT on billing.invoices in the database; the schema grants it",
        "  GRANT INSERT ON TABLE billing.invoices TO access_app;"};
    CHECK_MESSAGE(found == expected, shown);
    cluster.drop_database("access_drift");
}
