#include "compiler/ir/ir.hpp"

#include <algorithm>

namespace schemac::ir {

const Table* find_table(const Database& db, const QualifiedName& name) {
    auto it = std::lower_bound(db.tables.begin(), db.tables.end(), name, [](const Table& t, const QualifiedName& n) {
        return t.name < n;
    });
    return it != db.tables.end() && it->name == name ? &*it : nullptr;
}

const Enum* find_enum(const Database& db, const QualifiedName& name) {
    auto it = std::lower_bound(db.enums.begin(), db.enums.end(), name, [](const Enum& e, const QualifiedName& n) {
        return e.name < n;
    });
    return it != db.enums.end() && it->name == name ? &*it : nullptr;
}

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
