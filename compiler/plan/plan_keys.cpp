// Primary keys, unique and check constraints, indexes and foreign keys of existing tables:
// paired by name, else by @was, else by an identical definition (an implicit name following
// its renamed table or column); the rest are added (safely, on tables that have rows) or dropped.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/plan/plan_context.hpp"
#include "compiler/sql/implicit_names.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::plan {
namespace {

std::string mapped(const Renames& renames, const std::string& column) {
    for (const auto& [from, to] : renames)
        if (from == column) return to;
    return column;
}

std::vector<std::string> mapped(const Renames& renames, const std::vector<std::string>& columns) {
    std::vector<std::string> out;
    for (const std::string& c : columns) out.push_back(mapped(renames, c));
    return out;
}

// Whether a before object (columns and expressions given in before names) leans on a column
// that this plan rebuilds (all dependents) or converts to a recreated enum (expressions only).
bool leans_on_changed_column(const TablePair& pair, const std::vector<std::string>& columns,
                             const std::vector<std::string>& expressions) {
    for (const std::string& c : columns) {
        std::string name = mapped(pair.column_renames, c);
        if (pair.rebuilt_columns.count(name) || pair.dropped_columns.count(c)) return true;
    }
    for (const std::string& e : expressions) {
        for (const std::string& c : analyze_sql_expression(e).column_refs) {
            std::string name = mapped(pair.column_renames, c);
            if (pair.rebuilt_columns.count(name) || pair.retyped_enum_columns.count(name) ||
                pair.dropped_columns.count(c))
                return true;
        }
    }
    return false;
}

std::vector<std::string> index_columns(const ir::Index& index) {
    std::vector<std::string> out = index.include;
    for (const ir::IndexElement& e : index.elements)
        if (!e.column.empty()) out.push_back(e.column);
    return out;
}
std::vector<std::string> index_expressions(const ir::Index& index) {
    std::vector<std::string> out;
    for (const ir::IndexElement& e : index.elements)
        if (!e.expression.empty()) out.push_back(e.expression);
    if (index.where) out.push_back(*index.where);
    return out;
}

// Pairs `before` objects with `after` ones and reports each outcome to the callbacks.
// `kept` sees every pair that stays (renamed or not).
struct Unused {
    template <class T>
    void operator()(const T&, const T&) const {}
};
template <class T, class Same, class Rename, class Add, class Drop, class Kept = Unused>
void match(PlanContext& ctx, const std::vector<T>& before, const std::vector<T>& after, std::string_view kind,
           const ir::QualifiedName& table, Same same, Rename rename, Add add, Drop drop, Kept kept = {}) {
    auto find = [](const std::vector<T>& list, const std::string& name) -> int {
        for (std::size_t i = 0; i < list.size(); ++i)
            if (list[i].name == name) return static_cast<int>(i);
        return -1;
    };
    std::vector<bool> claimed(before.size(), false), done(after.size(), false);
    auto settle = [&](std::size_t i, std::size_t j) {
        claimed[j] = done[i] = true;
        if (same(before[j], after[i])) {
            if (before[j].name != after[i].name) rename(before[j], after[i]);
            kept(before[j], after[i]);
        } else {
            drop(before[j]);
            add(after[i]);
        }
    };
    for (std::size_t i = 0; i < after.size(); ++i) {
        int j = find(before, after[i].name);
        if (j < 0) continue;
        if (after[i].was && find(before, *after[i].was) >= 0)
            ctx.was_conflict(kind, after[i].name + " on " + table_title(table), *after[i].was, after[i].origin.span);
        settle(i, static_cast<std::size_t>(j));
    }
    for (std::size_t i = 0; i < after.size(); ++i) {
        if (done[i] || !after[i].was || find(after, *after[i].was) >= 0) continue;
        int j = find(before, *after[i].was);
        if (j >= 0 && !claimed[static_cast<std::size_t>(j)]) settle(i, static_cast<std::size_t>(j));
    }
    for (std::size_t i = 0; i < after.size(); ++i) {
        for (std::size_t j = 0; j < before.size() && !done[i]; ++j)
            if (!claimed[j] && find(after, before[j].name) < 0 && same(before[j], after[i])) settle(i, j);
    }
    for (std::size_t i = 0; i < after.size(); ++i) {
        if (done[i] || !after[i].was || find(before, *after[i].was) >= 0) continue;
        std::vector<std::string_view> dropped;
        for (std::size_t j = 0; j < before.size(); ++j)
            if (!claimed[j]) dropped.push_back(before[j].name);
        ctx.was_names_nothing(kind, after[i].name + " on " + table_title(table), *after[i].was, dropped,
                              after[i].origin.span);
    }
    for (std::size_t i = 0; i < after.size(); ++i)
        if (!done[i]) add(after[i]);
    for (std::size_t j = 0; j < before.size(); ++j)
        if (!claimed[j]) drop(before[j]);
}

template <class T>
std::vector<T> as_list(const std::optional<T>& value) {
    return value ? std::vector<T>{*value} : std::vector<T>{};
}

// A primary key or unique constraint added to a table with rows: its index is built
// concurrently first, then attached (`USING INDEX`), so writes are never blocked for the build.
template <class Key>
void add_key(PlanContext& ctx, const ir::QualifiedName& table, const Key& key, std::string title,
             bool nulls_not_distinct) {
    if (!ctx.concurrent_on(table)) {
        ctx.add(AddConstraint{table, key, false, {}}, title, key.origin.span,
                Hazard::index_build | Hazard::access_exclusive_lock);
        return;
    }
    ir::Index index;
    index.name = key.name;
    index.unique = true;
    index.nulls_not_distinct = nulls_not_distinct;
    for (const std::string& c : key.columns) index.elements.push_back(ir::IndexElement{c, {}, {}, {}, false, false});
    ctx.add(CreateIndex{table, nullptr, std::move(index), true}, title + " (index built concurrently)", key.origin.span,
            Hazard::index_build, Phase::concurrent);
    ctx.add(AddConstraint{table, key, false, key.name}, title, key.origin.span, Hazard::access_exclusive_lock,
            Phase::concurrent);
    ctx.concurrent_keys.insert({table, key.name});
}

// A constraint the database holds unvalidated (`o`, NOT VALID) that `n` declares valid: VALIDATE
// CONSTRAINT, in the file of its own that follows the main one. A `not valid` declaration is
// satisfied by a valid constraint too, so the other way round is no change.
template <class Key>
void validate_if_needed(PlanContext& ctx, const ir::QualifiedName& table, std::string_view kind, const Key& o,
                        const Key& n) {
    if (!o.not_valid || n.not_valid) return;
    ctx.add(ValidateConstraint{table, n.name},
            fmt::format("~ {} {} on {} validated (it was NOT VALID)", kind, n.name, table_title(table)), n.origin.span,
            Hazard::validation_scan, Phase::validate);
}

// Whether an exclusion constraint of `before` is `n` (under the columns' new names), with
// nothing it covers rebuilt by this plan.
bool same_exclusion(const TablePair& pair, const ir::Exclusion& o, const ir::Exclusion& n) {
    if (o.method != n.method || o.elements.size() != n.elements.size() || o.deferrable != n.deferrable ||
        o.initially_deferred != n.initially_deferred || o.storage != n.storage ||
        mapped(pair.column_renames, o.include) != n.include)
        return false;
    std::optional<std::string> where;
    if (o.where) where = rename_columns_in_expression(*o.where, pair.column_renames);
    if (where != n.where) return false;
    std::vector<std::string> columns = o.include, expressions;
    if (o.where) expressions.push_back(*o.where);
    for (std::size_t i = 0; i < o.elements.size(); ++i) {
        ir::ExclusionElement e = o.elements[i];
        if (!e.element.column.empty()) {
            columns.push_back(e.element.column);
            e.element.column = mapped(pair.column_renames, e.element.column);
        }
        if (!e.element.expression.empty()) {
            expressions.push_back(e.element.expression);
            e.element.expression = rename_columns_in_expression(e.element.expression, pair.column_renames);
        }
        if (!(e == n.elements[i])) return false;
    }
    return !leans_on_changed_column(pair, columns, expressions);
}

// PostgreSQL 15 alters the deferral of foreign keys only: a key whose deferral changes is built again.
template <class Key>
bool same_timing(const Key& a, const Key& b) {
    return a.deferrable == b.deferrable && a.initially_deferred == b.initially_deferred;
}

}  // namespace

