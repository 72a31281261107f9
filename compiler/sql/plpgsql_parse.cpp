#include "compiler/sql/plpgsql_parse.hpp"

#include <pg_query.h>

#include <algorithm>
#include <set>

#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/function_sql.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/sql_tokens.hpp"

namespace schemac {
namespace {

using nlohmann::json;

struct Attempt {
    std::optional<json> functions;  // libpg_query's list of PLpgSQL_function trees
    std::string message;
    std::string source;  // where PostgreSQL raised it (function and file): which parser refused
    int cursor = 0;      // in the statement; 0 for PL/pgSQL errors
    bool same_error(const Attempt& other) const {
        return !functions && !other.functions && message == other.message && source == other.source;
    }
};

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
    if (!t.keyword && t.kind != 258) return false;
    std::string word = lower_ascii(token_text(body, t));
    return word == "begin" || word == "then" || word == "else" || word == "loop" || word == "declare" ||
           word == "exception";
}

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

void visit_embedded(json& node, const EmbeddedSqlVisit& visit, bool assignment) {
    if (node.is_array()) {
        for (auto& item : node) visit_embedded(item, visit, assignment);
        return;
    }
    if (!node.is_object()) return;
    for (auto& [key, value] : node.items()) {
        if (key == "PLpgSQL_expr" && value.is_object() && value.contains("query") && value["query"].is_string())
            visit(value, value["query"].get<std::string>(), assignment);
        else
            visit_embedded(value, visit, key == "PLpgSQL_stmt_assign" || (assignment && key == "expr"));
    }
}

// libpg_query keeps a declared variable's type as its text, where PostgreSQL parses it as a type
// name: the first one that does not parse, with the byte offset of the error in the body (the
// text is found from the start of its line on).
std::optional<std::pair<std::string, std::size_t>> declared_type_error(const json& function, std::string_view body) {
    const std::string prefix = "SELECT CAST(NULL AS ";
    for (const json& datum : function.value("datums", json::array())) {
        for (const auto& [kind, fields] : datum.items()) {
            if (!fields.contains("datatype") || !fields.contains("lineno")) continue;
            std::string type = fields["datatype"].value("PLpgSQL_type", json::object()).value("typname", "");
            if (type.empty() || type == "UNKNOWN" || type.find('%') != std::string::npos) continue;
            PgParse parsed = pg_parse(prefix + type + ")");
            if (parsed.ok()) {
                // One type name, not text that closes the CAST early and goes on.
                json tree = json::parse(*parsed.tree, nullptr, false);
                const json& targets = tree["stmts"][0]["stmt"]["SelectStmt"].value("targetList", json::array());
                if (tree["stmts"].size() == 1 && targets.size() == 1 &&
                    targets[0]["ResTarget"]["val"].contains("TypeCast"))
                    continue;
                return std::pair{std::string("invalid type name \"") + type + "\"", std::size_t{0}};
            }
            std::size_t line = 0;
            for (int n = fields.value("lineno", 1); n > 1 && line != std::string_view::npos; --n)
                line = body.find('\n', line) == std::string_view::npos
                           ? std::string_view::npos
                           : body.find('\n', line) + 1;
            std::size_t at = line == std::string_view::npos ? std::string_view::npos : body.find(type, line);
            if (at == std::string_view::npos) return std::pair{parsed.error, std::size_t{0}};
            std::size_t inside = cursor_byte_offset(prefix + type + ")", parsed.cursor);
            return std::pair{parsed.error, at + (inside > prefix.size() ? inside - prefix.size() : 0)};
        }
    }
    return std::nullopt;
}

}  // namespace

