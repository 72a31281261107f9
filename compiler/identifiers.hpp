// The one place identifiers and literals are made safe for SQL: every name that reaches SQL
// goes through quote_identifier, every string through quote_literal.
#pragma once

#include <string>
#include <string_view>

namespace schemac {

inline constexpr std::size_t max_identifier_bytes = 63;  // PostgreSQL's NAMEDATALEN - 1

// `users` -> users; `user` -> "user" (reserved); `Order Items` -> "Order Items"; `a"b` -> "a""b".
std::string quote_identifier(std::string_view name);
// it's -> 'it''s'
std::string quote_literal(std::string_view text);
// A function or DO body in dollar quotes whose tag ($schemac$, $schemac_1$, ...) does not occur in it.
std::string dollar_quote(std::string_view body);
// Whether PostgreSQL reserves the word (it must be quoted to be used as a name).
bool is_reserved_keyword(std::string_view word);

}  // namespace schemac
