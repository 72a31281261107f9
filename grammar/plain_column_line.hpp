// A plain column line read by hand: the shape nearly every column line has (a bare name; a
// one-word type, or `double precision`, with number parameters and `[]` suffixes; and the
// modifiers `not null`, `null`, `primary key`, `unique`, `default` with a number, a string, a
// word or a call without arguments, `references` a bare table name with bare column names and
// `on delete` / `on update` actions, `generated always|by default as identity` without
// sequence options, and `check (EXPRESSION)` without a name, directives or options, its
// expression on the line and plain: see plain_sql_end), at a small part of what the rules cost
// for it. It takes a line only where column_definition would read the same line into the same
// parts, and leaves any other line (quotes, comments, casts, other modifiers, a modifier given twice, a missing
// blank) untouched, for column_definition to read or to report. Rules only, no actions: the
// rule hands the parts it read to the parser's action (see plain_column_line below).
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include <cstdint>
#include <string_view>

#include "grammar/plain_line.hpp"

namespace schemac::grammar {

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
    PlainPart check;                // `check` to its `)`
    PlainPart check_expression;     // what its parentheses hold
    std::uint32_t content_end = 0;  // where the line's end starts: a line break, `}` or the end of the input
    std::uint32_t length = 0;       // what the line takes: through its line break, if it has one
};

// A column's type is not one of these words (`name not null` lacks its type): column_type's
// lookahead, and this reader's, take them from here.
struct modifier_keyword_words {
    static constexpr std::string_view list[] = {"not",        "null",  "primary",   "unique",  "default",
                                                "references", "check", "generated", "comment", "collate"};
};

namespace plain_line {
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
        e = plain_string_end(e, end);
        if (!e) return nullptr;
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
        if (at_line_end(modifier, end)) return take_line_end(begin, modifier, end, line.content_end, line.length);
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
        } else if (is_word(modifier, word, "check")) {
            // check (EXPRESSION) without a name, directives or options
            const char* open = skip_blanks(word, end);
            if (open == end || *open != '(' || line.check.present()) return false;
            const char* close = plain_sql_end(open + 1, end, true);
            if (!close || !ends_part(close + 1, end)) return false;
            line.check = {offset(modifier), offset(close + 1)};
            line.check_expression = {offset(open + 1), offset(close)};
            at = close + 1;
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

// The rule: a plain column line, through its line break, handed to Action<plain_column_line>'s
// read_line (see hand_read_line).
struct plain_column_line : hand_read_line<plain_column_line, PlainColumnLine, read_plain_column_line> {};

}  // namespace schemac::grammar

// plain_column_line consumes at least the column's name when it succeeds.
template <typename Name>
struct tao::pegtl::analyze_traits<Name, schemac::grammar::plain_column_line> : tao::pegtl::analyze_any_traits<> {};
