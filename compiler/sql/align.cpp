#include "compiler/sql/align.hpp"

#include <map>

#include "compiler/ir/types.hpp"
#include "compiler/sql/expression_fingerprint.hpp"

namespace schemac {
namespace {

// std::optional<std::string> or ir::OptionalBox<std::string> (a column's generated expression).
template <class OptionalText>
void align_text(const OptionalText& wanted, OptionalText& live) {
    if (wanted && live && same_expression(*wanted, *live)) live = wanted;
}

void align_text(const std::string& wanted, std::string& live) {
    if (!wanted.empty() && !live.empty() && same_expression(wanted, live)) live = wanted;
}

void align_text(const ir::RareString& wanted, ir::RareString& live) {
    if (!wanted.empty() && !live.empty() && same_expression(wanted, live)) live = wanted;
}

template <class T>
const T* named(const std::vector<T>& items, const std::string& name) {
    for (const T& item : items)
        if (item.name == name) return &item;
    return nullptr;
}

void align_triggers(const std::vector<ir::Trigger>& schema, std::vector<ir::Trigger>& live) {
    for (ir::Trigger& trigger : live)
        if (const ir::Trigger* wanted = named(schema, trigger.name)) align_text(wanted->when, trigger.when);
}

// Argument defaults (PostgreSQL adds casts: `'x'::text`).
void align_function(const ir::Function& schema, ir::Function& live) {
    if (schema.arguments.size() != live.arguments.size()) return;
    for (std::size_t i = 0; i < live.arguments.size(); ++i)
        align_text(schema.arguments[i].default_value, live.arguments[i].default_value);
}

void align_table(const ir::Table& schema, ir::Table& live) {
    align_triggers(schema.triggers, live.triggers);
    for (ir::Column& c : live.columns) {
        const ir::Column* wanted = ir::find_column(schema, c.name);
        if (!wanted) continue;
        align_text(wanted->default_value, c.default_value);
        if (c.generated()) align_text(wanted->generated(), c.rare.set().generated);
    }
    for (ir::Check& check : live.checks)
        if (const ir::Check* wanted = named(schema.checks, check.name))
            align_text(wanted->expression, check.expression);
    for (ir::Index& index : live.indexes) {
        const ir::Index* wanted = named(schema.indexes, index.name);
        if (!wanted) continue;
        align_text(wanted->where, index.where);
        if (wanted->elements.size() != index.elements.size()) continue;
        for (std::size_t i = 0; i < index.elements.size(); ++i)
            align_text(wanted->elements[i].expression, index.elements[i].expression);
    }
    for (ir::Policy& policy : live.policies) {
        const ir::Policy* wanted = named(schema.policies, policy.name);
        if (!wanted) continue;
        align_text(wanted->using_expression, policy.using_expression);
        align_text(wanted->check_expression, policy.check_expression);
    }
}

// An extension the schema declares without `schema S` may live anywhere: its types, which the
// database names with that schema (`extensions.citext`), are the schema's unqualified `citext`.
void unpin_extension_types(const ir::Database& schema, ir::Database& live) {
    std::map<std::string, std::string> unpinned;  // extension -> the schema its types are named with
    for (const ir::Extension& e : live.extensions) {
        const ir::Extension* wanted = named(schema.extensions, e.name);
        if (wanted && !wanted->schema) unpinned[e.name] = extension_type_schema(e.schema);
    }
    if (unpinned.empty()) return;
    for_each_type(live, [&](ir::Type& type) {
        auto extension = extension_for_type(type.name);
        if (type.schema.empty() || !extension) return;
        auto it = unpinned.find(*extension);
        if (it != unpinned.end() && it->second == type.schema) type.schema.clear();
    });
}

}  // namespace

void align_to(const ir::Database& schema, ir::Database& live) {
    unpin_extension_types(schema, live);
    for (ir::Extension& e : live.extensions) {
        const ir::Extension* wanted = named(schema.extensions, e.name);
        if (!wanted) continue;
        if (!wanted->version) e.version.reset();
        if (!wanted->schema) e.schema.reset();
    }
    for (ir::Table& t : live.tables)
        if (const ir::Table* wanted = ir::find_table(schema, t.name)) align_table(*wanted, t);
    for (ir::View& v : live.views)
        if (const ir::View* wanted = ir::find_view(schema, v.name)) align_triggers(wanted->triggers, v.triggers);
    for (ir::Function& f : live.functions)
        if (const ir::Function* wanted = ir::find_function(schema, ir::function_key(f))) align_function(*wanted, f);
}

}  // namespace schemac
