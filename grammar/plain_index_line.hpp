// A plain index line read by hand: the shape most index lines have (`[unique] index [NAME]
// (COLUMN, ...)`, bare names, and an optional `where PREDICATE` that ends its line), at a small
// part of what table_index's rules cost for it. It takes a line only where table_index would
// read the same line into the same parts, and leaves any other (quoted names, directives, a
// method, expressions, sort orders, `include`, `with`, comments, and a predicate that is not
// plain SQL: see plain_sql_end) untouched, for the rules to read or to report. Rules only, no
// actions: the rule hands the parts it read to the parser's action.
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include <cstdint>

#include "grammar/plain_line.hpp"

namespace schemac::grammar {

struct PlainIndexLine {
    static constexpr int max_columns = 8;
    bool unique = false;
    PlainPart name;  // absent for an index without one
    int column_count = 0;
    PlainPart columns[max_columns];
    PlainPart predicate;            // without the blanks after it
    std::uint32_t content_end = 0;  // where the line's end starts: a line break, `}` or the end of the input
    std::uint32_t length = 0;       // what the line takes: through its line break, if it has one
};

// Reads the plain index line that [begin, end) starts with into `line`: false (and `line`
// unspecified) where the text is not one.
inline bool read_plain_index_line(const char* begin, const char* end, PlainIndexLine& line) {
    using namespace plain_line;
    line = PlainIndexLine{};
    auto offset = [begin](const char* at) { return static_cast<std::uint32_t>(at - begin); };
    const char* at = word_end(begin, end);
    if (is_word(begin, at, "unique")) {
        line.unique = true;
        const char* second = skip_blanks(at, end);
        if (second == at) return false;
        at = word_end(second, end);
        if (!is_word(second, at, "index")) return false;
    } else if (!is_word(begin, at, "index")) {
        return false;
    }
    const char* open = skip_blanks(at, end);
    if (open == end) return false;
    if (*open != '(') {
        if (open == at) return false;  // `index` runs into something that is no blank
        const char* name_end = word_end(open, end);
        if (name_end == open || is_word(open, name_end, "using")) return false;
        line.name = {offset(open), offset(name_end)};
        open = skip_blanks(name_end, end);
        if (open == end || *open != '(') return false;
    }
    at = parenthesised_list(begin, open, end, line.columns, line.column_count, word_end);
    if (!at) return false;
    const char* next = skip_blanks(at, end);
    if (!at_line_end(next, end)) {
        const char* word = word_end(next, end);
        if (!is_word(next, word, "where")) return false;
        const char* predicate = skip_blanks(word, end);
        const char* predicate_end = plain_sql_end(predicate, end, false);
        if (!predicate_end) return false;
        next = predicate_end;
        while (predicate_end != predicate && blank(predicate_end[-1])) --predicate_end;
        if (predicate_end == predicate) return false;  // nothing after `where`
        line.predicate = {offset(predicate), offset(predicate_end)};
    }
    return take_line_end(begin, next, end, line.content_end, line.length);
}

// The rule: a plain index line, through its line break, handed to Action<plain_index_line>'s
// read_line (see hand_read_line).
struct plain_index_line : hand_read_line<plain_index_line, PlainIndexLine, read_plain_index_line> {};

}  // namespace schemac::grammar

// plain_index_line consumes at least `index` when it succeeds.
template <typename Name>
struct tao::pegtl::analyze_traits<Name, schemac::grammar::plain_index_line> : tao::pegtl::analyze_any_traits<> {};