void plan_keys_and_indexes(PlanContext& ctx, TablePair& pair) {
    const ir::Table& before = *pair.before;
    const ir::Table& after = *pair.after;
    const ir::QualifiedName& table = after.name;
    auto drop_constraint = [&](std::string_view kind) {
        return [&ctx, &table, kind](const auto& old) {
            ctx.add(DropConstraint{table, old.name, false},
                    fmt::format("- {} {} on {}", kind, old.name, table_title(table)), {},
                    Hazard::access_exclusive_lock);
            ctx.dropped_keys.insert({table, old.name});
        };
    };
    auto rename_constraint = [&](std::string_view kind) {
        return [&ctx, &table, kind](const auto& old, const auto& now) {
            ctx.add(RenameConstraint{table, old.name, now.name},
                    fmt::format("~ {} {} on {} renamed from {}", kind, now.name, table_title(table), old.name),
                    now.origin.span, Hazard::access_exclusive_lock);
        };
    };

    match(
        ctx, as_list(before.primary_key), as_list(after.primary_key), "primary key", table,
        [&](const ir::PrimaryKey& o, const ir::PrimaryKey& n) {
            return mapped(pair.column_renames, o.columns) == n.columns && same_timing(o, n) &&
                   !leans_on_changed_column(pair, o.columns, {});
        },
        rename_constraint("primary key"),
        [&](const ir::PrimaryKey& n) {
            add_key(ctx, table, n, fmt::format("+ primary key {} on {}", n.name, table_title(table)), false);
        },
        drop_constraint("primary key"));

    match(
        ctx, before.uniques, after.uniques, "unique constraint", table,
        [&](const ir::Unique& o, const ir::Unique& n) {
            return mapped(pair.column_renames, o.columns) == n.columns &&
                   o.nulls_not_distinct == n.nulls_not_distinct && same_timing(o, n) &&
                   !leans_on_changed_column(pair, o.columns, {});
        },
        rename_constraint("unique"),
        [&](const ir::Unique& n) {
            add_key(ctx, table, n, fmt::format("+ unique {} on {}", n.name, table_title(table)), n.nulls_not_distinct);
        },
        drop_constraint("unique"));

    match(
        ctx, before.checks, after.checks, "check constraint", table,
        [&](const ir::Check& o, const ir::Check& n) {
            return rename_columns_in_expression(o.expression, pair.column_renames) == n.expression &&
                   o.no_inherit == n.no_inherit && !leans_on_changed_column(pair, {}, {o.expression});
        },
        rename_constraint("check"),
        [&](const ir::Check& n) {
            std::string title = fmt::format("+ check {} on {}", n.name, table_title(table));
            if (n.not_valid) {  // declared `not valid`: the rows already there stay unchecked
                ctx.add(AddConstraint{table, n, true, {}}, title + " (not valid: existing rows unchecked)",
                        n.origin.span, Hazard::access_exclusive_lock);
                return;
            }
            bool later = ctx.options.not_valid_constraints;
            ctx.add(AddConstraint{table, n, later, {}}, title, n.origin.span,
                    Hazard::access_exclusive_lock | (later ? 0u : Hazard::validation_scan));
            if (later)
                ctx.add(ValidateConstraint{table, n.name},
                        fmt::format("~ check {} on {} validated", n.name, table_title(table)), n.origin.span,
                        Hazard::validation_scan, Phase::validate);
        },
        drop_constraint("check"),
        [&](const ir::Check& o, const ir::Check& n) { validate_if_needed(ctx, table, "check", o, n); });

    match(
        ctx, before.exclusions, after.exclusions, "exclusion constraint", table,
        [&](const ir::Exclusion& o, const ir::Exclusion& n) { return same_exclusion(pair, o, n); },
        rename_constraint("exclusion constraint"),
        [&](const ir::Exclusion& n) {
            ctx.add(AddConstraint{table, n, false, {}},
                    fmt::format("+ exclusion constraint {} on {}", n.name, table_title(table)), n.origin.span,
                    Hazard::index_build | Hazard::validation_scan | Hazard::access_exclusive_lock);
        },
        drop_constraint("exclusion constraint"));

    plan_indexes(ctx, pair, table, before.indexes, after.indexes);
}

