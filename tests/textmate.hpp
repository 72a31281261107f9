// A TextMate grammar read from its JSON and run over text, line by line, the way editors run
// it: for the grammar test of editors/. Regular expressions are C++'s ECMAScript ones, so a
// grammar is accepted only if it keeps to what Oniguruma and ECMAScript read alike (a leading
// `(?i)`, lookahead, \b, classes, groups, backreferences in `end`); anything else (lookbehind,
// \h, \G, \A, \z, \p{..}, \x{..}, atomic or possessive groups, `(?i)` elsewhere) is refused by
// name, so the grammar cannot drift into what only one engine understands. Includes of other
// grammars (`source.sql`) are recorded and contribute nothing here.
#pragma once

#include <cstddef>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace schemac::test::textmate {

// A run of text on one line with the scopes that apply to it, outermost first.
struct Token {
    std::size_t line = 0;    // 1-based
    std::size_t column = 0;  // 1-based, in bytes
    std::string text;
    std::vector<std::string> scopes;
};

struct Tokenized {
    std::vector<Token> tokens;
    // Scopes of the regions still open at the end of the text (begin without its end).
    std::vector<std::string> unclosed;
};

class Grammar {
public:
    // Throws std::runtime_error naming the rule for a pattern outside the shared subset.
    explicit Grammar(const nlohmann::json& grammar);
    ~Grammar();
    Grammar(const Grammar&) = delete;
    Grammar& operator=(const Grammar&) = delete;

    Tokenized tokenize(const std::string& text) const;
    const std::string& scope_name() const { return scope_name_; }
    // Other grammars included by name (source.sql), which this engine does not run.
    const std::set<std::string>& external_includes() const { return external_; }

    struct Rule;

private:
    std::string scope_name_;
    std::vector<std::unique_ptr<Rule>> rules_;
    const Rule* root_ = nullptr;
    std::set<std::string> external_;
};

}  // namespace schemac::test::textmate
