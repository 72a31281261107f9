// Lowering of tables: columns, keys, checks, foreign keys, indexes and storage parameters;
// column-level constraints folded into table-level ones.
#include "compiler/lower/lowering.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "compiler/ir/storage_parameters.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::lowering {
namespace {

std::int64_t type_max(const ir::Type& type) {
    if (type.name == "smallint") return std::numeric_limits<std::int16_t>::max();
    if (type.name == "integer") return std::numeric_limits<std::int32_t>::max();
    return std::numeric_limits<std::int64_t>::max();
}

}  // namespace

// Sequence options equal to PostgreSQL's defaults are dropped, so that writing them or not
// gives the same IR (and what the catalogs report compares equal).
ir::SequenceOptions lower_sequence(const syntax::SequenceOptions& in, const ir::Type& type) {
    ir::SequenceOptions out;
    std::int64_t increment = in.increment.value_or(1);
    bool ascending = increment > 0;
    if (in.increment && *in.increment != 1) out.increment = *in.increment;
    std::int64_t min_default = ascending ? 1 : -type_max(type) - 1;
    std::int64_t max_default = ascending ? type_max(type) : -1;
    if (in.min_value && *in.min_value != min_default) out.min_value = *in.min_value;
    if (in.max_value && *in.max_value != max_default) out.max_value = *in.max_value;
    std::int64_t start_default = ascending ? out.min_value.value_or(min_default) : out.max_value.value_or(max_default);
    if (in.start && *in.start != start_default) out.start = *in.start;
    if (in.cache && *in.cache != 1) out.cache = *in.cache;
    out.cycle = in.cycle.value_or(false);
    return out;
}

