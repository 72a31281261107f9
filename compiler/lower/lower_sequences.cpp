// Lowering of free-standing sequences: name, type, options (PostgreSQL's defaults left unset),
// @was, comment, and `owned by` resolved once every table is known.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/lower/lowering.hpp"
#include "compiler/sql/implicit_names.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::lowering {
namespace {

// The integer type a sequence is `as`, by any of PostgreSQL's names for it; empty when none.
std::string sequence_integer_type(std::string_view written) {
    if (written == "smallint" || written == "int2") return "smallint";
    if (written == "integer" || written == "int" || written == "int4") return "integer";
    if (written == "bigint" || written == "int8") return "bigint";
    return "";
}

// The serial type whose sequence has this integer type.
std::string serial_of(const std::string& integer_type) {
    if (integer_type == "smallint") return "smallserial";
    if (integer_type == "integer") return "serial";
    return "bigserial";
}

// Whether `s` is exactly what `serial` makes for `column` of `table`: its name, the column's
// integer type, every option at its default, owned by the column, which takes its default from it.
bool is_what_serial_makes(const ir::Sequence& s, const ir::Table& table, const ir::Column& column) {
    if (s.was || s.comment || table.unlogged || column.identity() || column.generated()) return false;
    if (s.options != ir::SequenceOptions{} || column.type.array_dimensions != 0 || !column.type.schema.empty() ||
        column.type.name != s.type.name || !column.default_value)
        return false;
    if (s.name != ir::QualifiedName{table.name.schema, make_object_name(table.name.name, column.name, "seq")})
        return false;
    std::string regclass = s.name.schema == "public"
                               ? quote_identifier(s.name.name)
                               : quote_identifier(s.name.schema) + "." + quote_identifier(s.name.name);
    const std::string& written = analyze_sql_expression(*column.default_value).canonical;
    return written == "nextval(" + quote_literal(regclass) + ")" ||
           written == "nextval(" + quote_literal(regclass) + "::regclass)";
}

}  // namespace

void Lowering::fold_serial_sequences() {
    std::vector<ir::Sequence> kept;
    for (ir::Sequence& s : db_.sequences) {
        ir::Table* table = s.owned_by_table ? const_cast<ir::Table*>(ir::find_table(db_, *s.owned_by_table)) : nullptr;
        ir::Column* column = table ? const_cast<ir::Column*>(ir::find_column(*table, s.owned_by_column)) : nullptr;
        if (!column || !is_what_serial_makes(s, *table, *column)) {
            kept.push_back(std::move(s));
            continue;
        }
        column->type.name = serial_of(s.type.name);
        column->default_value.reset();
    }
    db_.sequences = std::move(kept);
}

void Lowering::lower_free_sequence(const syntax::Sequence& q) {
    ir::Sequence out;
    out.name = qualified(q.name);
    out.origin = origin(q.name.name.span);
    Directives directives = lower_directives(q.directives, Target::sequence);
    out.was = directives.was;
    if (directives.was_schema != out.name.schema) out.was_schema = directives.was_schema;
    if (q.type) {
        std::string type = sequence_integer_type(q.type->value);
        if (type.empty())
            diagnostics_.error("sequence-type", q.type->span,
                               fmt::format("a sequence is smallint, integer or bigint, not {}", q.type->written),
                               "write `as smallint`, `as integer` or `as bigint` (bigint when left out)");
        else
            out.type.name = type;
    }
    out.options = lower_sequence(q.options, out.type);
    if (q.comment) out.comment = q.comment->text;
    sequence_syntax_[out.name] = &q;
    db_.sequences.push_back(std::move(out));
}

void Lowering::resolve_sequence_owners() {
    for (ir::Sequence& s : db_.sequences) {
        auto it = sequence_syntax_.find(s.name);
        if (it == sequence_syntax_.end() || it->second->owned_by.empty()) continue;
        const std::vector<syntax::Name>& parts = it->second->owned_by;
        s.owned_by_column = parts.back().value;
        ir::QualifiedName table{s.name.schema, parts[parts.size() - 2].value};
        if (parts.size() == 3)
            table.schema = parts[0].value;
        else if (s.name.schema != "public" && !table_declared_in(table))
            table.schema = "public";
        s.owned_by_table = table;
        s.origin.detail = it->second->owned_by_span;
    }
}

}  // namespace schemac::lowering
