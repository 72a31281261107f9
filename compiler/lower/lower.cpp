#include "compiler/lower/lower.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <unordered_set>

#include "compiler/sql/implicit_names.hpp"
#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/sql_expression.hpp"
#include "compiler/ir/storage_parameters.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/ir/types.hpp"

namespace schemac {
namespace {

using syntax::Directive;

struct Directives {
    std::optional<std::string> was;
    std::optional<std::string> was_schema;  // tables and enums: @was(schema.old_name)
    std::optional<std::string> backfill;
    std::optional<int> backfill_batch;
};

enum class Target { table, column, enumeration, enum_value, index, constraint };

const char* target_name(Target target) {
    switch (target) {
        case Target::table: return "a table";
        case Target::column: return "a column";
        case Target::enumeration: return "an enum";
        case Target::enum_value: return "an enum value";
        case Target::index: return "an index";
        case Target::constraint: return "a constraint";
    }
    return "this";
}

std::int64_t type_max(const ir::Type& type) {
    if (type.name == "smallint") return std::numeric_limits<std::int16_t>::max();
    if (type.name == "integer") return std::numeric_limits<std::int32_t>::max();
    return std::numeric_limits<std::int64_t>::max();
}

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

class Lowering {
public:
    Lowering(const SourceSet& sources, Diagnostics& diagnostics) : sources_(sources), diagnostics_(diagnostics) {}

    ir::Database run(std::vector<syntax::File>& files) {
        // Enums, extensions and schemas first: table columns resolve their types against them.
        for (const syntax::File& file : files) {
            for (const syntax::Declaration& declaration : file.declarations) {
                if (auto* e = std::get_if<syntax::Enum>(&declaration)) lower_enum(*e);
                else if (auto* x = std::get_if<syntax::Extension>(&declaration)) lower_extension(*x);
                else if (auto* s = std::get_if<syntax::Schema>(&declaration)) lower_schema(*s);
            }
        }
        for (const ir::Enum& e : db_.enums) enum_names_.insert(e.name);
        for (const ir::Extension& x : db_.extensions) extension_names_.insert(x.name);
        db_.tables.reserve(declared_tables_.size());
        for (syntax::File& file : files) {
            for (syntax::Declaration& declaration : file.declarations) {
                if (auto* t = std::get_if<syntax::Table>(&declaration)) {
                    lower_table(*t);
                    std::vector<syntax::TableItem>().swap(t->items);  // done with it: free it now
                }
            }
        }
        add_used_schemas();
        sort_by_name();
        name_unnamed_objects();
        resolve_implicit_references();
        return std::move(db_);
    }

private:
    const SourceSet& sources_;
    Diagnostics& diagnostics_;
    ir::Database db_;
    std::set<ir::QualifiedName> enum_names_;
    std::set<std::string> extension_names_;
    const std::string public_schema_ = "public";

    // Unnamed constraints and indexes, named once every explicit name is known.
    struct Unnamed {
        std::size_t table;
        enum Kind { primary_key, unique, check, foreign_key, index } kind;
        std::size_t position;  // index into the table's vector of that kind
    };
    std::vector<Unnamed> unnamed_;

    ir::Origin origin(Span span) const { return ir::Origin{span, Span{}}; }

