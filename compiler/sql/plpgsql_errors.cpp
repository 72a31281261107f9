#include "compiler/sql/plpgsql_errors.hpp"

#include <pg_query.h>

#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/function_sql.hpp"
#include "compiler/sql/pg_parse.hpp"

namespace schemac::plpgsql {

using nlohmann::json;

Attempt attempt(const std::string& statement) {
    Attempt out;
    PgQueryPlpgsqlParseResult parsed = pg_query_parse_plpgsql(statement.c_str());
    if (parsed.error) {
        const PgQueryError& e = *parsed.error;
        out.message = e.message ? e.message : "syntax error";
        out.source = std::string(e.funcname ? e.funcname : "") + "@" + (e.filename ? e.filename : "");
        out.cursor = e.cursorpos;
    } else {
        out.functions = json::parse(parsed.plpgsql_funcs ? parsed.plpgsql_funcs : "[]", nullptr, false);
    }
    pg_query_free_plpgsql_parse_result(parsed);
    return out;
}

Attempt attempt_body(ir::Function function, std::string_view body) {
    function.body = std::string(body);
    return attempt(create_function_sql(function, false).text);
}

std::string_view token_text(std::string_view body, const SqlToken& t) { return body.substr(t.begin, t.end - t.begin); }

// The word PostgreSQL's message quotes: `... at or near "X"` (X may hold quotes itself: the
// message ends with its closing one), or `"X" is not ...`.
std::optional<std::string> near_word(const std::string& message) {
    const std::string near = " at or near \"";
    std::size_t at = message.find(near);
    if (at == std::string::npos || !message.ends_with('"')) return std::nullopt;
    std::size_t from = at + near.size();
    return message.substr(from, message.size() - 1 - from);
}

// The first word a message quotes: `"x" is not a known variable`, `there is no label "outer" ...`.
std::optional<std::string> quoted_word(const std::string& message) {
    std::size_t open = message.find('"');
    if (open == std::string::npos) return std::nullopt;
    std::size_t close = message.find('"', open + 1);
    if (close == std::string::npos || close == open + 1) return std::nullopt;
    return message.substr(open + 1, close - open - 1);
}

bool statement_boundary(std::string_view body, const SqlToken& t) {
    if (t.kind == ';') return true;
    if (!t.keyword && !t.identifier()) return false;
    std::string word = lower_ascii(token_text(body, t));
    return word == "begin" || word == "then" || word == "else" || word == "loop" || word == "declare" ||
           word == "exception";
}

namespace {

// Where, at or before token `last` (the one the parser stopped at), PostgreSQL places `error`.
std::size_t error_position(std::string_view body, const std::vector<SqlToken>& tokens, std::size_t last,
                           const std::string& error) {
    if (std::optional<std::string> word = near_word(error)) {
        for (std::size_t i = last + 1; i-- > 0;)
            if (token_text(body, tokens[i]) == *word) return tokens[i].begin;
        return tokens[last].begin;
    }
    // `"new.total" is not a known variable`, `there is no label "outer"`: the word it names.
    if (std::optional<std::string> word = quoted_word(error)) {
        for (std::size_t i = last + 1; i-- > 0;)
            if (body.substr(tokens[i].begin).starts_with(*word) &&
                word_length(body.substr(tokens[i].begin + word->size())) == 0)
                return tokens[i].begin;
    }
    // An SQL statement or expression that ends too early: right after its last token, which is
    // the one before what ends it when PL/pgSQL needed that to see the end.
    if (error.ends_with(" at end of input")) {
        std::string word = lower_ascii(token_text(body, tokens[last]));
        bool ends = tokens[last].kind == ';' || word == "then" || word == "loop";
        return ends && last > 0 ? tokens[last - 1].end : tokens[last].end;
    }
    // Otherwise the start of the statement it stops in.
    for (std::size_t i = last; i-- > 0;)
        if (statement_boundary(body, tokens[i])) return tokens[i + 1].begin;
    return tokens.empty() ? 0 : tokens[0].begin;
}

}  // namespace

// The byte offset in the body of the error `failed` reports for `function`.
std::size_t locate(const ir::Function& function, const Attempt& failed) {
    const std::string& body = function.body;
    if (failed.cursor > 0) {
        // A position libpg_query does give: in the CREATE statement when that does not parse, else
        // in the body (where the scanner refuses a token: `unterminated quoted string`).
        FunctionSql sql = create_function_sql(function, false);
        if (pg_parse(sql.text).ok()) return cursor_byte_offset(body, failed.cursor);
        std::size_t at = cursor_byte_offset(sql.text, failed.cursor);
        if (at >= sql.body_offset && at <= sql.body_offset + body.size()) return at - sql.body_offset;
        return 0;
    }
    if (failed.source.starts_with("plpgsql_yyerror@") && failed.message.ends_with(" at end of input"))
        return body.size();
    std::optional<std::vector<SqlToken>> scanned = sql_tokens(body);
    if (!scanned) {
        // The scanner refuses the text itself (an unterminated string): it says where.
        std::string text = body;
        PgQueryScanResult result = pg_query_scan(text.c_str());
        int cursor = result.error ? result.error->cursorpos : 0;
        pg_query_free_scan_result(result);
        return cursor > 0 ? cursor_byte_offset(body, cursor) : body.size();
    }
    std::vector<SqlToken> tokens;
    for (const SqlToken& t : *scanned)
        if (!t.comment()) tokens.push_back(t);
    if (tokens.empty()) return body.size();
    // The shortest prefix ending after a token that fails as the whole body does.
    std::size_t low = 0, high = tokens.size() - 1;
    while (low < high) {
        std::size_t middle = (low + high) / 2;
        if (attempt_body(function, std::string_view(body).substr(0, tokens[middle].end)).same_error(failed))
            high = middle;
        else
            low = middle + 1;
    }
    std::size_t last = low;
    // An error of the SQL parser in an embedded statement or expression, found once PL/pgSQL has
    // read it up to what ends it (`;`, `then`, `loop`, ...): the shortest text of it that, ended
    // the same way, fails alike stops at the token PostgreSQL points at.
    bool sql_error = failed.source.ends_with("@scan.l") || failed.source.ends_with("@gram.y");
    if (sql_error && !failed.message.ends_with(" at end of input") &&
        near_word(failed.message) != std::string(token_text(body, tokens[last]))) {
        std::string end(token_text(body, tokens[last]));
        low = 0;
        high = last;
        while (low < high) {
            std::size_t middle = (low + high) / 2;
            std::string text = body.substr(0, tokens[middle].end) + " " + end;
            if (attempt_body(function, text).same_error(failed))
                high = middle;
            else
                low = middle + 1;
        }
        return error_position(body, tokens, low, failed.message);
    }
    return error_position(body, tokens, last, failed.message);
}
}  // namespace schemac::plpgsql
