// Parser-internal: the actions of free-standing sequence declarations. The options (start,
// increment, ...) are the identity options' rules, whose actions fill Builder::sequence.
#pragma once

#include <tao/pegtl.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/syntax/parser_actions_tables.hpp"
#include "compiler/syntax/parser_builder.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

// ------------------------------------------------------------------ sequences
template <>
struct action<g::sequence_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.free_sequence = Sequence{};
        b.free_sequence.name = b.take_qualified(b.span(in));
        b.sequence = {};
        b.directives.clear();
    }
};
template <>
struct action<g::sequence_type_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.free_sequence.type = b.name(in);
    }
};
template <>
struct action<g::sequence_owner_part> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.free_sequence.owned_by.push_back(b.name(in));
    }
};
template <>
struct action<g::sequence_owner> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.free_sequence.owned_by_span = b.span(in);
    }
};
template <>
struct action<g::sequence_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.free_sequence.comment = Comment{unescape_string_literal(in.string_view()), b.span(in)};
    }
};
template <>
struct action<g::sequence_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.free_sequence.directives = b.take_directives();
        b.free_sequence.options = std::exchange(b.sequence, {});
        b.free_sequence.span = item_span(b, in);
        b.out.declarations.emplace_back(std::move(b.free_sequence));
        b.free_sequence = Sequence{};
    }
};

}  // namespace schemac::parsing
