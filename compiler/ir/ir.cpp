#include "compiler/ir/ir.hpp"

#include <algorithm>
#include <tuple>

#include "compiler/ir/types.hpp"

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
const Sequence* find_sequence(const Database& db, const QualifiedName& name) { return find_sorted(db.sequences, name); }
const Domain* find_domain(const Database& db, const QualifiedName& name) { return find_sorted(db.domains, name); }
const CompositeType* find_composite_type(const Database& db, const QualifiedName& name) {
    return find_sorted(db.composite_types, name);
}
const RangeType* find_range_type(const Database& db, const QualifiedName& name) {
    return find_sorted(db.range_types, name);
}

const Function* find_function(const Database& db, const FunctionKey& key) {
    auto it = std::lower_bound(db.functions.begin(), db.functions.end(), key,
                               [](const Function& f, const FunctionKey& k) { return function_key(f) < k; });
    return it != db.functions.end() && function_key(*it) == key ? &*it : nullptr;
}

std::vector<const Function*> functions_named(const Database& db, const QualifiedName& name) {
    std::vector<const Function*> found;
    auto it = std::lower_bound(db.functions.begin(), db.functions.end(), name,
                               [](const Function& f, const QualifiedName& n) { return f.name < n; });
    for (; it != db.functions.end() && it->name == name; ++it) found.push_back(&*it);
    return found;
}

std::vector<Type> input_types(const Function& function) {
    std::vector<Type> types;
    for (const FunctionArgument& a : function.arguments) {
        if (a.mode != ArgumentMode::out) types.push_back(a.type);
    }
    return types;
}

FunctionKey function_key(const Function& function) {
    FunctionKey key{function.name, {}};
    for (const Type& type : input_types(function)) {
        if (!key.input_types.empty()) key.input_types += ",";
        key.input_types += render_type(type);
    }
    return key;
}

std::string function_signature(const Function& function) {
    std::string types = function_key(function).input_types;
    for (std::size_t at = types.find(','); at != std::string::npos; at = types.find(',', at + 2))
        types.replace(at, 1, ", ");
    return display_name(function.name) + "(" + types + ")";
}

const char* argument_mode_text(ArgumentMode mode) {
    switch (mode) {
        case ArgumentMode::in: return "in";
        case ArgumentMode::out: return "out";
        case ArgumentMode::inout: return "inout";
        case ArgumentMode::variadic: return "variadic";
    }
    return "in";
}

const char* volatility_text(Volatility v) {
    switch (v) {
        case Volatility::volatile_: return "volatile";
        case Volatility::stable: return "stable";
        case Volatility::immutable: return "immutable";
    }
    return "volatile";
}

const char* parallel_text(ParallelSafety p) {
    switch (p) {
        case ParallelSafety::unsafe: return "unsafe";
        case ParallelSafety::restricted: return "restricted";
        case ParallelSafety::safe: return "safe";
    }
    return "unsafe";
}

const char* trigger_timing_text(TriggerTiming timing) {
    switch (timing) {
        case TriggerTiming::before: return "before";
        case TriggerTiming::after: return "after";
        case TriggerTiming::instead_of: return "instead of";
    }
    return "before";
}

const char* partition_strategy_text(PartitionStrategy strategy) {
    switch (strategy) {
        case PartitionStrategy::range: return "range";
        case PartitionStrategy::list: return "list";
        case PartitionStrategy::hash: return "hash";
    }
    return "range";
}

const char* replica_identity_text(ReplicaIdentity identity) {
    switch (identity) {
        case ReplicaIdentity::default_: return "default";
        case ReplicaIdentity::full: return "full";
        case ReplicaIdentity::nothing: return "nothing";
        case ReplicaIdentity::index: return "index";
    }
    return "default";
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

void sort_grants(std::vector<Grant>& grants) {
    std::sort(grants.begin(), grants.end(), [](const Grant& a, const Grant& b) {
        return std::tie(a.grantee, a.column, a.privilege) < std::tie(b.grantee, b.column, b.privilege);
    });
}

void sort_top_level(Database& db) {
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    stable_sort_unless_sorted(db.schemas, by_name);
    stable_sort_unless_sorted(db.extensions, by_name);
    stable_sort_unless_sorted(db.enums, by_name);
    stable_sort_unless_sorted(db.sequences, by_name);
    stable_sort_unless_sorted(db.domains, by_name);
    stable_sort_unless_sorted(db.composite_types, by_name);
    stable_sort_unless_sorted(db.range_types, by_name);
    stable_sort_unless_sorted(db.tables, by_name);
    stable_sort_unless_sorted(db.views, by_name);
    stable_sort_unless_sorted(db.functions, [](const Function& a, const Function& b) {
        return function_key(a) < function_key(b);
    });
    stable_sort_unless_sorted(db.roles, by_name);
    stable_sort_unless_sorted(db.sequence_grants, [](const SequenceGrants& a, const SequenceGrants& b) {
        return a.sequence < b.sequence;
    });
    stable_sort_unless_sorted(db.default_privileges, [](const DefaultPrivileges& a, const DefaultPrivileges& b) {
        return std::tie(a.for_role, a.schema, a.objects) < std::tie(b.for_role, b.schema, b.objects);
    });
}

const char* policy_command_text(PolicyCommand command) {
    switch (command) {
        case PolicyCommand::all: return "all";
        case PolicyCommand::select: return "select";
        case PolicyCommand::insert: return "insert";
        case PolicyCommand::update: return "update";
        case PolicyCommand::delete_: return "delete";
    }
    return "all";
}

const char* default_privilege_objects_text(DefaultPrivilegeObjects objects) {
    switch (objects) {
        case DefaultPrivilegeObjects::tables: return "tables";
        case DefaultPrivilegeObjects::sequences: return "sequences";
        case DefaultPrivilegeObjects::functions: return "functions";
        case DefaultPrivilegeObjects::types: return "types";
        case DefaultPrivilegeObjects::schemas: return "schemas";
    }
    return "tables";
}

bool managed_role(const Database& current, const Database& desired, std::string_view role) {
    if (role == "public") return true;
    auto declared = [role](const Database& db) {
        auto it = std::lower_bound(db.roles.begin(), db.roles.end(), role, [](const Role& r, std::string_view n) {
            return r.name < n;
        });
        return it != db.roles.end() && it->name == role;
    };
    return declared(desired) || declared(current);
}

std::string display_name(const QualifiedName& name) {
    return name.schema == "public" ? name.name : name.schema + "." + name.name;
}

}  // namespace schemac::ir
