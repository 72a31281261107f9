#include "runtime/drift.hpp"

#include <set>

#include "compiler/align.hpp"

namespace schemac::runtime {

std::vector<std::string> managed_schemas(const std::vector<std::string>& requested, const ir::Database& db) {
    if (!requested.empty()) return requested;
    std::set<std::string> names;
    for (const auto& s : db.schemas) names.insert(s.name);
    for (const auto& t : db.tables) names.insert(t.name.schema);
    for (const auto& e : db.enums) names.insert(e.name.schema);
    if (names.empty()) names.insert("public");
    return {names.begin(), names.end()};
}

plan::Plan drift_plan(Session& session, const ir::Database& snapshot, const IntrospectOptions& options) {
    ir::Database live = introspect(session, options);
    align_to(snapshot, live);
    plan::PlanOptions plan_options;
    plan_options.allow_data_loss = true;  // every difference is listed, drops included
    return plan::plan_changes(live, snapshot, plan_options);
}

}  // namespace schemac::runtime
