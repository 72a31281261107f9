// Parser-internal: the actions of domain and composite type declarations. A domain's clauses
// are the column modifiers' rules, so their actions fill the scratch column, which the
// declaration's action then moves into the domain.
#pragma once

#include <tao/pegtl.hpp>

#include <cctype>
#include <utility>

#include "compiler/syntax/parser_builder.hpp"
#include "grammar/error_messages.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

template <>
struct action<g::user_type_collation> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.user_type_collation = b.take_qualified(b.span(in));
    }
};

// ------------------------------------------------------------------ domains
template <>
struct action<g::domain_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.domain = Domain{};
        b.column = Column{};
        b.directives.clear();
        b.user_type_collation.reset();
        b.domain.name = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::domain_as> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.domain.directives = b.take_directives();
    }
};
template <>
struct action<g::domain_type> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.domain.type = std::move(b.type);
    }
};
template <>
struct action<g::user_type_collate> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        // An attribute's (one at most, by the grammar) is taken by the attribute's rule.
        if (b.composite.name.span.known()) return;
        if (b.domain.collation) throw grammar::SyntaxError{"this domain's collation was already given", in.begin()};
        b.domain.collation = std::exchange(b.user_type_collation, std::nullopt);
    }
};
template <>
struct action<g::domain_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Domain& d = b.domain;
        d.span = b.span(in);
        // The span ends at the last clause, not at the white space before the next declaration.
        std::string_view text = in.string_view();
        std::size_t end = text.size();
        while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
        d.span.end = d.span.begin + static_cast<std::uint32_t>(end);
        d.not_null = std::move(b.column.not_null);
        d.null = std::move(b.column.null);
        d.default_value = std::move(b.column.default_value);
        d.checks = std::move(b.column.checks);
        d.comment = std::move(b.column.comment);
        b.out.declarations.emplace_back(std::move(d));
        b.domain = Domain{};
        b.column = Column{};
    }
};

// ------------------------------------------------------------------ composite types
template <>
struct action<g::composite_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.composite = CompositeType{};
        b.directives.clear();
        b.composite.name = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::attribute_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        // The type's own directives come before its first attribute.
        if (b.composite.attributes.empty() && b.composite.directives.empty())
            b.composite.directives = b.take_directives();
        b.attribute = CompositeAttribute{};
        b.user_type_collation.reset();
        b.directives.clear();
    }
};
template <>
struct action<g::attribute_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.attribute.name = b.name(in);
    }
};
template <>
struct action<g::attribute_type> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.attribute.type = std::move(b.type);
    }
};
template <>
struct action<g::composite_attribute> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.attribute.span = b.span(in);
        b.attribute.collation = std::exchange(b.user_type_collation, std::nullopt);
        b.attribute.directives = b.take_directives();
        b.composite.attributes.push_back(std::move(b.attribute));
        b.attribute = CompositeAttribute{};
    }
};
template <>
struct action<g::composite_body_end> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        if (b.composite.directives.empty()) b.composite.directives = b.take_directives();
        b.composite.body_end = b.span(in);
    }
};
template <>
struct action<g::composite_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.composite.comment = Comment{b.string_value, b.span(in)};
    }
};
template <>
struct action<g::composite_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.composite.span = b.span(in);
        std::string_view text = in.string_view();
        std::size_t end = text.size();
        while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
        b.composite.span.end = b.composite.span.begin + static_cast<std::uint32_t>(end);
        b.out.declarations.emplace_back(std::move(b.composite));
        b.composite = CompositeType{};
    }
};

}  // namespace schemac::parsing
