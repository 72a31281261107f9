// Whether two SQL expressions mean the same, decided on libpg_query parse trees, not on text:
// what PostgreSQL stores (`(status <> 'draft'::request_status)`, `x = ANY (ARRAY['a'::text,
// 'b'::text])`, `(x >= 0) AND (x <= 9)`, `'-1'::integer`) and what was written (`status <>
// 'draft'`, `x in ('a', 'b')`, `x between 0 and 9`, `-1`) give the same fingerprint.
// Normalised: locations and parentheses (absent from trees); casts, however many, of constants,
// column references and array constructors (PostgreSQL adds them where a conversion is implicit:
// `(name)::text` for a varchar, `price::double precision`, and pushes an array's cast into its
// elements); constants compared by their text ('5' and 5); IN lists and = ANY (ARRAY[...]);
// NOT IN and <> ALL (ARRAY[...]); [NOT] BETWEEN [SYMMETRIC] and the comparisons it stands for;
// LIKE/ILIKE/SIMILAR TO and their operators ~~/~~*/~; IS NOT DISTINCT FROM and NOT (IS DISTINCT
// FROM); any cast of an operator's operand or a function's argument (PostgreSQL shows the implicit
// conversions it adds there: `(NULLIF(total, 0))::double precision`); a timestamp at midnight
// and its date ('2020-01-01 00:00:00+00' and '2020-01-01'); nested ANDs and ORs flattened; the
// pg_catalog and public qualifiers of type and function names (both on the search path, where
// PostgreSQL leaves them unwritten); `x IN (SELECT ...)` and `x = ANY (SELECT ...)`; CASE
// without ELSE and with ELSE NULL.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace schemac {

// nullopt when the text does not parse as an expression.
std::optional<std::string> expression_fingerprint(std::string_view expression);

bool same_expression(std::string_view a, std::string_view b);

// Any part of the parse tree of `sql` (a whole query too) normalised as above: the tree a
// fingerprint is the text of. Constants are read from `sql` at their locations.
nlohmann::json normalised_expression_tree(std::string_view sql, const nlohmann::json& node);

}  // namespace schemac
