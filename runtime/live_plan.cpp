#include "runtime/live_plan.hpp"

#include "compiler/sql/align.hpp"
#include "runtime/live_partitions.hpp"

namespace schemac::runtime {

LivePlan plan_against_live(Session& session, const ir::Database& target, const IntrospectOptions& introspect_options,
                           const plan::PlanOptions& plan_options) {
    LivePlan out{introspect(session, introspect_options), {}};
    // The planner compares text: without this, a default PostgreSQL stores as `'-1'::integer`
    // would differ from the `-1` the schema writes.
    align_to(target, out.live.database);
    set_aside_unmanaged_partitions(target, out.live);
    out.plan = plan::plan_changes(out.live.database, target, plan_options);
    return out;
}

}  // namespace schemac::runtime
