// Parser-internal: the actions of enum declarations.
#pragma once

#include <tao/pegtl.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/syntax/parser_builder.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

// ------------------------------------------------------------------ enums
template <>
struct action<g::enum_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.enumeration = Enum{};
        b.enumeration.name = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::enum_header> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.enumeration.directives = b.take_directives();
    }
};
template <>
struct action<g::enum_value_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.enum_value = EnumValue{};
        b.directives.clear();
    }
};
template <>
struct action<g::enum_label> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        std::string_view text = in.string_view();
        b.enum_value.written = std::string(text);
        if (text.front() == '\'')
            b.enum_value.label = unescape_string_literal(text);
        else if (text.front() == '"')
            b.enum_value.label = identifier_value(text);
        else
            b.enum_value.label = std::string(text);  // labels are case-sensitive: kept as written
    }
};
template <>
struct action<g::enum_value> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.enum_value.span = b.span(in);
        b.enum_value.directives = b.take_directives();
        b.enumeration.values.push_back(std::move(b.enum_value));
        b.enum_value = EnumValue{};
    }
};
template <>
struct action<g::enum_body_end> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.enumeration.body_end = b.span(in);
    }
};
template <>
struct action<g::enum_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.enumeration.span = b.span(in);
        b.out.declarations.emplace_back(std::move(b.enumeration));
        b.enumeration = Enum{};
    }
};

}  // namespace schemac::parsing
