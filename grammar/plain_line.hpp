// What the hand readers of common table lines (plain_column_line.hpp, plain_index_line.hpp)
// share: the parts they mark, the byte tests they read with (the same sets as the rules'), and
// the rule that hands a line read by hand to the parser's action. Rules only, no actions.
#pragma once

#include <tao/pegtl.hpp>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include "grammar/lexical.hpp"

namespace schemac::grammar {

// Bytes [begin, end) from the start of the line; `end == 0` is a part the line does not have.
struct PlainPart {
    std::uint32_t begin = 0, end = 0;
    bool present() const { return end != 0; }
};

namespace plain_line {
inline bool blank(char c) { return c == ' ' || c == '\t'; }
inline bool digit(char c) { return c >= '0' && c <= '9'; }
// The end of the bare word at `at` (bare_identifier), or `at` where none starts.
inline const char* word_end(const char* at, const char* end) {
    if (at == end || !is_ident_first_byte(*at)) return at;
    for (++at; at != end && is_ident_other_byte(*at);) ++at;
    return at;
}
// Whether [begin, end) is the lower-case word `word` in any letter case.
inline bool is_word(const char* begin, const char* end, std::string_view word) {
    if (static_cast<std::size_t>(end - begin) != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        char c = begin[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != word[i]) return false;
    }
    return true;
}
inline const char* skip_blanks(const char* at, const char* end) {
    while (at != end && blank(*at)) ++at;
    return at;
}
// Where a word or a default's expression may end: the line goes on with a blank or ends.
inline bool ends_part(const char* at, const char* end) {
    return at == end || blank(*at) || *at == '\n' || *at == '\r' || *at == '}';
}
// The next bare word after at least one blank: [word, end of word), or nothing (both at `at`).
inline std::pair<const char*, const char*> next_word(const char* at, const char* end) {
    const char* word = skip_blanks(at, end);
    if (word == at) return {at, at};
    const char* word_stop = word_end(word, end);
    return word_stop == word ? std::pair{at, at} : std::pair{word, word_stop};
}
// Whether the blanks and the word after `at` are `word`; then `at` moves past it.
inline bool take_word(const char*& at, const char* end, std::string_view word) {
    auto [begin, stop] = next_word(at, end);
    if (begin == stop || !is_word(begin, stop, word)) return false;
    at = stop;
    return true;
}
// The end of the digits at `at`, or `at` where none starts.
inline const char* digits_end(const char* at, const char* end) {
    while (at != end && digit(*at)) ++at;
    return at;
}
// The parenthesised list whose `(` is at `open`: items that `item_end` reads (the end of the
// item at a place, or that place where none starts), blanks around them and commas between, at
// most N into `parts` (counted in `count`, offsets from `begin`). The end past its `)`, or
// nullptr where the list is none of that.
template <int N, class ItemEnd>
const char* parenthesised_list(const char* begin, const char* open, const char* end, PlainPart (&parts)[N], int& count,
                               ItemEnd item_end) {
    for (const char* p = open + 1;;) {
        p = skip_blanks(p, end);
        const char* stop = item_end(p, end);
        if (stop == p || count == N) return nullptr;
        parts[count++] = {static_cast<std::uint32_t>(p - begin), static_cast<std::uint32_t>(stop - begin)};
        p = skip_blanks(stop, end);
        if (p != end && *p == ',') {
            ++p;
            continue;
        }
        return p != end && *p == ')' ? p + 1 : nullptr;
    }
}
// The end of the plain string ('...' with '' inside, on one line) whose quote is at `at`: past
// its closing quote; nullptr where it does not end on its line.
inline const char* plain_string_end(const char* at, const char* end) {
    for (++at;; ++at) {
        if (at == end || *at == '\n' || *at == '\r') return nullptr;
        if (*at != '\'') continue;
        if (at + 1 == end || at[1] != '\'') return at + 1;
        ++at;
    }
}
// Whether `at` is where a line's content ends: a line break, `}` or the end of the input.
inline bool at_line_end(const char* at, const char* end) {
    return at == end || *at == '\n' || *at == '\r' || *at == '}';
}
// The end of plain SQL text at `at`, on one line: words, numbers, operators, plain strings
// ('...' with '' inside) and balanced parentheses; nullptr where it has anything the rules read
// apart or where this reader would not follow them (a quote of another kind, a comment, a
// dollar, a slash, a backslash, brackets, a form feed or vertical tab, a line break or `}`
// inside parentheses). Inside parentheses (`closed`): the `)` that closes them. Otherwise (an
// index's predicate): the line's end or `}`, where a `)` closes nothing.
inline const char* plain_sql_end(const char* at, const char* end, bool closed) {
    int depth = 0;
    for (;; ++at) {
        if (at_line_end(at, end)) return depth == 0 && !closed ? at : nullptr;
        switch (*at) {
            case '/':
            case '\\':
            case '$':
            case '"':
            case '[':
            case ']':
            case '\f':
            case '\v': return nullptr;
            case '-':
                if (at + 1 != end && at[1] == '-') return nullptr;  // a comment
                break;
            case '(': ++depth; break;
            case ')':
                if (depth == 0) return closed ? at : nullptr;
                --depth;
                break;
            case '\'': {  // a plain string, without backslashes (E'...' reads them apart)
                const char* string_end = plain_string_end(at, end);
                if (!string_end || std::find(at, string_end, '\\') != string_end) return nullptr;
                at = string_end - 1;
                break;
            }
            default: break;
        }
    }
}
// At the line end `at` (at_line_end): where the content ends and what the line takes (through
// its line break, if it has one), as offsets from `begin`; false at a lone carriage return,
// which item_end does not take as a line end.
inline bool take_line_end(const char* begin, const char* at, const char* end, std::uint32_t& content_end,
                          std::uint32_t& length) {
    content_end = static_cast<std::uint32_t>(at - begin);
    if (at == end || *at == '}')
        length = content_end;
    else if (*at == '\n')
        length = content_end + 1;
    else if (at + 1 != end && at[1] == '\n')
        length = content_end + 2;
    else
        return false;
    return true;
}
}  // namespace plain_line

// The rule of a line read by hand: `Read(begin, end, line)` reads the `Line` that the input
// starts with, or says it is none. It reads the line once: where the parse runs actions, the
// rule hands what it read to Action<Self>'s `read_line(begin, line, states...)` (an `apply`
// would have to read the line again); then it takes `line.length` bytes.
template <typename Self, typename Line, bool (*Read)(const char*, const char*, Line&)>
struct hand_read_line {
    using rule_t = Self;
    using subs_t = p::empty_list;
    template <p::apply_mode A, p::rewind_mode, template <typename...> class Action, template <typename...> class,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, States&&... states) {
        Line line;
        if (!Read(in.current(), in.end(), line)) return false;
        if constexpr (A == p::apply_mode::action) {
            if constexpr (requires { Action<Self>::read_line(in.current(), line, states...); })
                Action<Self>::read_line(in.current(), line, states...);
            else  // a line taken and not handed over would be an item lost without a word
                static_assert(std::is_same_v<Action<Self>, p::nothing<Self>>,
                              "Action<Self> must have read_line(begin, line, states...)");
        }
        in.bump(line.length);
        return true;
    }
};

}  // namespace schemac::grammar
