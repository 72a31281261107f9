// Checks of what names refer to: key and index columns, expressions' columns, foreign keys,
// enum defaults.
#include <fmt/format.h>
#include <optional>

#include <algorithm>

#include "compiler/checks/checks.hpp"

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/partitions.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::checks {
namespace {

std::string column_help(const ir::Table& table, std::string_view missing) {
    std::vector<std::string_view> names;
    for (const ir::Column& c : table.columns) names.push_back(c.name);
    if (auto best = closest_name(missing, names)) return fmt::format("did you mean '{}'?", *best);
    return fmt::format("add the column to table {}, or name one it has", ir::display_name(table.name));
}

// For a table name that names nothing: the closest declared table, as it is written in a
// .schema file (`users`, `billing.invoices`, `"Order Items"`).
std::optional<std::string> closest_table(const ir::Database& db, const ir::QualifiedName& missing) {
    std::vector<std::string> names;
    for (const ir::Table& t : db.tables) names.push_back(ir::display_name(t.name));
    auto best = closest_name(ir::display_name(missing), {names.begin(), names.end()});
    if (!best) return std::nullopt;
    const ir::Table& table =
        db.tables[static_cast<std::size_t>(std::find(names.begin(), names.end(), *best) - names.begin())];
    std::string name = quote_identifier(table.name.name);
    return table.name.schema == "public" ? name : quote_identifier(table.name.schema) + "." + name;
}

// What names a column ("index t_by_parent"), worded only for an error.
struct ColumnNaming {
    std::string_view kind;
    const std::string* name = nullptr;
};

void require_column(const ir::Table& table, const std::string& column, ColumnNaming what, Span span, Diagnostics& out) {
    if (ir::find_column(table, column)) return;
    std::string named = what.name ? fmt::format("{} {}", what.kind, *what.name) : std::string(what.kind);
    out.error("unknown-column", span,
              fmt::format("{} names column '{}', which table {} does not have", named, column,
                          ir::display_name(table.name)),
              column_help(table, column));
}

void require_expression_columns(const ir::Table& table, const std::string& expression, ColumnNaming what, Span span,
                                Diagnostics& out) {
    const std::vector<std::string>& refs = analyze_sql_expression(expression).column_refs;
    for (std::size_t i = 0; i < refs.size(); ++i) {
        if (std::find(refs.begin(), refs.begin() + static_cast<std::ptrdiff_t>(i), refs[i]) !=
            refs.begin() + static_cast<std::ptrdiff_t>(i))
            continue;  // reported at its first mention
        require_column(table, refs[i], what, span, out);
    }
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

bool same_set(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.size() != b.size()) return false;
    if (a.size() == 1) return a[0] == b[0];  // most keys: no copies
    std::vector<std::string_view> sorted_a(a.begin(), a.end()), sorted_b(b.begin(), b.end());
    std::sort(sorted_a.begin(), sorted_a.end());
    std::sort(sorted_b.begin(), sorted_b.end());
    return sorted_a == sorted_b;
}

// A deferrable key does not count: PostgreSQL lets a foreign key lean only on one checked at once.
// The name of a deferrable primary key or unique on exactly these columns, if any.
std::optional<std::string> deferrable_key(const ir::Table& table, const std::vector<std::string>& columns) {
    if (table.primary_key && table.primary_key->deferrable && same_set(table.primary_key->columns, columns))
        return table.primary_key->name;
    for (const ir::Unique& u : table.uniques)
        if (u.deferrable && same_set(u.columns, columns)) return u.name;
    return std::nullopt;
}

bool is_key(const ir::Table& table, const std::vector<std::string>& columns) {
    if (table.primary_key && !table.primary_key->deferrable && same_set(table.primary_key->columns, columns))
        return true;
    for (const ir::Unique& u : table.uniques) {
        if (!u.deferrable && same_set(u.columns, columns)) return true;
    }
    for (const ir::Index& i : table.indexes) {
        if (!i.unique || i.where) continue;
        std::vector<std::string> plain;
        for (const ir::IndexElement& e : i.elements) {
            if (!e.expression.empty()) plain.clear();
            if (!e.expression.empty()) break;
            plain.push_back(e.column);
        }
        if (plain.size() == i.elements.size() && same_set(plain, columns)) return true;
    }
    return false;
}

}  // namespace

void constraint_columns(const ir::Database& db, Diagnostics& out) {
    for (const ir::Table& own : db.tables) {
        std::optional<ir::Table> with_columns;  // a partition: its columns are its root table's
        if (own.partition_of) {
            with_columns = own;
            with_columns->columns = ir::columns_of(db, own);
        }
        const ir::Table& t = with_columns ? *with_columns : own;
        if (t.primary_key) {
            for (const std::string& c : t.primary_key->columns)
                require_column(t, c, {"the primary key"}, t.primary_key->origin.span, out);
        }
        for (const ir::Unique& u : t.uniques) {
            for (const std::string& c : u.columns)
                require_column(t, c, {"unique constraint", &u.name}, u.origin.span, out);
        }
        for (const ir::ForeignKey& f : t.foreign_keys) {
            for (const std::string& c : f.columns) require_column(t, c, {"foreign key", &f.name}, f.origin.span, out);
        }
        for (const ir::Check& c : t.checks) {
            require_expression_columns(t, c.expression, {"check constraint", &c.name}, c.origin.span, out);
        }
        for (const ir::Index& i : t.indexes) {
            ColumnNaming what{"index", &i.name};
            for (const ir::IndexElement& e : i.elements) {
                if (!e.column.empty())
                    require_column(t, e.column, what, i.origin.span, out);
                else
                    require_expression_columns(t, e.expression, what, i.origin.span, out);
            }
            for (const std::string& c : i.include) require_column(t, c, what, i.origin.span, out);
            if (i.where) require_expression_columns(t, *i.where, what, i.origin.span, out);
        }
        for (const ir::Column& c : t.columns) {
            if (c.generated()) {
                require_expression_columns(t, *c.generated(), {"generated column", &c.name}, c.origin.span, out);
            }
        }
    }
}

void foreign_keys(const ir::Database& db, Diagnostics& out) {
    for (const ir::Table& t : db.tables) {
        for (const ir::ForeignKey& f : t.foreign_keys) {
            Span where = f.origin.detail.known() ? f.origin.detail : f.origin.span;
            const ir::Table* target = ir::find_table(db, f.referenced_table);
            if (!target) {
                std::optional<std::string> similar = closest_table(db, f.referenced_table);
                Diagnostic& d = out.error(
                    "unknown-table", where,
                    fmt::format("foreign key {} references table {}, which is not declared", f.name,
                                ir::display_name(f.referenced_table)),
                    similar ? fmt::format("did you mean '{}'?", *similar)
                            : fmt::format("declare table {} {{ ... }}, or reference a table that exists",
                                          ir::display_name(f.referenced_table)));
                // The referenced table's own span: the name alone, which the suggestion replaces.
                if (similar && f.origin.detail.known()) d.fix = Fix{f.origin.detail, *similar};
                continue;
            }
            if (!t.unlogged && target->unlogged) {
                out.error("foreign-key-to-unlogged-table", where,
                          fmt::format("foreign key {} of table {} references table {}, which is unlogged; PostgreSQL "
                                      "lets only unlogged tables reference unlogged ones",
                                      f.name, ir::display_name(t.name), ir::display_name(target->name)),
                          fmt::format("make table {} unlogged too (`unlogged table {} {{`), or table {} logged",
                                      ir::display_name(t.name), ir::display_name(t.name),
                                      ir::display_name(target->name)));
            }
            if (f.referenced_columns.empty()) {
                out.error("no-primary-key", where,
                          fmt::format("foreign key {} references table {}, which has no primary key", f.name,
                                      ir::display_name(target->name)),
                          fmt::format("name the referenced column: references {}(column)",
                                      ir::display_name(target->name)));
                continue;
            }
            bool columns_exist = true;
            for (const std::string& c : f.referenced_columns) {
                if (!ir::find_column(*target, c)) {
                    columns_exist = false;
                    out.error("unknown-column", where,
                              fmt::format("foreign key {} references column '{}', which table {} does not have", f.name,
                                          c, ir::display_name(target->name)),
                              column_help(*target, c));
                }
            }
            if (f.columns.size() != f.referenced_columns.size()) {
                out.error("foreign-key-arity", f.origin.span,
                          fmt::format("foreign key {} has {} column{} but references {}", f.name, f.columns.size(),
                                      f.columns.size() == 1 ? "" : "s", f.referenced_columns.size()),
                          "list as many referenced columns as referencing ones");
                continue;
            }
            if (!columns_exist) continue;
            if (!is_key(*target, f.referenced_columns)) {
                if (std::optional<std::string> key = deferrable_key(*target, f.referenced_columns)) {
                    out.error("foreign-key-deferrable-key", where,
                              fmt::format("foreign key {} references ({}) of table {}, whose key {} is deferrable; "
                                          "PostgreSQL needs one that is checked at once",
                                          f.name, joined(f.referenced_columns), ir::display_name(target->name), *key),
                              fmt::format("drop `deferrable` from {}, or add to table {}: unique index ({})", *key,
                                          ir::display_name(target->name), joined(f.referenced_columns)));
                    continue;
                }
                out.error("foreign-key-not-unique", where,
                          fmt::format(
                              "foreign key {} references ({}) of table {}, which is neither its primary key nor unique",
                              f.name, joined(f.referenced_columns), ir::display_name(target->name)),
                          fmt::format("add to table {}: unique ({})", ir::display_name(target->name),
                                      joined(f.referenced_columns)));
            }
            for (std::size_t i = 0; i < f.columns.size(); ++i) {
                const ir::Column* from = ir::find_column(t, f.columns[i]);
                const ir::Column* to = ir::find_column(*target, f.referenced_columns[i]);
                if (!from || !to || types_compatible_for_reference(from->type, to->type)) continue;
                if (!type_is_resolved(db, from->type) || !type_is_resolved(db, to->type)) continue;  // reported already
                out.error("foreign-key-type", f.origin.span,
                          fmt::format("foreign key {}: column {} is {} but {}.{} is {}", f.name, from->name,
                                      render_type(from->type), ir::display_name(target->name), to->name,
                                      render_type(to->type)),
                          fmt::format("make {} {} to match", from->name, render_type(to->type)))
                    .notes.push_back({to->origin.span, fmt::format("{} is declared here", to->name)});
            }
        }
    }
}

void enum_defaults(const ir::Database& db, Diagnostics& out) {
    for (const ir::Table& t : db.tables) {
        for (const ir::Column& c : t.columns) {
            if (!c.default_value || c.type.schema.empty() || c.type.array_dimensions != 0) continue;
            const ir::Enum* e = ir::find_enum(db, ir::QualifiedName{c.type.schema, c.type.name});
            if (!e) continue;
            auto value = analyze_sql_expression(*c.default_value).string_constant;
            if (!value) continue;
            bool found = std::any_of(e->values.begin(), e->values.end(), [&](const ir::EnumValue& v) {
                return v.name == *value;
            });
            if (found) continue;
            std::vector<std::string> names;
            for (const ir::EnumValue& v : e->values) names.push_back(v.name);
            out.error("enum-default", c.origin.detail.known() ? c.origin.detail : c.origin.span,
                      fmt::format("default '{}' of column {} is not a value of enum {}", *value, c.name,
                                  ir::display_name(e->name)),
                      names.empty() ? fmt::format("add '{}' to enum {}", *value, ir::display_name(e->name))
                                    : fmt::format("use one of: {}", joined(names)))
                .notes.push_back({e->origin.span, fmt::format("enum {} is declared here", ir::display_name(e->name))});
        }
    }
}

}  // namespace schemac::checks
