// Parser-internal: actions shared by every kind of declaration: comments, names,
// directives, types and SQL expressions.
#pragma once

#include <tao/pegtl.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/syntax/parser_builder.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

// ------------------------------------------------------------------ comments
template <>
struct action<g::line_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = b.span(in);
        if (b.comment_starts.insert(s.begin).second) b.out.comments.push_back({s, false});
    }
};
template <>
struct action<g::block_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = b.span(in);
        if (b.comment_starts.insert(s.begin).second) b.out.comments.push_back({s, true});
    }
};

// ------------------------------------------------------------------ names
template <>
struct action<g::qualified_second_part> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.qualified_schema = std::move(b.qualified_object);
        b.qualified_object = b.name(in);
    }
};
template <>
struct action<g::object_part> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.qualified_object = b.name(in);
    }
};
template <>
struct action<g::function_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::constraint_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.constraint_name = b.name(in);
    }
};

// ------------------------------------------------------------------ directives
template <>
struct action<g::directive_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.directive = Directive{};
        b.directive.name = lower_ascii(in.string_view());
        b.directive.name_span = b.span(in);
    }
};
template <>
struct action<g::directive_argument> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.directive.argument = in.string();
        b.directive.argument_span = b.span(in);
    }
};
template <>
struct action<g::directive> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.directive.span = b.span(in);
        b.directives.push_back(std::move(b.directive));
        b.directive = Directive{};
    }
};

// ------------------------------------------------------------------ types
template <>
struct action<g::type_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.type = Type{};
    }
};
template <>
struct action<g::type_qualified_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        // `name` or `schema.name`, each part an identifier as the grammar reads one.
        std::string_view text = in.string_view();
        Span whole = b.span(in);
        std::size_t first = identifier_length(text);
        std::string_view name = text;
        if (first < text.size()) {
            std::string_view schema = text.substr(0, first);
            b.type.schema = Name{std::string(schema), identifier_value(schema),
                                 Span{whole.file, whole.begin, whole.begin + static_cast<std::uint32_t>(first)}};
            name = text.substr(first + 1);
        } else {
            b.type.schema.reset();
        }
        b.type.quoted = !name.empty() && name.front() == '"';
        b.type.name = identifier_value(name);
    }
};
template <>
struct action<g::type_words> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        if (b.type.name.empty()) b.type.name = type_words_text(in.string_view());
    }
};
template <>
struct action<g::type_parameter> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.type.parameters.push_back(lower_ascii(in.string_view()));
    }
};
template <>
struct action<g::array_suffix> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        ++b.type.array_dimensions;
    }
};
template <>
struct action<g::type> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.type.span = b.span(in);
    }
};

// ------------------------------------------------------------------ expressions
template <typename Rule>
struct expression_action {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.expression = Expression{in.string(), b.span(in)};
    }
};
template <>
struct action<g::check_expression> : expression_action<g::check_expression> {};
template <>
struct action<g::generated_expression> : expression_action<g::generated_expression> {};
template <>
struct action<g::default_expression> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.default_value = Expression{in.string(), b.span(in)};
    }
};
template <>
struct action<g::predicate_text> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        std::string text = in.string();
        Span s = b.span(in);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
            text.pop_back();
            --s.end;
        }
        b.predicate = Expression{std::move(text), s};
    }
};
template <>
struct action<g::string_literal> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.string_value = unescape_string_literal(in.string_view());
    }
};

}  // namespace schemac::parsing
