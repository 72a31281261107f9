// Parser-internal: the actions of partitioning: a table's `partition by` clause, the
// `partitions unmanaged` line and the `partition NAME of PARENT BOUND` declaration.
#pragma once

#include <tao/pegtl.hpp>

#include "compiler/syntax/parser_builder.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

template <>
struct action<g::partition_by_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.index = Index{};  // the key's elements are read as an index's
    }
};
template <>
struct action<g::strategy_range> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.partition_strategy = ir::PartitionStrategy::range;
        b.partition_strategy_span = b.span(in);
    }
};
template <>
struct action<g::strategy_list> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.partition_strategy = ir::PartitionStrategy::list;
        b.partition_strategy_span = b.span(in);
    }
};
template <>
struct action<g::strategy_hash> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.partition_strategy = ir::PartitionStrategy::hash;
        b.partition_strategy_span = b.span(in);
    }
};
template <>
struct action<g::partition_by> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.partition_by = PartitionBy{b.partition_strategy, b.partition_strategy_span,
                                           std::exchange(b.index, Index{}).elements, b.span(in)};
    }
};
template <>
struct action<g::table_partitions_unmanaged> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(PartitionsUnmanaged{item_span(b, in)});
    }
};
template <>
struct action<g::partition_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table = Table{};
        b.table.name = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::partition_parent> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.directives = b.take_directives();
        b.partition_parent = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::partition_bound> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.partition_of = PartitionOf{std::exchange(b.partition_parent, std::nullopt).value_or(QualifiedName{}),
                                           Expression{in.string(), b.span(in)}};
    }
};
template <>
struct action<g::partition_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.finish_table(b.span(in));
    }
};

}  // namespace schemac::parsing
