// Drift: the changes that would take a live database to the snapshot. The database is
// introspected, aligned with the snapshot's spelling, and planned with the one planner —
// there is no second comparison engine. An empty plan means no drift. Each change is then
// worded for people as what the database has against what the migrations expect:
// `~ column requests.status: default 'submitted' in the database, 'draft' expected`.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/plan/plan.hpp"
#include "runtime/connection.hpp"
#include "runtime/introspect.hpp"

namespace schemac::runtime {

// The schemas that hold an object of the IR (a table, type, view, function or sequence).
std::set<std::string> schemas_holding_objects(const ir::Database& db);
// The schemas a project manages: `requested` when given, else every schema the IR declares or
// holds an object in, else public.
std::vector<std::string> managed_schemas(const std::vector<std::string>& requested, const ir::Database& db);

struct Drift {
    Introspection live;  // aligned with the snapshot's spelling
    plan::Plan plan;     // live -> snapshot, data loss allowed (every difference is listed)
};
Drift find_drift(Session& session, const ir::Database& snapshot, const IntrospectOptions& options);
// The same from what introspect() already read.
Drift find_drift(Introspection live, const ir::Database& snapshot);
// The plan behind drift: plain statements, every difference listed (data loss allowed).
plan::Plan plan_drift(const ir::Database& live, const ir::Database& expected);

// A drift plan as people read it: one entry per difference, with the SQL that would take the
// database back to the snapshot.
struct DriftItem {
    std::string title;  // "~ column users.name: not null in the database, nullable expected"
    std::vector<std::string> sql;
};
std::vector<DriftItem> drift_items(const Drift& drift, const ir::Database& snapshot);

}  // namespace schemac::runtime
