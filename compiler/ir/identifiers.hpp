// Identifiers and literals: the one place they are read (the one identifier scanner, decided by
// the grammar's own rules in grammar/lexical.hpp, and the values written names and strings
// stand for) and the one place they are made safe for SQL: every name that reaches SQL goes
// through quote_identifier, every string through quote_literal.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace schemac {

inline constexpr std::size_t max_identifier_bytes = 63;  // PostgreSQL's NAMEDATALEN - 1

// ------------------------------------------------------------------ reading
// Bytes of the identifier that `text` starts with, as the grammar reads one: a bare name
// (`users`, `_x$1`) or a double-quoted one with "" inside (`"Order ""Items"""`); 0 if none.
std::size_t identifier_length(std::string_view text);
// Whether `text` is exactly one identifier, bare or quoted.
bool is_identifier(std::string_view text);
// Whether `text` is exactly one bare (unquoted) identifier.
bool is_bare_identifier(std::string_view text);
// A name as written, perhaps qualified: `users`, `billing.invoices`, `"a.b"."Order Items"`.
struct WrittenName {
    std::string schema;  // empty when not qualified
    std::string name;
};
// Its parts as PostgreSQL names them; nothing when `text` is not one identifier or two joined by
// a dot.
std::optional<WrittenName> read_written_name(std::string_view text);
// Bytes of the run of identifier characters (letters, digits, _, $, non-ASCII) `text` starts
// with: a word as an error message names it (`'123abc'`).
std::size_t word_length(std::string_view text);
// Whether `text` is exactly one number as the grammar reads one (`7`, `-0.5`, `1e3`).
bool is_number(std::string_view text);

// `"Order Items"` -> `Order Items`; `Users` -> `users` (PostgreSQL folds unquoted names to lower case).
std::string identifier_value(std::string_view written);
// 'it''s' -> it's
std::string unescape_string_literal(std::string_view written);
// ASCII letters to lower case, other bytes unchanged (PostgreSQL's folding of unquoted names).
std::string lower_ascii(std::string_view text);

// ------------------------------------------------------------------ writing

// `users` -> users; `user` -> "user" (reserved); `Order Items` -> "Order Items"; `a"b` -> "a""b".
std::string quote_identifier(std::string_view name);
// it's -> 'it''s'
std::string quote_literal(std::string_view text);
// A function or DO body in dollar quotes whose tag ($schemac$, $schemac_1$, ...) does not occur in it.
std::string dollar_quote(std::string_view body);
// Whether PostgreSQL reserves the word (it must be quoted to be used as a name).
bool is_reserved_keyword(std::string_view word);
// Every such word, sorted: PostgreSQL 15's reserved, type/function-name and column-name keywords.
std::span<const std::string_view> reserved_keywords();

}  // namespace schemac
