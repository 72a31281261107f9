// A plain column line read by hand: the shape nearly every column line has (a bare name; a
// one-word type, or `double precision`, with number parameters and `[]` suffixes; and the
// modifiers `not null`, `null`, `primary key`, `unique`, `default` with a number, a string, a
// word or a call without arguments, `references` a bare table name with bare column names and
// `on delete` / `on update` actions, and `generated always|by default as identity` without
// sequence options), at a small part of what the rules cost for it. It takes a
// line only where column_definition would read the same line into the same parts, and leaves
// any other line (quotes, comments, casts, other modifiers, a modifier given twice, a missing
// blank) untouched, for column_definition to read or to report. Rules only, no actions: the
// rule hands the parts it read to the parser's action (see plain_column_line below).
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

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

// A foreign key action as `on delete` / `on update` write it (fk_action).
enum class PlainFkAction : std::int8_t { none, cascade, restrict, no_action, set_null, set_default };

struct PlainColumnLine {
    static constexpr int max_parameters = 4;          // a type's
    static constexpr int max_referenced_columns = 4;  // a reference's
    PlainPart name;
    PlainPart type;       // the whole type: its words, parameters and array suffixes
    PlainPart type_name;  // its words: one word, or `double` to `precision` (then double_precision)
    bool double_precision = false;
    int parameter_count = 0;
    PlainPart parameters[max_parameters];
    int array_dimensions = 0;
    PlainPart not_null, null, primary_key, unique;
    PlainPart default_clause;      // `default` to the end of its expression
    PlainPart default_expression;  // the expression alone
    PlainPart references;          // `references` to the end of its last part
    PlainPart referenced_table;    // a bare name
    int referenced_column_count = 0;
    PlainPart referenced_columns[max_referenced_columns];
    PlainFkAction on_delete = PlainFkAction::none, on_update = PlainFkAction::none;
    PlainPart identity;  // `generated` to `identity`
    bool identity_always = false;
    std::uint32_t content_end = 0;  // where the line's end starts: a line break, `}` or the end of the input
    std::uint32_t length = 0;       // what the line takes: through its line break, if it has one
};

// A column's type is not one of these words (`name not null` lacks its type): column_type's
// lookahead, and this reader's, take them from here.
struct modifier_keyword_words {
    static constexpr const char* list[] = {"not",        "null",  "primary",   "unique",  "default",
                                           "references", "check", "generated", "comment", "collate"};
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
// The end of the default expression at `at` (a number, a string without line breaks, a word,
// or a word and `()`), or nullptr where it is none of those or does not end there.
inline const char* default_expression_end(const char* at, const char* end) {
    const char* e = at;
    if (e != end && (digit(*e) || *e == '-')) {  // -?digits(.digits)?
        if (*e == '-') ++e;
        const char* digits = e;
        while (e != end && digit(*e)) ++e;
        if (e == digits) return nullptr;
        if (e != end && *e == '.') {
            const char* fraction = ++e;
            while (e != end && digit(*e)) ++e;
            if (e == fraction) return nullptr;
        }
    } else if (e != end && *e == '\'') {  // '...' with '' inside
        for (++e;; ++e) {
            if (e == end || *e == '\n' || *e == '\r') return nullptr;
            if (*e != '\'') continue;
            if (e + 1 != end && e[1] == '\'') {
                ++e;
                continue;
            }
            ++e;
            break;
        }
    } else {
        e = word_end(at, end);
        if (e == at) return nullptr;
        if (e != end && *e == '(') {  // a call without arguments
            if (e + 1 == end || e[1] != ')') return nullptr;
            e += 2;
        }
    }
    return ends_part(e, end) ? e : nullptr;
}
// The first words of the type_words alternatives other than a qualified name, which the rules
// read as more than one word (`double precision` is read here too, apart).
inline constexpr std::string_view multi_word_type_starts[] = {"character", "char", "bit", "timestamp", "time"};

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
// The foreign key action after `on delete` / `on update` (fk_action), the cursor past it; none
// where there is no action.
inline PlainFkAction take_fk_action(const char*& at, const char* end) {
    if (take_word(at, end, "cascade")) return PlainFkAction::cascade;
    if (take_word(at, end, "restrict")) return PlainFkAction::restrict;
    const char* p = at;
    if (take_word(p, end, "no") && take_word(p, end, "action")) return at = p, PlainFkAction::no_action;
    p = at;
    if (take_word(p, end, "set")) {
        if (take_word(p, end, "null")) return at = p, PlainFkAction::set_null;
        if (take_word(p, end, "default")) return at = p, PlainFkAction::set_default;
    }
    return PlainFkAction::none;
}
}  // namespace plain_line

