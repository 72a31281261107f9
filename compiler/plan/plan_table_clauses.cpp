// A column's collation and statistics target, and a table's replica identity: the settings
// PostgreSQL changes with ALTER TABLE in place (a collation rebuilds the column's indexes).
#include <fmt/format.h>

#include <algorithm>

#include "compiler/ir/types.hpp"
#include "compiler/plan/plan_context.hpp"

namespace schemac::plan {
namespace {

std::string collation_words(const std::string& collation) {
    return collation.empty() ? "the default collation" : "collate \"" + collation + "\"";
}

std::string replica_words(ir::ReplicaIdentity identity, const std::string& index) {
    if (identity == ir::ReplicaIdentity::index) return "using index " + index;
    return ir::replica_identity_text(identity);
}

}  // namespace

void plan_column_clauses(PlanContext& ctx, const ir::QualifiedName& table, const ir::Column* old, const ir::Column& c,
                         bool type_changes) {
    auto title = [&] { return "~ column " + column_title(table, c.name); };  // made only for a step
    // ALTER COLUMN ... TYPE without COLLATE gives the type's default collation: a column whose
    // type changes states its own again.
    std::string from = old ? old->collation : "";
    if (old && (from != c.collation || (type_changes && !c.collation.empty())))
        ctx.add(SetColumnCollation{table, c.name, c.type, from, c.collation},
                fmt::format("{} {} (its indexes are rebuilt)", title(), collation_words(c.collation)), c.origin.span,
                Hazard::index_build | Hazard::access_exclusive_lock);
    std::optional<int> old_statistics = old ? old->statistics() : std::nullopt;
    if (old_statistics != c.statistics())
        ctx.add(SetColumnStatistics{table, c.name, old_statistics, c.statistics()},
                fmt::format("{} statistics {}", title(), c.statistics() ? std::to_string(*c.statistics()) : "default"),
                c.origin.span);
}

void plan_replica_identity(PlanContext& ctx, const ir::Table* before, const ir::Table& after) {
    ir::ReplicaIdentity from = before ? before->replica_identity : ir::ReplicaIdentity::default_;
    std::string from_index = before ? before->replica_identity_index : "";
    if (from == after.replica_identity && from_index == after.replica_identity_index) return;
    // An index new in this plan on a table that exists is built concurrently, in the file after
    // the main one: the replica identity that names it follows it there.
    bool index_is_new = false;
    if (before && after.replica_identity == ir::ReplicaIdentity::index) {
        const std::string& name = after.replica_identity_index;
        index_is_new = !(before->primary_key && before->primary_key->name == name) &&
                       std::none_of(before->uniques.begin(), before->uniques.end(),
                                    [&](const ir::Unique& u) { return u.name == name; }) &&
                       std::none_of(before->indexes.begin(), before->indexes.end(),
                                    [&](const ir::Index& i) { return i.name == name; });
    }
    ctx.add(SetReplicaIdentity{after.name, from, after.replica_identity, from_index, after.replica_identity_index},
            fmt::format("~ table {} replica identity {}", table_title(after.name),
                        replica_words(after.replica_identity, after.replica_identity_index)),
            after.origin.detail.known() ? after.origin.detail : after.origin.span, Hazard::access_exclusive_lock,
            index_is_new && ctx.options.concurrent_indexes ? Phase::concurrent : Phase::main);
}

}  // namespace schemac::plan
