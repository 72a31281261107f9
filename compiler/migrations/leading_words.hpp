// A statement's first words read from its bytes alone, for a look cheaper than PostgreSQL's
// scanner: only plain words (a run of identifier characters that blanks follow) are read, from
// the text's first byte on, and the reading stops at anything else (a comment, a quote, a
// number, an operator, a word that something other than a blank follows). Each word read is
// then one whole token as PostgreSQL 15's scanner cuts it: a keyword or a bare name.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace schemac {

// Up to four words from the start of `statement`; none when it does not start with a word.
struct LeadingWords {
    std::array<std::string_view, 4> word;
    std::size_t count = 0;
};
LeadingWords leading_words(std::string_view statement);

// Whether `word` (as leading_words reads it) is `lower`, written in lower case, in any ASCII case:
// how PostgreSQL's scanner tells a keyword.
bool is_word(std::string_view word, std::string_view lower);

// Whether one of `lowers` (written in lower case) occurs anywhere in `text`, in any ASCII case, also
// inside a longer name, a string or a comment: a keyword that never occurs so is none of its tokens.
bool any_occurs_ignoring_case(std::string_view text, std::initializer_list<std::string_view> lowers);

}  // namespace schemac