    // -------------------------------------------------------------- directives
    Directives lower_directives(const std::vector<Directive>& directives, Target target) {
        Directives out;
        if (directives.empty()) return out;
        std::map<std::string, Span> seen;
        for (const Directive& d : directives) {
            auto [previous, fresh] = seen.emplace(d.name, d.name_span);
            if (!fresh) {
                diagnostics_
                    .error("repeated-directive", d.span, fmt::format("@{} is given twice", d.name),
                           "keep one of them")
                    .notes.push_back({previous->second, "first given here"});
                continue;
            }
            if (d.name == "was") {
                std::string argument = trim(d.argument);
                bool movable = target == Target::table || target == Target::enumeration;
                // `old_schema.old_name`: an identifier, a dot, an identifier.
                std::size_t dot = movable ? identifier_length(argument) : 0;
                if (dot != 0 && dot < argument.size() && argument[dot] == '.' &&
                    is_identifier(std::string_view(argument).substr(dot + 1))) {
                    out.was_schema = identifier_value(argument.substr(0, dot));
                    out.was = identifier_value(argument.substr(dot + 1));
                    continue;
                }
                if (!is_identifier(argument)) {
                    diagnostics_.error("bad-directive", d.argument_span,
                                       fmt::format("@was takes one name, the old name, not '{}'", argument),
                                       movable ? "write the previous name, e.g. @was(old_name), or @was(old_schema.old_name) "
                                                 "for one that moves from another schema"
                                               : "write the previous name only, e.g. @was(old_name)");
                    continue;
                }
                out.was = identifier_value(argument);
            } else if (d.name == "backfill") {
                if (target != Target::column) {
                    diagnostics_.error("misplaced-directive", d.span,
                                       fmt::format("@backfill applies to columns, not to {}", target_name(target)),
                                       "put @backfill(expression) on the new NOT NULL column it fills");
                    continue;
                }
                out.backfill = lower_expression(syntax::Expression{d.argument, d.argument_span}, "backfill");
            } else if (d.name == "backfill_batch") {
                lower_backfill_batch(d, target, out);
            } else {
                diagnostics_.error("unknown-directive", d.name_span, fmt::format("unknown directive '@{}'", d.name),
                                   "schemac knows @was(old_name), @backfill(expression) and @backfill_batch(rows)");
            }
        }
        auto batch = seen.find("backfill_batch");
        if (out.backfill_batch && !seen.count("backfill"))
            diagnostics_.error("misplaced-directive", batch->second, "@backfill_batch sets the batch size of a @backfill",
                               "give the column @backfill(expression) too, or remove @backfill_batch");
        return out;
    }

    // @backfill_batch(rows): how many rows each committed batch of a backfill fills.
    void lower_backfill_batch(const Directive& d, Target target, Directives& out) {
        if (target != Target::column) {
            diagnostics_.error("misplaced-directive", d.span,
                               fmt::format("@backfill_batch applies to columns, not to {}", target_name(target)),
                               "put @backfill_batch(rows) on the column that has @backfill(expression)");
            return;
        }
        std::string argument = trim(d.argument);
        bool digits = !argument.empty() && argument.size() <= 8 &&
                      std::all_of(argument.begin(), argument.end(), [](char c) { return c >= '0' && c <= '9'; });
        int rows = digits ? std::stoi(argument) : 0;
        if (rows < 1 || rows > 10'000'000) {
            diagnostics_.error("bad-directive", d.argument_span,
                               fmt::format("@backfill_batch takes a number of rows from 1 to 10000000, not '{}'", argument),
                               "write the rows each committed batch fills, e.g. @backfill_batch(5000)");
            return;
        }
        out.backfill_batch = rows;
    }

    static std::string trim(std::string_view text) {
        auto begin = text.find_first_not_of(" \t\r\n");
        if (begin == std::string_view::npos) return {};
        auto end = text.find_last_not_of(" \t\r\n");
        return std::string(text.substr(begin, end - begin + 1));
    }

