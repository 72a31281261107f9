// The one place that plans against a live database: it introspects the managed schemas, aligns
// what it read with the target's spelling (compiler/sql/align.hpp: an expression PostgreSQL deparses
// differently but that means the same takes the target's text; an extension version or schema
// the target does not pin is not compared), and plans live -> target with the one planner.
// Drift (check, baseline, resolve) and push all plan through here, so that a difference of
// spelling is never a change for one of them and not for another.
#pragma once

#include "compiler/ir/ir.hpp"
#include "compiler/plan/plan.hpp"
#include "runtime/connection.hpp"
#include "runtime/introspect.hpp"

namespace schemac::runtime {

struct LivePlan {
    Introspection live;  // as read, then aligned with the target's spelling
    plan::Plan plan;     // live -> target
};

// Reads the database in one read-only transaction, then aligns and plans. With `count_rows`
// (push), a refusal that only holds for a table with rows (a new NOT NULL column without a
// value) is settled by looking whether the table has any, and the plan made again knowing.
LivePlan plan_against_live(Session& session, const ir::Database& target, const IntrospectOptions& introspect_options,
                           const plan::PlanOptions& plan_options, bool count_rows = false);
// The same from what introspect() already read (with the options the target's plan expects).
LivePlan plan_against_read(Introspection live, const ir::Database& target, const plan::PlanOptions& plan_options);

}  // namespace schemac::runtime
