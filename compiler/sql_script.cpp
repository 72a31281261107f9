#include "compiler/sql_script.hpp"

#include <pg_query.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "compiler/sha256.hpp"

namespace schemac {

std::vector<SqlStatement> split_sql_statements(std::string_view script) {
    std::string text(script);
    PgQuerySplitResult result = pg_query_split_with_scanner(text.c_str());
    if (result.error) {
        std::string message = result.error->message;
        pg_query_free_split_result(result);
        throw std::runtime_error(message);
    }
    std::vector<SqlStatement> out;
    std::size_t counted_to = 0;  // lines are counted incrementally: statements come in order
    int line = 1;
    for (int i = 0; i < result.n_stmts; ++i) {
        auto begin = static_cast<std::size_t>(result.stmts[i]->stmt_location);
        auto length = static_cast<std::size_t>(result.stmts[i]->stmt_len);
        if (length == 0) length = text.size() - begin;
        // Where the statement's code starts: past blanks and whole comment lines.
        std::size_t code = begin;
        while (code < text.size()) {
            if (text.compare(code, 2, "--") == 0) {
                code = text.find('\n', code);
                if (code == std::string::npos) break;
            } else if (!std::isspace(static_cast<unsigned char>(text[code]))) {
                break;
            }
            ++code;
        }
        if (code == std::string::npos || code >= begin + length) continue;  // only comments
        SqlStatement s;
        s.text = text.substr(code, begin + length - code);
        line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted_to),
                                            text.begin() + static_cast<std::ptrdiff_t>(code), '\n'));
        counted_to = code;
        s.line = line;
        s.offset = code;
        out.push_back(std::move(s));
    }
    pg_query_free_split_result(result);
    return out;
}

bool is_no_transaction_script(std::string_view script) {
    std::string_view first = script.substr(0, script.find('\n'));
    if (first.ends_with('\r')) first.remove_suffix(1);
    while (!first.empty() && (first.back() == ' ' || first.back() == '\t')) first.remove_suffix(1);
    return first == "-- schemac:no-transaction";
}

namespace {

// Source positions in a parse tree: `location` numbers (a CREATE TABLESPACE's `location` is a
// string, part of what it does, and stays), and each statement's place in the file.
void drop_positions(nlohmann::json& node) {
    if (node.is_object()) {
        for (const char* key : {"location", "stmt_location", "stmt_len"})
            if (auto it = node.find(key); it != node.end() && it->is_number()) node.erase(it);
        for (auto& [key, value] : node.items()) drop_positions(value);
    } else if (node.is_array()) {
        for (auto& value : node) drop_positions(value);
    }
}

}  // namespace

std::optional<std::string> statements_fingerprint(std::string_view script) {
    std::string text(script);
    PgQueryParseResult parsed = pg_query_parse(text.c_str());
    std::optional<std::string> out;
    if (!parsed.error) {
        nlohmann::json tree = nlohmann::json::parse(parsed.parse_tree, nullptr, false);
        tree.erase("version");
        drop_positions(tree);
        out = "sha256:" + sha256_hex(std::string(is_no_transaction_script(script) ? "no-transaction\n" : "transaction\n") +
                                     tree.dump());
    }
    pg_query_free_parse_result(parsed);
    return out;
}

}  // namespace schemac
