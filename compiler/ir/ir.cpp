#include "compiler/ir/ir.hpp"

#include <algorithm>

namespace schemac::ir {

namespace {
// The object named `name` in `items`, sorted by name as the IR keeps them.
template <class T>
const T* find_sorted(const std::vector<T>& items, const QualifiedName& name) {
    auto it = std::lower_bound(items.begin(), items.end(), name, [](const T& x, const QualifiedName& n) {
        return x.name < n;
    });
    return it != items.end() && it->name == name ? &*it : nullptr;
}
}  // namespace

const Table* find_table(const Database& db, const QualifiedName& name) { return find_sorted(db.tables, name); }
const Enum* find_enum(const Database& db, const QualifiedName& name) { return find_sorted(db.enums, name); }
const View* find_view(const Database& db, const QualifiedName& name) { return find_sorted(db.views, name); }

const Column* find_column(const Table& table, std::string_view name) {
    for (const Column& column : table.columns) {
        if (column.name == name) return &column;
    }
    return nullptr;
}

const char* fk_action_text(FkAction action) {
    switch (action) {
        case FkAction::no_action: return "no action";
        case FkAction::restrict: return "restrict";
        case FkAction::cascade: return "cascade";
        case FkAction::set_null: return "set null";
        case FkAction::set_default: return "set default";
    }
    return "no action";
}

std::string display_name(const QualifiedName& name) {
    return name.schema == "public" ? name.name : name.schema + "." + name.name;
}

}  // namespace schemac::ir
