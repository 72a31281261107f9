// The access lines of a pulled schema, in .schema syntax: `role` declarations, a table's `row
// level security`, `policy` and `grant` lines, and the top-level `grant ... on KIND NAME`, the
// revoke of PUBLIC's execute and `default privileges`. Each list of grants is written as few
// lines as say the same: a role's privileges on one line (all of them as `all`, column privileges
// grouped by privilege), roles holding the same privileges on one line. The same grants give the
// same lines.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac {

// `role app\n` for each role the schema must declare (ir::roles_named).
std::string role_lines(const ir::Database& db);

// `grant PRIVILEGES to ROLES [with grant option]` lines of a table (no `on`), without newlines.
std::vector<std::string> table_grant_lines(const ir::Table& table);
// `policy ...` lines of a table, and its `[force] row level security` line when on.
std::vector<std::string> policy_lines(const ir::Table& table);

// Top-level lines, each ending in a newline: grants on a view, a schema, a sequence; a function's
// grants other than PUBLIC's execute, and `revoke execute ... from public` where it lacks that.
std::string view_grant_lines(const ir::View& view);
std::string schema_grant_lines(const ir::Schema& schema);
std::string sequence_grant_lines(const ir::SequenceGrants& sequence);
std::string function_grant_lines(const ir::Function& function);
std::string default_privileges_lines(const ir::DefaultPrivileges& defaults);

}  // namespace schemac
