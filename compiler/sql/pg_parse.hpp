// The compiler's way to hand SQL text to libpg_query. libpg_query reads C strings, so text
// holding a NUL byte would be parsed as the part before the NUL (`a > 0<NUL> OR true` as
// `a > 0`): such text is refused here, with an error at the NUL, and never parsed.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace schemac {

struct PgParse {
    std::optional<std::string> tree;  // libpg_query's JSON parse tree, when the text parses
    std::string error;                // PostgreSQL's message, when it does not
    int cursor = 0;                   // 1-based character position of the error; 0 when unknown
    bool ok() const { return tree.has_value(); }
};

PgParse pg_parse(std::string_view sql);

// The byte offset in `sql` of PostgreSQL's 1-based character position `cursor` (PgParse::cursor,
// PgQueryError::cursorpos), characters counted as PostgreSQL counts them in UTF-8; the end of the
// text when the position is unknown (0). The one such conversion: expressions, view bodies and
// migration scripts all locate PostgreSQL's errors through it.
std::size_t cursor_byte_offset(std::string_view sql, int cursor);

// The text libpg_query's deparser gives for `sql`; nullopt when it does not parse (or holds a NUL).
std::optional<std::string> pg_deparse(std::string_view sql);

// The parse tree of `sql` as two texts that mean the same share it: source positions left out
// (`location`, `stmt_location`, `stmt_len`), and integer constants as written (libpg_query's JSON
// prints 0 and every negative integer alike, as `{}`). nullopt when it does not parse.
std::optional<nlohmann::json> canonical_parse_tree(std::string_view sql);

// Whether both texts parse, to the same canonical tree: they mean the same.
bool same_parse_tree(std::string_view a, std::string_view b);

// The text of the constant that starts at byte `at` of `sql` (a parse tree's A_Const location): a
// quoted string's content, or a number or keyword as written, lower case, its sign included
// (`- 1` is `-1`).
std::string constant_text(std::string_view sql, std::size_t at);

// pg_deparse's text when it parses back to the tree of `sql`; nullopt when it does not (libpg_query
// 15 deparses `(now() AT TIME ZONE 'utc')::text` without the parentheses its meaning needs) or
// `sql` does not parse. What can be stored as a canonical form of `sql`.
std::optional<std::string> deparsed_if_faithful(std::string_view sql);

}  // namespace schemac
