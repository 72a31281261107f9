// SQL text as PostgreSQL's own scanner splits it into tokens (libpg_query's scanner): byte
// ranges and token kinds, comments included as tokens of their own. For the few things that
// need a text's tokens rather than its parse tree: the token PostgreSQL's message names, where
// a PL/pgSQL assignment's target ends.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace schemac {

struct SqlToken {
    std::size_t begin = 0;  // byte offsets in the text
    std::size_t end = 0;
    int kind = 0;  // libpg_query's Token: a character's code for one-character tokens ('=', ';'), else >= 258
    bool keyword = false;
    bool comment() const { return kind == 275 || kind == 276; }     // SQL_COMMENT, C_COMMENT
    bool assignment() const { return kind == 270 || kind == '='; }  // COLON_EQUALS or '='
    bool identifier() const { return kind == 258; }                 // IDENT: a bare or double-quoted name
    bool string_constant() const { return kind == 261; }            // SCONST: '...', E'...', $tag$...$tag$
    // Whether the token is the keyword `word` (written in lower case) in `sql`, whatever its case there.
    bool is_keyword(std::string_view sql, std::string_view word) const;
};

// nullopt when the scanner refuses the text (an unterminated string or comment, a NUL byte).
std::optional<std::vector<SqlToken>> sql_tokens(std::string_view sql);

}  // namespace schemac