void plan_indexes(PlanContext& ctx, const TablePair& pair, const ir::QualifiedName& table,
                  const std::vector<ir::Index>& before, const std::vector<ir::Index>& after) {
    auto same_definition = [&](const ir::Index& o, const ir::Index& n) {
        if (o.unique != n.unique || o.method != n.method || o.nulls_not_distinct != n.nulls_not_distinct ||
            mapped(pair.column_renames, o.include) != n.include || o.elements.size() != n.elements.size())
            return false;
        std::optional<std::string> where;
        if (o.where) where = rename_columns_in_expression(*o.where, pair.column_renames);
        if (where != n.where) return false;
        for (std::size_t i = 0; i < o.elements.size(); ++i) {
            ir::IndexElement e = o.elements[i];
            if (!e.column.empty()) e.column = mapped(pair.column_renames, e.column);
            if (!e.expression.empty()) e.expression = rename_columns_in_expression(e.expression, pair.column_renames);
            if (!(e == n.elements[i])) return false;
        }
        return true;
    };
    auto leans = [&](const ir::Index& o) {
        return leans_on_changed_column(pair, index_columns(o), index_expressions(o));
    };
    // The table is rewritten under an ACCESS EXCLUSIVE lock in the main file (a column converted
    // to a recreated enum, a generated column rebuilt): indexes that must be built again with
    // it are built there too, so no moment passes without them.
    bool rewritten = !pair.retyped_enum_columns.empty() || !pair.rebuilt_columns.empty();
    std::set<std::string> rebuilt_with_table;  // names of indexes dropped for a column that changes
    // Indexes that keep their name but change their definition, on a table not rewritten: the
    // new one is built beside the old, which it then replaces (never a moment without one).
    std::set<std::string> replaced;
    for (const ir::Index& n : after)
        for (const ir::Index& o : before)
            if (o.name == n.name && !same_definition(o, n) && !leans(o) && ctx.concurrent_on(table))
                replaced.insert(n.name);

    match(
        ctx, before, after, "index", table,
        [&](const ir::Index& o, const ir::Index& n) { return same_definition(o, n) && !leans(o); },
        [&](const ir::Index& o, const ir::Index& n) {
            ctx.add(RenameIndex{ir::QualifiedName{table.schema, o.name}, n.name},
                    fmt::format("~ index {} on {} renamed from {}", n.name, table_title(table), o.name), n.origin.span);
        },
        [&](const ir::Index& n) {
            std::string title = fmt::format("+ index {} on {}", n.name, table_title(table));
            if (replaced.count(n.name)) {
                ctx.add(ReplaceIndex{table, n, make_object_name(n.name, "", "new")},
                        fmt::format("~ index {} on {} definition changed (new one built, then swapped in)", n.name,
                                    table_title(table)),
                        n.origin.span, Hazard::index_build, Phase::concurrent);
                if (n.unique) ctx.concurrent_keys.insert({table, n.name});
                return;
            }
            if (rewritten && (rebuilt_with_table.count(n.name) || (n.was && rebuilt_with_table.count(*n.was)))) {
                ctx.add(CreateIndex{table, &n, {}, false}, title + " (rebuilt with its table, in the same transaction)",
                        n.origin.span, Hazard::index_build | Hazard::access_exclusive_lock);
                return;
            }
            bool concurrently = ctx.concurrent_on(table);
            ctx.add(CreateIndex{table, &n, {}, concurrently}, title, n.origin.span,
                    Hazard::index_build | (concurrently ? 0u : Hazard::access_exclusive_lock),
                    concurrently ? Phase::concurrent : Phase::main);
            if (n.unique && concurrently) ctx.concurrent_keys.insert({table, n.name});
        },
        [&](const ir::Index& o) {
            if (replaced.count(o.name)) {
                if (o.unique) ctx.dropped_keys.insert({table, o.name});
                return;  // dropped by the ReplaceIndex that builds its successor
            }
            if (leans(o)) rebuilt_with_table.insert(o.name);
            // An index on a column this plan drops or rebuilds must go before that column does.
            bool concurrently = ctx.concurrent_on(table) && !leans(o);
            ctx.add(DropIndex{ir::QualifiedName{table.schema, o.name}, concurrently},
                    fmt::format("- index {} on {}", o.name, table_title(table)), {},
                    concurrently ? 0u : Hazard::access_exclusive_lock, concurrently ? Phase::concurrent : Phase::main);
            if (o.unique) ctx.dropped_keys.insert({table, o.name});
        },
        [&](const ir::Index& o, const ir::Index& n) {
            plan_storage(ctx, table, n.name, o.storage, n.storage, n.origin.span);
        });
}

