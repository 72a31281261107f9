// A query's parse tree rewritten into the form pg_get_viewdef prints a view's query in, so that
// the query as written and the one PostgreSQL gives back parse to the same tree. Every column
// reference names the relation it reads by a label (r1, r2, ... in order of appearance), as
// aliases are only names to refer to a relation by (`u.id` and `users.id` are the same column
// when `u` is `users`; pg_get_viewdef renames some, `t_1`); `schema.t.c`, `(u).c` and a join's
// USING column are resolved alike, and a bare relation name used as a value is its row
// (`to_jsonb(u)` as `u.*`). `*` and `alias.*` are spelled out column by column, every relation
// lists all its column names, NATURAL JOIN is the USING it stands for, a relation written
// without schema is in `public`, every target whose name can be seen (in a CTE or a sub-select
// in FROM) carries its output name and no other does,
// ORDER BY and GROUP BY by position or output name are the expressions they stand for (a set
// operation's ORDER BY by output name); the top level's names are dropped too, as a view's
// column names are compared apart. An unqualified column is given to the relation in scope that
// has it (`columns_of`, a CTE's or sub-select's own outputs); when nothing says which, to the
// only relation in scope, else it is left as written.
#pragma once

#include <nlohmann/json.hpp>

#include "compiler/sql/select_reads.hpp"

namespace schemac {

// `select` is the object inside {"SelectStmt": ...} of a query's parse tree.
nlohmann::json viewdef_form(const nlohmann::json& select, const ColumnsOf& columns_of);

}  // namespace schemac
