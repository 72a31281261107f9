#include "compiler/migrations/leading_words.hpp"

namespace schemac {
namespace {

// PostgreSQL 15's scanner: `ident_start [A-Za-z\200-\377_]`, `ident_cont [A-Za-z\200-\377_0-9\$]`,
// `space [ \t\n\r\f]`.
bool ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool ident_cont(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '$'; }
bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

LeadingWords leading_words(std::string_view statement) {
    LeadingWords out;
    std::size_t at = 0;
    while (out.count < out.word.size() && at < statement.size() && ident_start(statement[at])) {
        std::size_t end = at + 1;
        while (end < statement.size() && ident_cont(statement[end])) ++end;
        // A blank must follow: `U&'...'`, `E'...'` and the like start with a letter and are no word.
        if (end >= statement.size() || !blank(statement[end])) break;
        out.word[out.count++] = statement.substr(at, end - at);
        at = end;
        while (at < statement.size() && blank(statement[at])) ++at;
    }
    return out;
}

bool is_word(std::string_view word, std::string_view lower) {
    if (word.size() != lower.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (lower_ascii(word[i]) != lower[i]) return false;
    return true;
}

bool any_occurs_ignoring_case(std::string_view text, std::initializer_list<std::string_view> lowers) {
    for (std::size_t at = 0; at < text.size(); ++at) {
        const char c = lower_ascii(text[at]);
        for (std::string_view lower : lowers)
            if (!lower.empty() && lower[0] == c && is_word(text.substr(at, lower.size()), lower)) return true;
    }
    return false;
}

}  // namespace schemac
