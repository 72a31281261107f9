// Row-level security, policies, grants and default privileges in the planner: the SQL of each
// change, set differences for managed roles only, policies around what they use, grants that
// follow renames and come back with recreated objects, the migration header's access section;
// proved on PostgreSQL (one cluster for the file), rows read as the application's role.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>

#include "compiler/plan/changes.hpp"
#include "compiler/plan/render_sql.hpp"
#include "tests/plan_support.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

using Lines = std::vector<std::string>;
using Grants = std::vector<ir::Grant>;
using test::errors_of;
using test::steps_of;

ir::Grant grant(std::string grantee, std::string privilege, std::string column = {}, bool option = false) {
    ir::Grant g;
    g.grantee = std::move(grantee);
    g.privilege = std::move(privilege);
    g.column = std::move(column);
    g.grant_option = option;
    return g;
}

std::vector<ir::Grant> sorted(std::vector<ir::Grant> grants) {
    ir::sort_grants(grants);
    return grants;
}

ir::Policy policy(std::string name, std::optional<std::string> using_expression,
                  std::vector<std::string> roles = {"app"}) {
    ir::Policy p;
    p.name = std::move(name);
    p.roles = std::move(roles);
    p.using_expression = std::move(using_expression);
    return p;
}

ir::Table& table(ir::Database& db, const std::string& name) {
    for (ir::Table& t : db.tables)
        if (t.name.name == name) return t;
    FAIL("no table " << name);
    return db.tables.front();
}

// Tables from .schema text, with the roles named declared.
ir::Database database(const std::string& tables, std::vector<std::string> roles = {"app"}) {
    ir::Database db = test::compiled_database(tables);
    std::sort(roles.begin(), roles.end());
    for (std::string& r : roles) db.roles.push_back(ir::Role{std::move(r), {}});
    return db;
}

ir::Function function(std::string name, std::string returns, std::string body,
                      std::vector<ir::Grant> grants = {grant("public", "execute")}) {
    ir::Function f;
    f.name = ir::QualifiedName{"public", std::move(name)};
    f.returns = ir::Type{"", std::move(returns), {}, 0};
    f.language = "sql";
    f.body = std::move(body);
    f.volatility = ir::Volatility::stable;
    f.grants = sorted(std::move(grants));
    return f;
}

const std::string invoices =
    "table invoices {\n  id bigint primary key\n  org_id int not null\n  total numeric not null\n"
    "  note text\n}\n";

// As the application's role with `org` as its tenant: what the query returns.
std::string as_tenant(const std::string& database, int org, const std::string& query) {
    return test::PostgresCluster::shared().query_value(database, fmt::format("SET ROLE app; SET app.org_id = '{}'; {}",
                                                                             org, query));
}

}  // namespace

