#include "runtime/trigger_condition.hpp"

namespace schemac::runtime {
namespace {

// The end of the quoted text starting at `at` (a ' or "), doubled quotes inside it included.
std::size_t after_quoted(std::string_view text, std::size_t at) {
    char quote = text[at];
    for (std::size_t i = at + 1; i < text.size(); ++i) {
        if (text[i] != quote) continue;
        if (i + 1 < text.size() && text[i + 1] == quote) {
            ++i;
            continue;
        }
        return i + 1;
    }
    return std::string_view::npos;
}

bool is_word_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::optional<std::string> trigger_condition(std::string_view definition) {
    constexpr std::string_view keyword = "WHEN (";
    std::size_t open = std::string_view::npos;
    for (std::size_t i = 0; i < definition.size();) {
        char c = definition[i];
        if (c == '\'' || c == '"') {
            i = after_quoted(definition, i);
            if (i == std::string_view::npos) return std::nullopt;
            continue;
        }
        if (definition.substr(i, keyword.size()) == keyword && (i == 0 || !is_word_character(definition[i - 1]))) {
            open = i + keyword.size() - 1;
            break;
        }
        ++i;
    }
    if (open == std::string_view::npos) return std::nullopt;
    int depth = 0;
    for (std::size_t i = open; i < definition.size();) {
        char c = definition[i];
        if (c == '\'' || c == '"') {
            i = after_quoted(definition, i);
            if (i == std::string_view::npos) return std::nullopt;
            continue;
        }
        if (c == '(') ++depth;
        if (c == ')' && --depth == 0) return std::string(definition.substr(open + 1, i - open - 1));
        ++i;
    }
    return std::nullopt;
}

}  // namespace schemac::runtime
