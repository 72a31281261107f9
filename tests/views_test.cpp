// Views and materialized views in the language: parsing, lowering to the IR (canonical query,
// output columns, options, comments, indexes) and the errors lowering reports.
#include <doctest/doctest.h>

#include "compiler/ir/ir_json.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "tests/support.hpp"

using namespace schemac;
using schemac::test::compile_text;
using schemac::test::diagnostics_text;
using schemac::test::messages;

namespace {

const char* tables = R"(
table users {
  id    bigint primary key
  email text not null
  name  text
}

table billing.invoices {
  id      bigint primary key
  user_id bigint not null references users (id)
  total   numeric(12,2) not null
  paid_at timestamptz
  created_at timestamptz not null default now()
}
)";

ir::Database compiled(const std::string& text) {
    auto c = compile_text(std::string(tables) + text);
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    return c.database;
}

bool mentions(const std::vector<std::string>& all, const std::string& part) {
    for (const std::string& m : all)
        if (m.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a view compiles to the IR with its canonical query") {
    ir::Database db = compiled(R"(
view billing.open_invoices @was(unpaid_invoices) as (
  select i.id, i.total, u.email
  from billing.invoices i join users u on u.id = i.user_id
  where i.paid_at is null
)
comment 'Invoices still to be paid'
)");
    REQUIRE(db.views.size() == 1);
    const ir::View& v = db.views[0];
    CHECK(v.name == ir::QualifiedName{"billing", "open_invoices"});
    CHECK_FALSE(v.materialized);
    CHECK(v.query ==
          "SELECT i.id, i.total, u.email FROM billing.invoices i JOIN users u ON u.id = i.user_id WHERE i.paid_at IS "
          "NULL");
    CHECK(v.was == "unpaid_invoices");
    CHECK(v.comment == "Invoices still to be paid");
}

TEST_CASE("white space, comments and keyword case in a view's query do not change the IR") {
    ir::Database a = compiled("view v as (select id, email from users where id > 1)\n");
    ir::Database b = compiled(
        "VIEW V AS (\n  SELECT id,\n         email -- the address\n  FROM   users\n  WHERE  id>1\n)\n");
    CHECK(a.views == b.views);
}

TEST_CASE("view options: security_barrier alone is true, check option sugar, booleans as PostgreSQL reads them") {
    ir::Database db = compiled(R"(
view a as (select id from users)
  with (security_barrier, security_invoker = on)
  with local check option

view b as (select id from users)
  with check option

view c as (select id from users)
  with (check_option = cascaded, security_invoker = false)
)");
    REQUIRE(db.views.size() == 3);
    CHECK(db.views[0].options ==
          ir::StorageParameters{{"check_option", "local"}, {"security_barrier", "true"}, {"security_invoker", "true"}});
    CHECK(db.views[1].options == ir::StorageParameters{{"check_option", "cascaded"}});
    CHECK(db.views[2].options == ir::StorageParameters{{"check_option", "cascaded"}, {"security_invoker", "false"}});
}

TEST_CASE("a materialized view with no data, storage parameters, comments and indexes") {
    ir::Database db = compiled(R"(
materialized view daily_totals (day, total) as (select date_trunc('day', created_at), sum(total)
                                   from billing.invoices group by 1)
  with no data
  with (fillfactor = 70, autovacuum_enabled = off)
  comment 'Totals per day'
  column total comment 'Sum of the day''s invoices'
  unique index daily_totals_day (day)
  index (total desc)
)");
    REQUIRE(db.views.size() == 1);
    const ir::View& v = db.views[0];
    CHECK(v.materialized);
    CHECK(v.with_no_data);
    CHECK(v.options == ir::StorageParameters{{"autovacuum_enabled", "off"}, {"fillfactor", "70"}});
    CHECK(v.comment == "Totals per day");
    REQUIRE(v.columns.size() == 2);
    CHECK(v.columns[0].name == "day");
    CHECK_FALSE(v.columns[0].comment);
    CHECK(v.columns[1].comment == "Sum of the day's invoices");
    REQUIRE(v.indexes.size() == 2);
    CHECK(v.indexes[0].name == "daily_totals_day");
    CHECK(v.indexes[0].unique);
    CHECK(v.indexes[1].name == "daily_totals_total_idx");
    CHECK(v.indexes[1].elements.at(0).descending);
}

TEST_CASE("any query PostgreSQL accepts: CTEs, windows, LATERAL, UNION, VALUES, dollar quotes") {
    ir::Database db = compiled(R"(
view ranked as (
  with recent as (select * from billing.invoices where created_at > now() - interval '30 days')
  select user_id, total, rank() over (partition by user_id order by total desc) as place
  from recent
)

view latest as (
  select u.id, l.total from users u
  cross join lateral (select total from billing.invoices i where i.user_id = u.id order by id desc limit 1) l
)

view everyone as (select email from users union all select 'x)' || $$)($$ || $q$'$q$)

view constants (n, word) as (values (1, 'one'), (2, 'two'))
)");
    CHECK(db.views.size() == 4);
}

TEST_CASE("views are sorted by name and share the schemas tables use") {
    ir::Database db = compiled("view zeta as (select 1 as one)\nview reports.alpha as (select 2 as two)\n");
    REQUIRE(db.views.size() == 2);
    CHECK(db.views[0].name.name == "zeta");  // public < reports
    CHECK(db.views[1].name == ir::QualifiedName{"reports", "alpha"});
    bool reports = false;
    for (const ir::Schema& s : db.schemas) reports = reports || s.name == "reports";
    CHECK(reports);
}

TEST_CASE("the IR of views survives its JSON form") {
    ir::Database db = compiled(R"(
materialized view m as (select id from users)
  with no data
  unique index (id)
)");
    CHECK(ir_from_json_text(ir_to_json_text(db)) == db);
}

TEST_CASE("errors in a view's declaration") {
    SUBCASE("a body that does not parse, at its place in the file") {
        auto c = compile_text("table t { id int }\nview v as (\n  select id\n  fromm t\n)\n");
        CHECK(mentions(messages(c), "invalid SQL in the query of view v: syntax error at or near \"t\""));
        CHECK(diagnostics_text(c).find("test.schema:4:9") != std::string::npos);
    }
    SUBCASE("not a single query") {
        CHECK(mentions(messages(compile_text("table t { id int }\nview v as (select 1; select 2)\n")), "2 statements"));
        CHECK(
            mentions(messages(compile_text("table t { id int }\nview v as (delete from t)\n")), "a Delete statement"));
        CHECK(mentions(messages(compile_text("table t { id int }\nview v as (select id into x from t)\n")),
                       "SELECT INTO"));
        CHECK(
            mentions(messages(compile_text(
                         "table t { id int }\nview v as (with d as (delete from t returning id) select id from d)\n")),
                     "changes data"));
    }
    SUBCASE("options that belong to the other kind") {
        auto c = compile_text(
            "table t { id int }\nview v as (select id from t)\n  with no data\n  index (id)\n  with (fillfactor = 1)\n"
            "materialized view m as (select id from t)\n  with check option\n  with (security_barrier)\n");
        auto all = messages(c);
        CHECK(mentions(all, "`with no data` is for materialized views"));
        CHECK(mentions(all, "cannot have an index"));
        CHECK(mentions(all, "view v has no option 'fillfactor'"));
        CHECK(mentions(all, "cannot have a check option"));
        CHECK(mentions(all, "cannot have the view option 'security_barrier'"));
    }
    SUBCASE("option values") {
        auto all = messages(compile_text(
            "table t { id int }\nview v as (select id from t)\n"
            "  with (check_option = always, security_barrier = maybe, securty_invoker)\n"));
        CHECK(mentions(all, "check_option is local or cascaded, not 'always'"));
        CHECK(mentions(all, "security_barrier is true or false, not 'maybe'"));
        CHECK(mentions(all, "has no option 'securty_invoker'"));
    }
    SUBCASE("a comment on a column the view does not have") {
        auto c = compile_text("table t { id int }\nview v (ident) as (select id from t)\n  column idnt comment 'x'\n");
        CHECK(mentions(messages(c), "view v has no column 'idnt'"));
        CHECK(diagnostics_text(c).find("did you mean 'ident'?") != std::string::npos);
    }
    SUBCASE("a clause not on a line of its own, and a misspelt clause") {
        CHECK(mentions(messages(compile_text("view v as (select 1) comment 'a' comment 'b'\n")),
                       "expected the end of the line"));
        auto c = compile_text("view v as (select 1)\n  coment 'a'\n");
        CHECK(mentions(messages(c), "expected a view clause"));
    }
}

namespace {

// The IR written as .schema files (both layouts) compiles back to the same IR.
void check_written_back(const ir::Database& db) {
    for (SchemaSplit split : {SchemaSplit::schema, SchemaSplit::table}) {
        std::vector<std::pair<std::string, std::string>> texts;
        std::string all;
        for (const SchemaFile& f : write_schema_files(db, split)) {
            texts.emplace_back(f.name, f.text);
            all += "// " + f.name + "\n" + f.text;
        }
        Compilation back = compile_sources(texts);
        std::string why = diagnostics_text(back) + all;
        REQUIRE_MESSAGE(back.ok(), why);
        CHECK_MESSAGE(ir_to_json_text(back.database) == ir_to_json_text(db), all);
    }
}

}  // namespace

TEST_CASE("pull writes views that compile back to the same IR") {
    ir::Database db = compiled(R"(
view billing.open_invoices (invoice, amount) as (
  select i.id, i.total, u.email from billing.invoices i join users u on u.id = i.user_id where i.paid_at is null
)
  with (security_barrier, security_invoker = true)
  with local check option
  comment 'Open ones'
  column amount comment 'It''s the total'

view big as (select * from billing.open_invoices where amount > 100)

materialized view "Daily Totals" as (select date_trunc('day', created_at) as day, sum(total) as total
                                     from billing.invoices group by 1)
  with no data
  with (fillfactor = 70)
  unique index (day)
  index by_total using btree (total desc) where total > 0
)");
    check_written_back(db);
    std::string text = write_schema_files(db, SchemaSplit::schema).at(0).text;
    // Readers expect a view after the views it reads.
    CHECK(text.find("view billing.open_invoices") < text.find("view billing.big"));
}

TEST_CASE("pull writes views as introspection gives them") {
    ir::Database db;
    ir::Table t;
    t.name = {"public", "t"};
    ir::Column id;
    id.name = "id";
    id.type = ir::Type{"", "integer", {}, 0};
    t.columns.push_back(id);
    db.tables.push_back(t);
    db.schemas.push_back(ir::Schema{"public", std::nullopt, {}, {}});
    ir::View v;
    v.name = {"public", "v"};
    v.query = "SELECT t.id AS ident FROM t WHERE t.id > 0";
    v.columns = {ir::ViewColumn{"ident", "the id", {}}};
    v.options = {{"security_invoker", "true"}};
    db.views.push_back(v);
    ir::View renamed;  // a column list only where the names differ: `view w (x) as (...)`
    renamed.name = {"public", "w"};
    renamed.query = "SELECT t.id, t.id + 1 AS next FROM t";
    renamed.columns = {ir::ViewColumn{"x", std::nullopt, {}}, ir::ViewColumn{"next", std::nullopt, {}}};
    db.views.push_back(renamed);
    check_written_back(db);
    std::string text = write_schema_files(db, SchemaSplit::schema).at(0).text;
    CHECK(text.find("view v as (SELECT") != std::string::npos);
    CHECK(text.find("view w (x) as (SELECT") != std::string::npos);
}

namespace {

std::vector<std::string> column_names(const ir::View& v) {
    std::vector<std::string> out;
    for (const ir::ViewColumn& c : v.columns) out.push_back(c.name);
    return out;
}

}  // namespace

TEST_CASE("a view's columns: the aliases, then the names PostgreSQL gives the query's columns") {
    ir::Database db = compiled(R"(
view a as (select id, email as address, count(*), upper(name) from users group by id)

view b (ident) as (select id, email from users)

view c as (select * from b)

view d as (select u.*, i.total from users u join billing.invoices i on i.user_id = u.id)

view e as (select * from pg_class)
  comment 'The catalog: its columns are PostgreSQL''s, not known here'
)");
    REQUIRE(db.views.size() == 5);
    CHECK(column_names(db.views[0]) == std::vector<std::string>{"id", "address", "count", "upper"});
    CHECK(column_names(db.views[1]) == std::vector<std::string>{"ident", "email"});
    CHECK(column_names(db.views[2]) == std::vector<std::string>{"ident", "email"});  // a view over a view
    CHECK(column_names(db.views[3]) == std::vector<std::string>{"id", "email", "name", "total"});
    CHECK(db.views[4].columns.empty());
}

TEST_CASE("a comment on a column the query names, and more aliases than columns") {
    ir::Database db = compiled(
        "view v as (select id, email as address from users)\n  column address comment 'Where'\n");
    CHECK(db.views.at(0).columns.at(1).comment == "Where");
    auto c = compile_text(std::string(tables) + "view w (a, b, c) as (select id, email from users)\n");
    CHECK(mentions(messages(c), "view w names 3 columns, but its query gives 2"));
}

TEST_CASE("balanced SQL skips dollar quotes whole, and a `$` inside a word does not start one") {
    // A `)` inside $$...$$ or $tag$...$tag$ does not close the parentheses (in checks too).
    auto c = compile_text("table t {\n  note text check (note <> $$)$$ and note <> $x$($x$)\n}\n"
                          "view v as (select $a$ ) $a$ as x$y, note as \"n)\" from t)\n");
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    REQUIRE(c.database.views.size() == 1);
    CHECK(column_names(c.database.views[0]) == std::vector<std::string>{"x$y", "n)"});
    // An unterminated dollar quote is PostgreSQL's to report.
    auto open = compile_text("view w as (select $$ )\n");
    CHECK_FALSE(open.ok());
}
