// Views and materialized views in the planner: the SQL of each view change, and the rules the
// planner follows around views (tests/golden/plan/view_* prove them on PostgreSQL with rows).
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/plan/changes.hpp"
#include "compiler/plan/render_sql.hpp"
#include "compiler/source/diagnostic_printer.hpp"
#include "tests/plan_support.hpp"
#include "tests/support.hpp"

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

ir::View matview(std::string name, std::string query, std::vector<std::string> columns = {}) {
    ir::View v = view("public", std::move(name), std::move(query), std::move(columns));
    v.materialized = true;
    return v;
}

ir::Index index_on(std::string name, std::string column, bool unique = false) {
    ir::Index index;
    index.name = std::move(name);
    index.unique = unique;
    index.elements.push_back(ir::IndexElement{std::move(column), {}, {}, {}, false, false});
    return index;
}

// Tables from .schema text, views as built here (sorted by name, as the IR keeps them).
ir::Database database(const std::string& tables, std::vector<ir::View> views) {
    ir::Database db = test::compiled_database(tables);
    std::sort(views.begin(), views.end(), [](const ir::View& a, const ir::View& b) { return a.name < b.name; });
    db.views = std::move(views);
    return db;
}

const std::string invoices_int = "table invoices {\n  id bigint primary key\n  total int not null\n  note text\n}\n";
const std::string invoices_bigint =
    "table invoices {\n  id bigint primary key\n  total bigint not null\n  note text\n}\n";

// Two levels of views over invoices.total.
std::vector<ir::View> two_levels() {
    return {view("public", "big_invoices", "SELECT id, total FROM invoices WHERE total > 100", {"id", "total"}),
            view("public", "big_totals", "SELECT sum(total) AS sum FROM big_invoices", {"sum"})};
}

// The steps' kinds and titles, one line each, in order.
using test::errors_of;
using test::steps_of;