TEST_CASE("the SQL of grants, revokes, default privileges, row level security and policies") {
    plan::AccessObject invoices_table{plan::AccessKind::table, {"billing", "invoices"}, std::nullopt};
    CHECK(plan::render_statements(
              plan::GrantPrivileges{invoices_table,
                                    "app",
                                    {grant("app", "update", "total"), grant("app", "insert"),
                                     grant("app", "update", "note"), grant("app", "select"), grant("app", "trigger")},
                                    false}) ==
          Lines{"GRANT SELECT, INSERT, UPDATE (note, total), TRIGGER ON TABLE billing.invoices TO app;"});
    CHECK(plan::render_statements(
              plan::RevokePrivileges{invoices_table, "Analyst", {grant("Analyst", "delete")}, true}) ==
          Lines{"REVOKE GRANT OPTION FOR DELETE ON TABLE billing.invoices FROM \"Analyst\";"});
    ir::Function f = function("total", "numeric", "select 1");
    f.arguments.push_back(ir::FunctionArgument{"n", ir::ArgumentMode::in, ir::Type{"", "integer", {}, 0}, {}});
    CHECK(plan::render_statements(
              plan::RevokePrivileges{plan::AccessObject{plan::AccessKind::function, f.name, f},
                                     "public",
                                     {grant("public", "execute")},
                                     false}) == Lines{"REVOKE EXECUTE ON FUNCTION public.total(integer) FROM PUBLIC;"});
    CHECK(plan::render_statements(
              plan::GrantPrivileges{plan::AccessObject{plan::AccessKind::schema, {"billing", ""}, std::nullopt},
                                    "app",
                                    {grant("app", "create"), grant("app", "usage")},
                                    true}) == Lines{"GRANT USAGE, CREATE ON SCHEMA billing TO app WITH GRANT OPTION;"});
    CHECK(plan::render_statements(plan::GrantPrivileges{
              plan::AccessObject{plan::AccessKind::sequence, {"public", "invoices_id_seq"}, std::nullopt},
              "app",
              {grant("app", "usage")},
              false}) == Lines{"GRANT USAGE ON SEQUENCE public.invoices_id_seq TO app;"});
    CHECK(plan::render_statements(plan::GrantDefaultPrivileges{
              {"owner", "billing", ir::DefaultPrivilegeObjects::tables}, "app", {"insert", "select"}, false}) ==
          Lines{"ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA billing GRANT SELECT, INSERT ON TABLES TO app;"});
    CHECK(plan::render_statements(plan::RevokeDefaultPrivileges{
              {"", "", ir::DefaultPrivilegeObjects::functions}, "app", {"execute"}, false}) ==
          Lines{"ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM app;"});
    ir::QualifiedName t{"billing", "invoices"};
    CHECK(plan::render_statements(plan::SetRowLevelSecurity{t, true}) ==
          Lines{"ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;"});
    CHECK(plan::render_statements(plan::SetForceRowLevelSecurity{t, false}) ==
          Lines{"ALTER TABLE billing.invoices NO FORCE ROW LEVEL SECURITY;"});
    ir::Policy p = policy("tenant", "org_id = current_setting('app.org_id')::int", {"app", "public"});
    p.permissive = false;
    p.command = ir::PolicyCommand::update;
    p.check_expression = "total >= 0";
    CHECK(plan::render_statements(plan::CreatePolicy{t, p}) ==
          Lines{"CREATE POLICY tenant ON billing.invoices AS RESTRICTIVE FOR UPDATE TO app, PUBLIC USING (org_id = "
                "current_setting('app.org_id')::int) WITH CHECK (total >= 0);"});
    ir::Policy q = p;
    q.roles = {"app"};
    CHECK(plan::render_statements(plan::AlterPolicy{t, p, q}) ==
          Lines{"ALTER POLICY tenant ON billing.invoices TO app;"});
    CHECK(plan::render_statements(plan::RenamePolicy{t, "old", "Tenant"}) ==
          Lines{"ALTER POLICY old ON billing.invoices RENAME TO \"Tenant\";"});
    CHECK(plan::render_statements(plan::DropPolicy{t, "tenant"}) == Lines{"DROP POLICY tenant ON billing.invoices;"});
    CHECK(plan::render_statements(plan::SetPolicyComment{t, "tenant", std::nullopt, "it's the tenant's"}) ==
          Lines{"COMMENT ON POLICY tenant ON billing.invoices IS 'it''s the tenant''s';"});
}

