// The data-aware preflight (`migrate --preflight`, `check --database --preflight`) on the suite's
// PostgreSQL, against tables holding rows: each kind of row that would make a pending migration
// fail is found with its count, a sample key and its .schema location; migrate refuses and
// applies nothing; a clean database passes and migrates; a probe that outlives its timeout is
// tried on a sample of the table or skipped with a note.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "runtime/preflight_narrowing.hpp"
#include "runtime/preflight_probes.hpp"
#include "tests/plan_support.hpp"
#include "tests/project.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

// The output with the database's URL (its port changes every run) as DATABASE.
std::string preflight_shown(const std::string& out) {
    return std::regex_replace(out, std::regex("postgresql://[^\\s,;)]*"), "DATABASE");
}

const char* preflight_before = R"(enum status { draft, active, archived }

table customers {
  id    bigint primary key
  email text
  name  varchar(40)
}

table orders {
  id          bigint primary key
  customer_id bigint
  amount      integer
  note        text
  state       status not null default 'draft'
}
)";

const char* preflight_after = R"(enum status { draft, active }

table customers {
  id    bigint primary key
  email text unique
  name  varchar(10)
}

table orders {
  id          bigint primary key
  customer_id bigint references customers (id)
  amount      integer check (amount >= 0)
  note        text not null
  state       status not null default 'draft'
}
)";

// The project at `before` with its migration applied, then the rows, then `after` generated
// (pending): what the preflight looks at.
void prepare_preflight(test::Project& p, const std::string& rows, const std::string& before = preflight_before,
                       const std::string& after = preflight_after) {
    p.schema(before);
    REQUIRE_MESSAGE(p.run("generate --name init") == 0, p.out);
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    p.execute(rows);
    p.schema(after);
    REQUIRE_MESSAGE(p.run("generate --name change --allow-data-loss") == 0, p.out);
}

}  // namespace

TEST_CASE("preflight finds duplicates, orphans, rows a check rejects, NULLs, a removed enum value and long values") {
    test::Project p("preflight_findings");
    prepare_preflight(p, "INSERT INTO customers VALUES (1, 'a@example.com', 'Ann'), (2, 'a@example.com', 'Bob'), "
                         "(3, 'b@example.com', 'Bartholomew Jones'), (4, NULL, 'Cy'), (5, NULL, 'Di');"
                         "INSERT INTO orders VALUES (1, 1, 10, 'ok', 'draft'), (2, 99, -5, NULL, 'archived'), "
                         "(3, NULL, -1, NULL, 'active'), (4, 2, 3, 'ok', 'archived');");
    std::string before = p.value("SELECT string_agg(version::text, ',' ORDER BY version) FROM schemac_migrations");

    CHECK(p.schemac("migrate --preflight") == 1);
    test::check_golden(test::source_dir() / "tests/golden/preflight/data_findings.expected", preflight_shown(p.out));
    // Each finding: its count, a sample and the .schema declaration behind it.
    CHECK(p.says("schemas/app.schema:5:14: error: 1 key value of customers is held by more than one row"));
    CHECK(p.says("for example email = 'a@example.com', held by more than one row"));
    CHECK(p.says("1 row of orders references no row of customers"));
    CHECK(p.says("for example the row id = 2"));
    CHECK(p.says("2 rows of orders fail the new check"));
    CHECK(p.says("2 rows of orders have no value (NULL) in note"));
    CHECK(p.says("2 rows of orders hold 'archived' in state"));
    CHECK(p.says("1 row of customers holds a value of name that does not fit character varying(10)"));
    CHECK(p.says("nothing applied"));
    // Nothing ran: the history and the rows are as they were.
    CHECK(p.value("SELECT string_agg(version::text, ',' ORDER BY version) FROM schemac_migrations") == before);
    CHECK(p.value("SELECT count(*) FROM orders WHERE state = 'archived'") == "2");
    CHECK(p.value("SELECT character_maximum_length FROM information_schema.columns WHERE table_name = 'customers' "
                  "AND column_name = 'name'") == "40");

    // check --database --preflight reports the same findings.
    CHECK(p.schemac("check --preflight") == 1);
    CHECK(p.says("1 row of orders references no row of customers"));
    CHECK(p.says("preflight: 6 probes, 6 findings, 0 not probed"));
    CHECK(p.schemac("check --preflight --format github") == 1);
    CHECK(p.says("::error file=schemas/app.schema,line=11,col=22"));
    REQUIRE(p.schemac("migrate --preflight --format json") == 1);
    nlohmann::json json = nlohmann::json::parse(p.out);
    CHECK(json["result"] == "refused");
    CHECK(json["preflight"]["findings"] == 6);
    CHECK(json["applied"].empty());
    bool has_orphans = false;
    for (const nlohmann::json& d : json["diagnostics"]) has_orphans = has_orphans || d["code"] == "preflight-orphans";
    CHECK(has_orphans);
}