void Lowering::lower_table(const syntax::Table& t, std::size_t slot, bool alone) {
    ir::Table table;
    table.columns.reserve(
        static_cast<std::size_t>(std::count_if(t.items.begin(), t.items.end(), [](const syntax::TableItem& i) {
            return std::holds_alternative<syntax::Column>(i);
        })));
    table.name = qualified(t.name);
    table.origin = origin(t.name.name.span);
    Directives directives = lower_directives(t.directives, Target::table);
    table.was = directives.was;
    if (directives.was_schema != table.name.schema) table.was_schema = directives.was_schema;
    table.unlogged = t.unlogged.has_value();
    std::size_t table_index = slot;
    std::optional<Span> primary_key_span;
    Span row_level_security_span;

    auto add_primary_key = [&](ir::PrimaryKey pk, Span span) {
        if (table.primary_key) {
            diagnostics_
                .error("multiple-primary-keys", span,
                       fmt::format("table '{}' has more than one primary key", ir::display_name(table.name)),
                       "a table has one primary key; for several columns write one line: primary key (a, b)")
                .notes.push_back({*primary_key_span, "the first primary key is here"});
            return;
        }
        primary_key_span = span;
        bool unnamed = pk.name.empty();
        table.primary_key = std::move(pk);
        if (unnamed) unnamed_.push_back({table_index, Unnamed::primary_key, 0});
    };
    auto add_unique = [&](ir::Unique u) {
        if (u.name.empty()) unnamed_.push_back({table_index, Unnamed::unique, table.uniques.size()});
        table.uniques.push_back(std::move(u));
    };
    auto add_foreign_key = [&](ir::ForeignKey fk) {
        if (fk.name.empty()) unnamed_.push_back({table_index, Unnamed::foreign_key, table.foreign_keys.size()});
        table.foreign_keys.push_back(std::move(fk));
    };
    auto add_check = [&](const syntax::CheckClause& c) {
        ir::Check check;
        if (c.name) check.name = c.name->value;
        check.was = lower_directives(c.directives, Target::constraint).was;
        check.origin = origin(c.name ? c.name->span : c.span);
        auto expression = lower_expression(c.expression, "check constraint");
        check.expression = expression.value_or(c.expression.text);
        check.no_inherit = c.no_inherit.has_value();
        check.not_valid = c.not_valid.has_value();
        if (check.name.empty()) unnamed_.push_back({table_index, Unnamed::check, table.checks.size()});
        table.checks.push_back(std::move(check));
    };

    // Column-level constraints first, then table-level ones, as PostgreSQL processes them.
    for (const syntax::TableItem& item : t.items) {
        const auto* c = std::get_if<syntax::Column>(&item);
        if (!c) continue;
        ir::Column column = lower_column(*c, table.name.schema, !alone);
        if (alone && column.type.name.empty()) pending_types_.push_back({slot, table.columns.size(), c->type});
        if (c->primary_key)
            add_primary_key(ir::PrimaryKey{"", {column.name}, std::nullopt, origin(c->primary_key->span)},
                            c->primary_key->span);
        if (c->unique) add_unique(ir::Unique{"", {column.name}, false, std::nullopt, origin(c->unique->span)});
        for (const syntax::CheckClause& check : c->checks) add_check(check);
        if (c->references) {
            ir::ForeignKey fk = lower_reference(*c->references, table.name.schema);
            fk.columns = {column.name};
            fk.origin.span = c->references->span;
            add_foreign_key(std::move(fk));
        }
        table.columns.push_back(std::move(column));
    }
    for (const syntax::TableItem& item : t.items) {
        if (const auto* pk = std::get_if<syntax::PrimaryKey>(&item)) {
            ir::PrimaryKey out;
            if (pk->name) out.name = pk->name->value;
            out.columns = values(pk->columns);
            out.was = lower_directives(pk->directives, Target::constraint).was;
            out.origin = origin(pk->name ? pk->name->span : pk->span);
            lower_timing(pk->timing, out);
            add_primary_key(std::move(out), pk->span);
        } else if (const auto* u = std::get_if<syntax::Unique>(&item)) {
            ir::Unique out;
            if (u->name) out.name = u->name->value;
            out.columns = values(u->columns);
            out.nulls_not_distinct = u->nulls_not_distinct;
            out.was = lower_directives(u->directives, Target::constraint).was;
            out.origin = origin(u->name ? u->name->span : u->span);
            lower_timing(u->timing, out);
            add_unique(std::move(out));
        } else if (const auto* c = std::get_if<syntax::CheckClause>(&item)) {
            add_check(*c);
        } else if (const auto* fk = std::get_if<syntax::ForeignKey>(&item)) {
            ir::ForeignKey out = lower_reference(fk->reference, table.name.schema);
            if (fk->name) out.name = fk->name->value;
            out.columns = values(fk->columns);
            out.was = lower_directives(fk->directives, Target::constraint).was;
            out.origin.span = fk->name ? fk->name->span : fk->span;
            add_foreign_key(std::move(out));
        } else if (const auto* index = std::get_if<syntax::Index>(&item)) {
            if (!index->name) unnamed_.push_back({table_index, Unnamed::index, table.indexes.size()});
            table.indexes.push_back(lower_index(*index));
        } else if (const auto* exclusion = std::get_if<syntax::Exclusion>(&item)) {
            if (!exclusion->index.name) unnamed_.push_back({table_index, Unnamed::exclusion, table.exclusions.size()});
            table.exclusions.push_back(lower_exclusion(*exclusion));
        } else if (const auto* replica = std::get_if<syntax::ReplicaIdentity>(&item)) {
            lower_replica_identity(*replica, table);
        } else if (const auto* comment = std::get_if<syntax::TableComment>(&item)) {
            table.comment = comment->comment.text;
        } else if (const auto* storage = std::get_if<syntax::StorageClause>(&item)) {
            lower_storage(*storage, "table", "table " + ir::display_name(table.name), table.storage);
        } else if (const auto* trigger = std::get_if<syntax::Trigger>(&item)) {
            table.triggers.push_back(lower_trigger(*trigger, ir::display_name(table.name), false));
        } else if (const auto* rls = std::get_if<syntax::RowLevelSecurity>(&item)) {
            table.row_level_security = true;  // force implies enabled
            table.force_row_level_security = table.force_row_level_security || rls->force;
            row_level_security_span = rls->span;
        } else if (const auto* policy = std::get_if<syntax::Policy>(&item)) {
            lower_policy(*policy, table);
        } else if (const auto* grant = std::get_if<syntax::TableGrant>(&item)) {
            std::string shown = "table " + ir::display_name(table.name);
            std::vector<std::string> column_names;
            for (const ir::Column& column : table.columns) column_names.push_back(column.name);
            for (const syntax::Grantee& grantee : grant->grantees) check_grantee(grantee, true, "a grant");
            for (const syntax::Privilege& privilege : grant->privileges)
                lower_privilege(privilege, grant->grantees, grant->grant_option, "table", &column_names, shown,
                                table.grants);
        }
    }
    if (table.row_level_security && table.policies.empty())
        diagnostics_.warning(
            "rls-without-policy", row_level_security_span,
            fmt::format("row level security on table {} with no policy: every role but its owner{} sees no rows of "
                        "it and may write none",
                        ir::display_name(table.name),
                        table.force_row_level_security ? " (not even the owner: it is forced)" : ""),
            "write the policies that say who sees which rows (`policy NAME for select to ROLE using (...)`), or "
            "leave row level security off until there are some");
    // A primary key makes its columns NOT NULL, and so does a serial type (as in PostgreSQL).
    for (ir::Column& column : table.columns) {
        if (table.primary_key &&
            std::count(table.primary_key->columns.begin(), table.primary_key->columns.end(), column.name))
            column.not_null = true;
        if (is_serial_type(column.type)) column.not_null = true;
    }
    lower_partitioning(t, table);
    db_.tables[slot] = std::move(table);
}

