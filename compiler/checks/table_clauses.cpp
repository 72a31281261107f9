// Checks of exclusion constraints and replica identity: a btree-only type compared in a gist
// exclusion constraint needs btree_gist; `replica identity using index` names a usable index.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "compiler/checks/checks.hpp"
#include "compiler/ir/types.hpp"

namespace schemac::checks {
namespace {

// Built-in scalar types that have a btree operator class but no default gist one: a gist index
// (an exclusion constraint's) compares them only through the btree_gist extension.
bool needs_btree_gist_type(const ir::Type& type) {
    static constexpr std::array<std::string_view, 28> btree_only = {
        "smallint",
        "integer",
        "bigint",
        "smallserial",
        "serial",
        "bigserial",
        "numeric",
        "real",
        "double precision",
        "money",
        "text",
        "character varying",
        "character",
        "varchar",
        "char",
        "bytea",
        "boolean",
        "date",
        "time",
        "time with time zone",
        "timestamp",
        "timestamp with time zone",
        "interval",
        "uuid",
        "oid",
        "macaddr",
        "bit",
        "bit varying"};
    if (type.array_dimensions != 0) return false;
    if (!type.schema.empty()) return false;  // an enum or an extension's type: not judged here
    return std::find(btree_only.begin(), btree_only.end(), type.name) != btree_only.end() || type.name == "inet" ||
           type.name == "cidr";
}

bool has_extension(const ir::Database& db, std::string_view name) {
    return std::any_of(db.extensions.begin(), db.extensions.end(),
                       [&](const ir::Extension& e) { return e.name == name; });
}

const ir::Column* column_named(const ir::Table& t, const std::string& name) {
    for (const ir::Column& c : t.columns)
        if (c.name == name) return &c;
    return nullptr;
}

}  // namespace

void exclusion_extensions(const ir::Database& db, Diagnostics& out) {
    if (has_extension(db, "btree_gist")) return;
    for (const ir::Table& t : db.tables) {
        for (const ir::Exclusion& x : t.exclusions) {
            if (x.method != "gist") continue;
            for (const ir::ExclusionElement& e : x.elements) {
                if (e.element.column.empty() || !e.element.opclass.empty()) continue;
                const ir::Column* c = column_named(t, e.element.column);
                if (!c || !needs_btree_gist_type(c->type)) continue;
                out.error("exclusion-needs-btree-gist", x.origin.span,
                          fmt::format("exclusion constraint {} on {} compares {} ({}) with {} in a gist index, "
                                      "which needs the btree_gist extension",
                                      x.name, ir::display_name(t.name), c->name, render_type(c->type), e.operator_),
                          "declare the extension in the schema: extension btree_gist");
                break;
            }
        }
    }
}

void replica_identity_indexes(const ir::Database& db, Diagnostics& out) {
    for (const ir::Table& t : db.tables) {
        if (t.replica_identity != ir::ReplicaIdentity::index) continue;
        const std::string& name = t.replica_identity_index;
        Span at = t.origin.detail.known() ? t.origin.detail : t.origin.span;
        std::string table = ir::display_name(t.name);
        std::vector<std::string> columns;
        std::string problem;
        if (t.primary_key && t.primary_key->name == name) {
            columns = t.primary_key->columns;
            if (t.primary_key->deferrable) problem = "its primary key is deferrable";
        } else if (auto u = std::find_if(t.uniques.begin(), t.uniques.end(),
                                         [&](const ir::Unique& x) { return x.name == name; });
                   u != t.uniques.end()) {
            columns = u->columns;
            if (u->deferrable) problem = "the unique constraint is deferrable";
        } else if (auto i = std::find_if(t.indexes.begin(), t.indexes.end(),
                                         [&](const ir::Index& x) { return x.name == name; });
                   i != t.indexes.end()) {
            if (!i->unique)
                problem = "it is not unique";
            else if (i->where)
                problem = "it is partial (it has a where clause)";
            for (const ir::IndexElement& e : i->elements) {
                if (e.column.empty() && problem.empty()) problem = "it indexes an expression";
                columns.push_back(e.column);
            }
        } else {
            out.error("replica-identity-index", at,
                      fmt::format("replica identity of table {} names index {}, which the table does not have", table,
                                  name),
                      "name a unique index (or the primary key or a unique constraint) of the table, e.g. "
                      "replica identity using index " +
                          t.name.name + "_pkey");
            continue;
        }
        for (const std::string& c : columns) {
            const ir::Column* column = column_named(t, c);
            if (problem.empty() && column && !column->not_null) problem = fmt::format("its column {} may be null", c);
        }
        if (!problem.empty())
            out.error("replica-identity-index", at,
                      fmt::format("replica identity of table {} cannot use index {}: {}", table, name, problem),
                      "use a unique, non-partial, non-deferrable index on not null columns, or write replica "
                      "identity full");
    }
}

}  // namespace schemac::checks
