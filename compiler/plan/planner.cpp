#include <fmt/format.h>

#include <algorithm>

#include "compiler/plan/plan_context.hpp"
#include "compiler/source/suggest.hpp"

namespace schemac::plan {

Step& Builder::add(Change change, std::string title, Span origin, unsigned hazards, Phase phase) {
    plan.steps.push_back(Step{std::move(change), phase, hazards, std::move(title), origin, {}});
    return plan.steps.back();
}

Step& Builder::add_data_loss(Change change, std::string title, Span origin, std::vector<std::string> lost,
                             std::string message, std::string help) {
    bool allowed = options.allow_data_loss || std::all_of(lost.begin(), lost.end(), [&](const std::string& object) {
                       return options.allowed_losses.count(object) > 0;
                   });
    if (!allowed) {
        if (help.empty()) help = "if the data may go, run again with " + data_loss_flag(lost);
        plan.diagnostics.error("data-loss", origin, std::move(message), std::move(help));
    }
    Step& step = add(std::move(change), std::move(title), origin, Hazard::data_loss | Hazard::access_exclusive_lock);
    step.lost = std::move(lost);
    return step;
}

std::string data_loss_flag(const std::vector<std::string>& lost) {
    return fmt::format("--allow-data-loss {}", fmt::join(lost, ","));
}

void check_allowed_losses(Builder& b) {
    std::set<std::string> losses;
    for (const Step& s : b.plan.steps) losses.insert(s.lost.begin(), s.lost.end());
    std::vector<std::string_view> candidates(losses.begin(), losses.end());
    for (const std::string& name : b.options.allowed_losses) {
        if (losses.count(name)) continue;
        std::string help;
        if (std::optional<std::string> close = closest_name(name, candidates))
            help = fmt::format("did you mean {}?", *close);
        else if (losses.empty())
            help = "this change loses no data: leave --allow-data-loss out";
        else
            help = fmt::format("what loses data in this change: {}", fmt::join(losses, ", "));
        b.plan.diagnostics.error("data-loss-unused", {},
                                 fmt::format("--allow-data-loss names {}, but nothing of that name loses data in this change",
                                             name),
                                 std::move(help));
    }
}

void Builder::was_conflict(std::string_view kind, std::string_view name, std::string_view old_name, Span origin) {
    plan.diagnostics.error(
        "was-conflict", origin,
        fmt::format("{} {} says @was({}), but {} has both: the old name and the new one", kind, name, old_name,
                    options.before_name),
        fmt::format("remove @was({}) if the rename was applied already, or drop one of the two first", old_name));
}

void Builder::was_names_nothing(std::string_view kind, std::string_view name, std::string_view old_name,
                                const std::vector<std::string_view>& dropped, Span origin, std::string_view qualifier) {
    std::optional<std::string> similar = closest_name(old_name, dropped);
    if (!similar) return;
    plan.diagnostics.error(
        "was-unknown", origin,
        fmt::format("{} {} says @was({}{}), but {} has no {} {}{}", kind, name, qualifier, old_name, options.before_name,
                    kind, qualifier, old_name),
        fmt::format("did you mean @was({}{})? {} {}{} is dropped in this change, and a mistyped @was would drop it "
                    "instead of renaming it",
                    qualifier, *similar, kind, qualifier, *similar));
}

ir::QualifiedName Builder::after_table_name(const ir::QualifiedName& before_name) const {
    auto it = table_renames.find(before_name);
    return it == table_renames.end() ? before_name : it->second;
}

ir::Type Builder::after_type(const ir::Type& before_type) const {
    if (before_type.schema.empty()) return before_type;
    auto it = enum_renames.find(ir::QualifiedName{before_type.schema, before_type.name});
    if (it == enum_renames.end()) return before_type;
    ir::Type out = before_type;
    out.schema = it->second.schema;
    out.name = it->second.name;
    return out;
}

const TablePair* Builder::pair_for(const ir::QualifiedName& after_name) const {
    auto it = pairs.find(after_name);
    return it == pairs.end() ? nullptr : &it->second;
}

std::string table_title(const ir::QualifiedName& table) { return ir::display_name(table); }

std::string column_title(const ir::QualifiedName& table, std::string_view column) {
    return fmt::format("{}.{}", ir::display_name(table), column);
}

// Pairs every table of `after` with its table in `before`: same name, else the @was name.
void match_tables(Builder& b) {
    std::set<ir::QualifiedName> claimed;
    for (const ir::Table& t : b.after.tables) {
        const ir::Table* old = ir::find_table(b.before, t.name);
        ir::QualifiedName was_name{t.was_schema.value_or(t.name.schema), t.was.value_or("")};
        if (old) {
            if (t.was && ir::find_table(b.before, was_name)) b.was_conflict("table", ir::display_name(t.name), *t.was, t.origin.span);
        } else if (t.was && (old = ir::find_table(b.before, was_name)) && !ir::find_table(b.after, was_name)) {
            b.table_renames[old->name] = t.name;
        } else {
            old = nullptr;
        }
        if (!old) {
            b.new_tables.insert(t.name);
            continue;
        }
        claimed.insert(old->name);
        TablePair& pair = b.pairs[t.name];
        pair.before = old;
        pair.after = &t;
    }
    for (const ir::Table& t : b.before.tables)
        if (!claimed.count(t.name)) b.dropped_tables.push_back(&t);
    for (const ir::Table& t : b.after.tables) {
        ir::QualifiedName was_name{t.was_schema.value_or(t.name.schema), t.was.value_or("")};
        if (!t.was || !b.new_tables.count(t.name) || ir::find_table(b.before, was_name)) continue;
        std::vector<std::string_view> dropped;
        const ir::Table* elsewhere = nullptr;  // a dropped table of that very name in another schema
        for (const ir::Table* d : b.dropped_tables) {
            if (d->name.schema == was_name.schema) dropped.push_back(d->name.name);
            else if (!t.was_schema && d->name.name == *t.was && !elsewhere) elsewhere = d;
        }
        if (elsewhere && !closest_name(*t.was, dropped)) {
            b.plan.diagnostics.error(
                "was-unknown", t.origin.span,
                fmt::format("table {} says @was({}), but {} has no table {}.{}", table_title(t.name), *t.was,
                            b.options.before_name, t.name.schema, *t.was),
                fmt::format("an unqualified @was name is in the table's own schema; to move the table from schema {}, "
                            "write @was({}.{})",
                            elsewhere->name.schema, elsewhere->name.schema, *t.was));
            continue;
        }
        b.was_names_nothing("table", table_title(t.name), *t.was, dropped, t.origin.span,
                            t.was_schema ? *t.was_schema + "." : "");
    }
}

void match_enums(Builder& b) {
    std::vector<const ir::Enum*> unmatched;  // new enums whose @was names nothing
    for (const ir::Enum& e : b.after.enums) {
        if (!e.was) continue;
        ir::QualifiedName was_name{e.was_schema.value_or(e.name.schema), *e.was};
        if (ir::find_enum(b.after, was_name)) continue;
        if (ir::find_enum(b.before, e.name)) {
            if (ir::find_enum(b.before, was_name)) b.was_conflict("enum", ir::display_name(e.name), *e.was, e.origin.span);
        } else if (ir::find_enum(b.before, was_name)) {
            b.enum_renames[was_name] = e.name;
        } else {
            unmatched.push_back(&e);
        }
    }
    for (const ir::Enum* e : unmatched) {
        std::string schema = e->was_schema.value_or(e->name.schema);
        std::vector<std::string_view> dropped;
        for (const ir::Enum& old : b.before.enums)
            if (old.name.schema == schema && !ir::find_enum(b.after, old.name) && !b.enum_renames.count(old.name))
                dropped.push_back(old.name.name);
        b.was_names_nothing("enum", ir::display_name(e->name), *e->was, dropped, e->origin.span,
                            e->was_schema ? *e->was_schema + "." : "");
    }
}

void plan_schemas_and_extensions(Builder& b) {
    auto managed = [](const std::string& name) { return name != "public"; };  // public always exists
    for (const ir::Schema& s : b.after.schemas) {
        auto old = std::find_if(b.before.schemas.begin(), b.before.schemas.end(),
                                [&](const ir::Schema& o) { return o.name == s.name; });
        if (old == b.before.schemas.end()) {
            if (managed(s.name)) b.add(CreateSchema{s.name}, "+ schema " + s.name, s.origin.span);
            if (s.comment) b.add(SetSchemaComment{s.name, s.comment}, "~ schema " + s.name + " comment", s.origin.span);
        } else if (old->comment != s.comment) {
            b.add(SetSchemaComment{s.name, s.comment}, "~ schema " + s.name + " comment", s.origin.span);
        }
    }
    for (const ir::Schema& s : b.before.schemas) {
        bool kept = std::any_of(b.after.schemas.begin(), b.after.schemas.end(),
                                [&](const ir::Schema& n) { return n.name == s.name; });
        if (!kept && managed(s.name)) b.add(DropSchema{s.name}, "- schema " + s.name);
    }
    for (const ir::Extension& e : b.after.extensions) {
        auto old = std::find_if(b.before.extensions.begin(), b.before.extensions.end(),
                                [&](const ir::Extension& o) { return o.name == e.name; });
        if (old == b.before.extensions.end()) {
            b.add(CreateExtension{e}, "+ extension " + e.name, e.origin.span);
        } else if (old->schema != e.schema || old->version != e.version) {
            b.add(AlterExtension{e.name, old->schema != e.schema ? e.schema : std::nullopt,
                                 old->version != e.version ? e.version : std::nullopt},
                  "~ extension " + e.name, e.origin.span);
        }
    }
    for (const ir::Extension& e : b.before.extensions) {
        bool kept = std::any_of(b.after.extensions.begin(), b.after.extensions.end(),
                                [&](const ir::Extension& n) { return n.name == e.name; });
        if (!kept) b.add(DropExtension{e.name}, "- extension " + e.name);
    }
}

namespace {

// Whether two tables have the same columns (names and types): a dropped and an added table
// that look like one renamed.
bool same_columns(const Builder& b, const ir::Table& before, const ir::Table& after) {
    if (before.columns.size() != after.columns.size()) return false;
    for (std::size_t i = 0; i < before.columns.size(); ++i) {
        const ir::Column* c = ir::find_column(after, before.columns[i].name);
        if (!c || c->type != b.after_type(before.columns[i].type)) return false;
    }
    return true;
}

}  // namespace

void plan_new_and_dropped_tables(Builder& b) {
    for (const ir::QualifiedName& name : b.new_tables) {
        const ir::Table& t = *ir::find_table(b.after, name);
        ir::Table created = t;
        created.foreign_keys.clear();  // added once every table exists (cycles included)
        created.indexes.clear();
        b.add(CreateTable{std::move(created)}, "+ table " + table_title(t.name), t.origin.span);
        for (const ir::Index& index : t.indexes)
            b.add(CreateIndex{t.name, index, false}, fmt::format("+ index {} on {}", index.name, table_title(t.name)),
                  index.origin.span);
        if (t.comment) b.add(SetTableComment{t.name, t.comment}, "~ table " + table_title(t.name) + " comment", t.origin.span);
        for (const ir::Column& c : t.columns)
            if (c.comment)
                b.add(SetColumnComment{t.name, c.name, c.comment}, "~ column " + column_title(t.name, c.name) + " comment",
                      c.origin.span);
    }
    for (const ir::Table* t : b.dropped_tables) {
        // Its foreign keys go first, with the other foreign keys: one to another dropped table
        // would stop the first DROP TABLE, one to a kept table would stop that table's key from
        // being dropped or replaced before this DROP TABLE.
        for (const ir::ForeignKey& fk : t->foreign_keys)
            if (fk.referenced_table != t->name)
                b.add(DropConstraint{t->name, fk.name, true},
                      fmt::format("- foreign key {} on {} (before its table)", fk.name, table_title(t->name)), {},
                      Hazard::access_exclusive_lock);
        std::string help;
        Span at;
        for (const ir::QualifiedName& name : b.new_tables) {
            const ir::Table& added = *ir::find_table(b.after, name);
            if (added.name.schema == t->name.schema && same_columns(b, *t, added)) {
                help = fmt::format("if {} is {} renamed, declare it: `table {} @was({}) {{`; if the data may go, run "
                                   "again with {}",
                                   table_title(added.name), t->name.name, added.name.schema == "public" ? added.name.name : table_title(added.name),
                                   t->name.name, data_loss_flag({table_title(t->name)}));
                at = added.origin.span;
                break;
            }
        }
        b.add_data_loss(DropTable{t->name}, "- table " + table_title(t->name), at, {table_title(t->name)},
                        fmt::format("table {} would be dropped with all its rows (it is in {}, not in this one)",
                                    table_title(t->name), b.options.before_name),
                        help);
    }
}

void rename_or_move_table(Builder& b, const ir::QualifiedName& from, const ir::Table& to) {
    ir::QualifiedName at = from;
    if (from.schema != to.name.schema) {
        at.schema = to.name.schema;
        b.add(SetSchema{from, to.name.schema, false}, fmt::format("~ table {} moved from schema {}", table_title(at), from.schema),
              to.origin.span, Hazard::access_exclusive_lock);
    }
    if (at.name != to.name.name)
        b.add(RenameTable{at, to.name.name}, fmt::format("~ table {} renamed from {}", table_title(to.name), from.name),
              to.origin.span, Hazard::access_exclusive_lock);
}

PlanOptions plain_ddl_options() {
    PlanOptions o;
    o.concurrent_indexes = false;
    o.not_valid_constraints = false;
    o.not_null_through_check = false;
    o.backfill_batch_rows = 0;
    return o;
}

Plan plan_changes(const ir::Database& before, const ir::Database& after, const PlanOptions& options) {
    Builder b(before, after, options);
    match_tables(b);
    match_enums(b);
    for (auto& [name, pair] : b.pairs) {
        (void)name;
        if (pair.before->name != pair.after->name) rename_or_move_table(b, pair.before->name, *pair.after);
        plan_columns(b, pair);
    }
    plan_schemas_and_extensions(b);
    plan_enums(b);
    plan_new_and_dropped_tables(b);
    for (auto& [name, pair] : b.pairs) {
        (void)name;
        plan_keys_and_indexes(b, pair);
        if (pair.before->comment != pair.after->comment)
            b.add(SetTableComment{pair.after->name, pair.after->comment}, "~ table " + table_title(pair.after->name) + " comment",
                  pair.after->origin.span);
        plan_storage(b, pair.after->name, "", pair.before->storage, pair.after->storage, pair.after->origin.span);
    }
    plan_persistence(b);
    plan_foreign_keys(b);
    check_allowed_losses(b);
    warn_narrower_references(b);
    sort_steps(b.plan.steps);
    b.plan.diagnostics.sort();
    return std::move(b.plan);
}

ir::Database without_directives(ir::Database db) {
    for (ir::Enum& e : db.enums) {
        e.was.reset();
        e.was_schema.reset();
        for (ir::EnumValue& v : e.values) v.was.reset();
    }
    for (ir::Table& t : db.tables) {
        t.was.reset();
        t.was_schema.reset();
        for (ir::Column& c : t.columns) {
            c.was.reset();
            c.backfill.reset();
            c.backfill_batch.reset();
        }
        if (t.primary_key) t.primary_key->was.reset();
        for (ir::Unique& u : t.uniques) u.was.reset();
        for (ir::Check& c : t.checks) c.was.reset();
        for (ir::ForeignKey& f : t.foreign_keys) f.was.reset();
        for (ir::Index& i : t.indexes) i.was.reset();
    }
    return db;
}

}  // namespace schemac::plan
