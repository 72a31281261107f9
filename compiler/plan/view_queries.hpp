// The planner's questions about view bodies, answered on PostgreSQL's parse trees through
// compiler/sql: whether two bodies mean the same (a body written in a .schema file and the one
// pg_get_viewdef prints compare equal), and whether a new body computes the old one's columns
// as it did (then CREATE OR REPLACE VIEW keeps them, and what reads them). Each body comes with
// the columns of the relations of its side (`before` or `after`).
#pragma once

#include <cstddef>
#include <string_view>

#include "compiler/ir/ir.hpp"
#include "compiler/sql/select_reads.hpp"

namespace schemac::plan {

// The columns each table and view of `db` has (a view's only when known), as select_reads asks;
// gathered on the first question, so `db` must outlive the result.
ColumnsOf columns_of(const ir::Database& db);

bool same_view_query(std::string_view a, const ColumnsOf& a_columns, std::string_view b, const ColumnsOf& b_columns);

// Whether the first `count` output columns of `after` are those of `before`: both plain SELECTs
// (no set operation, whose column types come from every branch; no VALUES) over the same FROM
// and WITH clauses, each of those columns the same expression. Then each has the same type,
// as long as no column the view reads changes type (the planner recreates the view then).
bool same_leading_columns(std::string_view before, const ColumnsOf& before_columns, std::string_view after,
                          const ColumnsOf& after_columns, std::size_t count);

}  // namespace schemac::plan
