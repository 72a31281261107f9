#include "compiler/migrations/sql_script.hpp"

#include <fmt/format.h>
#include <pg_query.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "compiler/migrations/sha256.hpp"
#include "compiler/migrations/statement_rules.hpp"
#include "compiler/source/source.hpp"
#include "compiler/sql/pg_parse.hpp"

namespace schemac {
namespace {

using json = nlohmann::json;

// libpg_query's results, freed however the function that holds them ends.
struct SplitResult {
    explicit SplitResult(PgQuerySplitResult result) : r(result) {}
    SplitResult(const SplitResult&) = delete;
    SplitResult& operator=(const SplitResult&) = delete;
    ~SplitResult() { pg_query_free_split_result(r); }
    PgQuerySplitResult r;
};
struct ParseResult {
    explicit ParseResult(PgQueryParseResult result) : r(result) {}
    ParseResult(const ParseResult&) = delete;
    ParseResult& operator=(const ParseResult&) = delete;
    ~ParseResult() { pg_query_free_parse_result(r); }
    PgQueryParseResult r;
};

// PostgreSQL 15's scanner: `space [ \t\n\r\f]`; a `--` comment runs to a line feed or a carriage
// return; `/* */` comments nest.
bool sql_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Where code starts in text[from, to): past blanks and comments. Used only on text the parser
// accepted, between a statement's start and its first token, where nothing else can be.
std::size_t code_start(std::string_view text, std::size_t from, std::size_t to) {
    std::size_t at = from;
    while (at < to) {
        if (sql_space(text[at])) {
            ++at;
        } else if (text.compare(at, 2, "--") == 0) {
            while (at < to && text[at] != '\n' && text[at] != '\r') ++at;
        } else if (text.compare(at, 2, "/*") == 0) {
            int depth = 0;
            while (at < to) {
                if (text.compare(at, 2, "/*") == 0) {
                    ++depth;
                    at += 2;
                } else if (text.compare(at, 2, "*/") == 0) {
                    at += 2;
                    if (--depth == 0) break;
                } else {
                    ++at;
                }
            }
        } else {
            break;
        }
    }
    return std::min(at, to);
}

// Why `body` (the script from `base` on) does not parse, located in the script. A psql
// meta-command and a client COPY (whose rows the parser stumbles on) are named as such.
SqlScriptError parse_failure(std::string_view script, std::size_t base, const std::string& body,
                             const PgQueryError& error) {
    std::size_t at = base + (error.cursorpos > 0 ? cursor_byte_offset(body, error.cursorpos)
                                                 : code_start(body, 0, body.size()));
    // A client COPY before the failure: the parser fails on its rows (or on what follows it).
    // PostgreSQL's scanner splits the text before the failure (when it can scan it).
    const std::string before = body.substr(0, at - base);
    SplitResult pieces{pg_query_split_with_scanner(before.c_str())};
    if (!pieces.r.error)
        for (int i = 0; i < pieces.r.n_stmts; ++i) {
            auto begin = static_cast<std::size_t>(pieces.r.stmts[i]->stmt_location);
            auto length = static_cast<std::size_t>(pieces.r.stmts[i]->stmt_len);
            std::string_view piece = std::string_view(before).substr(begin, length);
            if (std::optional<ClientCopy> copy = statement_facts(piece).client_copy)
                return SqlScriptError(base + code_start(body, begin, begin + piece.size()), client_copy_message(*copy),
                                      client_copy_help(*copy));
        }
    if (at < script.size() && script[at] == '\\') {
        std::size_t end = at + 1;
        while (end < script.size() && std::isalpha(static_cast<unsigned char>(script[end]))) ++end;
        return SqlScriptError(at,
                              fmt::format("`{}` is a psql meta-command: schemac sends each statement to PostgreSQL "
                                          "itself, and PostgreSQL knows only SQL",
                                          script.substr(at, end - at)),
                              "write it as SQL (`\\set` has no SQL form in a migration; `\\i other.sql`: put that "
                              "file's statements here, or in a migration of its own)");
    }
    // "unterminated quoted string at or near" quotes the rest of the file: the caret says where.
    std::string message = error.message;
    if (std::size_t near = message.find(" at or near ");
        near != std::string::npos && (message.find_first_of("\r\n") != std::string::npos || message.size() > 120))
        message.erase(near);
    return SqlScriptError(at, fmt::format("{} (read with PostgreSQL 15's parser)", message),
                          "fix the statement: schemac reads every migration with PostgreSQL's own parser before it "
                          "runs any of it; then run `schemac hash`");
}

// A NUL byte or a byte that is not UTF-8: PostgreSQL would stop reading at the one, and a UTF-8
// database refuses the other (libpg_query's parse trees cannot carry it either).
void refuse_unreadable_bytes(std::string_view script) {
    std::vector<BadByte> bad = find_bad_bytes(script, 1);
    if (bad.empty()) return;
    if (bad[0].nul)
        throw SqlScriptError(bad[0].offset,
                             "a NUL byte (\\0) in the file: PostgreSQL's parser would stop reading there, and what "
                             "follows would silently not run",
                             "remove it; if the file is UTF-16 (every other byte NUL), save it as UTF-8; then run "
                             "`schemac hash`");
    throw SqlScriptError(bad[0].offset,
                         fmt::format("the file is not UTF-8 here (byte 0x{:02X}): schemac reads migrations as UTF-8, "
                                     "as a UTF-8 database does",
                                     static_cast<unsigned char>(script[bad[0].offset])),
                         "save the file as UTF-8 (a byte like this one comes from Latin-1 or Windows-1252 text); "
                         "then run `schemac hash`");
}

// Source positions in a parse tree: `location` numbers (a CREATE TABLESPACE's `location` is a
// string, part of what it does, and stays), and each statement's place in the file.
void drop_positions(json& node) {
    if (node.is_object()) {
        for (const char* key : {"location", "stmt_location", "stmt_len"})
            if (auto it = node.find(key); it != node.end() && it->is_number()) node.erase(it);
        for (auto& [key, value] : node.items()) drop_positions(value);
    } else if (node.is_array()) {
        for (auto& value : node) drop_positions(value);
    }
}

// The statements of a parse tree, without source positions; nullopt when `text` does not parse.
std::optional<json> parsed_statements(const std::string& text) {
    ParseResult parsed{pg_query_parse(text.c_str())};
    if (parsed.r.error) return std::nullopt;
    json tree = json::parse(parsed.r.parse_tree, nullptr, false);
    json stmts = tree.is_object() && tree.contains("stmts") ? tree["stmts"] : json::array();
    for (json& s : stmts) s = s.value("stmt", json());
    drop_positions(stmts);
    return stmts;
}

}  // namespace

std::size_t byte_order_mark_length(std::string_view script) { return script.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

std::vector<SqlStatement> split_sql_statements(std::string_view script) {
    refuse_unreadable_bytes(script);
    const std::size_t base = byte_order_mark_length(script);
    const std::string body(script.substr(base));
    SplitResult result{pg_query_split_with_parser(body.c_str())};
    if (result.r.error) throw parse_failure(script, base, body, *result.r.error);
    std::vector<SqlStatement> out;
    std::size_t counted_to = 0;  // lines are counted incrementally: statements come in order
    int line = 1;
    for (int i = 0; i < result.r.n_stmts; ++i) {
        auto begin = static_cast<std::size_t>(result.r.stmts[i]->stmt_location);
        std::size_t end = std::min(body.size(), begin + static_cast<std::size_t>(result.r.stmts[i]->stmt_len));
        std::size_t code = code_start(body, begin, end);
        if (code >= end) continue;
        SqlStatement s;
        s.text = body.substr(code, end - code);
        s.offset = base + code;
        line += static_cast<int>(std::count(script.begin() + static_cast<std::ptrdiff_t>(counted_to),
                                            script.begin() + static_cast<std::ptrdiff_t>(s.offset), '\n'));
        counted_to = s.offset;
        s.line = line;
        out.push_back(std::move(s));
    }
    return out;
}

bool split_agrees_with_parser(std::string_view script) {
    std::vector<SqlStatement> split;
    bool refused = false;
    try {
        split = split_sql_statements(script);
    } catch (const SqlScriptError&) {
        refused = true;
    }
    try {
        refuse_unreadable_bytes(script);
    } catch (const SqlScriptError&) {
        return refused;
    }
    std::optional<json> whole = parsed_statements(std::string(script.substr(byte_order_mark_length(script))));
    if (!whole) return refused;
    if (refused || whole->size() != split.size()) return false;
    for (std::size_t i = 0; i < split.size(); ++i) {
        const SqlStatement& s = split[i];
        if (script.substr(s.offset, s.text.size()) != s.text) return false;
        if (s.line != 1 + std::count(script.begin(), script.begin() + static_cast<std::ptrdiff_t>(s.offset), '\n'))
            return false;
        std::optional<json> alone = parsed_statements(s.text);
        if (!alone || alone->size() != 1 || (*alone)[0] != (*whole)[i]) return false;
    }
    return true;
}

bool is_no_transaction_script(std::string_view script) {
    script.remove_prefix(byte_order_mark_length(script));
    std::string_view first = script.substr(0, script.find_first_of("\r\n"));  // where PostgreSQL ends the comment
    while (!first.empty() && (first.back() == ' ' || first.back() == '\t')) first.remove_suffix(1);
    return first == "-- schemac:no-transaction";
}

std::optional<std::string> statements_fingerprint(std::string_view script) {
    try {
        refuse_unreadable_bytes(script);
    } catch (const SqlScriptError&) {
        return std::nullopt;
    }
    ParseResult parsed{pg_query_parse(std::string(script.substr(byte_order_mark_length(script))).c_str())};
    if (parsed.r.error) return std::nullopt;
    json tree = json::parse(parsed.r.parse_tree, nullptr, false);
    if (!tree.is_object()) return std::nullopt;
    tree.erase("version");
    drop_positions(tree);
    return "sha256:" + sha256_hex(std::string(is_no_transaction_script(script) ? "no-transaction\n" : "transaction\n") +
                                  tree.dump());
}

}  // namespace schemac
