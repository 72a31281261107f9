// Lowering of partitioning: a table's `partition by` key and `partitions unmanaged` line, and a
// partition's parent and bound, with the rules PostgreSQL enforces at CREATE TABLE time that
// the syntax tree can show (with spans): the parent is declared and partitioned, the bound's form
// matches the parent's strategy, a partition declares no columns and no keys of its own, a key or
// unique constraint of a partitioned table includes every partition key column.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/lower/lowering.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/sql/partition_bound.hpp"

namespace schemac::lowering {
namespace {

const char* bound_form_for(ir::PartitionStrategy strategy) {
    switch (strategy) {
        case ir::PartitionStrategy::range: return "for values from (...) to (...)";
        case ir::PartitionStrategy::list: return "for values in (...)";
        case ir::PartitionStrategy::hash: return "for values with (modulus M, remainder R)";
    }
    return "";
}

bool bound_fits(BoundKind kind, ir::PartitionStrategy strategy) {
    switch (kind) {
        case BoundKind::default_: return strategy != ir::PartitionStrategy::hash;
        case BoundKind::range: return strategy == ir::PartitionStrategy::range;
        case BoundKind::list: return strategy == ir::PartitionStrategy::list;
        case BoundKind::hash: return strategy == ir::PartitionStrategy::hash;
    }
    return false;
}

}  // namespace

void Lowering::collect_partitioning(const syntax::Table& t) {
    if (!t.partition_by) return;
    partitioned_tables_[qualified(t.name)] = {t.partition_by->strategy, t.partition_by->elements.size()};
}

ir::QualifiedName Lowering::partition_parent_name(const syntax::QualifiedName& parent,
                                                  const std::string& schema) const {
    ir::QualifiedName out = qualified(parent);
    if (!parent.schema) {
        ir::QualifiedName own{schema, parent.name.value};
        out.schema = schema != "public" && table_declared_in(own) ? schema : "public";
    }
    return out;
}

void Lowering::lower_partitioning(const syntax::Table& t, ir::Table& table) {
    std::string shown = ir::display_name(table.name);
    if (t.partition_by) {
        ir::PartitionKey key;
        key.strategy = t.partition_by->strategy;
        syntax::Index as_index;
        as_index.elements = t.partition_by->elements;
        key.elements = lower_index(as_index).elements;
        for (std::size_t i = 0; i < key.elements.size(); ++i) {
            key.elements[i].descending = false;
            key.elements[i].nulls_first = false;
            const syntax::IndexElement& e = t.partition_by->elements[i];
            if (e.descending || e.nulls_first)
                diagnostics_.error("partition-key-order", e.span,
                                   fmt::format("the partition key of table {} has no sort order", shown),
                                   "remove asc / desc / nulls first / nulls last from the key");
            if (e.column && !table.columns.empty() && !t.partition_of) {
                std::vector<std::string_view> names;
                for (const ir::Column& c : table.columns) names.push_back(c.name);
                if (std::find(names.begin(), names.end(), e.column->value) == names.end()) {
                    auto suggestion = closest_name(e.column->value, names);
                    diagnostics_.error("unknown-partition-key-column", e.column->span,
                                       fmt::format("table {} is partitioned by column '{}', which it does not have",
                                                   shown, e.column->value),
                                       suggestion ? fmt::format("did you mean '{}'?", *suggestion)
                                                  : fmt::format("partition by one of the columns of table {}", shown));
                }
            }
        }
        if (key.strategy == ir::PartitionStrategy::list && key.elements.size() > 1)
            diagnostics_.error("list-partition-key-columns", t.partition_by->span,
                               fmt::format("table {} is partitioned by list on {} columns; PostgreSQL lists by one",
                                           shown, key.elements.size()),
                               "partition by list (one column or expression), or by range on several");
        for (const syntax::TableItem& item : t.items)
            if (const auto* storage = std::get_if<syntax::StorageClause>(&item))
                diagnostics_.error("partitioned-table-storage", storage->span,
                                   fmt::format("table {} is partitioned and holds no rows itself; PostgreSQL takes no "
                                               "storage parameters on it",
                                               shown),
                                   "set them on each partition: `partition NAME of ... { with (fillfactor = 70) }`");
        table.partition_by = std::move(key);
        table.origin.detail = t.partition_by->span;
        unique_keys_cover_partition_key(table, t);
    }
    for (const syntax::TableItem& item : t.items) {
        const auto* unmanaged = std::get_if<syntax::PartitionsUnmanaged>(&item);
        if (!unmanaged) continue;
        if (!t.partition_by)
            diagnostics_.error("unmanaged-partitions-without-key", unmanaged->span,
                               fmt::format("table {} says `partitions unmanaged` but is not partitioned", shown),
                               fmt::format("partition it first: `table {} partition by range (COLUMN) {{`", shown));
        table.unmanaged_partitions = true;
    }
    if (t.partition_of) lower_partition_of(t, table);
}

void Lowering::lower_partition_of(const syntax::Table& t, ir::Table& table) {
    const syntax::PartitionOf& of = *t.partition_of;
    std::string shown = ir::display_name(table.name);
    ir::QualifiedName parent = partition_parent_name(of.parent, table.name.schema);
    table.partition_of = parent;
    table.origin.detail = of.bound.span;
    std::string parent_shown = ir::display_name(parent);

    for (const syntax::TableItem& item : t.items) {
        Span span = syntax::span_of(item);
        if (std::holds_alternative<syntax::Column>(item)) {
            diagnostics_.error("partition-declares-column", span,
                               fmt::format("partition {} declares a column; a partition's columns are its parent's",
                                           shown),
                               fmt::format("declare the column on table {}: every partition has it", parent_shown));
        } else if (std::holds_alternative<syntax::PrimaryKey>(item) || std::holds_alternative<syntax::Unique>(item)) {
            diagnostics_.error(
                "partition-declares-key", span,
                fmt::format("partition {} declares a key of its own; the primary key and unique constraints of a "
                            "partitioned table are declared once, on the table",
                            shown),
                fmt::format("move the line into table {}: PostgreSQL gives each partition its own copy", parent_shown));
        }
    }

    PartitionBoundRead read = read_partition_bound(of.bound.text);
    if (!read.bound) {
        Span at = of.bound.span;
        at.begin = std::min<std::uint32_t>(at.end, at.begin + static_cast<std::uint32_t>(read.error_at));
        at.end = std::min(at.end, at.begin + 1);
        diagnostics_.error("partition-bound-syntax", at,
                           fmt::format("the bound of partition {} is not valid SQL: {}", shown, read.error),
                           "write for values from (...) to (...), for values in (...), for values with (modulus M, "
                           "remainder R) or default");
        table.partition_bound = of.bound.text;
        return;
    }
    table.partition_bound = read.bound->canonical;

    auto it = partitioned_tables_.find(parent);
    if (it == partitioned_tables_.end()) {
        if (table_declared_in(parent)) {
            diagnostics_.error("partition-of-plain-table", of.parent.span,
                               fmt::format("partition {} is of table {}, which is not partitioned", shown,
                                           parent_shown),
                               fmt::format("partition table {} first: `table {} partition by range (COLUMN) {{`",
                                           parent_shown, parent_shown));
        } else {
            std::vector<std::string> names;
            for (const auto& [name, _] : partitioned_tables_) names.push_back(ir::display_name(name));
            std::vector<std::string_view> views(names.begin(), names.end());
            auto suggestion = closest_name(parent_shown, views);
            diagnostics_.error(
                "unknown-partition-parent", of.parent.span,
                fmt::format("partition {} is of table {}, which is not declared", shown, parent_shown),
                suggestion ? fmt::format("did you mean '{}'?", *suggestion)
                           : fmt::format("declare it: `table {} partition by range (COLUMN) {{ ... }}`", parent_shown));
        }
        return;
    }
    const PartitionBound& bound = *read.bound;
    ir::PartitionStrategy strategy = it->second.strategy;
    if (!bound_fits(bound.kind, strategy)) {
        std::string help = fmt::format("table {} is partitioned by {}: write `{}`", parent_shown,
                                       ir::partition_strategy_text(strategy), bound_form_for(strategy));
        diagnostics_.error("partition-bound-form", of.bound.span,
                           bound.kind == BoundKind::default_
                               ? fmt::format("partition {} is a default partition of table {}, which is partitioned "
                                             "by hash; a hash-partitioned table has no default partition",
                                             shown, parent_shown)
                               : fmt::format("the bound of partition {} does not fit table {}, which is partitioned "
                                             "by {}",
                                             shown, parent_shown, ir::partition_strategy_text(strategy)),
                           help);
        return;
    }
    if (bound.kind == BoundKind::hash &&
        (bound.modulus <= 0 || bound.remainder < 0 || bound.remainder >= bound.modulus))
        diagnostics_.error(
            "partition-hash-bound", of.bound.span,
            fmt::format("partition {} has modulus {} and remainder {}; the modulus must be positive "
                        "and the remainder from 0 to modulus - 1",
                        shown, bound.modulus, bound.remainder),
            fmt::format("for example: for values with (modulus {}, remainder 0)", std::max(1LL, bound.modulus)));
    if (bound.kind == BoundKind::range &&
        (bound.from.size() != it->second.key_size || bound.to.size() != it->second.key_size))
        diagnostics_.error("partition-bound-width", of.bound.span,
                           fmt::format("the range of partition {} gives {} and {} values; table {} is partitioned "
                                       "on {} {}",
                                       shown, bound.from.size(), bound.to.size(), parent_shown, it->second.key_size,
                                       it->second.key_size == 1 ? "column" : "columns"),
                           "give one value per partition key column on each side: from (a, b) to (c, d)");
}

// PostgreSQL: a primary key or unique constraint (or unique index) on a partitioned table must
// include every partition key column, and the key may not hold expressions then.
void Lowering::unique_keys_cover_partition_key(const ir::Table& table, const syntax::Table& t) {
    const ir::PartitionKey& key = *table.partition_by;
    std::vector<std::string> key_columns;
    bool expressions = false;
    for (const ir::IndexElement& e : key.elements) {
        if (e.column.empty())
            expressions = true;
        else
            key_columns.push_back(e.column);
    }
    std::string shown = ir::display_name(table.name);
    auto check = [&](const std::vector<std::string>& columns, const std::string& what, Span span) {
        if (expressions) {
            diagnostics_.error("unique-on-expression-partition-key", span,
                               fmt::format("{} on table {}: PostgreSQL allows no unique constraint on a table "
                                           "partitioned by an expression",
                                           what, shown),
                               "partition by columns only, or drop the unique constraint (each partition may have "
                               "its own unique index)");
            return;
        }
        std::vector<std::string> missing;
        for (const std::string& c : key_columns)
            if (std::find(columns.begin(), columns.end(), c) == columns.end()) missing.push_back(c);
        if (missing.empty()) return;
        std::vector<std::string> wanted = columns;
        wanted.insert(wanted.end(), missing.begin(), missing.end());
        diagnostics_.error(
            "unique-without-partition-key", span,
            fmt::format("{} on table {} does not include the partition key column{} {}; PostgreSQL "
                        "can only enforce uniqueness within a partition",
                        what, shown, missing.size() == 1 ? "" : "s", fmt::join(missing, ", ")),
            fmt::format("include {}: ({})", missing.size() == 1 ? "it" : "them", fmt::join(wanted, ", ")));
    };
    (void)t;
    if (table.primary_key) check(table.primary_key->columns, "the primary key", table.primary_key->origin.span);
    for (const ir::Unique& u : table.uniques)
        check(u.columns, u.name.empty() ? std::string("a unique constraint") : "unique constraint " + u.name,
              u.origin.span);
    for (const ir::Index& i : table.indexes) {
        if (!i.unique) continue;
        std::vector<std::string> columns;
        bool has_expression = false;
        for (const ir::IndexElement& e : i.elements) {
            if (e.column.empty()) has_expression = true;
            columns.push_back(e.column);
        }
        if (has_expression && !expressions) {
            diagnostics_.error("unique-index-expression-on-partitioned", i.origin.span,
                               fmt::format("unique index on table {} holds an expression; PostgreSQL allows a unique "
                                           "index on a partitioned table only on columns",
                                           shown),
                               "index columns only, or declare the index on each partition");
            continue;
        }
        check(columns, i.name.empty() ? std::string("a unique index") : "unique index " + i.name, i.origin.span);
    }
}

}  // namespace schemac::lowering
