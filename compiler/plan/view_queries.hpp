// The planner's two questions about view bodies, answered on PostgreSQL's parse trees by
// compiler/sql: whether two bodies mean the same (a body written in a .schema file and the one
// pg_get_viewdef prints compare equal), and what each output column of a body computes. Each
// body comes with the columns of the relations of its side (`before` or `after`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sql/select_reads.hpp"

namespace schemac::plan {

bool same_view_query(std::string_view a, const ColumnsOf& a_columns, std::string_view b, const ColumnsOf& b_columns);

// The canonical expression of each output column, in order; nullopt when that cannot be told
// (then a changed view is recreated rather than replaced).
std::optional<std::vector<std::string>> output_expressions(std::string_view query, const ColumnsOf& columns);

}  // namespace schemac::plan