namespace {

// libpg_query's PL/pgSQL parser knows no variable's type, so it refuses three things PostgreSQL
// accepts: OPEN, FETCH, MOVE and CLOSE of a cursor variable (`variable "c" must be of type cursor
// or refcursor`), an assignment to a field of a record or row variable (`"r.total" is not a known
// variable`), and a cursor FOR loop (`for r in c loop`: a syntax error at the cursor's name).
// Such a statement is blanked out (layout and length kept, so offsets stay the body's) into one
// it reads: the query of `OPEN c FOR query`, the value of `r.total := value` (as a SELECT), the
// body of the loop (as a plain LOOP), `null;` for the rest; and the name is kept to check, once
// the body parses, that it is a declared variable. The statement's text is kept too.
struct Neutralised {
    std::string body;
    std::string variable;   // folded
    bool cursor = false;    // it must be a cursor (declared `cursor for ...`, or a refcursor)
    std::string statement;  // as written
};

std::string blanked(std::string_view text, std::string_view start = {}) {
    std::string out(text);
    for (char& c : out)
        if (c != '\n') c = ' ';
    return std::string(start) + out.substr(std::min(start.size(), out.size()));
}

std::optional<Neutralised> neutralised(const ir::Function& function, const Attempt& failed) {
    const std::string& body = function.body;
    std::optional<std::vector<SqlToken>> scanned = sql_tokens(body);
    if (!scanned) return std::nullopt;
    std::vector<SqlToken> tokens;
    for (const SqlToken& t : *scanned)
        if (!t.comment()) tokens.push_back(t);
    std::size_t at = locate(function, failed);
    std::size_t i = 0;
    while (i < tokens.size() && tokens[i].begin < at) ++i;
    if (i == tokens.size() || tokens[i].begin != at) return std::nullopt;
    auto word = [&](std::size_t k) { return k < tokens.size() ? lower_ascii(token_text(body, tokens[k])) : ""; };
    std::size_t first = i;  // the statement's first token
    while (first > 0 && !statement_boundary(body, tokens[first - 1])) --first;
    std::size_t end = i;  // its `;`, or the last token
    for (int depth = 0; end + 1 < tokens.size() && !(depth == 0 && tokens[end].kind == ';'); ++end)
        depth += tokens[end].kind == '(' ? 1 : tokens[end].kind == ')' ? -1 : 0;
    auto replace = [&](std::size_t from, std::size_t to, std::string_view start, std::string variable,
                       bool cursor = true) {
        std::size_t b = tokens[from].begin, e = tokens[to].end;
        if (e - b < start.size()) return std::optional<Neutralised>();
        std::string out = body.substr(0, b) + blanked(std::string_view(body).substr(b, e - b), start) + body.substr(e);
        return std::optional<Neutralised>(
            Neutralised{out, std::move(variable), cursor,
                        body.substr(tokens[first].begin, tokens[end].end - tokens[first].begin)});
    };
    const std::string& message = failed.message;
    const std::string cursor_prefix = "variable \"", cursor_suffix = "\" must be of type cursor or refcursor";
    if (message.starts_with(cursor_prefix) && message.ends_with(cursor_suffix) &&
        message.size() > cursor_prefix.size() + cursor_suffix.size()) {
        std::string variable = message.substr(cursor_prefix.size(),
                                              message.size() - cursor_prefix.size() - cursor_suffix.size());
        for (std::size_t k = first; k < end; ++k)
            if (word(first) == "open" && word(k) == "for") return replace(first, k, "", variable);
        return replace(first, end, "null;", variable);
    }
    std::optional<std::string> quoted = quoted_word(message);
    if (quoted && message == "\"" + *quoted + "\" is not a known variable" && quoted->find('.') != std::string::npos) {
        for (std::size_t k = i + 1, depth = 0; k < end; ++k) {
            if (tokens[k].kind == '[' || tokens[k].kind == '(') ++depth;
            if ((tokens[k].kind == ']' || tokens[k].kind == ')') && depth > 0) --depth;
            if (depth == 0 && tokens[k].assignment())
                return replace(i, k, "select", identifier_value(quoted->substr(0, quoted->find('.'))), false);
        }
        return std::nullopt;
    }
    // `for r in c loop` or `for r in c(args) loop`, refused at `c`.
    if (near_word(message) && i >= 3 && word(i - 1) == "in" && word(i - 3) == "for" && i - 3 == first) {
        std::size_t last = i;
        if (tokens[i + 1 < tokens.size() ? i + 1 : i].kind == '(')
            for (int depth = 0; last + 1 < tokens.size(); ++last) {
                depth += tokens[last].kind == '(' ? 1 : tokens[last].kind == ')' ? -1 : 0;
                if (tokens[last].kind == ')' && depth == 0) break;
            }
        if (word(last + 1) != "loop") return std::nullopt;
        return replace(first, last, "", identifier_value(token_text(body, tokens[i])));
    }
    return std::nullopt;
}

// Whether each name is a variable the body declares (or an argument of the function), a cursor
// where it must be one.
bool declared(const json& tree, const ir::Function& function, const std::vector<Neutralised>& uses) {
    std::set<std::string> variables, cursors;
    for (const ir::FunctionArgument& a : function.arguments) {
        variables.insert(a.name);
        if (a.type.name == "refcursor" && a.type.array_dimensions == 0) cursors.insert(a.name);
    }
    for (const json& datum : tree.value("datums", json::array()))
        for (const auto& [kind, fields] : datum.items()) {
            std::string name = fields.value("refname", "");
            variables.insert(name);
            std::string type =
                fields.value("datatype", json::object()).value("PLpgSQL_type", json::object()).value("typname", "");
            if (fields.contains("cursor_explicit_expr") || lower_ascii(type).find("refcursor") != std::string::npos)
                cursors.insert(name);
        }
    return std::all_of(uses.begin(), uses.end(),
                       [&](const Neutralised& n) { return (n.cursor ? cursors : variables).count(n.variable) > 0; });
}

}  // namespace

