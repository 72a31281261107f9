// Fuzz target: any bytes as a migration file. The statement splitter never crashes; wherever
// PostgreSQL's own parser reads the text, the splitter finds the same statements, each
// with the same parse tree and within the parser's bounds, so that a migration runs every
// statement psql would run and nothing else.
#include <pg_query.h>

#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/sql_script.hpp"
#include "fuzz/fuzz_check.hpp"

namespace {

// Source positions in a parse tree: `location` numbers and each statement's place.
void drop_positions(nlohmann::json& node) {
    if (node.is_object()) {
        for (const char* key : {"location", "stmt_location", "stmt_len"})
            if (auto it = node.find(key); it != node.end() && it->is_number()) node.erase(it);
        for (auto& [key, value] : node.items()) drop_positions(value);
    } else if (node.is_array()) {
        for (auto& value : node) drop_positions(value);
    }
}

// What PostgreSQL's parser reads in `text`: its statements' trees without positions.
nlohmann::json parse_trees(const std::string& text) {
    PgQueryParseResult result = pg_query_parse(text.c_str());
    nlohmann::json trees = nullptr;
    if (result.error == nullptr) {
        trees = nlohmann::json::parse(result.parse_tree);
        drop_positions(trees);
    }
    pg_query_free_parse_result(result);
    return trees;
}

struct Statement {
    std::size_t from = 0;
    std::size_t to = 0;
    nlohmann::json tree;
};

std::string describe(const std::vector<Statement>& statements, const std::string& script) {
    std::string out;
    for (const Statement& s : statements)
        out += fmt::format("  [{}, {}) {:?}\n    {}\n", s.from, s.to, script.substr(s.from, s.to - s.from), s.tree.dump());
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string script = schemac::fuzz::input_text(data, size);
    std::vector<schemac::SqlStatement> ours;
    bool split = true;
    try {
        ours = schemac::split_sql_statements(script);
    } catch (const std::runtime_error&) {
        split = false;
    }
    if (script.find('\0') != std::string::npos) return 0;  // PostgreSQL would read only up to it

    PgQuerySplitResult theirs = pg_query_split_with_parser(script.c_str());
    if (theirs.error != nullptr) {
        pg_query_free_split_result(theirs);
        return 0;  // PostgreSQL refuses the text: nothing to agree on
    }
    std::vector<Statement> expected;
    for (int i = 0; i < theirs.n_stmts; ++i) {
        const PgQuerySplitStmt* stmt = theirs.stmts[i];
        Statement s;
        s.from = static_cast<std::size_t>(stmt->stmt_location);
        s.to = stmt->stmt_len == 0 ? script.size() : s.from + static_cast<std::size_t>(stmt->stmt_len);
        s.tree = parse_trees(script.substr(s.from, s.to - s.from));
        expected.push_back(std::move(s));
    }
    pg_query_free_split_result(theirs);

    schemac::fuzz::require(split, "the splitter refuses a script PostgreSQL's parser reads", script);
    std::vector<Statement> found;
    for (const schemac::SqlStatement& statement : ours)
        found.push_back({statement.offset, statement.offset + statement.text.size(), parse_trees(statement.text)});
    bool agree = found.size() == expected.size();
    for (std::size_t i = 0; agree && i < found.size(); ++i) {
        // The same statement, and the splitter's text lies within the parser's (which may
        // include the blanks and comments before it).
        agree = found[i].tree == expected[i].tree && found[i].from >= expected[i].from && found[i].to <= expected[i].to;
    }
    schemac::fuzz::require(agree, "the splitter and PostgreSQL's parser disagree",
                           fmt::format("splitter:\n{}parser:\n{}", describe(found, script), describe(expected, script)));
    return 0;
}