TEST_CASE("grants are set differences for managed roles only: no REVOKE ALL, grant options apart") {
    ir::Database before = database(invoices, {"app", "auditor"});
    table(before, "invoices").grants = sorted(
        {grant("app", "select", "", true), grant("app", "delete"), grant("reporting", "select"),
         grant("auditor", "select"), grant("public", "select")});
    ir::Database after = database(invoices, {"app", "auditor"});
    table(after, "invoices").grants = sorted(
        {grant("app", "select"), grant("app", "insert"), grant("app", "update", "note"),
         grant("app", "update", "total"), grant("auditor", "select", "", true)});
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(errors_of(p) == "");
    // reporting is declared nowhere: its SELECT stays. PUBLIC is always managed.
    CHECK(steps_of(p) ==
          "revoke_privileges: - revoke DELETE on table invoices from app\n"
          "revoke_privileges: - revoke grant option for SELECT on table invoices from app\n"
          "revoke_privileges: - revoke SELECT on table invoices from PUBLIC\n"
          "grant_privileges: + grant INSERT, UPDATE (note, total) on table invoices to app\n"
          "grant_privileges: + grant SELECT on table invoices to auditor with grant option\n");
    CHECK(test::plan_text(p) ==
          "-- file: 0002_case.sql\n"
          "-- 0002_case: generated by schemac. Review it; edit it if needed, then run `schemac hash`.\n"
          "--\n"
          "-- Access (row level security, policies, grants, default privileges):\n"
          "--   - revoke DELETE on table invoices from app\n"
          "--   - revoke grant option for SELECT on table invoices from app\n"
          "--   - revoke SELECT on table invoices from PUBLIC\n"
          "--   + grant INSERT, UPDATE (note, total) on table invoices to app\n"
          "--   + grant SELECT on table invoices to auditor with grant option\n"
          "\n"
          "SET lock_timeout = '5s';\n"
          "\n"
          "-- - revoke DELETE on table invoices from app\n"
          "REVOKE DELETE ON TABLE public.invoices FROM app;\n"
          "\n"
          "-- - revoke grant option for SELECT on table invoices from app\n"
          "REVOKE GRANT OPTION FOR SELECT ON TABLE public.invoices FROM app;\n"
          "\n"
          "-- - revoke SELECT on table invoices from PUBLIC\n"
          "REVOKE SELECT ON TABLE public.invoices FROM PUBLIC;\n"
          "\n"
          "-- + grant INSERT, UPDATE (note, total) on table invoices to app\n"
          "GRANT INSERT, UPDATE (note, total) ON TABLE public.invoices TO app;\n"
          "\n"
          "-- + grant SELECT on table invoices to auditor with grant option\n"
          "GRANT SELECT ON TABLE public.invoices TO auditor WITH GRANT OPTION;\n");
    test::proves_on_postgres("access_grants", before, after, p, "");
    // A grant made by hand to a role the schema does not declare survives the migration.
    auto& pg = test::PostgresCluster::shared();
    ir::Database undeclared;
    undeclared.roles = {ir::Role{"reporting", {}}};
    test::create_roles(pg, undeclared);
    test::build_database(pg, "access_grants_hand", before);
    pg.execute("access_grants_hand", "GRANT SELECT, TRUNCATE ON invoices TO reporting;");
    test::apply_plan(pg, "access_grants_hand", p);
    CHECK(pg.query_value("access_grants_hand",
                         "SELECT has_table_privilege('reporting', 'public.invoices', 'select') "
                         "AND has_table_privilege('reporting', 'public.invoices', 'truncate') "
                         "AND NOT has_table_privilege('app', 'public.invoices', 'delete')") == "t");
}

TEST_CASE(
    "a new table gets its policies, row level security and grants after its creation, and the header lists them apart") {
    ir::Database before = database("");
    ir::Database after = database(invoices);
    ir::Table& t = table(after, "invoices");
    t.row_level_security = true;
    t.policies = {policy("tenant_isolation", "org_id = current_setting('app.org_id')::int")};
    t.grants = sorted({grant("app", "select"), grant("app", "insert")});
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(errors_of(p) == "");
    CHECK(steps_of(p) == "create_table: + table invoices\n"
                         "create_policy: + policy tenant_isolation on invoices\n"
                         "set_row_level_security: ~ table invoices row level security enabled\n"
                         "grant_privileges: + grant SELECT, INSERT on table invoices to app\n");
    std::string text = test::plan_text(p);
    CHECK(
        text.find("-- Changes:\n--   + table invoices\n--\n-- Access (row level security, policies, grants, default "
                  "privileges):\n--   + policy tenant_isolation on invoices\n--   ~ table invoices row level security "
                  "enabled\n--   + grant SELECT, INSERT on table invoices to app\n") != std::string::npos);
    CHECK(p.diagnostics.all().empty());
}

TEST_CASE("turning on row level security for a table with no policy is a warning with help") {
    ir::Database before = database(invoices);
    ir::Database after = database(invoices);
    table(after, "invoices").row_level_security = true;
    table(after, "invoices").force_row_level_security = true;
    plan::Plan p = plan::plan_changes(before, after);
    CHECK_FALSE(p.diagnostics.has_errors());
    REQUIRE(p.diagnostics.all().size() == 1);
    const Diagnostic& d = p.diagnostics.all().front();
    CHECK(d.code == "rls-without-policy");
    CHECK(d.message ==
          "this change turns on row level security for table invoices, which has no policy: every role but its owner "
          "(not even the owner: it is forced) will see no rows of it and may write none");
    CHECK(d.help.find("policy NAME for select to ROLE using (...)") != std::string::npos);
    CHECK(steps_of(p) == "set_row_level_security: ~ table invoices row level security enabled\n"
                         "set_force_row_level_security: ~ table invoices row level security forced\n");
    // Already on before: no warning again.
    CHECK(plan::plan_changes(after, after).diagnostics.all().empty());
}

