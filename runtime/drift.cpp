#include "runtime/drift.hpp"

#include <set>

#include "compiler/align.hpp"
#include "compiler/plan/render_sql.hpp"

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

std::vector<DriftItem> drift_items(const plan::Plan& plan) {
    std::vector<DriftItem> out;
    for (const plan::Step& s : plan.steps) {
        if (out.empty() || (!s.title.empty() && s.title != out.back().title)) out.push_back({s.title, {}});
        for (std::string& statement : plan::render_statements(s.change)) out.back().sql.push_back(std::move(statement));
    }
    return out;
}

}  // namespace schemac::runtime
