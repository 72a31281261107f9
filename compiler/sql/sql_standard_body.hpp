// The canonical text of an SQL-standard function body (`return EXPR` or `begin atomic ...
// end`), which PostgreSQL keeps parsed rather than as text: libpg_query's deparsed statements.
#pragma once

#include <string>
#include <string_view>

namespace schemac {

// `return a  +1` -> "RETURN a + 1"; `begin atomic insert ...; select 1; end` ->
// "BEGIN ATOMIC INSERT ...; SELECT 1; END". Text that does not parse is returned with its
// white space collapsed.
std::string canonical_sql_standard_body(std::string_view body);

}  // namespace schemac
