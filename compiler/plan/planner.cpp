#include <fmt/format.h>

#include <algorithm>

#include "compiler/ir/identifiers.hpp"
#include "compiler/plan/plan_context.hpp"
#include "compiler/source/suggest.hpp"

namespace schemac::plan {

namespace {
void reserve_steps(PlanContext& ctx);
void plan_kept_tables(PlanContext& ctx);
void plan_kept_table_settings(PlanContext& ctx);
}  // namespace

// The whole planner, in the order it runs; each line is one pass over both IRs.
Plan plan_changes(const ir::Database& before, const ir::Database& after, const PlanOptions& options) {
    PlanContext ctx(before, after, options);
    match_tables(ctx);
    reserve_steps(ctx);
    match_enums(ctx);
    match_user_types(ctx);
    plan_kept_tables(ctx);  // before plan_enums: a recreated enum converts only columns not rebuilt
    plan_schemas_and_extensions(ctx);
    plan_enums(ctx);
    plan_user_types(ctx);
    plan_new_and_dropped_tables(ctx);
    plan_kept_table_settings(ctx);
    plan_partitions(ctx);
    plan_persistence(ctx);
    plan_foreign_keys(ctx);
    plan_sequences(ctx);
    plan_functions(ctx);
    plan_views(ctx);
    plan_triggers(ctx);
    plan_policies(ctx);
    plan_access(ctx);
    check_allowed_losses(ctx);
    warn_narrower_references(ctx);
    sort_steps(ctx.plan.steps);
    ctx.plan.diagnostics.sort();
    return std::move(ctx.plan);
}

namespace {

// Room for the steps of the new tables (each one, its indexes and its foreign keys), made once:
// a step is over a kilobyte, and a vector doubled as it fills held up to twice what it needed
// (at 5,000 new tables: room for 32,768 steps, 45 MiB, for 20,001).
void reserve_steps(PlanContext& ctx) {
    std::size_t expected = 64;
    for (const ir::Table& t : ctx.after.tables)
        if (!ctx.pairs.count(t.name)) expected += 1 + t.indexes.size() + t.foreign_keys.size();
    ctx.plan.steps.reserve(expected);
}

// Tables kept from `before` to `after`: moved or renamed, then their columns.
void plan_kept_tables(PlanContext& ctx) {
    for (auto& [name, pair] : ctx.pairs) {
        (void)name;
        if (pair.before->name != pair.after->name) rename_or_move_table(ctx, pair.before->name, *pair.after);
        plan_columns(ctx, pair);
    }
}

// Kept tables once their columns are planned: keys and indexes, comment, storage parameters.
void plan_kept_table_settings(PlanContext& ctx) {
    for (auto& [name, pair] : ctx.pairs) {
        (void)name;
        plan_keys_and_indexes(ctx, pair);
        if (pair.before->comment != pair.after->comment)
            ctx.add(SetTableComment{pair.after->name, pair.before->comment, pair.after->comment},
                    "~ table " + table_title(pair.after->name) + " comment", pair.after->origin.span);
        plan_storage(ctx, pair.after->name, "", pair.before->storage, pair.after->storage, pair.after->origin.span);
        plan_replica_identity(ctx, pair.before, *pair.after);
    }
}

}  // namespace

Step& PlanContext::add(Change change, std::string title, Span origin, unsigned hazards, Phase phase) {
    plan.steps.push_back(Step{std::move(change), phase, hazards, std::move(title), origin, {}});
    return plan.steps.back();
}

Step& PlanContext::add_data_loss(Change change, std::string title, Span origin, std::vector<std::string> lost,
                                 std::string message, std::string help, std::optional<DirectiveFix> directive) {
    bool allowed = options.allow_data_loss || std::all_of(lost.begin(), lost.end(), [&](const std::string& object) {
                       return options.allowed_losses.count(object) > 0;
                   });
    if (!allowed) {
        if (help.empty()) help = "if the data may go, run again with " + data_loss_flag(lost);
        plan.diagnostics.error("data-loss", origin, std::move(message), std::move(help)).directive = std::move(
            directive);
    }
    Step& step = add(std::move(change), std::move(title), origin, Hazard::data_loss | Hazard::access_exclusive_lock);
    step.lost = std::move(lost);
    return step;
}

std::string data_loss_flag(const std::vector<std::string>& lost) {
    return fmt::format("--allow-data-loss {}", fmt::join(lost, ","));
}

void check_allowed_losses(PlanContext& ctx) {
    std::set<std::string> losses;
    for (const Step& s : ctx.plan.steps) losses.insert(s.lost.begin(), s.lost.end());
    std::vector<std::string_view> candidates(losses.begin(), losses.end());
    for (const std::string& name : ctx.options.allowed_losses) {
        if (losses.count(name)) continue;
        std::string help;
        if (std::optional<std::string> close = closest_name(name, candidates))
            help = fmt::format("did you mean {}?", *close);
        else if (losses.empty())
            help = "this change loses no data: leave --allow-data-loss out";
        else
            help = fmt::format("what loses data in this change: {}", fmt::join(losses, ", "));
        ctx.plan.diagnostics.error(
            "data-loss-unused", {},
            fmt::format("--allow-data-loss names {}, but nothing of that name loses data in this change", name),
            std::move(help));
    }
}

void PlanContext::was_conflict(std::string_view kind, std::string_view name, std::string_view old_name, Span origin) {
    plan.diagnostics.error(
        "was-conflict", origin,
        fmt::format("{} {} says @was({}), but {} has both: the old name and the new one", kind, name, old_name,
                    options.before_name),
        fmt::format("remove @was({}) if the rename was applied already, or drop one of the two first", old_name));
}

void PlanContext::was_names_nothing(std::string_view kind, std::string_view name, std::string_view old_name,
                                    const std::vector<std::string_view>& dropped, Span origin,
                                    std::string_view qualifier) {
    std::optional<std::string> similar = closest_name(old_name, dropped);
    if (!similar) return;
    plan.diagnostics.error(
        "was-unknown", origin,
        fmt::format("{} {} says @was({}{}), but {} has no {} {}{}", kind, name, qualifier, old_name,
                    options.before_name, kind, qualifier, old_name),
        fmt::format("did you mean @was({}{})? {} {}{} is dropped in this change, and a mistyped @was would drop it "
                    "instead of renaming it",
                    qualifier, *similar, kind, qualifier, *similar));
}

bool PlanContext::is_new_table(const ir::QualifiedName& after_name) const {
    auto it = std::lower_bound(new_tables.begin(), new_tables.end(), after_name,
                               [](const ir::Table* t, const ir::QualifiedName& name) { return t->name < name; });
    return it != new_tables.end() && (*it)->name == after_name;
}

ir::QualifiedName PlanContext::after_table_name(const ir::QualifiedName& before_name) const {
    auto it = table_renames.find(before_name);
    return it == table_renames.end() ? before_name : it->second;
}

ir::Type PlanContext::after_type(const ir::Type& before_type) const {
    if (before_type.schema.empty()) return before_type;
    ir::QualifiedName name{before_type.schema, before_type.name};
    auto it = enum_renames.find(name);
    if (it == enum_renames.end()) {
        it = user_type_renames.find(name);
        if (it == user_type_renames.end()) return before_type;
    }
    ir::Type out = before_type;
    out.schema = it->second.schema;
    out.name = it->second.name;
    return out;
}

const TablePair* PlanContext::pair_for(const ir::QualifiedName& after_name) const {
    auto it = pairs.find(after_name);
    return it == pairs.end() ? nullptr : &it->second;
}

std::string table_title(const ir::QualifiedName& table) { return ir::display_name(table); }

std::string column_title(const ir::QualifiedName& table, std::string_view column) {
    return fmt::format("{}.{}", ir::display_name(table), column);
}

std::string rename_title(std::string_view what, const ir::QualifiedName& from, const ir::QualifiedName& to) {
    if (from.name == to.name) return fmt::format("~ {} moved from schema {}", what, from.schema);
    return fmt::format("~ {} renamed from {}", what, from.schema != to.schema ? ir::display_name(from) : from.name);
}

// Pairs every table of `after` with its table in `before`: same name, else the @was name.
void match_tables(PlanContext& ctx) {
    std::set<ir::QualifiedName> claimed;
    for (const ir::Table& t : ctx.after.tables) {
        const ir::Table* old = ir::find_table(ctx.before, t.name);
        ir::QualifiedName was_name{t.was_schema.value_or(t.name.schema), t.was.value_or("")};
        if (old) {
            if (t.was && ir::find_table(ctx.before, was_name))
                ctx.was_conflict("table", ir::display_name(t.name), *t.was, t.origin.span);
        } else if (t.was && (old = ir::find_table(ctx.before, was_name)) && !ir::find_table(ctx.after, was_name)) {
            ctx.table_renames[old->name] = t.name;
        } else {
            old = nullptr;
        }
        if (!old) {
            ctx.new_tables.push_back(&t);
            continue;
        }
        claimed.insert(old->name);
        TablePair& pair = ctx.pairs[t.name];
        pair.before = old;
        pair.after = &t;
    }
    for (const ir::Table& t : ctx.before.tables)
        if (!claimed.count(t.name)) ctx.dropped_tables.push_back(&t);
    ctx.dropped_tables = in_partition_order(ctx.before, std::move(ctx.dropped_tables), false);
    for (const ir::Table& t : ctx.after.tables) {
        ir::QualifiedName was_name{t.was_schema.value_or(t.name.schema), t.was.value_or("")};
        if (!t.was || !ctx.is_new_table(t.name) || ir::find_table(ctx.before, was_name)) continue;
        std::vector<std::string_view> dropped;
        const ir::Table* elsewhere = nullptr;  // a dropped table of that very name in another schema
        for (const ir::Table* d : ctx.dropped_tables) {
            if (d->name.schema == was_name.schema)
                dropped.push_back(d->name.name);
            else if (!t.was_schema && d->name.name == *t.was && !elsewhere)
                elsewhere = d;
        }
        if (elsewhere && !closest_name(*t.was, dropped)) {
            ctx.plan.diagnostics.error(
                "was-unknown", t.origin.span,
                fmt::format("table {} says @was({}), but {} has no table {}.{}", table_title(t.name), *t.was,
                            ctx.options.before_name, t.name.schema, *t.was),
                fmt::format("an unqualified @was name is in the table's own schema; to move the table from schema {}, "
                            "write @was({}.{})",
                            elsewhere->name.schema, elsewhere->name.schema, *t.was));
            continue;
        }
        ctx.was_names_nothing("table", table_title(t.name), *t.was, dropped, t.origin.span,
                              t.was_schema ? *t.was_schema + "." : "");
    }
}

void match_enums(PlanContext& ctx) {
    std::vector<const ir::Enum*> unmatched;  // new enums whose @was names nothing
    for (const ir::Enum& e : ctx.after.enums) {
        if (!e.was) continue;
        ir::QualifiedName was_name{e.was_schema.value_or(e.name.schema), *e.was};
        if (ir::find_enum(ctx.after, was_name)) continue;
        if (ir::find_enum(ctx.before, e.name)) {
            if (ir::find_enum(ctx.before, was_name))
                ctx.was_conflict("enum", ir::display_name(e.name), *e.was, e.origin.span);
        } else if (ir::find_enum(ctx.before, was_name)) {
            ctx.enum_renames[was_name] = e.name;
        } else {
            unmatched.push_back(&e);
        }
    }
    for (const ir::Enum* e : unmatched) {
        std::string schema = e->was_schema.value_or(e->name.schema);
        std::vector<std::string_view> dropped;
        for (const ir::Enum& old : ctx.before.enums)
            if (old.name.schema == schema && !ir::find_enum(ctx.after, old.name) && !ctx.enum_renames.count(old.name))
                dropped.push_back(old.name.name);
        ctx.was_names_nothing("enum", ir::display_name(e->name), *e->was, dropped, e->origin.span,
                              e->was_schema ? *e->was_schema + "." : "");
    }
}

void plan_schemas_and_extensions(PlanContext& ctx) {
    auto managed = [](const std::string& name) { return name != "public"; };  // public always exists
    for (const ir::Schema& s : ctx.after.schemas) {
        auto old = std::find_if(ctx.before.schemas.begin(), ctx.before.schemas.end(), [&](const ir::Schema& o) {
            return o.name == s.name;
        });
        if (old == ctx.before.schemas.end()) {
            if (managed(s.name)) ctx.add(CreateSchema{s.name}, "+ schema " + s.name, s.origin.span);
            if (s.comment)
                ctx.add(SetSchemaComment{s.name, std::nullopt, s.comment}, "~ schema " + s.name + " comment",
                        s.origin.span);
        } else if (old->comment != s.comment) {
            ctx.add(SetSchemaComment{s.name, old->comment, s.comment}, "~ schema " + s.name + " comment",
                    s.origin.span);
        }
    }
    for (const ir::Schema& s : ctx.before.schemas) {
        bool kept = std::any_of(ctx.after.schemas.begin(), ctx.after.schemas.end(), [&](const ir::Schema& n) {
            return n.name == s.name;
        });
        if (!kept && managed(s.name)) ctx.add(DropSchema{s.name}, "- schema " + s.name);
    }
    for (const ir::Extension& e : ctx.after.extensions) {
        auto old = std::find_if(ctx.before.extensions.begin(), ctx.before.extensions.end(),
                                [&](const ir::Extension& o) { return o.name == e.name; });
        if (old == ctx.before.extensions.end()) {
            ctx.add(CreateExtension{e}, "+ extension " + e.name, e.origin.span);
        } else if (old->schema != e.schema || old->version != e.version) {
            ctx.add(AlterExtension{e.name, {old->schema, old->version}, {e.schema, e.version}}, "~ extension " + e.name,
                    e.origin.span);
        }
    }
    for (const ir::Extension& e : ctx.before.extensions) {
        bool kept = std::any_of(ctx.after.extensions.begin(), ctx.after.extensions.end(), [&](const ir::Extension& n) {
            return n.name == e.name;
        });
        if (!kept) ctx.add(DropExtension{e.name}, "- extension " + e.name);
    }
}

namespace {

// Whether two tables have the same columns (names and types): a dropped and an added table
// that look like one renamed.
bool same_columns(const PlanContext& ctx, const ir::Table& before, const ir::Table& after) {
    if (before.columns.size() != after.columns.size()) return false;
    for (std::size_t i = 0; i < before.columns.size(); ++i) {
        const ir::Column* c = ir::find_column(after, before.columns[i].name);
        if (!c || c->type != ctx.after_type(before.columns[i].type)) return false;
    }
    return true;
}

}  // namespace

void plan_new_and_dropped_tables(PlanContext& ctx) {
    for (const ir::Table* new_table : in_partition_order(ctx.after, ctx.new_tables, true)) {
        const ir::Table& t = *new_table;
        std::string title = t.partition_of
                                ? fmt::format("+ partition {} of {}", table_title(t.name), table_title(*t.partition_of))
                                : "+ table " + table_title(t.name);
        // Foreign keys are added once every table exists (cycles included), indexes after the table.
        ctx.add(CreateTable{&t}, std::move(title), t.origin.span);
        for (const ir::Index& index : t.indexes)
            ctx.add(CreateIndex{t.name, &index, {}, false},
                    fmt::format("+ index {} on {}", index.name, table_title(t.name)), index.origin.span);
        if (t.comment)
            ctx.add(SetTableComment{t.name, std::nullopt, t.comment}, "~ table " + table_title(t.name) + " comment",
                    t.origin.span);
        for (const ir::Column& c : t.columns) {
            if (c.comment())
                ctx.add(SetColumnComment{t.name, c.name, std::nullopt, c.comment()},
                        "~ column " + column_title(t.name, c.name) + " comment", c.origin.span);
            plan_column_clauses(ctx, t.name, nullptr, c, false);
        }
        plan_replica_identity(ctx, nullptr, t);
    }
    for (const ir::Table* t : ctx.dropped_tables) {
        // Its foreign keys go first, with the other foreign keys: one to another dropped table
        // would stop the first DROP TABLE, one to a kept table would stop that table's key from
        // being dropped or replaced before this DROP TABLE.
        for (const ir::ForeignKey& fk : t->foreign_keys)
            if (fk.referenced_table != t->name)
                ctx.add(DropConstraint{t->name, fk.name, true},
                        fmt::format("- foreign key {} on {} (before its table)", fk.name, table_title(t->name)), {},
                        Hazard::access_exclusive_lock);
        std::string help;
        Span at;
        std::optional<DirectiveFix> directive;
        for (const ir::Table* added_table : ctx.new_tables) {
            const ir::Table& added = *added_table;
            if (added.name.schema == t->name.schema && same_columns(ctx, *t, added)) {
                help = fmt::format("if {} is {} renamed, declare it: `table {} @was({}) {{`; if the data may go, run "
                                   "again with {}",
                                   table_title(added.name), t->name.name,
                                   added.name.schema == "public" ? added.name.name : table_title(added.name),
                                   t->name.name, data_loss_flag({table_title(t->name)}));
                at = added.origin.span;
                directive = DirectiveFix{at, "@was(" + quote_identifier(t->name.name) + ")"};
                break;
            }
        }
        Phase phase = detach_dropped_partition(ctx, *t);
        ctx.add_data_loss(DropTable{t->name}, "- table " + table_title(t->name), at, {table_title(t->name)},
                          fmt::format("table {} would be dropped with all its rows (it is in {}, not in this one)",
                                      table_title(t->name), ctx.options.before_name),
                          help, std::move(directive))
            .phase = phase;
    }
}

void rename_or_move_table(PlanContext& ctx, const ir::QualifiedName& from, const ir::Table& to) {
    ir::QualifiedName at = from;
    if (from.schema != to.name.schema) {
        at.schema = to.name.schema;
        ctx.add(SetSchema{from, to.name.schema, false},
                fmt::format("~ table {} moved from schema {}", table_title(at), from.schema), to.origin.span,
                Hazard::access_exclusive_lock);
    }
    if (at.name != to.name.name)
        ctx.add(RenameTable{at, to.name.name},
                fmt::format("~ table {} renamed from {}", table_title(to.name), from.name), to.origin.span,
                Hazard::access_exclusive_lock);
}

PlanOptions plain_ddl_options() {
    PlanOptions o;
    o.concurrent_indexes = false;
    o.not_valid_constraints = false;
    o.not_null_through_check = false;
    o.backfill_batch_rows = 0;
    return o;
}

ir::Database without_directives(ir::Database db) {
    strip_directives(db);
    return db;
}

void strip_directives(ir::Database& db) {
    for (ir::Enum& e : db.enums) {
        e.was.reset();
        e.was_schema.reset();
        for (ir::EnumValue& v : e.values) v.was.reset();
    }
    for (ir::Table& t : db.tables) {
        t.was.reset();
        t.was_schema.reset();
        for (ir::Column& c : t.columns) {
            if (c.was() || c.backfill() || c.backfill_batch() || c.using_expression()) {
                ir::ColumnRareParts& rare = c.rare.set();
                rare.was.reset();
                rare.backfill.reset();
                rare.backfill_batch.reset();
                rare.using_expression.reset();
            }
        }
        if (t.primary_key) t.primary_key->was.reset();
        for (ir::Unique& u : t.uniques) u.was.reset();
        for (ir::Check& c : t.checks) c.was.reset();
        for (ir::ForeignKey& f : t.foreign_keys) f.was.reset();
        for (ir::Index& i : t.indexes) i.was.reset();
        for (ir::Exclusion& x : t.exclusions) x.was.reset();
        for (ir::Trigger& tr : t.triggers) tr.was.reset();
        for (ir::Policy& p : t.policies) p.was.reset();
    }
    for (ir::View& v : db.views) {
        v.was.reset();
        v.was_schema.reset();
        for (ir::Index& i : v.indexes) i.was.reset();
        for (ir::Trigger& tr : v.triggers) tr.was.reset();
    }
    for (ir::Function& f : db.functions) {
        f.was.reset();
        f.was_schema.reset();
    }
    for (ir::Sequence& s : db.sequences) {
        s.was.reset();
        s.was_schema.reset();
    }
}

}  // namespace schemac::plan
