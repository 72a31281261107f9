// Parser-internal: the actions of table-level lines (keys, checks, foreign keys, comments),
// storage parameters, indexes and the table declaration itself.
#pragma once

#include <tao/pegtl.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/syntax/parser_builder.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

// ------------------------------------------------------------------ table-level items
template <typename Input>
Span item_span(const Builder& b, const Input& in) {
    // Like columns: the item's own text, without the line ending.
    Span s = b.span(in);
    std::string_view text = in.string_view();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.remove_suffix(1);
        --s.end;
    }
    return s;
}
template <>
struct action<g::key_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.key_columns.push_back(b.name(in));
    }
};
template <>
struct action<g::fk_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.fk_columns.push_back(b.name(in));
    }
};
template <>
struct action<g::nulls_not_distinct> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.nulls_not_distinct = true;
    }
};
template <>
struct action<g::key_deferrable> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.key_timing.deferrable = true;
    }
};
template <>
struct action<g::key_not_deferrable> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.key_timing.deferrable = false;
    }
};
template <>
struct action<g::key_initially_deferred> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.key_timing.initially_deferred = true;
    }
};
template <>
struct action<g::key_initially_immediate> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.key_timing.initially_deferred = false;
    }
};
template <>
struct action<g::table_primary_key> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(
            PrimaryKey{b.take_constraint_name(), b.take_directives(), std::exchange(b.key_columns, {}),
                       item_span(b, in), std::exchange(b.key_timing, {})});
    }
};
template <>
struct action<g::table_unique> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(
            Unique{b.take_constraint_name(), b.take_directives(), std::exchange(b.nulls_not_distinct, false),
                   std::exchange(b.key_columns, {}), item_span(b, in), std::exchange(b.key_timing, {})});
    }
};
template <>
struct action<g::table_check> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(b.take_check(item_span(b, in)));
    }
};
template <>
struct action<g::table_foreign_key> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = item_span(b, in);
        b.table.items.push_back(ForeignKey{b.take_constraint_name(), b.take_directives(),
                                           std::exchange(b.fk_columns, {}), b.take_reference(s), s});
    }
};
template <>
struct action<g::table_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = item_span(b, in);
        b.table.items.push_back(TableComment{Comment{b.string_value, s}, s});
    }
};

// ------------------------------------------------------------------ storage parameters
template <>
struct action<g::storage_parameter_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.storage_parameter = StorageParameter{
            Name{in.string(), lower_ascii(in.string()), b.span(in)}, {}, {}, false, {}};
    }
};
template <>
struct action<g::storage_number> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.storage_parameter.value = in.string();
        b.storage_parameter.number = true;
    }
};
template <>
struct action<g::storage_string> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.storage_parameter.value = unescape_string_literal(in.string_view());
    }
};
template <>
struct action<g::storage_word> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.storage_parameter.value = lower_ascii(in.string());
    }
};
template <>
struct action<g::storage_parameter_value> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.storage_parameter.written_value = in.string();
    }
};
template <>
struct action<g::storage_parameter> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.storage_parameter.span = b.span(in);
        if (!b.storage) b.storage.emplace();
        b.storage->parameters.push_back(std::move(b.storage_parameter));
        b.storage_parameter = StorageParameter{};
    }
};
template <>
struct action<g::storage_clause> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        if (!b.storage) b.storage.emplace();
        b.storage->span = b.span(in);
    }
};
template <>
struct action<g::table_storage> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        StorageClause clause = std::exchange(b.storage, std::nullopt).value_or(StorageClause{});
        clause.span = item_span(b, in);
        b.table.items.push_back(std::move(clause));
    }
};