std::vector<std::string> Lowering::values(const std::vector<syntax::Name>& names) {
    std::vector<std::string> out;
    for (const syntax::Name& n : names) out.push_back(n.value);
    return out;
}

ir::Column Lowering::lower_column(const syntax::Column& c, const std::string& schema, bool resolve_type_now) {
    ir::Column out;
    out.name = c.name.value;
    out.origin = origin(c.name.span);
    if (std::optional<ir::Type> builtin = builtin_type(c.type))
        out.type = std::move(*builtin);
    else if (resolve_type_now)
        out.type = resolve_type(c.type, schema);
    if (c.not_null && c.null) {
        diagnostics_
            .error("conflicting-nullability", c.null->span,
                   fmt::format("column '{}' is declared both null and not null", c.name.value),
                   "keep 'not null' or 'null', not both")
            .notes.push_back({c.not_null->span, "'not null' is here"});
    }
    out.not_null = c.not_null.has_value() || c.identity != nullptr;
    if (c.default_value) {
        out.default_value = lower_default(*c.default_value);
        out.origin.detail = c.default_value->span;
    }
    if (c.identity)
        out.rare.set().identity = ir::Identity{c.identity->always ? ir::IdentityKind::always
                                                                  : ir::IdentityKind::by_default,
                                               lower_sequence(c.identity->options, out.type)};
    if (c.generated)
        out.rare.set().generated = lower_expression(*c.generated, "generated column").value_or(c.generated->text);
    if (c.comment) out.rare.set().comment = c.comment->text;
    Directives d = lower_directives(c.directives, Target::column);
    if (d.was || d.backfill || d.backfill_batch || d.using_expression) {
        ir::ColumnRareParts& rare = out.rare.set();
        rare.was = d.was;
        rare.backfill = d.backfill;
        rare.backfill_batch = d.backfill_batch;
        rare.using_expression = d.using_expression;
    }
    lower_column_clauses(c, out);
    return out;
}

std::optional<std::string> Lowering::lower_default(const syntax::Expression& e) {
    auto canonical = lower_expression(e, "default");
    if (!canonical) return e.text;
    const SqlExpression& sql = analyze_sql_expression(e.text);
    if (!sql.column_refs.empty()) {
        diagnostics_.error("default-refers-to-column", e.span,
                           fmt::format("a default cannot refer to a column, but this one names '{}'",
                                       sql.column_refs.front()),
                           fmt::format("if '{0}' is meant as text, quote it: default '{0}'", sql.column_refs.front()));
    }
    return canonical;
}

ir::ForeignKey Lowering::lower_reference(const syntax::Reference& r, const std::string& schema) {
    ir::ForeignKey out;
    out.referenced_table = qualified(r.table);
    if (!r.table.schema) {
        // Unqualified: the referencing table's own schema first, then public.
        ir::QualifiedName own{schema, r.table.name.value};
        if (schema != "public" && !table_declared_in(own))
            out.referenced_table.schema = "public";
        else
            out.referenced_table.schema = schema;
    }
    out.referenced_columns = values(r.columns);
    out.origin.detail = r.table.span;
    out.on_delete = r.on_delete.value_or(ir::FkAction::no_action);
    out.on_update = r.on_update.value_or(ir::FkAction::no_action);
    out.match_full = r.match_full.value_or(false);
    out.initially_deferred = r.initially_deferred.value_or(false);
    out.deferrable = r.deferrable.value_or(false) || out.initially_deferred;
    out.not_valid = r.not_valid.has_value();
    return out;
}

