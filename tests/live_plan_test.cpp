// runtime/live_plan: the one place that plans against a live database (introspect, align with
// the schema's spelling, plan). A database built from a schema has no change against it, though
// PostgreSQL spells its default and its check otherwise; a real difference is one change, and
// the plan options given are the ones planned with.
#include <doctest/doctest.h>

#include "compiler/plan/render_sql.hpp"
#include "runtime/live_plan.hpp"
#include "tests/plan_support.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

const ir::Column& live_column(const runtime::Introspection& live, const char* table, const char* column) {
    const ir::Table* t = ir::find_table(live.database, ir::QualifiedName{"public", table});
    REQUIRE(t);
    const ir::Column* c = ir::find_column(*t, column);
    REQUIRE(c);
    return *c;
}

}  // namespace

TEST_CASE("plan_against_live: no change where PostgreSQL spells an expression otherwise, one where it differs") {
    Compilation c = test::compile_text("table counters {\n  id integer primary key\n  n integer not null default -1\n"
                                       "  kind text check (kind in ('a', 'b'))\n}\n");
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("live_plan");
    test::build_database(cluster, "live_plan", c.database);
    runtime::Session session(cluster.url("live_plan"));
    const runtime::IntrospectOptions introspect_options{{"public"}, "public"};
    plan::PlanOptions options = plan::plain_ddl_options();
    options.before_name = "the database";

    // PostgreSQL gives back `'-1'::integer` and `kind = ANY (ARRAY[...])`: compared as text,
    // without alignment, both would be changes.
    runtime::Introspection as_read = runtime::introspect(session, introspect_options);
    CHECK(live_column(as_read, "counters", "n").default_value != std::optional<std::string>("-1"));
    plan::Plan unaligned = plan::plan_changes(as_read.database, c.database, options);
    CHECK_MESSAGE(unaligned.steps.size() == 3, test::plan_text(unaligned));  // the check is dropped and added

    runtime::LivePlan same = runtime::plan_against_live(session, c.database, introspect_options, options);
    CHECK_MESSAGE(same.plan.empty(), test::plan_text(same.plan));
    CHECK_FALSE(same.plan.diagnostics.has_errors());
    CHECK(live_column(same.live, "counters", "n").default_value == std::optional<std::string>("-1"));

    // A default that really differs is one change, worded and rendered as the planner does.
    cluster.execute("live_plan", "ALTER TABLE counters ALTER COLUMN n SET DEFAULT -2");
    runtime::LivePlan changed = runtime::plan_against_live(session, c.database, introspect_options, options);
    REQUIRE_MESSAGE(changed.plan.steps.size() == 1, test::plan_text(changed.plan));
    CHECK_MESSAGE(plan::render_statements(changed.plan.steps[0].change) ==
                      std::vector<std::string>{"ALTER TABLE public.counters ALTER COLUMN n SET DEFAULT -1;"},
                  test::plan_text(changed.plan));

    // The options are the caller's: a column only the database has is a loss it refuses,
    // naming the database as the side the column would be lost from.
    cluster.execute("live_plan", "ALTER TABLE counters ADD COLUMN note text");
    runtime::LivePlan refused = runtime::plan_against_live(session, c.database, introspect_options, options);
    REQUIRE(refused.plan.diagnostics.has_errors());
    CHECK_MESSAGE(refused.plan.diagnostics.all().front().message.find("the database") != std::string::npos,
                  refused.plan.diagnostics.all().front().message);
    options.allow_data_loss = true;
    CHECK_FALSE(
        runtime::plan_against_live(session, c.database, introspect_options, options).plan.diagnostics.has_errors());
    cluster.drop_database("live_plan");
}
