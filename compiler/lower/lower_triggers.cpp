// Lowering of triggers (table items, and `instead of` triggers of views): the rules PostgreSQL
// applies to a trigger's own clauses (CREATE TRIGGER), reported where they are written.
#include <fmt/format.h>

#include "compiler/lower/lowering.hpp"

namespace schemac::lowering {
namespace {

// Trigger functions PostgreSQL itself provides (pg_catalog): named without a schema.
bool builtin_trigger_function(std::string_view name) {
    return name == "suppress_redundant_updates_trigger" || name == "tsvector_update_trigger" ||
           name == "tsvector_update_trigger_column";
}

}  // namespace

ir::Trigger Lowering::lower_trigger(const syntax::Trigger& t, const std::string& shown, bool on_view) {
    ir::Trigger out;
    out.name = t.name.value;
    out.timing = t.timing;
    out.on_insert = t.on_insert;
    out.on_update = t.on_update;
    out.on_delete = t.on_delete;
    out.on_truncate = t.on_truncate;
    out.update_columns = values(t.update_columns);
    out.for_each_row = t.for_each_row;
    if (t.old_table) out.old_table = t.old_table->value;
    if (t.new_table) out.new_table = t.new_table->value;
    out.constraint = t.constraint.has_value();
    if (t.from_table) out.from_table = qualified(*t.from_table);
    out.initially_deferred = t.deferral.initially_deferred.value_or(false);
    out.deferrable = t.deferral.deferrable.value_or(false) || out.initially_deferred;
    out.function = qualified(t.function);
    if (!t.function.schema && builtin_trigger_function(t.function.name.value)) out.function.schema = "pg_catalog";
    for (const syntax::TriggerArgument& a : t.arguments) out.arguments.push_back(a.value);
    if (t.comment) out.comment = t.comment->text;
    out.was = lower_directives(t.directives, Target::trigger).was;
    out.origin = ir::Origin{t.name.span, t.function.span};
    if (t.when) out.when = lower_expression(*t.when, "a trigger's condition");

    std::string name = fmt::format("trigger {} on {}", t.name.written, shown);
    auto refuse = [&](Span at, std::string message, std::string help) {
        diagnostics_.error("trigger", at, fmt::format("{}: {}", name, message), std::move(help));
    };
    bool row = t.for_each_row;
    if (t.timing == ir::TriggerTiming::instead_of) {
        if (!on_view)
            refuse(t.span, "an `instead of` trigger belongs to a view",
                   "use before or after on a table; instead of triggers replace writes to a view");
        else if (!row)
            refuse(t.span, "an `instead of` trigger fires for each row", "add: for each row");
        if (t.when) refuse(t.when->span, "an `instead of` trigger cannot have a condition", "remove the when (...)");
        if (!t.update_columns.empty())
            refuse(t.update_columns.front().span, "an `instead of` trigger cannot name updated columns",
                   "write `update` without `of ...`");
    } else if (on_view && row) {
        refuse(t.span, "a view's row triggers are `instead of` triggers",
               "write `instead of ...`, or `for each statement` for a before/after trigger");
    }
    if (t.on_truncate && row)
        refuse(t.span, "truncate fires statement triggers only", "write for each statement, or drop truncate");
    if (t.constraint) {
        if (t.timing != ir::TriggerTiming::after || !row)
            refuse(t.span, "a constraint trigger is an after ... for each row trigger",
                   "write: constraint trigger NAME after EVENTS ... for each row execute function F()");
    } else {
        if (t.from_table)
            refuse(t.from_table->span, "`from` is for constraint triggers", "write `constraint trigger`, or remove it");
        if (t.deferral.deferrable || t.deferral.initially_deferred)
            refuse(t.span, "only a constraint trigger can be deferred",
                   "write `constraint trigger ...`, or remove the deferral");
    }
    if (t.old_table || t.new_table) {
        if (t.timing != ir::TriggerTiming::after || t.constraint)
            refuse(t.span, "transition tables (referencing) are for plain after triggers",
                   "make it an after trigger, or remove referencing");
        if (t.old_table && !t.on_update && !t.on_delete)
            refuse(t.old_table->span, "an old table needs an update or delete event", "remove `old table as ...`");
        if (t.new_table && !t.on_update && !t.on_insert)
            refuse(t.new_table->span, "a new table needs an insert or update event", "remove `new table as ...`");
        if (!t.update_columns.empty())
            refuse(t.update_columns.front().span, "transition tables cannot be used with `update of` columns",
                   "write `update` without columns, or remove referencing");
    }
    return out;
}

}  // namespace schemac::lowering