namespace {

// The key (primary key, unique constraint or unique index) of a before table that a foreign
// key's referenced columns (before names) lean on.
std::optional<std::string> referenced_key(const ir::Table& table, const std::vector<std::string>& columns) {
    auto same_set = [&](std::vector<std::string> a) {
        std::vector<std::string> c = columns;
        std::sort(a.begin(), a.end());
        std::sort(c.begin(), c.end());
        return a == c;
    };
    if (table.primary_key && same_set(table.primary_key->columns)) return table.primary_key->name;
    for (const ir::Unique& u : table.uniques)
        if (same_set(u.columns)) return u.name;
    for (const ir::Index& i : table.indexes) {
        if (!i.unique || i.where) continue;
        std::vector<std::string> cols;
        for (const ir::IndexElement& e : i.elements) cols.push_back(e.column);
        if (same_set(cols)) return i.name;
    }
    return std::nullopt;
}

// The columns of the key (primary key, unique constraint or unique index) named `key` of a table.
std::vector<std::string> key_columns(const ir::Table& table, const std::string& key) {
    if (table.primary_key && table.primary_key->name == key) return table.primary_key->columns;
    for (const ir::Unique& u : table.uniques)
        if (u.name == key) return u.columns;
    for (const ir::Index& i : table.indexes)
        if (i.name == key && i.unique && !i.where) {
            std::vector<std::string> columns;
            for (const ir::IndexElement& e : i.elements) columns.push_back(e.column);
            return columns;
        }
    return {};
}

// A foreign key of `after_table` (a table of `after`).
void add_foreign_key(PlanContext& ctx, const ir::Table& after_table, const ir::ForeignKey& fk, bool table_has_rows) {
    const ir::QualifiedName& table = after_table.name;
    std::string title = fmt::format("+ foreign key {} on {}", fk.name, table_title(table));
    // It must follow the referenced key when that is built concurrently in this plan (even on a
    // new table); a key of the same table built for something else does not hold it back.
    bool after_concurrent = false;
    if (!ctx.concurrent_keys.empty()) {
        std::vector<std::string> referenced = fk.referenced_columns;
        std::sort(referenced.begin(), referenced.end());
        const ir::Table* referenced_table = ir::find_table(ctx.after, fk.referenced_table);
        for (const auto& [key_table, key_name] : ctx.concurrent_keys) {
            if (key_table != fk.referenced_table || !referenced_table) continue;
            std::vector<std::string> columns = key_columns(*referenced_table, key_name);
            std::sort(columns.begin(), columns.end());
            if (columns == referenced) after_concurrent = true;
        }
    }
    // Declared `not valid`: added NOT VALID and never validated, the rows already there stay
    // unchecked; on a new table too, so that the database is what the schema says (PostgreSQL has no
    // NOT VALID foreign key on a partitioned table: there it is valid, which satisfies the declaration).
    bool partitioned = after_table.partition_by.has_value();
    if (fk.not_valid && !partitioned) {
        ctx.add(AddConstraint{table, fk, true, {}}, title + " (not valid: existing rows unchecked)", fk.origin.span, 0,
                after_concurrent ? Phase::concurrent : Phase::main);
        return;
    }
    if (!table_has_rows || !ctx.not_valid_foreign_key_on(table)) {
        ctx.add(AddConstraint{table, fk, false, {}}, title, fk.origin.span,
                table_has_rows ? Hazard::validation_scan | Hazard::access_exclusive_lock : 0u,
                after_concurrent ? Phase::concurrent : Phase::main);
        return;
    }
    ctx.add(AddConstraint{table, fk, true, {}}, title, fk.origin.span, 0,
            after_concurrent ? Phase::concurrent : Phase::main);
    ctx.add(ValidateConstraint{table, fk.name},
            fmt::format("~ foreign key {} on {} validated", fk.name, table_title(table)), fk.origin.span,
            Hazard::validation_scan, Phase::validate);
}

}  // namespace

