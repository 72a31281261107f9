#include "runtime/redact.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <optional>
#include <utility>

namespace schemac::runtime {
namespace {

// Where a password stands in a text: [begin, end), and how it is written.
struct PasswordSpan {
    std::size_t begin = 0, end = 0;
    enum Form { key_value, uri_user_info, uri_query } form = key_value;
};

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool is_password_keyword(std::string_view word) {
    return equals_ignoring_case(word, "password") || equals_ignoring_case(word, "sslpassword");
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// %XX decoded where XX is hex; an invalid escape stays as written (libpq refuses it, and quotes
// the token as written in its message).
std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Where the scheme before `://` at `at` begins (letters, digits, `+`, `-`, `.`, starting with a
// letter); npos when there is none.
std::size_t scheme_before(std::string_view text, std::size_t at) {
    std::size_t begin = at;
    while (begin > 0) {
        char c = text[begin - 1];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') break;
        --begin;
    }
    return begin < at && std::isalpha(static_cast<unsigned char>(text[begin])) ? begin : std::string_view::npos;
}

// The passwords of the URI whose authority starts at `authority` (just after `://`). libpq takes
// the user info up to the first `@` before the first `/`; a password that itself holds `@` (or a
// space) is taken up to the last `@` of that chain, so that no piece of it is left as host name.
// A URI in double quotes (as libpq's messages quote it) ends at the closing quote; one inside a
// message, at the end of its line; one that is the whole text (a connection string as given),
// at the end of the text, line feeds and all, as libpq reads it.
void uri_spans(std::string_view text, std::size_t authority, bool quoted, bool whole, std::vector<PasswordSpan>& out) {
    std::size_t end = authority;
    while (end < text.size() && (whole || text[end] != '\n') && !(quoted && text[end] == '"')) ++end;
    std::size_t slash = text.find('/', authority);
    std::size_t region = std::min(end, slash == std::string_view::npos ? text.size() : slash);
    std::size_t at = text.find('@', authority);
    std::size_t query_from = authority;
    if (at != std::string_view::npos && at < region) {
        // Further `@` belong to the password while no space separates them from the first.
        for (std::size_t next = text.find('@', at + 1); next != std::string_view::npos && next < region;
             next = text.find('@', next + 1)) {
            std::string_view between = text.substr(at, next - at);
            if (std::any_of(between.begin(), between.end(), is_space)) break;
            at = next;
        }
        std::size_t colon = text.find(':', authority);
        if (colon != std::string_view::npos && colon < at && colon + 1 < at)
            out.push_back({colon + 1, at, PasswordSpan::uri_user_info});
        query_from = at + 1;
    }
    std::size_t query = text.find('?', query_from);
    if (query == std::string_view::npos || query >= end) return;
    std::size_t param = query + 1;
    while (param < end) {
        std::size_t stop = param;
        while (stop < end && text[stop] != '&') ++stop;
        std::size_t equals = text.find('=', param);
        if (equals != std::string_view::npos && equals < stop &&
            is_password_keyword(percent_decoded(text.substr(param, equals - param))) && equals + 1 < stop)
            out.push_back({equals + 1, stop, PasswordSpan::uri_query});
        if (stop >= end || text[stop] != '&') break;
        param = stop + 1;
    }
}

// The end of an unquoted key/value word starting at `at`: the first space not escaped by `\`.
std::size_t unquoted_value_end(std::string_view text, std::size_t at) {
    while (at < text.size() && !is_space(text[at])) at += text[at] == '\\' ? 2 : 1;
    return std::min(at, text.size());
}

// A `password = value` pair at `at` (a word boundary), as libpq's key/value parser reads it: spaces
// around `=`, a value in single quotes with backslash escapes (unterminated: the rest of the
// text), or unquoted up to a space (a backslash escapes the next character). An unquoted value
// followed by words that are no `key=` (an unquoted space, which libpq refuses) takes them too.
void key_value_span(std::string_view text, std::size_t at, std::vector<PasswordSpan>& out) {
    std::size_t word_end = at;
    while (word_end < text.size() && !is_space(text[word_end]) && text[word_end] != '=') ++word_end;
    if (!is_password_keyword(text.substr(at, word_end - at))) return;
    std::size_t i = word_end;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size() || text[i] != '=') return;
    ++i;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) return;
    std::size_t begin = i, end = i;
    if (text[i] == '\'') {
        end = i + 1;
        while (end < text.size() && text[end] != '\'') end += text[end] == '\\' ? 2 : 1;
        end = std::min(end + 1, text.size());
    } else {
        end = unquoted_value_end(text, i);
        for (;;) {
            std::size_t next = end;
            while (next < text.size() && is_space(text[next])) ++next;
            if (next >= text.size() || next == end) break;
            std::size_t next_end = next;
            while (next_end < text.size() && !is_space(text[next_end]) && text[next_end] != '=') ++next_end;
            std::size_t after = next_end;
            while (after < text.size() && is_space(text[after])) ++after;
            if (after < text.size() && text[after] == '=') break;  // the next key
            if (text[next] == '"') break;                          // a quoted word of a message, not a password
            end = unquoted_value_end(text, next);
        }
    }
    if (end > begin) out.push_back({begin, end, PasswordSpan::key_value});
}

std::vector<PasswordSpan> password_spans(std::string_view text) {
    std::vector<PasswordSpan> spans;
    for (std::size_t at = text.find("://"); at != std::string_view::npos; at = text.find("://", at + 3))
        if (std::size_t scheme = scheme_before(text, at); scheme != std::string_view::npos)
            uri_spans(text, at + 3, scheme > 0 && text[scheme - 1] == '"', scheme == 0, spans);
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool boundary = i == 0 || is_space(text[i - 1]) || text[i - 1] == '"' || text[i - 1] == '\'';
        if (boundary && (lower(text[i]) == 'p' || lower(text[i]) == 's')) key_value_span(text, i, spans);
    }
    std::sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    std::vector<PasswordSpan> merged;
    for (const PasswordSpan& s : spans) {
        if (!merged.empty() && s.begin <= merged.back().end)
            merged.back().end = std::max(merged.back().end, s.end);
        else
            merged.push_back(s);
    }
    return merged;
}

// A key/value value as libpq reads it: without its quotes and backslash escapes.
std::string unescaped(std::string_view value) {
    bool quoted = !value.empty() && value.front() == '\'';
    if (quoted) value.remove_prefix(1);
    if (quoted && !value.empty() && value.back() == '\'') value.remove_suffix(1);
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && ++i == value.size()) break;  // libpq drops a backslash that ends the text
        out += value[i];
    }
    return out;
}

