// The editor packages of editors/: the TextMate grammar classifies every token of every
// example (schemas/ and the ```schema blocks of the docs) with no error scope and no region
// left open; it puts SQL where SQL is; and the VS Code extension's manifest points at what
// exists and starts `schemac lsp`.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "tests/support.hpp"
#include "tests/textmate.hpp"

using namespace schemac;
using test::textmate::Grammar;
using test::textmate::Token;
using test::textmate::Tokenized;

namespace {

const std::filesystem::path& extension_dir() {
    static const std::filesystem::path dir = test::source_dir() / "editors/vscode";
    return dir;
}

nlohmann::json read_json(const std::filesystem::path& path) { return nlohmann::json::parse(test::read(path)); }

const Grammar& grammar() {
    static const Grammar g(read_json(extension_dir() / "syntaxes/schema.tmLanguage.json"));
    return g;
}

bool has_scope(const Token& token, const std::string& prefix) {
    return std::any_of(token.scopes.begin(), token.scopes.end(),
                       [&](const std::string& scope) { return scope.rfind(prefix, 0) == 0; });
}

bool blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::string describe(const Token& token) {
    std::ostringstream out;
    out << token.line << ":" << token.column << " `" << token.text << "`";
    for (const auto& scope : token.scopes) out << " " << scope;
    return out.str();
}

// Every token that is not white space has a scope of its own and none of them is an error.
std::vector<std::string> problems(const std::string& text) {
    Tokenized tokenized = grammar().tokenize(text);
    std::vector<std::string> out;
    for (const Token& token : tokenized.tokens) {
        if (blank(token.text)) continue;
        if (token.scopes.size() < 2) out.push_back("not classified: " + describe(token));
        if (has_scope(token, "invalid")) out.push_back("error scope: " + describe(token));
    }
    // A function's text runs to the next declaration or the end of the file: that one may stay open.
    if (tokenized.unclosed != std::vector<std::string>{"meta.function.schema"}) {
        for (const auto& open : tokenized.unclosed) out.push_back("still open at the end: " + open);
    }
    return out;
}

// The first token with exactly this text on the given line.
Token token_at(const Tokenized& tokenized, std::size_t line, const std::string& text) {
    for (const Token& token : tokenized.tokens) {
        if (token.line == line && token.text == text) return token;
    }
    FAIL("no token `" << text << "` on line " << line);
    return {};
}

std::vector<std::pair<std::string, std::string>> examples() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(test::source_dir() / "schemas")) {
        if (entry.path().extension() == ".schema") {
            out.emplace_back(std::filesystem::relative(entry.path(), test::source_dir()).string(),
                             test::read(entry.path()));
        }
    }
    for (const char* doc : {"docs/language.md", "docs/migrations.md"}) {
        auto blocks = test::schema_blocks(doc);
        out.insert(out.end(), blocks.begin(), blocks.end());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("editors: the TextMate grammar classifies every token of every example, with no error scope") {
    auto files = examples();
    REQUIRE(files.size() >= 40);
    std::size_t tokens = 0;
    for (const auto& file : files) {
        const std::string& name = file.first;  // not a structured binding: clang cannot capture one
        const std::string& text = file.second;
        CAPTURE(name);
        std::vector<std::string> found = problems(text);
        std::string listed;
        for (const auto& problem : found) listed += "\n  " + problem;
        CHECK_MESSAGE(found.empty(), name, ":", listed);
        tokens += grammar().tokenize(text).tokens.size();
    }
    CHECK(tokens > 3000);
    // SQL is left to the editor's own SQL grammar.
    CHECK(grammar().external_includes() == std::set<std::string>{"source.sql"});
}

TEST_CASE("editors: the grammar says what each piece is, with SQL where the language takes SQL") {
    Tokenized t = grammar().tokenize(
        "// people\n"                                                    // 1
        "table app.users @was(people) {\n"                               // 2
        "  email text not null check email_has_at (email like '%@%')\n"  // 3
        "  state app.state default 'draft'\n"                            // 4
        "  index (lower(email)) where state <> 'gone' // partial\n"      // 5
        "}\n"                                                            // 6
        "enum app.state { draft, \"On Hold\" }\n"                        // 7
        "function app.f() returns int language sql as $$\n"              // 8
        "table inside_the_body\n"                                        // 9
        "$$\n"                                                           // 10
        "view v as (select ')' as x)\n");                                // 11
    CHECK(has_scope(token_at(t, 1, " people"), "comment.line.double-slash"));
    CHECK(has_scope(token_at(t, 2, "table"), "storage.type.table"));
    CHECK(has_scope(token_at(t, 2, "app.users"), "entity.name.type.table"));
    CHECK(has_scope(token_at(t, 2, "was"), "keyword.control.directive"));
    CHECK(has_scope(token_at(t, 2, "people"), "variable.other.former-name"));
    CHECK(has_scope(token_at(t, 3, "email"), "variable.other.member"));
    CHECK(has_scope(token_at(t, 3, "text"), "storage.type.column"));
    CHECK(has_scope(token_at(t, 3, "not"), "keyword.other"));
    CHECK(has_scope(token_at(t, 3, "'%@%'"), "meta.embedded.expression.sql"));
    CHECK(has_scope(token_at(t, 4, "app.state"), "storage.type.column"));
    CHECK(has_scope(token_at(t, 4, "'draft'"), "string.quoted.single"));
    CHECK(has_scope(token_at(t, 5, "'gone'"), "meta.embedded.expression.sql"));
    CHECK(has_scope(token_at(t, 5, " partial"), "comment.line"));
    CHECK_FALSE(has_scope(token_at(t, 5, " partial"), "meta.embedded"));
    CHECK(has_scope(token_at(t, 7, "draft"), "constant.other.enum-value"));
    CHECK(has_scope(token_at(t, 7, "\"On Hold\""), "constant.other.enum-value"));
    CHECK(has_scope(token_at(t, 8, "app.f"), "entity.name.function"));
    // A body is read whole: a line in it that looks like a declaration is still SQL.
    CHECK(has_scope(token_at(t, 9, "table inside_the_body"), "meta.embedded.block.sql"));
    // A parenthesis inside a string does not end the SQL.
    CHECK(has_scope(token_at(t, 11, "')'"), "string.quoted.single.sql"));
    CHECK(has_scope(token_at(t, 11, " as x"), "meta.embedded.expression.sql"));
    CHECK(t.unclosed.empty());
    CHECK(grammar().tokenize("function f() returns int language sql as $$ select 1 $$\n").unclosed ==
          std::vector<std::string>{"meta.function.schema"});
}

TEST_CASE("editors: what the language does not have is marked as an error, and an open region is found") {
    CHECK_FALSE(problems("table t {\n  id int # not a comment\n}\n").empty());
    CHECK_FALSE(problems("table t {\n  id int check (id > 0\n}\n").empty());
    CHECK_FALSE(problems("}\n").empty());
    CHECK(problems("table t {\n  id int check (id > 0)\n}\n").empty());
}

TEST_CASE("editors: a grammar outside what both regular-expression engines read alike is refused") {
    auto refused = [](const std::string& pattern) {
        nlohmann::json g = {{"scopeName", "source.x"}, {"patterns", {{{"match", pattern}, {"name", "x"}}}}};
        CHECK_THROWS_AS(Grammar{g}, std::runtime_error);
    };
    refused("(?<=a)b");
    refused("\\h+");
    refused("a(?i)b");
    refused("(unclosed");
}

TEST_CASE("editors: the VS Code extension declares the language, the grammar and the server") {
    nlohmann::json manifest = read_json(extension_dir() / "package.json");
    const auto& contributes = manifest.at("contributes");
    const auto& language = contributes.at("languages").at(0);
    CHECK(language.at("id") == "schemac");
    CHECK(language.at("extensions") == nlohmann::json::array({".schema"}));
    CHECK(std::filesystem::exists(extension_dir() / language.at("configuration").get<std::string>()));
    nlohmann::json configuration = read_json(extension_dir() / language.at("configuration").get<std::string>());
    CHECK(configuration.at("comments").at("lineComment") == "//");

    const auto& grammar_entry = contributes.at("grammars").at(0);
    CHECK(grammar_entry.at("language") == "schemac");
    CHECK(grammar_entry.at("scopeName") == grammar().scope_name());
    CHECK(std::filesystem::exists(extension_dir() / grammar_entry.at("path").get<std::string>()));
    CHECK(grammar_entry.at("embeddedLanguages").at("meta.embedded.block.sql") == "sql");
    CHECK(grammar_entry.at("embeddedLanguages").at("meta.embedded.expression.sql") == "sql");

    std::string main = manifest.at("main").get<std::string>();
    REQUIRE(std::filesystem::exists(extension_dir() / main));
    std::string code = test::read(extension_dir() / main);
    CHECK(code.find("'lsp'") != std::string::npos);
    CHECK(code.find("schemac.path") != std::string::npos);
    CHECK(manifest.at("contributes").at("configuration").at("properties").contains("schemac.path"));
}