// Builds `before` on PostgreSQL, adds rows, applies the plan and compares the schema with one built to `after`.
void proves_on_postgres(const ir::Database& before, const ir::Database& after, const plan::Plan& p,
                        const std::string& rows) {
    test::proves_on_postgres("views", before, after, p, rows);
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

TEST_CASE(
    "views are created after what they read, in dependency order, and planning them against themselves finds nothing") {
    std::vector<ir::View> views = two_levels();
    ir::View totals = matview("totals_by_note", "SELECT note, sum(total) AS sum FROM invoices GROUP BY note",
                              {"note", "sum"});
    totals.indexes.push_back(index_on("totals_by_note_note", "note", true));
    totals.options = {{"fillfactor", "70"}};
    totals.comment = "per note";
    totals.columns[1].comment = "the sum";
    views.push_back(totals);
    views[0].options = {{"security_invoker", "true"}};
    ir::Database db = database(invoices_int, views);
    plan::Plan created = plan::plan_changes({}, db);
    CHECK(steps_of(created) ==
          "create_table: + table invoices\n"
          "create_view: + view big_invoices\n"
          "create_view: + view big_totals\n"
          "create_view: + materialized view totals_by_note\n"
          "create_index: + index totals_by_note_note on totals_by_note\n"
          "set_view_comment: ~ materialized view totals_by_note comment\n"
          "set_view_column_comment: ~ column totals_by_note.sum comment\n");
    CHECK(plan::plan_changes(db, db).empty());
    CHECK(plan::plan_changes(plan::without_directives(db), db).empty());
    // with no data is how a materialized view is made, not a difference
    ir::Database no_data = db;
    no_data.views[2].with_no_data = true;
    CHECK(plan::plan_changes(db, no_data).empty());

    // The same views listed in another order give the same plan; dropped, readers go first.
    ir::Database reversed = db;
    std::reverse(reversed.views.begin(), reversed.views.end());
    CHECK(test::plan_text(plan::plan_changes({}, reversed)) == test::plan_text(created));
    const ir::Database only_invoices = database(invoices_int, {});
    plan::Plan dropped = plan::plan_changes(db, only_invoices);
    CHECK(steps_of(dropped) == "drop_view: - materialized view totals_by_note\n"
                               "drop_view: - view big_totals\n"
                               "drop_view: - view big_invoices\n");
    const ir::Database nothing;
    CHECK(steps_of(plan::plan_changes(db, nothing,
                                      [] {
                                          plan::PlanOptions o;
                                          o.allow_data_loss = true;
                                          return o;
                                      }()))
              .find("drop_view: - view big_invoices\ndrop_table: - table invoices\n") != std::string::npos);
    proves_on_postgres(db, database(invoices_int, {}), dropped, "INSERT INTO invoices VALUES (1, 200, 'a');");
}

TEST_CASE("a column type change under two levels of views: one migration drops them, alters, creates them again") {
    ir::Database before = database(invoices_int, two_levels());
    ir::Database after = database(invoices_bigint, two_levels());
    plan::Plan p = plan::plan_changes(before, after);
    INFO(errors_of(p));
    REQUIRE_FALSE(p.diagnostics.has_errors());
    CHECK(steps_of(p) ==
          "drop_view: ~ view big_totals recreated: it reads view big_invoices, which is recreated\n"
          "drop_view: ~ view big_invoices recreated: it reads invoices.total, whose type changes\n"
          "alter_column_type: ~ column invoices.total type integer -> bigint\n"
          "create_view: ~ view big_invoices recreated: it reads invoices.total, whose type changes\n"
          "create_view: ~ view big_totals recreated: it reads view big_invoices, which is recreated\n");
    CHECK(plan::render_migrations(p, 2, "case", {}).size() == 1);
    proves_on_postgres(before, after, p, "INSERT INTO invoices VALUES (1, 200, 'a'), (2, 50, 'b'), (3, 300, 'a');");
    CHECK(test::PostgresCluster::shared().query_value("views_before", "SELECT sum FROM big_totals") == "500");
}

TEST_CASE("a column renamed under a view: the view is recreated around the rename") {
    std::string renamed =
        "table invoices {\n  id bigint primary key\n  amount int not null @was(total)\n  note text\n}\n";
    ir::Database before = database(invoices_int,
                                   {view("public", "v", "SELECT id, total FROM invoices", {"id", "total"})});
    ir::Database after = database(renamed, {view("public", "v", "SELECT id, amount FROM invoices", {"id", "amount"})});
    plan::Plan p = plan::plan_changes(before, after);
    INFO(errors_of(p));
    CHECK(steps_of(p) == "drop_view: ~ view v recreated: it reads invoices.total, which is renamed to amount\n"
                         "rename_column: ~ column invoices.amount renamed from total\n"
                         "create_view: ~ view v recreated: it reads invoices.total, which is renamed to amount\n");
    proves_on_postgres(before, after, p, "INSERT INTO invoices VALUES (1, 200, 'a');");

    // The view left reading the old name is refused, with what to write.
    ir::Database stale = database(renamed, {view("public", "v", "SELECT id, total FROM invoices", {"id", "total"})});
    CHECK(errors_of(plan::plan_changes(before, stale)) ==
          "view v reads column invoices.total, which this change renames to amount | help: write amount in view v\n");
}

TEST_CASE("a dropped column that a view reads: refused unless the view changes in the same change") {
    std::string without_note = "table invoices {\n  id bigint primary key\n  total int not null\n}\n";
    ir::Database before = database(invoices_int,
                                   {view("public", "v", "SELECT id, note FROM invoices", {"id", "note"})});
    plan::PlanOptions allow;
    allow.allow_data_loss = true;
    ir::Database stale = database(without_note, {view("public", "v", "SELECT id, note FROM invoices", {"id", "note"})});
    CHECK(
        errors_of(plan::plan_changes(before, stale, allow)) ==
        "view v reads column invoices.note, which this change drops | help: change or drop view v in the same change\n");

    ir::Database after = database(without_note, {view("public", "v", "SELECT id FROM invoices", {"id"})});
    plan::Plan p = plan::plan_changes(before, after, allow);
    INFO(errors_of(p));
    REQUIRE_FALSE(p.diagnostics.has_errors());
    CHECK(steps_of(p) == "drop_view: ~ view v recreated: it reads invoices.note, which is dropped\n"
                         "drop_column: - column invoices.note\n"
                         "create_view: ~ view v recreated: it reads invoices.note, which is dropped\n");
    proves_on_postgres(before, after, p, "INSERT INTO invoices VALUES (1, 200, 'a');");
}

TEST_CASE("a view that loses a column is recreated with the views that read it") {
    std::vector<ir::View> before_views = two_levels();
    before_views.push_back(view("public", "unrelated", "SELECT id FROM invoices", {"id"}));
    std::vector<ir::View> after_views = before_views;
    after_views[0] = view("public", "big_invoices", "SELECT total FROM invoices WHERE total > 100", {"total"});
    ir::Database before = database(invoices_int, before_views);
    ir::Database after = database(invoices_int, after_views);
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(steps_of(p) == "drop_view: ~ view big_totals recreated: it reads view big_invoices, which is recreated\n"
                         "drop_view: ~ view big_invoices recreated: its columns change\n"
                         "create_view: ~ view big_invoices recreated: its columns change\n"
                         "create_view: ~ view big_totals recreated: it reads view big_invoices, which is recreated\n");
    proves_on_postgres(before, after, p, "INSERT INTO invoices VALUES (1, 200, 'a');");
}

TEST_CASE("a changed materialized view is rebuilt with its indexes, and its header names the refresh and the lock") {
    ir::Database before_db = database(
        invoices_int, {[] {
            ir::View v = matview("totals", "SELECT note, sum(total) AS sum FROM invoices GROUP BY note",
                                 {"note", "sum"});
            v.indexes.push_back(index_on("totals_note", "note", true));
            return v;
        }()});
    ir::Database after_db = before_db;
    after_db.views[0].query = "SELECT note, sum(total) AS sum FROM invoices WHERE total > 0 GROUP BY note";
    plan::Plan p = plan::plan_changes(before_db, after_db);
    CHECK(steps_of(p) == "drop_view: ~ materialized view totals recreated: its query changes\n"
                         "create_view: ~ materialized view totals recreated: its query changes\n"
                         "create_index: + index totals_note on totals (rebuilt with its materialized view)\n");
    std::string text = test::plan_text(p);
    CHECK(text.find("--   ~ materialized view totals recreated: its query changes  MATERIALIZED VIEW REFRESH, ACCESS "
                    "EXCLUSIVE LOCK\n") != std::string::npos);
    proves_on_postgres(before_db, after_db, p, "INSERT INTO invoices VALUES (1, 200, 'a'), (2, 5, 'b');");
    CHECK(test::PostgresCluster::shared().query_value("views_before", "SELECT count(*) FROM totals") == "2");

    // An index added to a kept materialized view is built like a table's: concurrently.
    ir::Database indexed = before_db;
    indexed.views[0].indexes.push_back(index_on("totals_sum", "sum"));
    plan::Plan added = plan::plan_changes(before_db, indexed);
    REQUIRE(added.steps.size() == 1);
    CHECK(added.steps[0].phase == plan::Phase::concurrent);
    CHECK(plan::render_statements(added.steps[0].change) ==
          Lines{"CREATE INDEX CONCURRENTLY IF NOT EXISTS totals_sum ON public.totals (sum);"});
    proves_on_postgres(before_db, indexed, added, "INSERT INTO invoices VALUES (1, 200, 'a');");
}

TEST_CASE("view options are set and reset in place (security_invoker toggled)") {
    ir::Database plain = database(invoices_int, {view("public", "v", "SELECT id FROM invoices", {"id"})});
    ir::Database invoker = plain;
    invoker.views[0].options = {{"security_invoker", "true"}, {"check_option", "cascaded"}};
    plan::Plan on = plan::plan_changes(plain, invoker);
    REQUIRE(on.steps.size() == 1);
    CHECK(on.steps[0].title == "~ view v options");
    CHECK(plan::render_statements(on.steps[0].change) ==
          Lines{"ALTER VIEW public.v SET (check_option = 'cascaded', security_invoker = 'true');"});
    proves_on_postgres(plain, invoker, on, "");
    plan::Plan off = plan::plan_changes(invoker, plain);
    REQUIRE(off.steps.size() == 1);
    CHECK(plan::render_statements(off.steps[0].change) ==
          Lines{"ALTER VIEW public.v RESET (check_option, security_invoker);"});
    proves_on_postgres(invoker, plain, off, "");
}

TEST_CASE(
    "views renamed and moved with @was, while a rename without @was, and a drop of what a view reads, are refused") {
    ir::Database before = database(invoices_int + "schema archive\n", two_levels());
    std::vector<ir::View> renamed = two_levels();
    renamed[0].name.name = "large_invoices";
    renamed[0].was = "big_invoices";
    renamed[1].query = "SELECT sum(total) AS sum FROM large_invoices";
    renamed[1].name.schema = "archive";
    renamed[1].was_schema = "public";
    renamed[1].was = "big_totals";
    ir::Database after = database(invoices_int + "schema archive\n", renamed);
    plan::Plan p = plan::plan_changes(before, after);
    INFO(errors_of(p));
    REQUIRE_FALSE(p.diagnostics.has_errors());
    // big_totals reads the renamed view under its new name: its body changes, so it is made again.
    CHECK(steps_of(p) == "drop_view: ~ view archive.big_totals recreated: its query changes\n"
                         "rename_view: ~ view large_invoices renamed from big_invoices\n"
                         "create_view: ~ view archive.big_totals recreated: its query changes\n");
    proves_on_postgres(before, plan::without_directives(after), p, "");

    ir::Database moved = database(invoices_int + "schema archive\n", two_levels());
    moved.views[0].name.schema = "archive";
    moved.views[0].was_schema = "public";
    moved.views[0].was = "big_invoices";
    moved.views[1].query = "SELECT sum(total) AS sum FROM archive.big_invoices";
    std::sort(moved.views.begin(), moved.views.end(),
              [](const ir::View& a, const ir::View& b) { return a.name < b.name; });
    plan::Plan m = plan::plan_changes(before, moved);
    CHECK(steps_of(m).find("rename_view: ~ view archive.big_invoices moved from schema public\n") != std::string::npos);
    proves_on_postgres(before, plan::without_directives(moved), m, "");

    std::vector<ir::View> without_was = two_levels();
    without_was[0].name.name = "large_invoices";
    without_was[1].query = "SELECT sum(total) AS sum FROM large_invoices";
    const ir::Database renamed_without_was = database(invoices_int, without_was);
    CHECK(errors_of(plan::plan_changes(before, renamed_without_was)) ==
          "view big_invoices would be dropped and view large_invoices created with the same query | help: if "
          "large_invoices is big_invoices renamed, declare it: `view large_invoices @was(big_invoices) as (...)`\n");

    ir::Database only_totals = database(invoices_int, {two_levels()[1]});
    CHECK(errors_of(plan::plan_changes(before, only_totals)) ==
          "view big_totals reads view big_invoices, which this change drops | help: change or drop view big_totals in "
          "the same change, or keep view big_invoices\n");
}

TEST_CASE("views around a table renamed, an enum recreated and a generated expression changed") {
    SUBCASE("table renamed with @was") {
        ir::Database before = database(invoices_int,
                                       {view("public", "v", "SELECT id, total FROM invoices", {"id", "total"})});
        std::string renamed =
            "table bills @was(invoices) {\n  id bigint primary key\n  total int not null\n  note text\n}\n";
        ir::Database after = database(renamed, {view("public", "v", "SELECT id, total FROM bills", {"id", "total"})});
        plan::Plan p = plan::plan_changes(before, after);
        CHECK(steps_of(p) == "drop_view: ~ view v recreated: it reads table invoices, which becomes bills\n"
                             "rename_table: ~ table bills renamed from invoices\n"
                             "rename_constraint: ~ primary key bills_pkey on bills renamed from invoices_pkey\n"
                             "create_view: ~ view v recreated: it reads table invoices, which becomes bills\n");
        proves_on_postgres(before, plan::without_directives(after), p, "INSERT INTO invoices VALUES (1, 2, 'a');");
        ir::Database stale = database(renamed,
                                      {view("public", "v", "SELECT id, total FROM invoices", {"id", "total"})});
        CHECK(errors_of(plan::plan_changes(before, stale)) ==
              "view v reads table invoices, which this change renames to bills | help: write bills in view v\n");
    }
    SUBCASE("enum values reordered: the column converts to the new type under the view") {
        std::string tables = "enum state { draft, sent, paid }\ntable t {\n  id bigint primary key\n  s state\n}\n";
        std::string reordered = "enum state { draft, paid, sent }\ntable t {\n  id bigint primary key\n  s state\n}\n";
        std::vector<ir::View> views{view("public", "v", "SELECT id, s FROM t", {"id", "s"}),
                                    view("public", "w", "SELECT id FROM t", {"id"})};
        ir::Database before = database(tables, views);
        ir::Database after = database(reordered, views);
        plan::Plan p = plan::plan_changes(before, after);
        CHECK(steps_of(p) == "drop_view: ~ view v recreated: it reads t.s, whose type changes\n"
                             "recreate_enum: ~ enum state values reordered (type recreated)\n"
                             "create_view: ~ view v recreated: it reads t.s, whose type changes\n");
        proves_on_postgres(before, after, p, "INSERT INTO t VALUES (1, 'sent');");
    }
    SUBCASE("a generated column's expression changes") {
        std::string tables =
            "table t {\n  id bigint primary key\n  n int\n  d int generated always as (n * 2) stored\n}\n";
        std::string changed =
            "table t {\n  id bigint primary key\n  n int\n  d int generated always as (n * 3) stored\n}\n";
        std::vector<ir::View> views{view("public", "v", "SELECT id, d FROM t", {"id", "d"})};
        ir::Database before = database(tables, views);
        ir::Database after = database(changed, views);
        plan::Plan p = plan::plan_changes(before, after);
        INFO(errors_of(p));
        CHECK(steps_of(p).starts_with(
            "drop_view: ~ view v recreated: it reads t.d, whose generated expression changes\n"));
        CHECK(steps_of(p).ends_with(
            "create_view: ~ view v recreated: it reads t.d, whose generated expression changes\n"));
        proves_on_postgres(before, after, p, "INSERT INTO t (id, n) VALUES (1, 5);");
    }
}

TEST_CASE("a view that gains a column at the end is replaced in place and the views reading it stay") {
    std::vector<ir::View> before_views = two_levels();
    std::vector<ir::View> after_views = two_levels();
    after_views[0] = view("public", "big_invoices", "SELECT id, total, note FROM invoices WHERE total > 100",
                          {"id", "total", "note"});
    after_views[0].options = {{"security_barrier", "true"}};
    ir::Database before = database(invoices_int, before_views);
    ir::Database after = database(invoices_int, after_views);
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(steps_of(p) == "replace_view: ~ view big_invoices replaced: its query changes\n");
    CHECK(plan::render_statements(p.steps.at(0).change) ==
          Lines{"CREATE OR REPLACE VIEW public.big_invoices (id, total, note) WITH (security_barrier = 'true') AS\n"
                "SELECT id, total, note FROM invoices WHERE total > 100;"});
    proves_on_postgres(before, after, p, "INSERT INTO invoices VALUES (1, 200, 'a');");

    SUBCASE("not where schemac cannot be sure of the old columns' types") {
        // The same expression over another FROM: `total` is now text.
        ir::Database from_subquery = database(
            invoices_int, {view("public", "big_invoices",
                                "SELECT id, total, note FROM (SELECT id, total::text AS total, note FROM invoices) i",
                                {"id", "total", "note"}),
                           before_views[1]});
        CHECK(steps_of(plan::plan_changes(before, from_subquery)).find("replace_view") == std::string::npos);
        // A set operation: a column's type comes from every branch.
        ir::Database with_union = database(
            invoices_int,
            {view(
                 "public", "big_invoices",
                 "SELECT id, total, note FROM invoices WHERE total > 100 UNION ALL SELECT id, total, note FROM invoices",
                 {"id", "total", "note"}),
             before_views[1]});
        CHECK(steps_of(plan::plan_changes(before, with_union)) ==
              "drop_view: ~ view big_totals recreated: it reads view big_invoices, which is recreated\n"
              "drop_view: ~ view big_invoices recreated: its columns change\n"
              "create_view: ~ view big_invoices recreated: its columns change\n"
              "create_view: ~ view big_totals recreated: it reads view big_invoices, which is recreated\n");
        // A materialized view is never replaced.
        ir::Database materialized_before = before;
        materialized_before.views[0].materialized = true;
        ir::Database materialized_after = after;
        materialized_after.views[0].materialized = true;
        CHECK(steps_of(plan::plan_changes(materialized_before, materialized_after)).find("replace_view") ==
              std::string::npos);
    }
}

TEST_CASE("comments, a materialized view's storage parameters, and a mistyped @was") {
    ir::View totals = matview("totals", "SELECT note, sum(total) AS sum FROM invoices GROUP BY note", {"note", "sum"});
    ir::Database before = database(invoices_int, {totals, view("public", "v", "SELECT id FROM invoices", {"id"})});
    ir::Database after = before;
    after.views[0].options = {{"fillfactor", "70"}};
    after.views[0].columns[1].comment = "the sum";
    after.views[1].comment = "ids";
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(steps_of(p) == "set_view_options: ~ materialized view totals storage parameters\n"
                         "set_view_column_comment: ~ column totals.sum comment\n"
                         "set_view_comment: ~ view v comment\n");
    CHECK(plan::render_statements(p.steps.at(0).change) ==
          Lines{"ALTER MATERIALIZED VIEW public.totals SET (fillfactor = 70);"});
    proves_on_postgres(before, after, p, "INSERT INTO invoices VALUES (1, 200, 'a');");
    CHECK(steps_of(plan::plan_changes(after, before)) ==
          "set_view_options: ~ materialized view totals storage parameters\n"
          "set_view_column_comment: ~ column totals.sum comment\n"
          "set_view_comment: ~ view v comment\n");

    ir::Database typo = database(invoices_int,
                                 {view("public", "w", "SELECT id FROM invoices WHERE total > 1", {"id"})});
    typo.views[0].was = "vv";
    before.views.erase(before.views.begin());
    before.views[0].query = "SELECT id FROM invoices WHERE total > 2";
    CHECK(errors_of(plan::plan_changes(before, typo)) ==
          "view w says @was(vv), but the previous schema has no view vv | help: did you mean @was(v)? view v is "
          "dropped in this change, and a mistyped @was would drop it instead of renaming it\n");
}

TEST_CASE("a body as PostgreSQL prints it and as it was written are the same view: no change") {
    // `before` as introspection reads it (pg_get_viewdef's text), `after` as the .schema gives it.
    ir::Database written = database(invoices_int, two_levels());
    ir::Database printed = written;
    printed.views[0]
        .query = " SELECT invoices.id,\n    invoices.total\n   FROM invoices\n  WHERE invoices.total > 100;";
    printed.views[1].query = " SELECT sum(big_invoices.total) AS sum\n   FROM big_invoices;";
    CHECK(plan::plan_changes(printed, written).empty());
    // A different condition is a change.
    printed.views[0].query = " SELECT invoices.id,\n    invoices.total\n   FROM invoices\n  WHERE invoices.total > 10;";
    CHECK(steps_of(plan::plan_changes(printed, written)).find("recreated: its query changes") != std::string::npos);
}