    // -------------------------------------------------------------- SQL expressions
    std::optional<std::string> lower_expression(const syntax::Expression& expression, std::string_view role) {
        const SqlExpression& sql = analyze_sql_expression(expression.text);
        if (!sql.valid) {
            std::uint32_t at = expression.span.begin + static_cast<std::uint32_t>(sql.error_offset);
            std::uint32_t end = at;
            const std::string& text = sources_.file(expression.span.file).text();
            while (end < expression.span.end && end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])))
                ++end;
            if (end == at) end = std::min<std::uint32_t>(at + 1, expression.span.end);
            diagnostics_.error("sql-syntax", Span{expression.span.file, at, end},
                               fmt::format("invalid SQL in {}: {}", role, sql.error),
                               "the expression is PostgreSQL SQL; check it with psql if in doubt");
            return std::nullopt;
        }
        if (sql.has_subquery) {
            diagnostics_.error("sql-subquery", expression.span, fmt::format("a {} cannot contain a subquery", role),
                               "PostgreSQL evaluates it row by row; move the lookup into a trigger or the application");
            return std::nullopt;
        }
        return sql.canonical;
    }

    // -------------------------------------------------------------- schemas, extensions, enums
    void lower_schema(const syntax::Schema& s) {
        ir::Schema out{s.name.value, std::nullopt, origin(s.name.span)};
        if (s.comment) out.comment = s.comment->text;
        db_.schemas.push_back(std::move(out));
    }

    void lower_extension(const syntax::Extension& x) {
        ir::Extension out{x.name.value, std::nullopt, x.version, origin(x.name.span)};
        if (x.schema) out.schema = x.schema->value;
        db_.extensions.push_back(std::move(out));
    }

    static ir::QualifiedName qualified(const syntax::QualifiedName& name) {
        return ir::QualifiedName{name.schema ? name.schema->value : "public", name.name.value};
    }

    void lower_enum(const syntax::Enum& e) {
        ir::Enum out;
        out.name = qualified(e.name);
        Directives d = lower_directives(e.directives, Target::enumeration);
        out.was = d.was;
        if (d.was_schema != out.name.schema) out.was_schema = d.was_schema;
        out.origin = origin(e.name.name.span);
        for (const syntax::EnumValue& v : e.values) {
            out.values.push_back(
                ir::EnumValue{v.label, lower_directives(v.directives, Target::enum_value).was, origin(v.span)});
        }
        db_.enums.push_back(std::move(out));
    }

    // -------------------------------------------------------------- types
    // The declared enum closest to a misspelt type name (public ones unqualified, as written).
    std::optional<std::string> similar_enum(std::string_view written) const {
        std::vector<std::string> names;
        for (const ir::QualifiedName& e : enum_names_) names.push_back(ir::display_name(e));
        return closest_name(written, {names.begin(), names.end()});
    }

    ir::Type resolve_type(const syntax::Type& t, const std::string& table_schema) {
        ir::Type out;
        out.array_dimensions = t.array_dimensions;
        out.modifiers = t.parameters;
        if (t.schema) {
            ir::QualifiedName name{t.schema->value, t.name};
            out.schema = name.schema;
            out.name = name.name;
            if (!enum_names_.count(name)) {
                std::string help = fmt::format("declare it: enum {}.{} {{ ... }}", name.schema, name.name);
                if (auto similar = similar_enum(ir::display_name(name))) help = fmt::format("did you mean '{}'?", *similar);
                diagnostics_.error("unknown-type", t.span, fmt::format("unknown type '{}.{}'", name.schema, name.name), help);
            }
            return out;
        }
        if (!t.quoted) {
            if (auto canonical = canonical_builtin_type(t.name, out.modifiers)) {
                out.name = *canonical;
                return out;
            }
        }
        for (const std::string* schema : {&table_schema, &public_schema_}) {
            if (enum_names_.count(ir::QualifiedName{*schema, t.name})) {
                out.schema = *schema;
                out.name = t.name;
                return out;
            }
        }
        out.name = t.name;
        if (auto extension = extension_for_type(t.name)) {
            if (!extension_names_.count(*extension)) {
                diagnostics_.error("unknown-type", t.span,
                                   fmt::format("type '{}' comes from the extension {}, which is not declared", t.name,
                                               *extension),
                                   fmt::format("add a line: extension {}", *extension));
            }
            return out;
        }
        std::string help = fmt::format("declare it (enum {} {{ ... }}) or use a PostgreSQL type", t.name);
        if (auto suggestion = suggest_type(t.name)) help = fmt::format("did you mean '{}'?", *suggestion);
        else if (auto similar = similar_enum(t.name)) help = fmt::format("did you mean '{}'?", *similar);
        diagnostics_.error("unknown-type", t.span, fmt::format("unknown type '{}'", t.name), help);
        return out;
    }

    // -------------------------------------------------------------- tables
    void lower_table(const syntax::Table& t) {
        ir::Table table;
        table.columns.reserve(t.items.size());
        table.name = qualified(t.name);
        table.origin = origin(t.name.name.span);
        Directives directives = lower_directives(t.directives, Target::table);
        table.was = directives.was;
        if (directives.was_schema != table.name.schema) table.was_schema = directives.was_schema;
        table.unlogged = t.unlogged.has_value();
        std::size_t table_index = db_.tables.size();
        std::optional<Span> primary_key_span;

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
            if (check.name.empty()) unnamed_.push_back({table_index, Unnamed::check, table.checks.size()});
            table.checks.push_back(std::move(check));
        };

        // Column-level constraints first, then table-level ones, as PostgreSQL processes them.
        for (const syntax::TableItem& item : t.items) {
            const auto* c = std::get_if<syntax::Column>(&item);
            if (!c) continue;
            ir::Column column = lower_column(*c, table.name.schema);
            if (c->primary_key) add_primary_key(ir::PrimaryKey{"", {column.name}, std::nullopt, origin(c->primary_key->span)},
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
            } else if (const auto* comment = std::get_if<syntax::TableComment>(&item)) {
                table.comment = comment->comment.text;
            } else if (const auto* storage = std::get_if<syntax::StorageClause>(&item)) {
                lower_storage(*storage, "table", "table " + ir::display_name(table.name), table.storage);
            }
        }
        // A primary key makes its columns NOT NULL, and so does a serial type (as in PostgreSQL).
        for (ir::Column& column : table.columns) {
            if (table.primary_key &&
                std::count(table.primary_key->columns.begin(), table.primary_key->columns.end(), column.name))
                column.not_null = true;
            if (is_serial_type(column.type)) column.not_null = true;
        }
        db_.tables.push_back(std::move(table));
    }

    static std::vector<std::string> values(const std::vector<syntax::Name>& names) {
        std::vector<std::string> out;
        for (const syntax::Name& n : names) out.push_back(n.value);
        return out;
    }

    ir::Column lower_column(const syntax::Column& c, const std::string& schema) {
        ir::Column out;
        out.name = c.name.value;
        out.origin = origin(c.name.span);
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
        if (c.identity) out.identity = ir::Identity{c.identity->always ? ir::IdentityKind::always : ir::IdentityKind::by_default,
                                                    lower_sequence(c.identity->options, out.type)};
        if (c.generated) out.generated = lower_expression(*c.generated, "generated column").value_or(c.generated->text);
        if (c.comment) out.comment = c.comment->text;
        Directives d = lower_directives(c.directives, Target::column);
        out.was = d.was;
        out.backfill = d.backfill;
        out.backfill_batch = d.backfill_batch;
        return out;
    }

    std::optional<std::string> lower_default(const syntax::Expression& e) {
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

    ir::ForeignKey lower_reference(const syntax::Reference& r, const std::string& schema) {
        ir::ForeignKey out;
        out.referenced_table = qualified(r.table);
        if (!r.table.schema) {
            // Unqualified: the referencing table's own schema first, then public.
            ir::QualifiedName own{schema, r.table.name.value};
            if (schema != "public" && !table_declared_in(own)) out.referenced_table.schema = "public";
            else out.referenced_table.schema = schema;
        }
        out.referenced_columns = values(r.columns);
        out.origin.detail = r.table.span;
        out.on_delete = r.on_delete.value_or(ir::FkAction::no_action);
        out.on_update = r.on_update.value_or(ir::FkAction::no_action);
        out.match_full = r.match_full.value_or(false);
        out.initially_deferred = r.initially_deferred.value_or(false);
        out.deferrable = r.deferrable.value_or(false) || out.initially_deferred;
        return out;
    }

    // INITIALLY DEFERRED makes a key deferrable, as in PostgreSQL.
    template <class Key>
    static void lower_timing(const syntax::KeyTiming& timing, Key& key) {
        key.initially_deferred = timing.initially_deferred.value_or(false);
        key.deferrable = timing.deferrable.value_or(false) || key.initially_deferred;
    }

    // Tables are lowered in one pass; a reference may name one that comes later, so look at
    // the declarations' names collected up front.
    std::set<ir::QualifiedName> declared_tables_;
    bool table_declared_in(const ir::QualifiedName& name) const { return declared_tables_.count(name) > 0; }

public:
    void collect_table_names(const std::vector<syntax::File>& files) {
        for (const syntax::File& file : files) {
            for (const syntax::Declaration& declaration : file.declarations) {
                if (auto* t = std::get_if<syntax::Table>(&declaration)) declared_tables_.insert(qualified(t->name));
            }
        }
    }

private:
    ir::Index lower_index(const syntax::Index& index) {
        ir::Index out;
        if (index.name) out.name = index.name->value;
        out.unique = index.unique;
        if (index.method) out.method = index.method->value;
        out.include = values(index.include);
        out.nulls_not_distinct = index.nulls_not_distinct;
        if (index.storage)
            lower_storage(*index.storage, out.method, "a " + out.method + " index", out.storage);
        if (index.where) out.where = lower_expression(*index.where, "index predicate").value_or(index.where->text);
        out.was = lower_directives(index.directives, Target::index).was;
        out.origin = origin(index.name ? index.name->span : index.span);
        for (const syntax::IndexElement& e : index.elements) {
            ir::IndexElement element;
            if (e.column) element.column = e.column->value;
            if (e.expression) element.expression = lower_expression(*e.expression, "index expression").value_or(e.expression->text);
            if (e.collation) element.collation = qualified_text(*e.collation);
            if (e.opclass) element.opclass = qualified_text(*e.opclass);
            element.descending = e.descending.value_or(false);
            element.nulls_first = e.nulls_first.value_or(element.descending);
            out.elements.push_back(std::move(element));
        }
        return out;
    }

    // Adds a `with (...)` clause's parameters to `out`: each name once, and (on a table or an
    // index of a built-in method) one PostgreSQL 15 knows for `relation`.
    void lower_storage(const syntax::StorageClause& clause, const std::string& relation, const std::string& what,
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

    static std::string qualified_text(const syntax::QualifiedName& name) {
        return name.schema ? name.schema->value + "." + name.name.value : name.name.value;
    }

    // -------------------------------------------------------------- after all tables
    void add_used_schemas() {
        std::set<std::string> declared;
        for (const ir::Schema& s : db_.schemas) declared.insert(s.name);
        auto use = [&](const std::string& name) {
            if (declared.insert(name).second) db_.schemas.push_back(ir::Schema{name, std::nullopt, {}});
        };
        for (const ir::Enum& e : db_.enums) use(e.name.schema);
        for (const ir::Table& t : db_.tables) use(t.name.schema);
    }

    void sort_by_name() {
        // Stable: duplicates keep declaration order, so "previously defined here" is right.
        std::vector<std::size_t> order(db_.tables.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return db_.tables[a].name < db_.tables[b].name; });
        std::vector<std::size_t> new_position(order.size());
        std::vector<ir::Table> tables;
        for (std::size_t i = 0; i < order.size(); ++i) {
            new_position[order[i]] = i;
            tables.push_back(std::move(db_.tables[order[i]]));
        }
        db_.tables = std::move(tables);
        for (Unnamed& u : unnamed_) u.table = new_position[u.table];

        std::stable_sort(db_.enums.begin(), db_.enums.end(), [](const ir::Enum& a, const ir::Enum& b) { return a.name < b.name; });
        std::stable_sort(db_.extensions.begin(), db_.extensions.end(),
                         [](const ir::Extension& a, const ir::Extension& b) { return a.name < b.name; });
        std::stable_sort(db_.schemas.begin(), db_.schemas.end(),
                         [](const ir::Schema& a, const ir::Schema& b) { return a.name < b.name; });
    }

    // Names the way PostgreSQL would: relation names (tables, indexes, the indexes behind
    // primary keys and unique constraints) are unique per schema, as are constraint names here.
    void name_unnamed_objects() {
        std::map<std::string, std::unordered_set<std::string>> relations;  // per schema
        std::map<std::string, std::unordered_set<std::string>> constraints;
        for (const ir::Table& t : db_.tables) {
            relations[t.name.schema].insert(t.name.name);
            if (t.primary_key && !t.primary_key->name.empty()) relations[t.name.schema].insert(t.primary_key->name);
            for (const ir::Unique& u : t.uniques) if (!u.name.empty()) relations[t.name.schema].insert(u.name);
            for (const ir::Index& i : t.indexes) if (!i.name.empty()) relations[t.name.schema].insert(i.name);
            for (const ir::Check& c : t.checks) if (!c.name.empty()) constraints[t.name.schema].insert(c.name);
            for (const ir::ForeignKey& f : t.foreign_keys) if (!f.name.empty()) constraints[t.name.schema].insert(f.name);
        }
        for (const Unnamed& u : unnamed_) {
            ir::Table& t = db_.tables[u.table];
            auto& taken_relations = relations[t.name.schema];
            auto& taken_constraints = constraints[t.name.schema];
            switch (u.kind) {
                case Unnamed::primary_key:
                    t.primary_key->name = choose_name(t.name.name, "", "pkey", taken_relations);
                    break;
                case Unnamed::unique: {
                    ir::Unique& unique = t.uniques[u.position];
                    unique.name = choose_name(t.name.name, join_name_parts(unique.columns), "key", taken_relations);
                    break;
                }
                case Unnamed::check: {
                    ir::Check& check = t.checks[u.position];
                    check.name = choose_name(t.name.name, check_name_part(check.expression), "check", taken_constraints);
                    break;
                }
                case Unnamed::foreign_key: {
                    ir::ForeignKey& fk = t.foreign_keys[u.position];
                    fk.name = choose_name(t.name.name, join_name_parts(fk.columns), "fkey", taken_constraints);
                    break;
                }
                case Unnamed::index: {
                    ir::Index& index = t.indexes[u.position];
                    index.name = choose_name(t.name.name, index_name_part(index), "idx", taken_relations);
                    break;
                }
            }
        }
        for (ir::Table& t : db_.tables) {
            auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
            std::stable_sort(t.uniques.begin(), t.uniques.end(), by_name);
            std::stable_sort(t.checks.begin(), t.checks.end(), by_name);
            std::stable_sort(t.foreign_keys.begin(), t.foreign_keys.end(), by_name);
            std::stable_sort(t.indexes.begin(), t.indexes.end(), by_name);
        }
    }

    // `references users` without columns means users' primary key.
    void resolve_implicit_references() {
        for (ir::Table& table : db_.tables) {
            for (ir::ForeignKey& fk : table.foreign_keys) {
                if (!fk.referenced_columns.empty()) continue;
                const ir::Table* target = ir::find_table(db_, fk.referenced_table);
                if (target && target->primary_key) fk.referenced_columns = target->primary_key->columns;
            }
        }
    }
};

}  // namespace

ir::Database lower(std::vector<syntax::File> files, const SourceSet& sources, Diagnostics& diagnostics) {
    Lowering lowering(sources, diagnostics);
    lowering.collect_table_names(files);
    return lowering.run(files);
}

}  // namespace schemac