TEST_CASE("policies: altered in place, recreated when the command changes, renamed by @was, dropped") {
    ir::Database before = database(invoices);
    ir::Table& b = table(before, "invoices");
    b.row_level_security = true;
    b.policies = {policy("by_org", "org_id = current_setting('app.org_id')::int"), policy("gone", "true"),
                  policy("readers", "true"), policy("writers", "org_id > 0")};
    b.policies[3].command = ir::PolicyCommand::insert;
    b.policies[3].using_expression.reset();
    b.policies[3].check_expression = "org_id > 0";
    ir::Database after = database(invoices);
    ir::Table& a = table(after, "invoices");
    a.row_level_security = true;
    a.policies = {policy("by_org", "org_id = current_setting('app.org_id')::int AND total > 0", {"app", "public"}),
                  policy("readers_renamed", "true"), policy("writers", std::nullopt)};
    a.policies[1].was = "readers";
    a.policies[1].comment = "everyone reads";
    a.policies[2].command = ir::PolicyCommand::update;
    a.policies[2].check_expression = "org_id > 0";
    a.policies[2].using_expression = "org_id > 0";
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(errors_of(p) == "");
    CHECK(steps_of(p) ==
          "drop_policy: ~ policy writers on invoices recreated: its command changes\n"
          "drop_policy: - policy gone on invoices\n"
          "rename_policy: ~ policy readers_renamed on invoices renamed from readers\n"
          "alter_policy: ~ policy by_org on invoices altered\n"
          "create_policy: ~ policy writers on invoices recreated: its command changes\n"
          "set_policy_comment: ~ policy readers_renamed on invoices comment\n");
    auto sql = [&](std::string_view kind) {
        for (const plan::Step& s : p.steps)
            if (plan::change_kind(s.change) == kind) return plan::render_statements(s.change);
        return Lines{};
    };
    CHECK(sql("alter_policy") == Lines{"ALTER POLICY by_org ON public.invoices TO app, PUBLIC USING (org_id = "
                                       "current_setting('app.org_id')::int AND total > 0);"});
    test::proves_on_postgres("access_policies", before, after, p, "");
}

TEST_CASE("a policy is dropped before a column it uses changes type and before a function it calls is recreated") {
    ir::Function org_int = function("current_org", "integer", "select current_setting('app.org_id')::int");
    ir::Function org_bigint = function("current_org", "bigint", "select current_setting('app.org_id')::bigint");
    ir::Database before = database(invoices);
    before.functions = {org_int};
    ir::Table& b = table(before, "invoices");
    b.row_level_security = true;
    b.policies = {policy("by_org", "org_id = current_org()"), policy("positive", "total > 0")};
    b.policies[1].permissive = false;
    b.grants = {grant("app", "select")};
    ir::Database after = before;
    after.functions = {org_bigint};
    ir::Table& a = table(after, "invoices");
    a.columns[1].type = ir::Type{"", "bigint", {}, 0};  // org_id
    a.policies[1].using_expression = "total > 0 AND note IS NOT NULL";
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(errors_of(p) == "");
    CHECK(steps_of(p) ==
          "drop_policy: ~ policy by_org on invoices recreated: it calls current_org(), which is recreated\n"
          "drop_function: ~ function current_org() recreated: its return type changes\n"
          "create_function: ~ function current_org() recreated: its return type changes\n"
          "alter_column_type: ~ column invoices.org_id type integer -> bigint\n"
          "create_policy: ~ policy by_org on invoices recreated: it calls current_org(), which is recreated\n"
          "alter_policy: ~ policy positive on invoices altered\n");
    const std::string rows = "INSERT INTO invoices VALUES (1, 1, 10, 'a'), (2, 2, 20, 'b'), (3, 1, 30, 'c');";
    test::proves_on_postgres("access_retype", before, after, p, rows);
    CHECK(as_tenant("access_retype_before", 1, "SELECT string_agg(id::text, ',' ORDER BY id) FROM invoices") == "1,3");
}

