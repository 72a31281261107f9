// A plpgsql function's body through libpg_query's PL/pgSQL parser, as PostgreSQL compiles it
// when the function is created: the CREATE FUNCTION statement schemac renders for it (so the
// arguments are the body's variables, and NEW and OLD those of a trigger function) is what is
// parsed, and every SQL statement and expression inside the body is parsed by it too.
// Where it fails, the error is located in the body as written, as a byte offset. libpg_query
// reports no position for PL/pgSQL errors (PostgreSQL's own is an internal one it drops), so it
// is found by parsing prefixes of the body, each ending after a token: the shortest one that
// fails with the same message ends with the token the parser stopped at. The offset is then
// that of the token PostgreSQL names (`syntax error at or near "loop"`, `"x" is not a known
// variable`), of the end of an SQL statement or expression (`at end of input` in one), or of
// the body's end; a message naming no token points at the start of the statement it stops in.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac {

struct PlpgsqlParse {
    std::optional<nlohmann::json> function;  // the PLpgSQL_function object, when the body parses
    std::string error;                       // PostgreSQL's message, when it does not
    std::size_t error_offset = 0;            // byte offset of the error in `ir::Function::body`
    // Statements libpg_query's parser cannot read though PostgreSQL does, as written (see
    // plpgsql_parse.cpp): they are not in `function`, which holds a plain statement instead.
    std::vector<std::string> unread;
};

// `function` is a plpgsql function or procedure with a body (not an SQL-standard one).
PlpgsqlParse parse_plpgsql(const ir::Function& function);

// One SQL text of a PL/pgSQL tree (PLpgSQL_expr's `query`): a statement (`select ... from t`,
// `insert ...`, `call p()`), an expression (`a > 1`) or an assignment (`x := a + 1`,
// `arr[i] = 0`), given as the statements libpg_query parses for it: the statement itself, or
// `SELECT expr` (an assignment: `SELECT target` and `SELECT value`).
std::vector<std::string> embedded_sql_statements(std::string_view query, bool assignment);

// Calls `visit` for every PLpgSQL_expr object of a PL/pgSQL tree, with its query text and whether
// it is an assignment's.
using EmbeddedSqlVisit = std::function<void(nlohmann::json& expr, const std::string& query, bool assignment)>;
void for_each_embedded_sql(nlohmann::json& tree, const EmbeddedSqlVisit& visit);

}  // namespace schemac
