// Partitioned tables and partitions in a plan: what changes about a kept table's place in a
// partition tree, how a partition that goes leaves its parent, and the order partition trees
// are created and dropped in.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/ir/partitions.hpp"
#include "compiler/plan/plan_context.hpp"
#include "compiler/sql/expression_fingerprint.hpp"
#include "compiler/sql/partition_bound.hpp"

namespace schemac::plan {
namespace {

bool same_partition_key(const ir::PartitionKey& a, const ir::PartitionKey& b) {
    if (a.strategy != b.strategy || a.elements.size() != b.elements.size()) return false;
    for (std::size_t i = 0; i < a.elements.size(); ++i) {
        const ir::IndexElement &x = a.elements[i], &y = b.elements[i];
        if (x.column != y.column || x.collation != y.collation || x.opclass != y.opclass) return false;
        if (!x.expression.empty() || !y.expression.empty())
            if (!same_expression(x.expression, y.expression)) return false;
    }
    return true;
}

bool has_default_partition(const ir::Database& db, const ir::QualifiedName& parent) {
    for (const ir::Table* p : ir::partitions_of(db, parent))
        if (p->partition_bound == "DEFAULT") return true;
    return false;
}

std::string partition_key_text(const ir::PartitionKey& key) {
    std::vector<std::string> elements;
    for (const ir::IndexElement& e : key.elements)
        elements.push_back(e.column.empty() ? "(" + e.expression + ")" : e.column);
    return fmt::format("{} ({})", ir::partition_strategy_text(key.strategy), fmt::join(elements, ", "));
}

void refuse_partitioning_change(PlanContext& ctx, const ir::Table& before, const ir::Table& after) {
    std::string name = table_title(after.name);
    std::string message;
    if (!before.partition_by && after.partition_by)
        message = fmt::format("table {} would become partitioned by {}; PostgreSQL cannot partition an existing table",
                              name, partition_key_text(*after.partition_by));
    else if (before.partition_by && !after.partition_by)
        message = fmt::format("table {} would stop being partitioned; PostgreSQL cannot turn a partitioned table into "
                              "a plain one",
                              name);
    else
        message = fmt::format("table {} would change its partition key from {} to {}; PostgreSQL cannot change a "
                              "partition key",
                              name, partition_key_text(*before.partition_by), partition_key_text(*after.partition_by));
    ctx.plan.diagnostics.error(
        "partitioning-change", after.origin.span, std::move(message),
        fmt::format("migrate in steps: declare the new table under another name (`table {0}_new ...` with its "
                    "partitions), copy the rows in a migration of your own (`schemac new`, then INSERT INTO "
                    "{0}_new SELECT ... FROM {0}), then drop the old table and rename the new one (`table {0} "
                    "@was({0}_new)`)",
                    after.name.name));
}

}  // namespace

bool PlanContext::concurrent_on(const ir::QualifiedName& after_name) const {
    const ir::Table* t = ir::find_table(after, after_name);
    return options.concurrent_indexes && !(t && t->partition_by);
}

bool PlanContext::not_valid_foreign_key_on(const ir::QualifiedName& after_name) const {
    const ir::Table* t = ir::find_table(after, after_name);
    return options.not_valid_constraints && !(t && t->partition_by);
}

std::vector<const ir::Table*> in_partition_order(const ir::Database& db, std::vector<const ir::Table*> tables,
                                                 bool parents_first) {
    std::stable_sort(tables.begin(), tables.end(), [&](const ir::Table* a, const ir::Table* b) {
        int da = ir::partition_depth(db, *a), db_ = ir::partition_depth(db, *b);
        return parents_first ? da < db_ : da > db_;
    });
    return tables;
}

Phase detach_dropped_partition(PlanContext& ctx, const ir::Table& partition) {
    if (!partition.partition_of) return Phase::main;
    ir::QualifiedName parent = ctx.after_table_name(*partition.partition_of);
    if (!ctx.pair_for(parent)) return Phase::main;  // the parent goes too: DROP TABLE is enough
    // CONCURRENTLY waits for queries on the parent instead of blocking them; PostgreSQL allows it
    // only outside a transaction and where the parent has no default partition.
    bool concurrently = ctx.options.concurrent_indexes && !has_default_partition(ctx.before, *partition.partition_of);
    Phase phase = concurrently ? Phase::concurrent : Phase::main;
    ctx.add(DetachPartition{parent, partition.name, concurrently, partition.partition_bound},
            fmt::format("~ partition {} detached from {}{}", table_title(partition.name), table_title(parent),
                        concurrently ? " (concurrently)" : ""),
            {}, concurrently ? 0u : Hazard::access_exclusive_lock, phase);
    return phase;
}

void plan_partitions(PlanContext& ctx) {
    for (auto& [name, pair] : ctx.pairs) {
        const ir::Table& before = *pair.before;
        const ir::Table& after = *pair.after;
        bool key_changed = before.partition_by.has_value() != after.partition_by.has_value() ||
                           (before.partition_by && !same_partition_key(*before.partition_by, *after.partition_by));
        if (key_changed) refuse_partitioning_change(ctx, before, after);
        if (before.partition_of.has_value() != after.partition_of.has_value()) {
            std::string table = table_title(after.name);
            ctx.plan.diagnostics.error(
                "partition-change", after.origin.span,
                after.partition_of
                    ? fmt::format("table {} would become a partition of {}; schemac does not attach an existing table",
                                  table, table_title(*after.partition_of))
                    : fmt::format("partition {} would become a table of its own; schemac does not detach it for good",
                                  table),
                "declare the partition under a new name and copy the rows in a migration of your own (`schemac "
                "new`), or attach or detach it there by hand (ALTER TABLE ... ATTACH | DETACH PARTITION)");
            continue;
        }
        if (!after.partition_of) continue;
        ir::QualifiedName old_parent = ctx.after_table_name(*before.partition_of);
        bool moved = old_parent != *after.partition_of;
        if (!moved && same_partition_bound(before.partition_bound, after.partition_bound)) continue;
        // One transaction: the rows are never outside the table for other sessions, and ATTACH
        // checks them against the new bound (a failure undoes the DETACH too).
        ctx.add(DetachPartition{old_parent, after.name, false, before.partition_bound},
                fmt::format("~ partition {} detached from {} ({})", table_title(after.name), table_title(old_parent),
                            moved ? "moved to " + table_title(*after.partition_of) : "its bound changes"),
                after.origin.detail, Hazard::access_exclusive_lock);
        ctx.add(AttachPartition{*after.partition_of, after.name, after.partition_bound},
                fmt::format("~ partition {} attached to {} {}", table_title(after.name),
                            table_title(*after.partition_of), after.partition_bound),
                after.origin.detail, Hazard::access_exclusive_lock | Hazard::validation_scan);
    }
}

}  // namespace schemac::plan
