// The output columns of a query (SELECT, VALUES, a set operation) as PostgreSQL 15 names them,
// in order, decided on its parse tree (libpg_query) the way PostgreSQL's parser does
// (parse_target.c): `x AS name`; a column reference's last field; a function call's name; a
// cast's operand, else the type's name; CASE after its ELSE when that names well, else "case";
// "array", "row", "exists", "coalesce", "nullif", "greatest", "least", "grouping", the SQL value
// functions (current_date, current_user, ...) and xml functions by their names; a scalar
// sub-select after its first column; anything else "?column?". `*` and `alias.*` expand to the
// columns of what they cover: a relation's from `columns_of`, a CTE's and a sub-select's from
// their own outputs, column aliases (`t AS x(a, b)`) applied, JOIN ... USING and NATURAL JOIN
// merging their join columns first as PostgreSQL does. VALUES names its columns column1,
// column2, ...; a set operation after its leftmost branch.
// Each column comes with the canonical (deparsed) text of its expression, or for a column of a
// `*` the text `qualifier.column`: the planner compares them to know when CREATE OR REPLACE
// VIEW keeps the meaning of the existing columns.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sql/select_reads.hpp"

namespace schemac {

struct OutputColumn {
    std::string name;        // as PostgreSQL names the column (folded, unquoted): `total`, `?column?`
    std::string expression;  // canonical text: `sum(i.total)`, `i.id` for a column of `i.*`
    bool operator==(const OutputColumn&) const = default;
};

// nullopt when the text is not one query, or when a `*` covers something whose columns are not
// known (a relation `columns_of` does not know, a function returning a record, `(f(x)).*`).
std::optional<std::vector<OutputColumn>> select_output(std::string_view query, const ColumnsOf& columns_of = {});

// The name PostgreSQL gives a target written without AS, from its parse tree node (`val` of a
// ResTarget): "?column?" when the rules give none, or when it is a scalar sub-select whose first
// column is a `*` over columns nobody knows.
std::string figured_column_name(const nlohmann::json& value);

// The columns of a function in FROM (the object inside {"RangeFunction": ...}) before its
// alias renames them: a column definition list's, or for a set-returning function of a base
// type (generate_series, unnest of one array, ...) the one named after it (its alias when it
// has one), then `ordinality`; nullopt when they depend on the function's result type.
std::optional<std::vector<std::string>> function_columns(const nlohmann::json& range_function);

}  // namespace schemac