PlpgsqlParse parse_plpgsql(const ir::Function& function) {
    PlpgsqlParse out;
    if (std::size_t nul = function.body.find('\0'); nul != std::string::npos) {
        out.error = "a NUL byte (0x00) is not allowed in SQL text";
        out.error_offset = nul;
        return out;
    }
    ir::Function working = function;
    std::optional<std::pair<Attempt, std::string>> refused;  // libpg_query's first refusal, and the body it was of
    std::vector<Neutralised> uses;
    for (int round = 0; round < 100; ++round) {
        Attempt whole = attempt(create_function_sql(working, false).text);
        if (!whole.functions) {
            std::optional<Neutralised> next = neutralised(working, whole);
            if (!next) {
                out.error = whole.message;
                out.error_offset = locate(working, whole);
                return out;
            }
            if (!refused) refused.emplace(whole, working.body);
            working.body = next->body;
            out.unread.push_back(next->statement);
            uses.push_back(std::move(*next));
            continue;
        }
        json tree = json::object();
        if (whole.functions->is_array() && !whole.functions->empty() &&
            (*whole.functions)[0].contains("PLpgSQL_function"))
            tree = (*whole.functions)[0]["PLpgSQL_function"];
        if (refused && !declared(tree, function, uses)) {
            // Not what libpg_query cannot know: PostgreSQL refuses it too.
            working.body = refused->second;
            out.unread.clear();
            out.error = refused->first.message;
            out.error_offset = locate(working, refused->first);
        } else if (auto type_error = declared_type_error(tree, function.body)) {
            out.error = type_error->first;
            out.error_offset = type_error->second;
        } else {
            out.function = std::move(tree);
        }
        return out;
    }
    out.error = "the body has too many statements schemac cannot read";
    return out;
}

std::vector<std::string> embedded_sql_statements(std::string_view query, bool assignment) {
    if (assignment) {
        // `target := value` (or `=`): the first assignment operator outside brackets.
        if (std::optional<std::vector<SqlToken>> tokens = sql_tokens(query)) {
            int depth = 0;
            for (const SqlToken& t : *tokens) {
                if (t.kind == '(' || t.kind == '[') ++depth;
                if (t.kind == ')' || t.kind == ']') --depth;
                if (depth == 0 && t.assignment())
                    return {"SELECT " + std::string(query.substr(0, t.begin)),
                            "SELECT " + std::string(query.substr(t.end))};
            }
        }
    }
    if (pg_parse(query).ok()) return {std::string(query)};
    return {"SELECT " + std::string(query)};
}

void for_each_embedded_sql(json& tree, const EmbeddedSqlVisit& visit) { visit_embedded(tree, visit, false); }

}  // namespace schemac
