// Drift's words for who may see what (runtime/drift_access.hpp): row level security, policies,
// grants and default privileges changed by hand, as what the database has against the schema.
#include <doctest/doctest.h>

#include "runtime/drift_access.hpp"

using namespace schemac;

namespace {

const ir::QualifiedName invoices{"billing", "invoices"};

ir::Grant grant(const char* privilege, const char* column = "") {
    return ir::Grant{"analyst", privilege, column, false, {}};
}

ir::Policy tenant_isolation() {
    ir::Policy p;
    p.name = "tenant_isolation";
    p.roles = {"app"};
    p.using_expression = "org_id = current_setting('app.org_id')::int";
    return p;
}

}  // namespace

TEST_CASE("drift says row level security and its forcing in plain words") {
    CHECK(runtime::row_level_security_difference(plan::SetRowLevelSecurity{invoices, true}) ==
          "~ table billing.invoices: row level security is off in the database; the schema turns it on");
    CHECK(runtime::row_level_security_difference(plan::SetRowLevelSecurity{{"public", "notes"}, false}) ==
          "~ table notes: row level security is on in the database; the schema turns it off");
    CHECK(runtime::force_row_level_security_difference(plan::SetForceRowLevelSecurity{invoices, true}) ==
          "~ table billing.invoices: row level security is not forced in the database; the schema forces it");
}

TEST_CASE("drift names a policy by its table and says which clauses differ") {
    ir::Policy expected = tenant_isolation();
    ir::Policy live = expected;
    CHECK(runtime::policy_difference(invoices, &live, &expected).empty());
    CHECK(runtime::policy_difference(invoices, nullptr, &expected) ==
          "+ policy tenant_isolation on billing.invoices: missing in the database");
    CHECK(runtime::policy_difference(invoices, &live, nullptr) ==
          "- policy tenant_isolation on billing.invoices: only in the database");
    live.using_expression = "true";
    CHECK(runtime::policy_difference(invoices, &live, &expected) ==
          "~ policy tenant_isolation on billing.invoices: using differs (using `true` in the database, "
          "`org_id = current_setting('app.org_id')::int` expected)");
    live.roles = {"app", "public"};
    live.check_expression = "org_id > 0";
    CHECK(runtime::policy_difference(invoices, &live, &expected) ==
          "~ policy tenant_isolation on billing.invoices: roles, using and with check differ (to app, public in the "
          "database, to app expected; using `true` in the database, `org_id = current_setting('app.org_id')::int` "
          "expected; with check `org_id > 0` in the database, none expected)");
    live = expected;
    live.command = ir::PolicyCommand::delete_;
    CHECK(runtime::policy_difference(invoices, &live, &expected) ==
          "~ policy tenant_isolation on billing.invoices: for delete in the database, for all expected");
    live = expected;
    live.permissive = false;
    CHECK(runtime::policy_difference(invoices, &live, &expected) ==
          "~ policy tenant_isolation on billing.invoices: restrictive in the database, permissive expected");
}

TEST_CASE("drift says which role can or cannot do what on which object") {
    plan::AccessObject table{plan::AccessKind::table, invoices, std::nullopt};
    CHECK(runtime::grant_difference(plan::RevokePrivileges{table, "analyst", {grant("delete")}, false}) ==
          "- role analyst can DELETE on billing.invoices in the database; not in the schema");
    CHECK(runtime::grant_difference(plan::RevokePrivileges{table, "analyst", {grant("select")}, true}) ==
          "- role analyst can grant SELECT on billing.invoices to others in the database; not in the schema");
    CHECK(runtime::grant_difference(plan::GrantPrivileges{
              table, "analyst", {grant("select"), grant("update", "amount"), grant("update", "note")}, false}) ==
          "+ role analyst cannot SELECT, UPDATE (amount, note) on billing.invoices in the database; the schema "
          "grants it");
    ir::Function settle;
    settle.name = {"billing", "settle"};
    settle.arguments = {ir::FunctionArgument{"invoice", ir::ArgumentMode::in, ir::Type{"", "bigint", {}, 0}, {}}};
    plan::AccessObject function{plan::AccessKind::function, settle.name, settle};
    CHECK(runtime::grant_difference(
              plan::RevokePrivileges{function, "public", {ir::Grant{"public", "execute", "", false, {}}}, false}) ==
          "- PUBLIC can EXECUTE on function billing.settle(bigint) in the database; not in the schema");
    plan::AccessObject schema{plan::AccessKind::schema, {"billing", ""}, std::nullopt};
    CHECK(runtime::grant_difference(plan::GrantPrivileges{schema, "analyst", {grant("usage")}, true}) ==
          "+ role analyst cannot USAGE with grant option on schema billing in the database; the schema grants it");
}

TEST_CASE("drift says what default privileges give in the database against the schema") {
    plan::DefaultPrivilegesTarget in_billing{"", "billing", ir::DefaultPrivilegeObjects::tables};
    CHECK(runtime::grant_difference(plan::GrantDefaultPrivileges{in_billing, "analyst", {"select"}, false}) ==
          "+ default privileges on tables in schema billing: role analyst does not get SELECT in the database; "
          "the schema grants it");
    plan::DefaultPrivilegesTarget global{"owner", "", ir::DefaultPrivilegeObjects::sequences};
    CHECK(runtime::grant_difference(plan::RevokeDefaultPrivileges{global, "app", {"usage", "select"}, false}) ==
          "- default privileges on sequences created by owner: role app gets SELECT, USAGE in the database; not in "
          "the schema");
}
