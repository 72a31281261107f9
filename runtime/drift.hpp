// Drift: the changes that would take a live database to the snapshot. The database is
// introspected, aligned with the snapshot's spelling, and planned with the one planner —
// there is no second comparison engine. An empty plan means no drift.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "compiler/plan/plan.hpp"
#include "runtime/connection.hpp"
#include "runtime/introspect.hpp"

namespace schemac::runtime {

// The schemas a project manages: `requested` when given, else every schema the IR names
// (its schemas, tables and enums), else public.
std::vector<std::string> managed_schemas(const std::vector<std::string>& requested, const ir::Database& db);

plan::Plan drift_plan(Session& session, const ir::Database& snapshot, const IntrospectOptions& options);

// A drift plan as people read it: one entry per change (its title), with the SQL that would
// take the database back to the snapshot.
struct DriftItem {
    std::string title;
    std::vector<std::string> sql;
};
std::vector<DriftItem> drift_items(const plan::Plan& plan);

}  // namespace schemac::runtime
