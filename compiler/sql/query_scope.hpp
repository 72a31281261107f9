// What a query's FROM clauses name, for the readers of parse trees that follow names through a
// query (select_output, viewdef_form): the CTEs in scope with their columns, and the columns of
// a relation a FROM clause names (a CTE's own, else what `columns_of` knows).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/sql/select_reads.hpp"

namespace schemac {

using ColumnNames = std::vector<std::string>;

// {"String": {"sval": "x"}} -> x; empty for any other node.
std::string string_value(const nlohmann::json& node);

// An alias's column list (`t AS x(a, b)`) renames the first columns; the others keep their names.
void rename_columns(ColumnNames& names, const nlohmann::json& alias);

// The CTEs one query level declares, and through `parent` those of the levels around it.
struct CteScope {
    const CteScope* parent = nullptr;
    std::map<std::string, std::optional<ColumnNames>> ctes;  // nullopt: columns not known
};

// A relation a FROM clause names (the object inside {"RangeVar": ...}).
struct NamedRelation {
    bool cte = false;                   // an unqualified name a CTE in scope has
    std::optional<std::string> schema;  // as written
    std::string name;
    std::optional<ColumnNames> columns;  // before its alias renames them; nullopt: not known
};

NamedRelation named_relation(const nlohmann::json& range_var, const CteScope& scope, const ColumnsOf& columns_of);

}  // namespace schemac
