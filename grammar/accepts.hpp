// Whether a rule of the .schema language (grammar/lexical.hpp, grammar/schema_grammar.hpp) reads
// a whole text: how emitters decide that a value may be written bare (a default without
// parentheses, a number, a word). The caller includes the header of the rule it asks about.
#pragma once

#include <string_view>
#include <tao/pegtl.hpp>

namespace schemac {

template <class Rule>
bool grammar_accepts(std::string_view text) {
    namespace p = tao::pegtl;
    try {
        p::memory_input in(text.data(), text.size(), "");
        return p::parse<p::seq<Rule, p::eof>>(in);
    } catch (const p::parse_error&) {
        return false;
    }
}

}  // namespace schemac
