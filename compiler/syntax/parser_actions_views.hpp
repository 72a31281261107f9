// Parser-internal: the actions of view and materialized view declarations. The clauses after
// the query (options, comments, indexes) are collected in the order written.
#pragma once

#include <tao/pegtl.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/syntax/parser_actions_tables.hpp"
#include "compiler/syntax/parser_builder.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

template <>
struct action<g::view_materialized> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.materialized = Flag{b.span(in)};
    }
};
template <>
struct action<g::view_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.view = View{};
        b.view.materialized = std::exchange(b.materialized, std::nullopt);
        b.view.name = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::view_alias> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.view.columns.push_back(b.name(in));
    }
};
template <>
struct action<g::view_body> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.view.directives = b.take_directives();
        b.view.query = Expression{in.string(), b.span(in)};
    }
};
template <>
struct action<g::view_item_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.storage.reset();
        b.view_check_kind.reset();
    }
};
// A view option is a storage parameter whose value may be left out.
template <>
struct action<g::view_parameter> : action<g::storage_parameter> {};
template <>
struct action<g::view_options> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        StorageClause clause = std::exchange(b.storage, std::nullopt).value_or(StorageClause{});
        clause.span = item_span(b, in);
        b.view.items.push_back(std::move(clause));
    }
};
template <>
struct action<g::view_no_data> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.view.items.push_back(ViewNoData{item_span(b, in)});
    }
};
template <>
struct action<g::check_option_local> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.view_check_kind = "local";
    }
};
template <>
struct action<g::check_option_cascaded> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.view_check_kind = "cascaded";
    }
};
template <>
struct action<g::view_check_option> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.view.items.push_back(ViewCheckOption{std::exchange(b.view_check_kind, std::nullopt), item_span(b, in)});
    }
};
template <>
struct action<g::view_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = item_span(b, in);
        b.view.items.push_back(TableComment{Comment{b.string_value, s}, s});
    }
};
template <>
struct action<g::view_column_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.view_column = b.name(in);
    }
};
template <>
struct action<g::view_column_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = item_span(b, in);
        b.view.items.push_back(ViewColumnComment{b.view_column, Comment{b.string_value, s}, s});
    }
};
template <>
struct action<g::view_index> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.view.items.push_back(b.take_index(item_span(b, in)));
    }
};
template <>
struct action<g::view_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.view.span = b.span(in);
        // The declaration ends after its last clause, not at the blank lines before the next one.
        std::string_view text = in.string_view();
        while (!text.empty() &&
               (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) {
            text.remove_suffix(1);
            --b.view.span.end;
        }
        b.out.declarations.emplace_back(std::move(b.view));
        b.view = View{};
    }
};

}  // namespace schemac::parsing
