// Drift's words for who may see what: row-level security, policies, grants and default
// privileges changed by hand, said as what the database has against what the schema says
// ("~ role analyst can DELETE on billing.invoices in the database; not in the schema"). Only the
// grants of managed roles reach drift: the planner compares no others (ir::managed_role).
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/plan/changes.hpp"

namespace schemac::runtime {

// "~ table billing.invoices: row level security is off in the database; the schema turns it on"
std::string row_level_security_difference(const plan::SetRowLevelSecurity& change);
std::string force_row_level_security_difference(const plan::SetForceRowLevelSecurity& change);

// "+ policy p on t: missing in the database", "- policy p on t: only in the database",
// "~ policy tenant_isolation on billing.invoices: using differs (`a` in the database, `b`
// expected)"; empty when both are absent or equal.
std::string policy_difference(const ir::QualifiedName& table, const ir::Policy* live, const ir::Policy* expected);

// "- role analyst can DELETE on billing.invoices in the database; not in the schema",
// "+ role app cannot EXECUTE on function billing.settle(bigint) in the database; the schema grants it"
std::string grant_difference(const plan::GrantPrivileges& change);
std::string grant_difference(const plan::RevokePrivileges& change);
std::string grant_difference(const plan::GrantDefaultPrivileges& change);
std::string grant_difference(const plan::RevokeDefaultPrivileges& change);

}  // namespace schemac::runtime
