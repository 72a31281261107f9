// Renaming one schema of an IR: every place the IR holds a schema name (objects' names, column
// and argument types that name a user type, foreign key targets, sequence owners, trigger
// functions, collations, operators, default privileges, search_path settings) moves from `from`
// to `to`, and every SQL text it holds (expressions, view queries, function bodies) goes through
// `rewrite_sql`, which moves the qualified references inside it. The lists stay sorted as the IR
// keeps them. Used to compare one tenant schema of a database with the snapshot of its template.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "compiler/ir/ir.hpp"

namespace schemac::ir {

using SqlRewrite = std::function<std::string(const std::string&)>;

void rename_schema(Database& db, std::string_view from, std::string_view to, const SqlRewrite& rewrite_sql);

}  // namespace schemac::ir
