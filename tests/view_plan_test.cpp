// Views and materialized views in the planner: the SQL of each view change, and the rules the
// planner follows around views (tests/golden/plan/view_* prove them on PostgreSQL with rows).
#include <doctest/doctest.h>

#include "compiler/plan/changes.hpp"
#include "compiler/plan/render_sql.hpp"

using namespace schemac;

namespace {

using Lines = std::vector<std::string>;

ir::View view(std::string schema, std::string name, std::string query, std::vector<std::string> columns = {}) {
    ir::View v;
    v.name = ir::QualifiedName{std::move(schema), std::move(name)};
    v.query = std::move(query);
    for (std::string& c : columns) v.columns.push_back(ir::ViewColumn{std::move(c), {}, {}});
    return v;
}

}  // namespace

TEST_CASE("the SQL of each view change: names quoted, bodies as the IR holds them") {
    ir::View open = view("billing", "Open", "SELECT id, total FROM billing.invoices", {"id", "total"});
    open.options = {{"security_invoker", "true"}, {"check_option", "local"}};
    CHECK(plan::render_statements(plan::CreateView{open}) ==
          Lines{"CREATE VIEW billing.\"Open\" (id, total) WITH (check_option = 'local', security_invoker = 'true') AS\n"
                "SELECT id, total FROM billing.invoices;"});

    ir::View totals = view("public", "daily_totals", "SELECT 1 AS day");
    totals.materialized = true;
    totals.with_no_data = true;
    totals.options = {{"fillfactor", "70"}};
    CHECK(
        plan::render_statements(plan::CreateView{totals}) ==
        Lines{
            "CREATE MATERIALIZED VIEW public.daily_totals WITH (fillfactor = 70) AS\nSELECT 1 AS day\nWITH NO DATA;"});
    totals.with_no_data = false;
    CHECK(plan::render_statements(plan::CreateView{totals}) ==
          Lines{"CREATE MATERIALIZED VIEW public.daily_totals WITH (fillfactor = 70) AS\nSELECT 1 AS day;"});

    ir::View wider = open;
    wider.query = "SELECT id, total, paid FROM billing.invoices";
    wider.columns.push_back(ir::ViewColumn{"paid", {}, {}});
    wider.options.clear();
    CHECK(plan::render_statements(plan::ReplaceView{open, wider}) ==
          Lines{"CREATE OR REPLACE VIEW billing.\"Open\" (id, total, paid) AS\n"
                "SELECT id, total, paid FROM billing.invoices;"});

    CHECK(plan::render_statements(plan::DropView{{"public", "v"}, false}) == Lines{"DROP VIEW public.v;"});
    CHECK(plan::render_statements(plan::DropView{{"public", "mv"}, true}) ==
          Lines{"DROP MATERIALIZED VIEW public.mv;"});

    CHECK(plan::render_statements(plan::RenameView{{"public", "a"}, {"public", "b"}, false}) ==
          Lines{"ALTER VIEW public.a RENAME TO b;"});
    CHECK(plan::render_statements(plan::RenameView{{"public", "a"}, {"billing", "a"}, true}) ==
          Lines{"ALTER MATERIALIZED VIEW public.a SET SCHEMA billing;"});
    CHECK(plan::render_statements(plan::RenameView{{"public", "a"}, {"billing", "b"}, false}) ==
          Lines{"ALTER VIEW public.a SET SCHEMA billing;", "ALTER VIEW billing.a RENAME TO b;"});

    plan::SetViewOptions options{{"public", "v"}, false, {{"security_invoker", "true"}}, {"security_barrier"}, {}, {}};
    CHECK(plan::render_statements(options) == Lines{"ALTER VIEW public.v SET (security_invoker = 'true');",
                                                    "ALTER VIEW public.v RESET (security_barrier);"});
    plan::SetViewOptions storage{{"public", "mv"}, true, {}, {"fillfactor"}, {}, {}};
    CHECK(plan::render_statements(storage) == Lines{"ALTER MATERIALIZED VIEW public.mv RESET (fillfactor);"});

    CHECK(plan::render_statements(plan::SetViewComment{{"public", "v"}, false, std::nullopt, "it's open"}) ==
          Lines{"COMMENT ON VIEW public.v IS 'it''s open';"});
    CHECK(plan::render_statements(plan::SetViewComment{{"public", "mv"}, true, "old", std::nullopt}) ==
          Lines{"COMMENT ON MATERIALIZED VIEW public.mv IS NULL;"});
    CHECK(plan::render_statements(plan::SetViewColumnComment{{"public", "v"}, "Total", std::nullopt, "sum"}) ==
          Lines{"COMMENT ON COLUMN public.v.\"Total\" IS 'sum';"});
    CHECK(plan::render_statements(plan::RefreshMaterializedView{{"public", "mv"}, false}) ==
          Lines{"REFRESH MATERIALIZED VIEW public.mv;"});
    CHECK(plan::render_statements(plan::RefreshMaterializedView{{"public", "mv"}, true}) ==
          Lines{"REFRESH MATERIALIZED VIEW CONCURRENTLY public.mv;"});
}

TEST_CASE("view changes have names and a materialized view's refresh is a hazard of its own") {
    CHECK(plan::change_kind(plan::CreateView{}) == "create_view");
    CHECK(plan::change_kind(plan::RefreshMaterializedView{}) == "refresh_materialized_view");
    CHECK(plan::hazard_names(plan::Hazard::access_exclusive_lock | plan::Hazard::view_refresh) ==
          "MATERIALIZED VIEW REFRESH, ACCESS EXCLUSIVE LOCK");
}