template <class Key>
void Lowering::lower_timing(const syntax::KeyTiming& timing, Key& key) {
    key.initially_deferred = timing.initially_deferred.value_or(false);
    key.deferrable = timing.deferrable.value_or(false) || key.initially_deferred;
}

void Lowering::note_table_name(const syntax::Table& t) {
    declared_tables_.insert(qualified(t.name));
    collect_partitioning(t);
}

bool Lowering::lowerable_alone(const syntax::Table& t) const {
    if (t.partition_by || t.partition_of) return false;
    // An unqualified reference from outside public resolves against the tables declared anywhere.
    bool own_schema_public = !t.name.schema || t.name.schema->value == public_schema_;
    auto resolved_alone = [&](const syntax::Reference& r) { return own_schema_public || r.table.schema; };
    for (const syntax::TableItem& item : t.items) {
        if (const auto* c = std::get_if<syntax::Column>(&item)) {
            if (c->references && !resolved_alone(*c->references)) return false;
            // An identity's sequence options depend on the type.
            if (c->identity && !builtin_type_uncached(c->type)) return false;
        } else if (const auto* fk = std::get_if<syntax::ForeignKey>(&item)) {
            if (!resolved_alone(fk->reference)) return false;
        } else if (std::holds_alternative<syntax::Policy>(item) || std::holds_alternative<syntax::TableGrant>(item) ||
                   std::holds_alternative<syntax::PartitionsUnmanaged>(item)) {
            return false;  // roles are declared anywhere; partitioning is the parent's
        }
    }
    return true;
}

ir::Index Lowering::lower_index(const syntax::Index& index) {
    ir::Index out;
    if (index.name) out.name = index.name->value;
    out.unique = index.unique;
    if (index.method) out.method = index.method->value;
    out.include = values(index.include);
    out.nulls_not_distinct = index.nulls_not_distinct;
    if (index.storage) lower_storage(*index.storage, out.method, "a " + out.method + " index", out.storage);
    if (index.where) out.where = lower_expression(*index.where, "index predicate").value_or(index.where->text);
    out.was = lower_directives(index.directives, Target::index).was;
    out.origin = origin(index.name ? index.name->span : index.span);
    for (const syntax::IndexElement& e : index.elements) {
        ir::IndexElement element;
        if (e.column) element.column = e.column->value;
        if (e.expression)
            element.expression = lower_expression(*e.expression, "index expression").value_or(e.expression->text);
        if (e.collation) element.collation = qualified_text(*e.collation);
        if (e.opclass) element.opclass = qualified_text(*e.opclass);
        element.descending = e.descending.value_or(false);
        element.nulls_first = e.nulls_first.value_or(element.descending);
        out.elements.push_back(std::move(element));
    }
    return out;
}

void Lowering::lower_storage(const syntax::StorageClause& clause, const std::string& relation, const std::string& what,
                             ir::StorageParameters& out) {
    auto known = known_storage_parameters(relation);
    for (const syntax::StorageParameter& parameter : clause.parameters) {
        const std::string& name = parameter.name.value;
        if (known && std::find(known->begin(), known->end(), name) == known->end()) {
            std::string help = fmt::format("the storage parameters of {} are listed in docs/language.md", what);
            if (known->size() <= 4) help = fmt::format("{} takes {}", what, fmt::join(*known, ", "));
            if (auto suggestion = closest_name(name, *known)) help = fmt::format("did you mean '{}'?", *suggestion);
            diagnostics_.error("unknown-storage-parameter", parameter.name.span,
                               fmt::format("{} has no storage parameter '{}'", what, name), help);
            continue;
        }
        auto [at, added] = out.emplace(name, parameter.number ? stored_number(parameter.value) : parameter.value);
        if (!added) {
            diagnostics_.error("duplicate-storage-parameter", parameter.name.span,
                               fmt::format("storage parameter '{}' is set twice", name),
                               "keep one `" + name + " = ...`");
        }
    }
}

std::string Lowering::qualified_text(const syntax::QualifiedName& name) {
    return name.schema ? name.schema->value + "." + name.name.value : name.name.value;
}

}  // namespace schemac::lowering