TEST_CASE("a renamed table and column keep their grants and policies: no grant statement") {
    ir::Database before = database(invoices);
    ir::Table& b = table(before, "invoices");
    b.row_level_security = true;
    b.policies = {policy("by_org", "org_id = current_setting('app.org_id')::int")};
    b.grants = sorted({grant("app", "select"), grant("app", "update", "note")});
    ir::Database after = before;
    ir::Table& a = table(after, "invoices");
    a.name.name = "bills";
    a.was = "invoices";
    a.columns[1].name = "tenant_id";
    a.columns[1].rare.set().was = "org_id";
    a.columns[3].name = "memo";
    a.columns[3].rare.set().was = "note";
    a.policies[0].using_expression = "tenant_id = current_setting('app.org_id')::int";
    a.grants = sorted({grant("app", "select"), grant("app", "update", "memo")});
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(errors_of(p) == "");
    CHECK(steps_of(p) == "rename_table: ~ table bills renamed from invoices\n"
                         "rename_column: ~ column bills.tenant_id renamed from org_id\n"
                         "rename_column: ~ column bills.memo renamed from note\n");
    test::proves_on_postgres("access_rename", before, after, p, "");
}

TEST_CASE(
    "a recreated view gets its grants back in the same migration, a new function without PUBLIC's execute revokes it") {
    ir::Database before = database(invoices);
    ir::View v;
    v.name = {"public", "big_invoices"};
    v.query = "SELECT id, total FROM invoices WHERE total > 100";
    v.columns = {ir::ViewColumn{"id", {}, {}}, ir::ViewColumn{"total", {}, {}}};
    v.grants = sorted({grant("app", "select"), grant("public", "select")});
    before.views = {v};
    ir::Database after = before;
    after.views[0].query = "SELECT total, id FROM invoices WHERE total > 100";  // its columns move: recreated
    after.views[0].columns = {ir::ViewColumn{"total", {}, {}}, ir::ViewColumn{"id", {}, {}}};
    after.functions = {function("secret", "integer", "select 42", {grant("app", "execute")})};
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(errors_of(p) == "");
    std::string steps = steps_of(p);
    CHECK(steps.find("grant_privileges: + grant SELECT on view big_invoices to app (again: the view is recreated)\n"
                     "grant_privileges: + grant SELECT on view big_invoices to PUBLIC (again: the view is "
                     "recreated)\n") != std::string::npos);
    CHECK(steps.find("revoke_privileges: - revoke EXECUTE on function secret() from PUBLIC\n"
                     "grant_privileges: + grant EXECUTE on function secret() to app\n") != std::string::npos);
    test::proves_on_postgres("access_view", before, after, p, "");
    auto& pg = test::PostgresCluster::shared();
    CHECK(pg.query_value("access_view_before", "SELECT has_function_privilege('public', 'public.secret()', "
                                               "'execute')") == "f");
    CHECK(pg.query_value("access_view_before", "SELECT has_table_privilege('app', 'public.big_invoices', 'select')") ==
          "t");
}

TEST_CASE("default privileges come before the objects of the same migration and apply to tables created later") {
    ir::Database before = database("");
    ir::Database with_defaults = before;
    ir::DefaultPrivileges d;
    d.objects = ir::DefaultPrivilegeObjects::tables;
    d.schema = "public";
    d.grants = sorted({grant("app", "select"), grant("app", "insert")});
    with_defaults.default_privileges = {d};
    plan::Plan first = plan::plan_changes(before, with_defaults);
    CHECK(steps_of(first) ==
          "grant_default_privileges: + default privileges in schema public: grant SELECT, INSERT on tables to app\n");
    CHECK(plan::render_statements(first.steps[0].change) ==
          Lines{"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO app;"});
    // The later migration creates a table: it receives SELECT and INSERT from the defaults, and
    // only what the schema gives beyond them (UPDATE) is granted; what it gives less is revoked.
    ir::Database later = database(invoices);
    later.default_privileges = {d};
    table(later, "invoices").grants = sorted({grant("app", "select"), grant("app", "update")});
    plan::Plan second = plan::plan_changes(with_defaults, later);
    CHECK(steps_of(second) == "create_table: + table invoices\n"
                              "revoke_privileges: - revoke INSERT on table invoices from app\n"
                              "grant_privileges: + grant UPDATE on table invoices to app\n");
    auto& pg = test::PostgresCluster::shared();
    test::build_database(pg, "access_defaults", with_defaults);
    test::apply_plan(pg, "access_defaults", second);
    CHECK(pg.query_value("access_defaults", "SELECT has_table_privilege('app', 'public.invoices', 'select') AND "
                                            "has_table_privilege('app', 'public.invoices', 'update') AND NOT "
                                            "has_table_privilege('app', 'public.invoices', 'insert')") == "t");
    test::build_database(pg, "access_defaults_fresh", later);
    CHECK(test::access_dump(pg, "access_defaults") == test::access_dump(pg, "access_defaults_fresh"));
    // Taken away again: one REVOKE of the default privileges.
    const ir::Database taken_away = database(invoices);
    plan::Plan third = plan::plan_changes(later, taken_away);
    CHECK(steps_of(third).find("revoke_default_privileges: - default privileges in schema public: revoke SELECT, "
                               "INSERT on tables from app\n") != std::string::npos);
}

