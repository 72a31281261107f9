#include "compiler/plan/view_queries.hpp"

namespace schemac::plan {

// Until compiler/sql compares bodies by their parse trees: the canonical texts.
bool same_view_query(std::string_view a, const ColumnsOf&, std::string_view b, const ColumnsOf&) { return a == b; }

std::optional<std::vector<std::string>> output_expressions(std::string_view, const ColumnsOf&) { return std::nullopt; }

}  // namespace schemac::plan
