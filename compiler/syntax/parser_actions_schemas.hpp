// Parser-internal: the actions of extension and schema declarations.
#pragma once

#include <tao/pegtl.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/syntax/parser_builder.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

// ------------------------------------------------------------------ extensions and schemas
template <>
struct action<g::extension_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.extension = Extension{};
        b.extension.name = b.name(in);
    }
};
template <>
struct action<g::extension_schema> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.extension.schema = b.name(in);
    }
};
template <>
struct action<g::extension_version> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.extension.version = unescape_string_literal(in.string_view());
    }
};
template <>
struct action<g::extension_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.extension.span = item_span(b, in);
        b.out.declarations.emplace_back(std::move(b.extension));
        b.extension = Extension{};
    }
};
template <>
struct action<g::schema_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.schema = Schema{};
        b.schema.name = b.name(in);
    }
};
template <>
struct action<g::schema_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.schema.comment = Comment{unescape_string_literal(in.string_view()), b.span(in)};
    }
};
template <>
struct action<g::schema_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.schema.span = item_span(b, in);
        b.out.declarations.emplace_back(std::move(b.schema));
        b.schema = Schema{};
    }
};

}  // namespace schemac::parsing