TEST_CASE("preflight on a database whose rows fit passes, and migrate applies") {
    test::Project p("preflight_clean");
    prepare_preflight(p, "INSERT INTO customers VALUES (1, 'a@example.com', 'Ann'), (2, NULL, 'Bob'), (3, NULL, 'Cy');"
                         "INSERT INTO orders VALUES (1, 1, 10, 'ok', 'draft'), (2, NULL, NULL, 'ok', 'active');");
    CHECK(p.schemac("check --preflight") == 1);  // pending, but nothing in the rows
    CHECK_FALSE(p.says("error: 1 row"));
    CHECK(p.says("preflight: 6 probes, 0 findings, 0 not probed"));
    REQUIRE_MESSAGE(p.schemac("migrate --preflight") == 0, p.out);
    CHECK(p.says("schemac migrate: preflight: 6 probes, 0 findings, 0 not probed"));
    CHECK(p.value("SELECT count(*) FROM schemac_migrations") != "1");
    CHECK(p.value("SELECT character_maximum_length FROM information_schema.columns WHERE table_name = 'customers' "
                  "AND column_name = 'name'") == "10");
    CHECK(p.schemac("migrate --preflight") == 0);
    CHECK(p.says("preflight: nothing pending"));
}

TEST_CASE("a preflight probe that outlives its timeout is tried on a sample of the table, or skipped with a note") {
    test::Project p("preflight_timeout");
    prepare_preflight(p, "INSERT INTO customers SELECT g, 'c' || g || '@example.com', 'C' || g FROM "
                         "generate_series(1, 200000) g; INSERT INTO customers VALUES (200001, 'c1@example.com', 'Dup');"
                         "ANALYZE customers;");
    CHECK(p.schemac("check --preflight --preflight-timeout 0.001") == 1);  // pending
    bool sampled = p.says("counted on a sample of the table");
    bool skipped = p.says("warning: not probed: customers is too large for a 1 ms probe (about 200001 "
                          "rows), even on a 5% sample");
    CHECK_MESSAGE((sampled || skipped), p.out);
    CHECK(p.value("SELECT count(*) FROM customers") == "200001");
}

TEST_CASE("preflight probes integer and numeric narrowing, match full keys, partial and expression unique indexes") {
    test::Project p("preflight_kinds");
    prepare_preflight(p,
                      "INSERT INTO parents VALUES (1, 1);"
                      "INSERT INTO items VALUES (1, 40000, 12345.678, '{short,a-rather-long-tag}', 1, NULL, 'X', true),"
                      "(2, 7, 1.25, '{ok}', 1, 1, 'x', true), (3, -40000, 99.99, NULL, NULL, NULL, 'y', false),"
                      "(4, 1, 0, NULL, 2, 2, 'Y', false), (5, 2, 0, NULL, NULL, NULL, NULL, true);",
                      R"(table parents {
  a int not null
  b int not null
  primary key (a, b)
}

table items {
  id     int primary key
  small  bigint
  money  numeric(10,3)
  tags   varchar(20)[]
  a      int
  b      int
  code   text
  active boolean
}
)",
                      R"(table parents {
  a int not null
  b int not null
  primary key (a, b)
}

table items {
  id     int primary key
  small  smallint
  money  numeric(5,1)
  tags   varchar(8)[]
  a      int
  b      int
  code   text
  active boolean

  foreign key (a, b) references parents (a, b) match full
  unique index items_code_active (lower(code)) where active
}
)");
    CHECK(p.schemac("check --preflight") == 1);
    INFO(p.out);
    CHECK_FALSE(p.says("warning: not probed"));
    CHECK(p.says("2 rows of items hold a value of small that does not fit smallint"));
    CHECK(p.says("for example the row id = 1"));
    CHECK(p.says("1 row of items holds a value of money that does not fit numeric(5,1)"));
    CHECK(p.says("1 row of items holds a value of tags that does not fit character varying(8)[]"));
    // match full: (1, NULL) fails, (2, 2) has no parent, (NULL, NULL) passes.
    CHECK(p.says("2 rows of items reference no row of parents, under the new foreign key"));
    // lower(code) among active rows: 'x' twice; 'y' is held by inactive rows only.
    CHECK(p.says("1 key value of items is held by more than one row the index covers"));
    CHECK(p.says("for example lower(code) = 'x', held by more than one row"));
    CHECK(p.says("preflight: 5 probes, 5 findings, 0 not probed"));
}