// Reads the plain column line that [begin, end) starts with into `line`: false (and `line`
// unspecified) where the text is not one.
inline bool read_plain_column_line(const char* begin, const char* end, PlainColumnLine& line) {
    using namespace plain_line;
    line = PlainColumnLine{};
    auto offset = [begin](const char* at) { return static_cast<std::uint32_t>(at - begin); };
    const char* at = word_end(begin, end);
    if (at == begin) return false;
    line.name = {0, offset(at)};

    const char* type_begin = skip_blanks(at, end);
    if (type_begin == at) return false;
    at = word_end(type_begin, end);
    if (at == type_begin) return false;
    if (is_word(type_begin, at, "double")) {
        const char* second = skip_blanks(at, end);
        const char* second_end = word_end(second, end);
        if (second == at || !is_word(second, second_end, "precision")) return false;
        at = second_end;
        line.double_precision = true;
    } else {
        for (std::string_view word : modifier_keyword_words::list)
            if (is_word(type_begin, at, word)) return false;
        for (std::string_view word : multi_word_type_starts)
            if (is_word(type_begin, at, word)) return false;
        if (at != end && *at == '.') return false;  // schema-qualified
    }
    line.type_name = {offset(type_begin), offset(at)};
    if (const char* open = skip_blanks(at, end); open != end && *open == '(') {
        if (line.double_precision) return false;
        at = parenthesised_list(begin, open, end, line.parameters, line.parameter_count, digits_end);
        if (!at) return false;
    }
    for (;;) {  // array suffixes: [] or [N]
        const char* p = skip_blanks(at, end);
        if (p == end || *p != '[') break;
        p = skip_blanks(p + 1, end);
        while (p != end && digit(*p)) ++p;
        p = skip_blanks(p, end);
        if (p == end || *p != ']' || line.array_dimensions == 1000) return false;
        at = p + 1;
        ++line.array_dimensions;
    }
    line.type = {offset(type_begin), offset(at)};

    for (;;) {
        const char* modifier = skip_blanks(at, end);
        if (modifier == end || *modifier == '\n' || *modifier == '\r' || *modifier == '}') {
            line.content_end = offset(modifier);
            if (modifier == end || *modifier == '}')
                line.length = offset(modifier);
            else if (*modifier == '\n')
                line.length = offset(modifier) + 1;
            else if (modifier + 1 != end && modifier[1] == '\n')
                line.length = offset(modifier) + 2;
            else
                return false;  // a lone carriage return
            return true;
        }
        if (modifier == at) return false;
        const char* word = word_end(modifier, end);
        PlainPart* flag = nullptr;
        if (is_word(modifier, word, "not") || is_word(modifier, word, "primary")) {
            bool is_not = is_word(modifier, word, "not");
            const char* second = skip_blanks(word, end);
            const char* second_end = word_end(second, end);
            if (second == word || !is_word(second, second_end, is_not ? "null" : "key")) return false;
            flag = is_not ? &line.not_null : &line.primary_key;
            word = second_end;
        } else if (is_word(modifier, word, "null")) {
            flag = &line.null;
        } else if (is_word(modifier, word, "unique")) {
            flag = &line.unique;
        } else if (is_word(modifier, word, "references")) {
            // references TABLE [(COLUMN, ...)] [on delete ACTION] [on update ACTION]
            auto [table, table_end] = next_word(word, end);
            if (table == table_end || line.references.present()) return false;
            line.referenced_table = {offset(table), offset(table_end)};
            const char* stop = table_end;
            if (const char* open = skip_blanks(table_end, end); open != end && *open == '(') {
                stop = parenthesised_list(begin, open, end, line.referenced_columns, line.referenced_column_count,
                                          word_end);
                if (!stop) return false;
            }
            for (;;) {  // on delete / on update, each at most once
                const char* p = stop;
                if (!take_word(p, end, "on")) break;
                bool is_delete = take_word(p, end, "delete");
                if (!is_delete && !take_word(p, end, "update")) return false;
                PlainFkAction& action = is_delete ? line.on_delete : line.on_update;
                if (action != PlainFkAction::none) return false;
                action = take_fk_action(p, end);
                if (action == PlainFkAction::none) return false;
                stop = p;
            }
            if (!ends_part(stop, end)) return false;
            line.references = {offset(modifier), offset(stop)};
            at = stop;
            continue;
        } else if (is_word(modifier, word, "generated")) {
            // generated always|by default as identity, without sequence options
            const char* p = word;
            bool always = take_word(p, end, "always");
            if (!always && !(take_word(p, end, "by") && take_word(p, end, "default"))) return false;
            if (!take_word(p, end, "as") || !take_word(p, end, "identity") || line.identity.present()) return false;
            if (!ends_part(p, end) || (skip_blanks(p, end) != end && *skip_blanks(p, end) == '(')) return false;
            line.identity = {offset(modifier), offset(p)};
            line.identity_always = always;
            at = p;
            continue;
        } else if (is_word(modifier, word, "default")) {
            const char* expression = skip_blanks(word, end);
            const char* expression_end = expression == word ? nullptr : default_expression_end(expression, end);
            if (!expression_end || line.default_clause.present()) return false;
            line.default_clause = {offset(modifier), offset(expression_end)};
            line.default_expression = {offset(expression), offset(expression_end)};
            at = expression_end;
            continue;
        } else {
            return false;
        }
        if (flag->present() || !ends_part(word, end)) return false;
        *flag = {offset(modifier), offset(word)};
        at = word;
    }
}

// The rule: a plain column line, through its line break. It reads the line once: where the
// parse runs actions and Action<plain_column_line> has a `read_line(begin, line, states...)`,
// the rule hands it what it read (an `apply` would have to read the line again).
struct plain_column_line {
    using rule_t = plain_column_line;
    using subs_t = p::empty_list;
    template <p::apply_mode A, p::rewind_mode, template <typename...> class Action, template <typename...> class,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, States&&... states) {
        PlainColumnLine line;
        if (!read_plain_column_line(in.current(), in.end(), line)) return false;
        if constexpr (A == p::apply_mode::action) {
            if constexpr (requires { Action<plain_column_line>::read_line(in.current(), line, states...); })
                Action<plain_column_line>::read_line(in.current(), line, states...);
            else  // a line taken and not handed over would be a column lost without a word
                static_assert(std::is_same_v<Action<plain_column_line>, p::nothing<plain_column_line>>,
                              "Action<plain_column_line> must have read_line(begin, line, states...)");
        }
        in.bump(line.length);
        return true;
    }
};

}  // namespace schemac::grammar

// plain_column_line consumes at least the column's name when it succeeds.
template <typename Name>
struct tao::pegtl::analyze_traits<Name, schemac::grammar::plain_column_line> : tao::pegtl::analyze_any_traits<> {};