// ------------------------------------------------------------------ indexes
template <>
struct action<g::index_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.index = Index{};
    }
};
template <>
struct action<g::index_unique> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.index.unique = true;
    }
};
template <>
struct action<g::index_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.index.name = b.name(in);
    }
};
template <>
struct action<g::index_method> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.index.method = b.name(in);
    }
};
template <>
struct action<g::element_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.element = IndexElement{};
    }
};
template <>
struct action<g::element_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.element.column = b.name(in);
    }
};
template <>
struct action<g::index_expression> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.element.expression = Expression{in.string(), b.span(in)};
    }
};
template <>
struct action<g::element_function_call> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.element.expression = Expression{in.string(), b.span(in)};
        b.element.bare_call = true;
    }
};
template <>
struct action<g::element_collation> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.element.collation = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::element_opclass> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.element.opclass = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::element_asc> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.element.descending = false;
    }
};
template <>
struct action<g::element_desc> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.element.descending = true;
    }
};
template <>
struct action<g::element_nulls_first> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.element.nulls_first = true;
    }
};
template <>
struct action<g::element_nulls_last> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.element.nulls_first = false;
    }
};
template <>
struct action<g::index_element> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.element.span = b.span(in);
        b.index.elements.push_back(std::move(b.element));
        b.element = IndexElement{};
    }
};
template <>
struct action<g::include_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.index.include.push_back(b.name(in));
    }
};
template <>
struct action<g::index_where> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.index.where = b.predicate;
    }
};
template <>
struct action<g::table_index> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(b.take_index(item_span(b, in)));
    }
};

// A plain index line (grammar/plain_index_line.hpp), handed over by its rule with the parts it
// read: the index it makes is the one table_index's actions would make of the same line.
template <>
struct action<g::plain_index_line> : p::maybe_nothing {
    static void read_line(const char* text, const g::PlainIndexLine& line, Builder& b) {
        PlainLineParts parts(text, b);
        Index& index = std::get<Index>(b.table.items.emplace_back(std::in_place_type<Index>));
        index.unique = line.unique;
        if (line.name.present()) index.name = parts.name(line.name);
        index.elements.resize(static_cast<std::size_t>(line.column_count));
        for (int i = 0; i < line.column_count; ++i) {
            IndexElement& element = index.elements[static_cast<std::size_t>(i)];
            element.column = parts.name(line.columns[i]);
            element.span = parts.span(line.columns[i]);
        }
        if (line.predicate.present())
            index.where = Expression{std::string(parts.view(line.predicate)), parts.span(line.predicate)};
        index.span = parts.line(line.content_end);
    }
};

// ------------------------------------------------------------------ exclusion constraints
// The index part is read by the index rules into `b.index`; the operators come one per element.
template <>
struct action<g::exclusion_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.index = Index{};
        b.exclusion_operators.clear();
    }
};
template <>
struct action<g::exclusion_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.index.name = b.name(in);
    }
};
template <>
struct action<g::exclusion_method> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.index.method = b.name(in);
    }
};
template <>
struct action<g::exclusion_operator> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.exclusion_operators.push_back(Name{in.string(), in.string(), b.span(in)});
    }
};
template <>
struct action<g::exclusion_where_expression> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.index.where = Expression{in.string(), b.span(in)};
    }
};
template <>
struct action<g::table_exclusion> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = item_span(b, in);
        b.table.items.push_back(
            Exclusion{b.take_index(s), std::exchange(b.exclusion_operators, {}), std::exchange(b.key_timing, {}), s});
    }
};

// ------------------------------------------------------------------ replica identity
template <>
struct action<g::replica_default> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.replica = ReplicaIdentity{ir::ReplicaIdentity::default_, std::nullopt, {}};
    }
};
template <>
struct action<g::replica_full> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.replica = ReplicaIdentity{ir::ReplicaIdentity::full, std::nullopt, {}};
    }
};
template <>
struct action<g::replica_nothing> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.replica = ReplicaIdentity{ir::ReplicaIdentity::nothing, std::nullopt, {}};
    }
};
template <>
struct action<g::replica_index_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.replica = ReplicaIdentity{ir::ReplicaIdentity::index, b.name(in), {}};
    }
};
template <>
struct action<g::table_replica_identity> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.replica.span = item_span(b, in);
        b.table.items.push_back(std::exchange(b.replica, ReplicaIdentity{}));
    }
};

// ------------------------------------------------------------------ tables
template <>
struct action<g::table_unlogged> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.unlogged = Flag{b.span(in)};
    }
};
template <>
struct action<g::table_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table = Table{};
        b.table.unlogged = std::exchange(b.unlogged, std::nullopt);
        b.table.name = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::table_header> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.table.directives = b.take_directives();
    }
};
template <>
struct action<g::table_body_end> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.body_end = b.span(in);
    }
};
template <>
struct action<g::table_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.finish_table(b.span(in));
    }
};

}  // namespace schemac::parsing