void add_pieces(std::string_view text, std::string_view separators, std::vector<std::string>& out) {
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find_first_of(separators, begin);
        if (end == std::string_view::npos) end = text.size();
        if (end > begin && end - begin < text.size()) out.emplace_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
}

struct Secrets {
    std::mutex mutex;
    std::vector<std::pair<std::string, std::string>> replacements;  // longest first
};
Secrets& secrets() {
    static Secrets kept;
    return kept;
}

void add_replacement(std::string from, std::string to) {
    if (from.empty() || from == to) return;
    Secrets& s = secrets();
    std::lock_guard<std::mutex> lock(s.mutex);
    for (const auto& [known, _] : s.replacements)
        if (known == from) return;
    s.replacements.emplace_back(std::move(from), std::move(to));
    std::stable_sort(s.replacements.begin(), s.replacements.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

}  // namespace

namespace {

// The options libpq reads from `text` as a connection string (keyword, value; those with a
// value), or nullopt when libpq refuses it (or it holds a NUL, which no C string does).
std::optional<std::vector<std::pair<std::string, std::string>>> libpq_reading(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) return std::nullopt;
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(std::string(text).c_str(), &error);
    PQfreemem(error);
    if (!options) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> out;
    for (PQconninfoOption* o = options; o->keyword; ++o)
        if (o->val) out.emplace_back(o->keyword, o->val);
    PQconninfoFree(options);
    return out;
}

bool libpq_reads_a_password(std::string_view text) {
    std::optional<std::vector<std::pair<std::string, std::string>>> options = libpq_reading(text);
    if (!options) return false;
    for (const auto& [keyword, value] : *options)
        if (is_password_keyword(keyword) && !value.empty() && value != redacted_marker) return true;
    return false;
}

// The connection string libpq reads from `text`, written again in key/value form with every
// password ***: for a text so malformed that the spans above leave libpq a password in it.
std::string rewritten_without_passwords(std::string_view text) {
    std::string out;
    std::vector<std::pair<std::string, std::string>> options = libpq_reading(text).value_or(decltype(options){});
    for (const auto& [keyword, value] : options) {
        std::string quoted = "'";
        for (char c : is_password_keyword(keyword) ? std::string(redacted_marker) : value)
            quoted += (c == '\'' || c == '\\') ? std::string("\\") + c : std::string(1, c);
        out += (out.empty() ? "" : " ") + keyword + "=" + quoted + "'";
    }
    return out;
}

}  // namespace

