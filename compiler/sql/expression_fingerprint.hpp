// Whether two SQL expressions mean the same, decided on libpg_query parse trees, not on text:
// what PostgreSQL stores (`(status <> 'draft'::request_status)`, `x = ANY (ARRAY['a'::text,
// 'b'::text])`, `(x >= 0) AND (x <= 9)`, `'-1'::integer`) and what was written (`status <>
// 'draft'`, `x in ('a', 'b')`, `x between 0 and 9`, `-1`) give the same fingerprint.
// Normalised: locations and parentheses (absent from trees); casts, however many, of constants,
// column references and array constructors (PostgreSQL adds them where a conversion is implicit:
// `(name)::text` for a varchar, `price::double precision`, and pushes an array's cast into its
// elements); constants compared by their text ('5' and 5); IN lists and = ANY (ARRAY[...]);
// NOT IN and <> ALL (ARRAY[...]); BETWEEN and its AND of two comparisons; LIKE/ILIKE and their
// operators ~~/~~*; nested ANDs and ORs flattened; the pg_catalog qualifier of type names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace schemac {

// nullopt when the text does not parse as an expression.
std::optional<std::string> expression_fingerprint(std::string_view expression);

bool same_expression(std::string_view a, std::string_view b);

}  // namespace schemac
