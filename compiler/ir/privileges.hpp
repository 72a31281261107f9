// The privileges each kind of object has, in PostgreSQL's order (the order of `GRANT ALL`'s
// expansion): what `all` stands for in a grant, and which privilege words are valid where.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac::ir {

// kind: "table", "view", "column" (a column privilege of a table or view), "sequence",
// "function", "procedure", "schema", "type". An unknown kind has none.
const std::vector<std::string>& kind_privileges(std::string_view kind);

// The kind of object default privileges apply to: "table" for tables, ...
const char* default_privileges_kind(DefaultPrivilegeObjects objects);

// Every role a schema names: the declared ones and every one a grant, a policy or default
// privileges names (not PUBLIC), sorted — what pull declares, and what a scratch server must
// have before the schema's migrations replay there.
std::vector<std::string> roles_named(const Database& db);

}  // namespace schemac::ir
