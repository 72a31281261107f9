#include "runtime/live_plan.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/align.hpp"
#include "runtime/live_partitions.hpp"

namespace schemac::runtime {

LivePlan plan_against_read(Introspection live, const ir::Database& target, const plan::PlanOptions& plan_options) {
    LivePlan out{std::move(live), {}};
    // The planner compares text: without this, a default PostgreSQL stores as `'-1'::integer`
    // would differ from the `-1` the schema writes.
    align_to(target, out.live.database);
    set_aside_unmanaged_partitions(target, out.live);
    out.plan = plan::plan_changes(out.live.database, target, plan_options);
    return out;
}

LivePlan plan_against_live(Session& session, const ir::Database& target, const IntrospectOptions& introspect_options,
                           const plan::PlanOptions& plan_options, bool count_rows) {
    LivePlan out = plan_against_read(introspect(session, introspect_options), target, plan_options);
    if (!count_rows || out.plan.row_count_would_decide.empty()) return out;
    // A refusal that only holds for a table with rows: look, and plan again knowing. Not
    // `FROM ONLY`: a partitioned table holds no rows of its own (they live in its partitions),
    // and ALTER TABLE adds the column to every partition and child table too, so a row anywhere
    // beneath the table is a row the new column would have no value for.
    plan::PlanOptions counted = plan_options;
    pqxx::read_transaction tx(session.connection());
    for (const ir::QualifiedName& table : out.plan.row_count_would_decide) {
        std::string sql = fmt::format("SELECT EXISTS (SELECT FROM {}.{})", quote_identifier(table.schema),
                                      quote_identifier(table.name));
        counted.table_has_rows[table] = tx.exec(sql)[0][0].as<bool>();
    }
    tx.commit();
    out.plan = plan::plan_changes(out.live.database, target, counted);
    return out;
}

}  // namespace schemac::runtime
