// Warnings about referenced keys this plan widens (integer -> bigint, serial -> bigserial)
// while the foreign-key columns that reference them stay narrower: the key's new values past
// the narrow range could never be referenced. A warning, not a refusal: widening the key first
// and its references later is a valid order of work.
#include <fmt/format.h>

#include "compiler/ir/types.hpp"
#include "compiler/plan/plan_context.hpp"

namespace schemac::plan {
namespace {

// Bytes of an integer column type (serial types as their column type); 0 for other types.
int integer_width(const ir::Type& type) {
    if (type.array_dimensions != 0 || !type.schema.empty()) return 0;
    ir::Type plain = serial_column_type(type);
    if (plain.name == "smallint") return 2;
    if (plain.name == "integer") return 4;
    if (plain.name == "bigint") return 8;
    return 0;
}

std::string type_text(const ir::Type& type) { return render_type(serial_column_type(type)); }

}  // namespace

void warn_narrower_references(PlanContext& ctx) {
    for (const ir::Table& t : ctx.after.tables) {
        for (const ir::ForeignKey& fk : t.foreign_keys) {
            const TablePair* referenced = ctx.pair_for(fk.referenced_table);
            if (!referenced) continue;
            for (std::size_t i = 0; i < fk.columns.size() && i < fk.referenced_columns.size(); ++i) {
                const ir::Column* key = ir::find_column(*referenced->after, fk.referenced_columns[i]);
                const ir::Column* old = referenced->kept_from_named(fk.referenced_columns[i]);
                const ir::Column* column = ir::find_column(t, fk.columns[i]);
                if (!key || !column || !old) continue;
                int was = integer_width(old->type), now = integer_width(key->type);
                int width = integer_width(column->type);
                if (!(was && now > was && width && width < now)) continue;
                std::string help = fmt::format("widen it too: `{}  {}` (a foreign key column holds the key's values)",
                                               column->name, type_text(key->type));
                ctx.plan.diagnostics.warning(
                    "narrower-reference", column->origin.span,
                    fmt::format("{} ({}) references {}.{} ({}), which this change widens from {}",
                                column_title(t.name, column->name), type_text(column->type),
                                table_title(fk.referenced_table), key->name, type_text(key->type),
                                type_text(old->type)),
                    help);
            }
        }
    }
}

}  // namespace schemac::plan