TEST_CASE("tenant isolation: the application's role sees only its tenant's rows, before and after the policy changes") {
    ir::Database before = database(invoices);
    ir::Table& b = table(before, "invoices");
    b.row_level_security = true;
    b.policies = {policy("tenant_isolation", "org_id = current_setting('app.org_id')::int")};
    b.grants = sorted({grant("app", "select"), grant("app", "insert")});
    ir::Database after = before;
    ir::Table& a = table(after, "invoices");
    a.policies[0].using_expression = "org_id = current_setting('app.org_id')::int AND total < 1000";
    a.policies[0].check_expression = "org_id = current_setting('app.org_id')::int";
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(steps_of(p) == "alter_policy: ~ policy tenant_isolation on invoices altered\n");
    auto& pg = test::PostgresCluster::shared();
    test::build_database(pg, "access_tenants", before);
    pg.execute("access_tenants",
               "INSERT INTO invoices VALUES (1, 1, 10, 'a'), (2, 2, 20, 'b'), (3, 1, 3000, 'c'), (4, 2, 40, 'd');");
    const std::string ids = "SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM invoices";
    CHECK(as_tenant("access_tenants", 1, ids) == "1,3");
    CHECK(as_tenant("access_tenants", 2, ids) == "2,4");
    test::apply_plan(pg, "access_tenants", p);
    CHECK(as_tenant("access_tenants", 1, ids) == "1");
    CHECK(as_tenant("access_tenants", 2, ids) == "2,4");
    CHECK_THROWS(as_tenant("access_tenants", 1, "INSERT INTO invoices VALUES (5, 2, 1, 'x')"));
    CHECK(pg.query_value("access_tenants", "SELECT count(*) FROM invoices") == "4");  // the owner sees every row
}

TEST_CASE("sequence, schema and function grants: renames keep them, PUBLIC on schema public is left alone") {
    const std::string tables = "schema billing\ntable billing.accounts {\n  id bigint primary key generated always as "
                               "identity\n  name text\n}\n";
    ir::Database before = database(tables);
    before.sequence_grants = {ir::SequenceGrants{{"billing", "accounts_id_seq"}, {grant("app", "usage")}, {}}};
    for (ir::Schema& s : before.schemas)
        if (s.name == "billing") s.grants = {grant("app", "usage")};
    ir::Function total = function("total", "integer", "select 1",
                                  sorted({grant("public", "execute"), grant("app", "execute")}));
    before.functions = {total};
    ir::Database after = before;
    ir::Table& t = table(after, "accounts");
    t.name.name = "clients";
    t.was = "accounts";
    after.sequence_grants = {ir::SequenceGrants{{"billing", "clients_id_seq"}, {grant("app", "usage")}, {}}};
    after.functions[0].name.name = "grand_total";
    after.functions[0].was = "total";
    plan::Plan renamed = plan::plan_changes(before, after);
    CHECK(errors_of(renamed) == "");
    CHECK(steps_of(renamed) == "rename_table: ~ table billing.clients renamed from accounts\n"
                               "rename_function: ~ function grand_total() renamed from total\n"
                               "rename_sequence: ~ sequence clients_id_seq renamed from accounts_id_seq\n");
    test::proves_on_postgres("access_sequences", before, after, renamed, "");

    // Grants of a schema, a sequence and a function change; the public schema's PUBLIC is not managed.
    ir::Database changed = after;
    changed.sequence_grants[0].grants = sorted({grant("app", "usage"), grant("app", "select")});
    for (ir::Schema& s : changed.schemas) s.grants = s.name == "billing" ? Grants{grant("app", "create")} : Grants{};
    changed.functions[0].grants = {grant("app", "execute")};
    ir::Database with_public = after;
    for (ir::Schema& s : with_public.schemas)
        if (s.name == "public") s.grants = {grant("public", "usage"), grant("public", "create")};
    plan::Plan p = plan::plan_changes(with_public, changed);
    CHECK(errors_of(p) == "");
    CHECK(steps_of(p) == "revoke_privileges: - revoke USAGE on schema billing from app\n"
                         "grant_privileges: + grant CREATE on schema billing to app\n"
                         "revoke_privileges: - revoke EXECUTE on function grand_total() from PUBLIC\n"
                         "grant_privileges: + grant SELECT on sequence billing.clients_id_seq to app\n");
    Lines sql;
    for (const plan::Step& s : p.steps)
        for (std::string& line : plan::render_statements(s.change)) sql.push_back(std::move(line));
    CHECK(sql == Lines{"REVOKE USAGE ON SCHEMA billing FROM app;", "GRANT CREATE ON SCHEMA billing TO app;",
                       "REVOKE EXECUTE ON FUNCTION public.grand_total() FROM PUBLIC;",
                       "GRANT SELECT ON SEQUENCE billing.clients_id_seq TO app;"});
    test::proves_on_postgres("access_objects", after, changed, plan::plan_changes(after, changed), "");
}

