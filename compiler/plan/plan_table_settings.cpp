// Table settings of kept tables and indexes: storage parameters (SET / RESET) and persistence
// (SET LOGGED / SET UNLOGGED), in an order PostgreSQL's foreign-key rules accept.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/plan/plan_context.hpp"

namespace schemac::plan {

void plan_storage(PlanContext& ctx, const ir::QualifiedName& table, const std::string& index,
                  const ir::StorageParameters& before, const ir::StorageParameters& after, Span origin) {
    if (before == after) return;
    SetStorageParameters change{table, index, {}, {}, before, after};
    changed_parameters(before, after, change.set, change.reset);
    // Most parameters take a SHARE UPDATE EXCLUSIVE lock; these two take ACCESS EXCLUSIVE.
    unsigned hazards = 0;
    for (const char* name : {"user_catalog_table", "buffering"})
        if (change.set.count(name) || std::count(change.reset.begin(), change.reset.end(), name))
            hazards |= Hazard::access_exclusive_lock;
    std::string title = index.empty() ? fmt::format("~ table {} storage parameters", table_title(table))
                                      : fmt::format("~ index {} on {} storage parameters", index, table_title(table));
    ctx.add(std::move(change), std::move(title), origin, hazards);
}

void changed_parameters(const ir::StorageParameters& before, const ir::StorageParameters& after,
                        ir::StorageParameters& set, std::vector<std::string>& reset) {
    for (const auto& [name, value] : after) {
        auto it = before.find(name);
        if (it == before.end() || it->second != value) set[name] = value;
    }
    for (const auto& [name, value] : before)
        if (!after.count(name)) reset.push_back(name);
}

void plan_persistence(PlanContext& ctx) {
    // PostgreSQL refuses SET UNLOGGED on a table a permanent table references, and SET LOGGED
    // on a table that references an unlogged one: tables becoming unlogged go referencing
    // first, tables becoming logged referenced first. (A cycle of foreign keys cannot change
    // persistence at all; PostgreSQL's error says so.)
    std::vector<const TablePair*> changed;
    for (const auto& [name, pair] : ctx.pairs)
        if (pair.before->unlogged != pair.after->unlogged) changed.push_back(&pair);
    auto references = [](const ir::Table& from, const ir::QualifiedName& to) {
        return from.name != to && std::any_of(from.foreign_keys.begin(), from.foreign_keys.end(),
                                              [&](const ir::ForeignKey& fk) { return fk.referenced_table == to; });
    };
    // Whether `t` must wait for `other`, both changing.
    auto waits_for = [&](const ir::Table& t, const ir::Table& other) {
        if (t.unlogged != other.unlogged) return false;
        return t.unlogged ? references(other, t.name) : references(t, other.name);
    };
    std::vector<bool> done(changed.size(), false);
    auto ready = [&](std::size_t i) {
        for (std::size_t j = 0; j < changed.size(); ++j)
            if (!done[j] && j != i && waits_for(*changed[i]->after, *changed[j]->after)) return false;
        return true;
    };
    for (std::size_t emitted = 0; emitted < changed.size(); ++emitted) {
        std::size_t next = changed.size();
        for (std::size_t i = 0; i < changed.size() && next == changed.size(); ++i)
            if (!done[i] && ready(i)) next = i;
        // In a cycle: the first table left, for PostgreSQL to refuse with its own message.
        for (std::size_t i = 0; i < changed.size() && next == changed.size(); ++i)
            if (!done[i]) next = i;
        done[next] = true;
        const ir::Table& t = *changed[next]->after;
        ctx.add(SetLogged{t.name, t.unlogged},
                fmt::format("~ table {} {}", table_title(t.name), t.unlogged ? "unlogged" : "logged"), t.origin.span,
                Hazard::table_rewrite | Hazard::access_exclusive_lock);
    }
}

}  // namespace schemac::plan
