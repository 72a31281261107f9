// Whether a grammar rule of the .schema language reads a whole text: how emitters decide that a
// value may be written bare (a default without parentheses, a number, a word).
#pragma once

#include <string>
#include <tao/pegtl.hpp>

#include "grammar/schema_grammar.hpp"

namespace schemac {

template <class Rule>
bool grammar_accepts(const std::string& text) {
    namespace p = tao::pegtl;
    try {
        p::memory_input in(text, "");
        return p::parse<p::seq<Rule, p::eof>>(in);
    } catch (const p::parse_error&) {
        return false;
    }
}

}  // namespace schemac
