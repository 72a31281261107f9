// Checks of single columns and tables: shape, identity, generated columns, backfills.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/checks/checks.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::checks {

void tables_have_columns(const ir::Database& db, Diagnostics& out) {
    for (const ir::Table& t : db.tables) {
        if (t.columns.empty() && !t.partition_of) {  // a partition's columns are its parent's
            out.warning("empty-table", t.origin.span,
                        fmt::format("table '{}' has no columns", ir::display_name(t.name)),
                        "add at least one column, e.g. id bigint primary key generated always as identity");
        }
    }
}

void identity_columns(const ir::Database& db, Diagnostics& out) {
    for (const ir::Table& t : db.tables) {
        for (const ir::Column& c : t.columns) {
            if (!c.identity()) continue;
            if (!is_integer_type(c.type) && type_is_resolved(db, c.type)) {
                std::string help = c.type.name == "uuid" && c.type.schema.empty()
                                       ? "for a uuid key write: default gen_random_uuid()"
                                       : "make the column bigint (or integer, smallint)";
                out.error("identity-type", c.origin.span,
                          fmt::format("identity column '{}' must be smallint, integer or bigint, not {}", c.name,
                                      render_type(c.type)),
                          help);
            }
            if (c.default_value) {
                out.error("identity-with-default", c.origin.detail.known() ? c.origin.detail : c.origin.span,
                          fmt::format("identity column '{}' cannot also have a default", c.name),
                          "remove the default: the identity generates the values");
            }
            if (c.generated()) {
                out.error("identity-and-generated", c.origin.span,
                          fmt::format("column '{}' cannot be both an identity and a generated column", c.name),
                          "keep one of the two 'generated ...' clauses");
            }
        }
    }
}

void generated_columns(const ir::Database& db, Diagnostics& out) {
    for (const ir::Table& t : db.tables) {
        for (const ir::Column& c : t.columns) {
            if (!c.generated()) continue;
            if (c.default_value) {
                out.error("generated-with-default", c.origin.detail.known() ? c.origin.detail : c.origin.span,
                          fmt::format("generated column '{}' cannot also have a default", c.name),
                          "remove the default: the expression computes the value");
            }
            for (const std::string& ref : analyze_sql_expression(*c.generated()).column_refs) {
                if (ref == c.name) {
                    out.error("generated-self-reference", c.origin.span,
                              fmt::format("generated column '{}' refers to itself", c.name),
                              "compute it from other columns");
                    break;
                }
                const ir::Column* other = ir::find_column(t, ref);
                if (other && other->generated()) {
                    out.error("generated-uses-generated", c.origin.span,
                              fmt::format("generated column '{}' refers to generated column '{}'", c.name, ref),
                              fmt::format("PostgreSQL does not allow this; repeat the expression of '{}' instead", ref))
                        .notes.push_back({other->origin.span, fmt::format("'{}' is generated here", ref)});
                    break;
                }
            }
        }
    }
}

void backfills(const ir::Database& db, Diagnostics& out) {
    for (const ir::Table& t : db.tables) {
        for (const ir::Column& c : t.columns) {
            if (!c.backfill()) continue;
            if (c.identity() || c.generated()) {
                out.error("backfill-not-needed", c.origin.span,
                          fmt::format("column '{}' computes its own values; @backfill does not apply", c.name),
                          "remove @backfill");
            } else if (!c.not_null) {
                out.error("backfill-on-nullable", c.origin.span,
                          fmt::format("@backfill fills existing rows of a new NOT NULL column, but '{}' is nullable",
                                      c.name),
                          "add 'not null' to the column, or remove @backfill");
            }
        }
    }
}

}  // namespace schemac::checks
