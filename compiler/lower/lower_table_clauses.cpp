// Lowering of the table clauses beyond keys and indexes: exclusion constraints, replica
// identity, and a column's collation and statistics target.
#include <fmt/format.h>

#include <cstdlib>

#include "compiler/lower/lowering.hpp"

namespace schemac::lowering {

ir::Exclusion Lowering::lower_exclusion(const syntax::Exclusion& x) {
    ir::Exclusion out;
    const syntax::Index& index = x.index;
    if (index.name) out.name = index.name->value;
    // PostgreSQL's default access method for EXCLUDE is btree, as for an index.
    out.method = index.method ? index.method->value : "btree";
    out.include = values(index.include);
    if (index.storage) lower_storage(*index.storage, out.method, "a " + out.method + " index", out.storage);
    if (index.where)
        out.where = lower_expression(*index.where, "exclusion constraint predicate").value_or(index.where->text);
    out.was = lower_directives(index.directives, Target::constraint).was;
    out.origin = origin(index.name ? index.name->span : x.span);
    for (std::size_t i = 0; i < index.elements.size(); ++i) {
        const syntax::IndexElement& e = index.elements[i];
        ir::ExclusionElement element;
        if (e.column) element.element.column = e.column->value;
        if (e.expression)
            element.element.expression = lower_expression(*e.expression, "exclusion constraint expression")
                                             .value_or(e.expression->text);
        if (e.collation) element.element.collation = qualified_text(*e.collation);
        if (e.opclass) element.element.opclass = qualified_text(*e.opclass);
        element.element.descending = e.descending.value_or(false);
        element.element.nulls_first = e.nulls_first.value_or(element.element.descending);
        if (i < x.operators.size()) element.operator_ = x.operators[i].value;
        out.elements.push_back(std::move(element));
    }
    out.initially_deferred = x.timing.initially_deferred.value_or(false);
    out.deferrable = x.timing.deferrable.value_or(false) || out.initially_deferred;
    return out;
}

void Lowering::lower_replica_identity(const syntax::ReplicaIdentity& r, ir::Table& table) {
    table.replica_identity = r.identity;
    table.replica_identity_index = r.index ? r.index->value : "";
    table.origin.detail = r.span;  // where the replica identity is written, for its checks
}

void Lowering::lower_column_clauses(const syntax::Column& c, ir::Column& out) {
    if (c.collation) out.collation = qualified_text(*c.collation);
    if (c.statistics) {
        const std::string& text = c.statistics->value;
        char* end = nullptr;
        long value = std::strtol(text.c_str(), &end, 10);
        if (end != text.c_str() + text.size() || value < -1 || value > 10000) {
            diagnostics_.error("bad-statistics", c.statistics->span,
                               fmt::format("a column's statistics target runs from -1 to 10000, not {}", text),
                               "write e.g. statistics 500 (-1: the default, default_statistics_target)");
        } else if (value != -1) {
            out.rare.set().statistics = static_cast<int>(value);
        }
    }
}

}  // namespace schemac::lowering