namespace {

// The probes of live -> target as the preflight plans them (every change, losses included).
runtime::PlannedProbes probes_between(const std::string& before, const std::string& after) {
    plan::PlanOptions options;
    options.allow_data_loss = true;
    ir::Database from = test::compiled_database(before), to = test::compiled_database(after);
    plan::Plan plan = plan::plan_changes(from, to, options);  // its steps refer to `to`
    return runtime::plan_probes(plan);
}

std::string probe_lines(const runtime::PlannedProbes& planned) {
    std::string out;
    for (const runtime::Probe& p : planned.probes)
        out += fmt::format("{} {} [{}] {}\n", p.code, ir::display_name(p.table), fmt::join(p.keys, ", "), p.condition);
    for (const runtime::PreflightSkip& s : planned.skipped) out += "skip: " + s.message + "\n";
    return out;
}

}  // namespace

TEST_CASE("preflight probes name tables and columns as the database has them before renames, and skip new tables") {
    std::string out = probe_lines(probes_between(
        "table people {\n  id int primary key\n  mail text\n  age int\n}\n",
        "table persons @was(people) {\n  id int primary key\n  email text @was(mail) unique\n  age int not null\n}\n"
        "table pets {\n  id int primary key\n  owner int references persons (id)\n  name text unique\n}\n"));
    CHECK(out == "preflight-duplicates people [mail] mail IS NOT NULL\n"
                 "preflight-nulls people [] age IS NULL\n");
}

TEST_CASE("preflight plans no probe for a backfilled NOT NULL, a not valid check or foreign key, or a widening") {
    std::string out = probe_lines(probes_between(
        "table t {\n  id int primary key\n  a int\n  b varchar(10)\n  c int\n  d timestamp\n  p int\n}\n",
        "table t {\n  id int primary key\n  a int not null @backfill(0)\n  b varchar(20)\n  c bigint\n"
        "  d date\n  p int references t (id) not valid\n  check (c > 0) not valid\n}\n"));
    CHECK(out == "skip: not probed: t.d changes from timestamp without time zone to date: whether every value of "
                 "type timestamp without time zone converts to date is not known ahead\n");
}

TEST_CASE("preflight narrowing conditions: lengths past trailing spaces, integer ranges, numeric digits, arrays") {
    auto type_of = [](std::string name, std::vector<std::string> modifiers = {}, int dimensions = 0) {
        return ir::Type{"", std::move(name), std::move(modifiers), dimensions};
    };
    using runtime::narrowing_test;
    CHECK(narrowing_test("v", type_of("text"), type_of("character varying", {"5"})).condition ==
          "char_length(rtrim(v::text, ' ')) > 5");
    CHECK(narrowing_test("v", type_of("bigint"), type_of("integer")).condition ==
          "v NOT BETWEEN -2147483648 AND 2147483647");
    CHECK(narrowing_test("v", type_of("double precision"), type_of("smallint")).condition ==
          "round(v) NOT BETWEEN -32768 AND 32767");
    CHECK(narrowing_test("v", type_of("numeric", {"10", "3"}), type_of("numeric", {"5", "1"})).condition ==
          "(v::numeric <> 'NaN' AND abs(round(v::numeric, 1)) >= 10::numeric ^ 4)");
    CHECK(narrowing_test("v", type_of("integer", {}, 1), type_of("smallint", {}, 1)).condition ==
          "EXISTS (SELECT FROM unnest(v) AS schemac_element(value) WHERE schemac_element.value NOT BETWEEN -32768 "
          "AND 32767)");
    CHECK(narrowing_test("v", type_of("serial"), type_of("bigint")).kind == runtime::NarrowingTest::Kind::none);
    CHECK(narrowing_test("v", type_of("numeric", {"6", "2"}), type_of("numeric", {"8", "2"})).kind ==
          runtime::NarrowingTest::Kind::none);
    CHECK(narrowing_test("v", type_of("smallint"), type_of("numeric", {"5"})).kind ==
          runtime::NarrowingTest::Kind::none);
    CHECK(narrowing_test("v", type_of("integer"), type_of("numeric", {"5"})).kind ==
          runtime::NarrowingTest::Kind::probe);
}