std::optional<std::string> libpq_password(std::string_view connection) {
    std::optional<std::vector<std::pair<std::string, std::string>>> options = libpq_reading(connection);
    if (!options) return std::nullopt;
    std::string out;
    for (const auto& [keyword, value] : *options)
        if (keyword == "password") out = value;
    return out;
}

std::string redact_password(std::string_view text) {
    std::string out;
    std::size_t copied = 0;
    for (const PasswordSpan& s : password_spans(text)) {
        out.append(text.substr(copied, s.begin - copied));
        out.append(redacted_marker);
        copied = s.end;
    }
    out.append(text.substr(copied));
    if (libpq_reads_a_password(out)) return rewritten_without_passwords(out);
    return out;
}

std::vector<std::string> passwords_in(std::string_view connection) {
    std::vector<std::string> out;
    for (const PasswordSpan& s : password_spans(connection)) {
        std::string_view raw = connection.substr(s.begin, s.end - s.begin);
        out.emplace_back(raw);
        if (s.form == PasswordSpan::key_value) {
            out.push_back(unescaped(raw));
            add_pieces(raw, " \t\r\n\f\v", out);  // libpq quotes a word after an unquoted space
        } else {
            out.push_back(percent_decoded(raw));
            std::vector<std::string> pieces;
            add_pieces(raw, "@", pieces);  // libpq's password ends at the first `@`, the rest is the host
            for (const std::string& p : pieces) {
                out.push_back(p);
                out.push_back(percent_decoded(p));
            }
        }
    }
    // And exactly what libpq reads, however malformed the rest of the text.
    if (auto options = libpq_reading(connection))
        for (const auto& [keyword, value] : *options)
            if (is_password_keyword(keyword)) out.push_back(value);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    out.erase(std::remove(out.begin(), out.end(), std::string()), out.end());
    return out;
}

void remember_secrets(std::string_view connection) {
    add_replacement(std::string(connection), redact_password(connection));
    for (std::string& secret : passwords_in(connection))
        if (secret.size() >= shortest_free_text_secret)
            add_replacement(std::move(secret), std::string(redacted_marker));
}

void remember_secret(std::string_view secret) {
    if (secret.size() >= shortest_free_text_secret) add_replacement(std::string(secret), std::string(redacted_marker));
}

bool has_secrets() {
    Secrets& s = secrets();
    std::lock_guard<std::mutex> lock(s.mutex);
    return !s.replacements.empty();
}

std::string hide_remembered_secrets(std::string_view text) {
    std::string out(text);
    Secrets& s = secrets();
    std::lock_guard<std::mutex> lock(s.mutex);
    for (const auto& [from, to] : s.replacements) {
        for (std::size_t at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size()))
            out.replace(at, from.size(), to);
    }
    return out;
}

std::string redact_secrets(std::string_view text) { return hide_remembered_secrets(redact_password(text)); }

}  // namespace schemac::runtime
