// Whether two view bodies mean the same query, decided on libpg_query parse trees: a body as
// written and what pg_get_viewdef returns for the view PostgreSQL created from it give the same
// fingerprint, while a different column, relation, condition, constant, join or function gives
// a different one. The query is first put in pg_get_viewdef's form (viewdef_form.hpp: columns
// qualified, `*` spelled out, `public` for an unwritten schema, ORDER BY / GROUP BY positions
// and output names resolved, the top level's output names dropped, since a view's column names
// are compared on their own), then normalised as expressions are (expression_fingerprint.hpp:
// parentheses, the casts PostgreSQL adds to constants and column references, IN and = ANY,
// BETWEEN, LIKE and ~~, pg_catalog qualifiers). `columns_of` says what columns the relations it
// reads have; without it an unqualified column is given to a relation only when it is the only
// one in scope (a join written with unqualified columns then differs from pg_get_viewdef's).
// Not told apart: a cast of a bare column or constant (`x::text` and `x`), as PostgreSQL adds
// such casts of its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/sql/select_reads.hpp"

namespace schemac {

// nullopt when the text is not one query (SELECT, VALUES, a set operation).
std::optional<std::string> view_query_fingerprint(std::string_view query, const ColumnsOf& columns_of = {});

// Both are queries with the same fingerprint.
bool same_view_query(std::string_view a, std::string_view b, const ColumnsOf& columns_of = {});

}  // namespace schemac