TEST_CASE("preflight probes see a renamed table and column under their new names, and a new column's default") {
    test::Project p("preflight_renames");
    prepare_preflight(
        p, "INSERT INTO people VALUES (1, 'a@example.com', 5), (2, 'a@example.com', -1), (3, NULL, NULL);",
        "table people {\n  id    int primary key\n  mail  text\n  score int\n}\n",
        "table persons @was(people) {\n  id     int primary key\n  email  text @was(mail) unique\n"
        "  points int @was(score) check (points >= 0)\n  code   text not null default 'x'\n\n  unique (code)\n}\n");
    CHECK(p.schemac("check --preflight") == 1);
    INFO(p.out);
    CHECK_FALSE(p.says("warning: not probed"));
    CHECK(p.says("1 key value of people (persons once renamed) is held by more than one row, under "
                 "the new unique constraint persons_email_key (email)"));
    CHECK(p.says("1 row of people (persons once renamed) fails the new check persons_points_check "
                 "(points >= 0)"));
    CHECK(p.says("1 key value of people (persons once renamed) is held by more than one row, under "
                 "the new unique constraint persons_code_key (code)"));
    CHECK(p.says("for example code = 'x', held by more than one row"));
}

TEST_CASE("a preflight probe that outlives its timeout on the whole table counts on a sample of its pages") {
    test::Project p("preflight_sampled");
    // About five rows a page: 1,000 rows on some 200 pages. The new check takes a millisecond for
    // each row it rejects: a second for the whole table, a tenth of that for a 10 % sample.
    prepare_preflight(p,
                      "INSERT INTO slow SELECT g, -1, repeat('x', 1500) FROM generate_series(1, 1000) g; ANALYZE slow;",
                      "table slow {\n  id      int primary key\n  amount  int\n  padding text\n}\n",
                      "table slow {\n  id      int primary key\n"
                      "  amount  int check (amount >= 0 OR pg_sleep(0.001)::text = 'never')\n  padding text\n}\n");
    CHECK(p.schemac("check --preflight --preflight-timeout 0.4") == 1);
    INFO(p.out);
    CHECK(p.says("rows of slow (in a 10% sample of the table) fail the new check"));
    CHECK(p.says("counted on a sample of the table (its full scan outlived --preflight-timeout)"));
}

TEST_CASE("preflight notes the changes existing rows can fail that it does not probe") {
    std::string out = probe_lines(probes_between(
        "table t {\n  id int primary key\n  c int\n  during tsrange\n}\n",
        "table t {\n  id int primary key\n  c int\n  during tsrange\n\n  exclude using gist (during with &&)\n}\n"));
    CHECK(out == "skip: not probed: whether rows of t conflict under the new exclusion constraint t_during_excl\n");
}

TEST_CASE("preflight probes a check the database holds NOT VALID that a pending migration validates") {
    test::Project p("preflight_validate");
    prepare_preflight(p, "INSERT INTO t VALUES (1, 5), (2, -1), (3, NULL);",
                      "table t {\n  id int primary key\n  c  int\n}\n",
                      "table t {\n  id int primary key\n  c  int\n\n  check positive (c > 0)\n}\n");
    // The check is added NOT VALID by 0002; its validation, 0003, is what remains pending.
    REQUIRE_MESSAGE(p.schemac("migrate --to 2") == 0, p.out);
    CHECK(p.schemac("migrate --preflight") == 1);
    INFO(p.out);
    CHECK(p.says("1 row of t fails the check positive (c > 0), which the migrations validate"));
    CHECK(p.says("for example the row id = 2"));
    CHECK(p.value("SELECT convalidated FROM pg_constraint WHERE conname = 'positive'") == "f");
}

TEST_CASE("preflight plans no probe for a unique index of a materialized view the plan creates") {
    std::string out = probe_lines(
        probes_between("table t {\n  id int primary key\n  c int\n}\n",
                       "table t {\n  id int primary key\n  c int\n}\n"
                       "materialized view tc as (select c from t)\n  unique index tc_c (c)\n"));
    CHECK(out == "");
}

TEST_CASE("preflight probes a foreign key the database holds NOT VALID that a pending migration validates") {
    test::Project p("preflight_validate_fk");
    prepare_preflight(p, "INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1), (2, 7), (3, NULL);",
                      "table parent {\n  id int primary key\n}\n\ntable child {\n  id  int primary key\n  pid int\n}\n",
                      "table parent {\n  id int primary key\n}\n\n"
                      "table child {\n  id  int primary key\n  pid int references parent (id)\n}\n");
    REQUIRE_MESSAGE(p.schemac("migrate --to 2") == 0, p.out);
    CHECK(p.schemac("migrate --preflight") == 1);
    INFO(p.out);
    CHECK(p.says("1 row of child references no row of parent, under the foreign key child_pid_fkey "
                 "(pid), which the migrations validate"));
    CHECK(p.says("for example the row id = 2"));
}