void plan_foreign_keys(PlanContext& ctx) {
    for (const ir::Table& t : ctx.after.tables) {
        const TablePair* pair = ctx.pair_for(t.name);
        if (!pair) {
            for (const ir::ForeignKey& fk : t.foreign_keys) add_foreign_key(ctx, t, fk, false);
            continue;
        }
        match(
            ctx, pair->before->foreign_keys, t.foreign_keys, "foreign key", t.name,
            [&](const ir::ForeignKey& o, const ir::ForeignKey& n) {
                ir::ForeignKey moved = o;
                moved.columns = mapped(pair->column_renames, o.columns);
                moved.referenced_table = ctx.after_table_name(o.referenced_table);
                const TablePair* referenced = ctx.pair_for(moved.referenced_table);
                // A table neither side holds (a snapshot edited by hand, a table outside the
                // schemas read from a database): nothing renames or rebuilds it, so its key is
                // the same one.
                bool held_by_neither = !referenced && !ir::find_table(ctx.before, o.referenced_table) &&
                                       !ir::find_table(ctx.after, moved.referenced_table);
                if (!referenced && !held_by_neither) return false;
                if (referenced) moved.referenced_columns = mapped(referenced->column_renames, o.referenced_columns);
                moved.name = n.name;
                moved.was = n.was;
                moved.not_valid = n.not_valid;  // validated in place (validate_if_needed)
                if (!(moved == n) || leans_on_changed_column(*pair, o.columns, {})) return false;
                if (held_by_neither) return true;
                std::optional<std::string> key = referenced_key(*referenced->before, o.referenced_columns);
                return !key || !ctx.dropped_keys.count({moved.referenced_table, *key});
            },
            [&](const ir::ForeignKey& o, const ir::ForeignKey& n) {
                ctx.add(RenameConstraint{t.name, o.name, n.name},
                        fmt::format("~ foreign key {} on {} renamed from {}", n.name, table_title(t.name), o.name),
                        n.origin.span, Hazard::access_exclusive_lock);
            },
            [&](const ir::ForeignKey& n) { add_foreign_key(ctx, t, n, true); },
            [&](const ir::ForeignKey& o) {
                ctx.add(DropConstraint{t.name, o.name, true},
                        fmt::format("- foreign key {} on {}", o.name, table_title(t.name)), {},
                        Hazard::access_exclusive_lock);
            },
            [&](const ir::ForeignKey& o, const ir::ForeignKey& n) {
                validate_if_needed(ctx, t.name, "foreign key", o, n);
            });
    }
}

}  // namespace schemac::plan
