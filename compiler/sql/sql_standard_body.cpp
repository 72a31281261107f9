#include "compiler/sql/sql_standard_body.hpp"

#include <cctype>
#include <optional>

#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/pg_parse.hpp"

namespace schemac {
namespace {

std::string collapsed(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// `text` without a leading keyword (case-insensitive, whole word) and the white space after it.
std::optional<std::string_view> after_word(std::string_view text, std::string_view word) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    if (text.size() < word.size() || lower_ascii(text.substr(0, word.size())) != word) return std::nullopt;
    if (text.size() > word.size() && is_word_char(text[word.size()])) return std::nullopt;
    return text.substr(word.size());
}

}  // namespace

std::string canonical_sql_standard_body(std::string_view body) {
    if (std::optional<std::string_view> begin = after_word(body, "begin")) {
        if (std::optional<std::string_view> inner = after_word(*begin, "atomic")) {
            std::string_view statements = *inner;
            while (!statements.empty() &&
                   (std::isspace(static_cast<unsigned char>(statements.back())) || statements.back() == ';'))
                statements.remove_suffix(1);
            if (statements.size() >= 3 && lower_ascii(statements.substr(statements.size() - 3)) == "end" &&
                (statements.size() == 3 || !is_word_char(statements[statements.size() - 4]))) {
                statements.remove_suffix(3);
                if (collapsed(statements).empty()) return "BEGIN ATOMIC END";
                if (std::optional<std::string> deparsed = pg_deparse(statements))
                    return "BEGIN ATOMIC " + *deparsed + "; END";
            }
        }
        return collapsed(body);
    }
    static const std::string prefix = "CREATE FUNCTION f() RETURNS int LANGUAGE sql ";
    if (std::optional<std::string> deparsed = pg_deparse(prefix + std::string(body)))
        if (deparsed->starts_with(prefix)) return deparsed->substr(prefix.size());
    return collapsed(body);
}

}  // namespace schemac