TEST_CASE("a procedure's grants name it as a procedure, a rebuilt column gets its privileges back") {
    ir::Function archive = function("archive", "", "select 1", {grant("app", "execute")});
    archive.procedure = true;
    archive.returns.reset();
    ir::Database with_archive = database("");
    with_archive.functions = {archive};
    plan::Plan p = plan::plan_changes(database(""), with_archive);
    bool revoked = false;
    for (const plan::Step& s : p.steps)
        if (plan::change_kind(s.change) == "revoke_privileges") {
            revoked = true;
            CHECK(s.title == "- revoke EXECUTE on procedure archive() from PUBLIC");
            CHECK(plan::render_statements(s.change) ==
                  Lines{"REVOKE EXECUTE ON PROCEDURE public.archive() FROM PUBLIC;"});
        }
    CHECK(revoked);

    const std::string generated =
        "table invoices {\n  id bigint primary key\n  total numeric not null\n  doubled numeric generated always as "
        "(total * 2) stored\n}\n";
    ir::Database before = database(generated);
    table(before, "invoices").grants = sorted({grant("app", "select", "doubled"), grant("app", "select", "id")});
    ir::Database after = database(
        "table invoices {\n  id bigint primary key\n  total numeric not null\n  doubled numeric generated always as "
        "(total * 3) stored\n}\n");
    table(after, "invoices").grants = table(before, "invoices").grants;
    plan::Plan rebuilt = plan::plan_changes(before, after, [] {
        plan::PlanOptions o;
        o.allow_data_loss = true;
        return o;
    }());
    CHECK(steps_of(rebuilt).find("grant_privileges: + grant SELECT (doubled) on table invoices to app\n") !=
          std::string::npos);
    test::proves_on_postgres("access_rebuilt", before, after, rebuilt, "");
}

TEST_CASE("revoking a privilege on a table keeps the same privilege on the columns the schema still grants") {
    // PostgreSQL's REVOKE on a table takes the privilege off every column too: what the schema
    // keeps on columns is granted again after it.
    ir::Database before = database(invoices);
    table(before, "invoices").grants = sorted(
        {grant("app", "select"), grant("app", "select", "note"), grant("app", "update", "", true),
         grant("app", "update", "total", true)});
    ir::Database after = database(invoices);
    table(after, "invoices").grants = sorted(
        {grant("app", "select", "note"), grant("app", "update"), grant("app", "update", "total", true)});
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(steps_of(p) == "revoke_privileges: - revoke SELECT on table invoices from app\n"
                         "revoke_privileges: - revoke grant option for UPDATE on table invoices from app\n"
                         "grant_privileges: + grant SELECT (note) on table invoices to app\n"
                         "grant_privileges: + grant UPDATE (total) on table invoices to app with grant option\n");
    test::proves_on_postgres("access_columns_kept", before, after, p, "");
}
