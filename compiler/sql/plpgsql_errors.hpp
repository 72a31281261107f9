// Where libpg_query's PL/pgSQL parser refuses a body, placed as PostgreSQL places it. libpg_query
// reports no position for PL/pgSQL errors (PostgreSQL's own is an internal one it drops), so it
// is found by parsing prefixes of the body, each ending after a token: the shortest one that
// fails with the same message ends with the token the parser stopped at (for an SQL error inside
// a statement, a second search appends what ends the statement). The offset is then that of the
// token PostgreSQL names (`syntax error at or near "loop"`, `"x" is not a known variable`), of
// the end of an SQL statement or expression (`at end of input` in one), or of the body's end; a
// message naming no token points at the start of the statement it stops in.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/ir/ir.hpp"
#include "compiler/sql/sql_tokens.hpp"

namespace schemac::plpgsql {

// One run of libpg_query's PL/pgSQL parser.
struct Attempt {
    std::optional<nlohmann::json> functions;  // libpg_query's list of PLpgSQL_function trees
    std::string message;
    std::string source;  // where PostgreSQL raised it (function and file): which parser refused
    int cursor = 0;      // in the statement; 0 for PL/pgSQL errors
    bool same_error(const Attempt& other) const {
        return !functions && !other.functions && message == other.message && source == other.source;
    }
};

Attempt attempt(const std::string& statement);
// `function`'s CREATE statement with `body` in place of its own.
Attempt attempt_body(ir::Function function, std::string_view body);

// The byte offset in `function.body` of the error `failed` reports for it.
std::size_t locate(const ir::Function& function, const Attempt& failed);

std::string_view token_text(std::string_view body, const SqlToken& t);
// The word PostgreSQL's message quotes: `... at or near "X"`; the first quoted word of any message.
std::optional<std::string> near_word(const std::string& message);
std::optional<std::string> quoted_word(const std::string& message);
// A token after which a PL/pgSQL statement starts: `;`, BEGIN, THEN, ELSE, LOOP, DECLARE, EXCEPTION.
bool statement_boundary(std::string_view body, const SqlToken& t);

}  // namespace schemac::plpgsql
