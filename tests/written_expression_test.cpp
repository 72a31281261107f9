// Expressions as PostgreSQL stores them, written back as a person writes them: only the casts
// PostgreSQL adds itself are dropped, and only where the column types prove it.
#include <doctest/doctest.h>

#include "compiler/compile.hpp"
#include "compiler/sql/expression_fingerprint.hpp"
#include "compiler/sql/pulled_form.hpp"
#include "compiler/sql/written_expression.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

const char* schema = R"(
enum request_status { draft, submitted, approved }
table t {
  id      bigint primary key
  status  request_status not null
  name    varchar(20) not null
  code    char(4)
  amount  numeric(12,2)
  ratio   double precision
  body    text
  tags    text[]
  n       integer
}
)";

struct Place {
    Compilation c = compile_sources({{"t.schema", schema}});
    const ir::Table& table() const { return c.database.tables.at(0); }
    const ir::Type& type_of(const std::string& column) const { return ir::find_column(table(), column)->type; }
    // A default of `column`, or (no column) an expression in the table, as written back.
    std::string written(const std::string& stored, const std::string& column = "") const {
        ExpressionPlace place{&table(), column.empty() ? nullptr : &type_of(column)};
        std::string out = as_written(stored, place);
        CHECK_MESSAGE(same_expression(out, stored), out << " / " << stored);
        return out;
    }
};

}  // namespace

TEST_CASE("a default loses the cast to its column's own type, and only that one") {
    Place p;
    REQUIRE_MESSAGE(p.c.ok(), test::diagnostics_text(p.c));
    CHECK(p.written("'draft'::request_status", "status") == "'draft'");
    CHECK(p.written("''::character varying", "name") == "''");
    CHECK(p.written("'{}'::text[]", "tags") == "'{}'");
    CHECK(p.written("NULL::numeric", "amount") == "NULL");
    // PostgreSQL stores a negative number as a string cast to the column's type.
    CHECK(p.written("'-1'::integer", "n") == "-1");
    CHECK(p.written("'-2.50'::numeric", "amount") == "-2.50");
    CHECK(p.written("'-2'::numeric", "amount") == "'-2'");  // -2 would be stored as ('-2'::integer)::numeric
    CHECK(p.written("'2'::bigint", "id") == "'2'");         // 2 would be stored as 2
    CHECK(p.written("'-1'::integer", "body") == "'-1'::integer");
    CHECK(p.written("'1e5'::numeric", "amount") == "'1e5'");
    CHECK(p.written("'5'::integer", "id") == "'5'::integer");  // another type: kept
    CHECK(p.written("now() + '7 days'::interval", "body") == "now() + '7 days'::interval");
    CHECK(p.written("'{}'::text[]", "body") == "'{}'::text[]");  // not the column's type
}

TEST_CASE("an operand loses the cast that the column on the other side implies") {
    Place p;
    CHECK(p.written("amount >= 0::numeric") == "amount >= 0");
    CHECK(p.written("ratio > 0::double precision") == "ratio > 0");
    CHECK(p.written("status <> 'draft'::request_status") == "status <> 'draft'");
    CHECK(p.written("name::text = 'x'::text") == "name = 'x'");
    CHECK(p.written("lower(name::text)") == "lower(name)");
    CHECK(p.written("(status = 'draft'::request_status) OR (amount IS NOT NULL)") ==
          "status = 'draft' OR amount IS NOT NULL");
    CHECK(p.written("body ~ '^[a-z]+$'::text") == "body ~ '^[a-z]+$'");
    // The type of a text function or of || of text operands is text.
    CHECK(p.written("lower(body) = 'x'::text") == "lower(body) = 'x'");
    CHECK(p.written("(name::text || 'x'::text) <> 'y'::text") == "(name || 'x') <> 'y'");
    CHECK(p.written("lower(name::text) = ANY (ARRAY['a'::text, 'b'::text])") == "lower(name) IN ('a', 'b')");
    // Casts that change the meaning stay: char(n) compares blank-padded, text does not; a cast to
    // another type than the column's; a cast whose other side's type is not plain.
    CHECK(p.written("code::text = 'ab'::text") == "code::text = 'ab'");
    CHECK(p.written("n > 0.5::integer") == "n > 0.5::integer");    // 1 > 0.5
    CHECK(p.written("ratio > 0.1::real") == "ratio > 0.1::real");  // another type than the column's
    CHECK(p.written("amount > 0.1::numeric") == "amount > 0.1");
    CHECK(p.written("n > '-1'::integer") == "n > -1");
    CHECK(p.written("ratio > '-0.5'::double precision") == "ratio > '-0.5'");
    CHECK(p.written("amount = '1'::numeric") == "amount = '1'");
    CHECK(p.written("length(body) > '0'::integer") == "length(body) > '0'::integer");
    CHECK(p.written("status::text = 'draft'::text") == "status::text = 'draft'");
    CHECK(p.written("length(body) > 0.5::integer") == "length(body) > 0.5::integer");
    CHECK(p.written("now() > '2020-01-01'::timestamp with time zone") ==
          "now() > '2020-01-01'::timestamp with time zone");
}

TEST_CASE("= ANY (ARRAY[...]) of constants becomes IN, <> ALL becomes NOT IN") {
    Place p;
    CHECK(p.written("name::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])") ==
          "name IN ('a', 'b')");
    CHECK(p.written("status = ANY (ARRAY['draft'::request_status, 'approved'::request_status])") ==
          "status IN ('draft', 'approved')");
    CHECK(p.written("status <> ALL (ARRAY['draft'::request_status, 'approved'::request_status])") ==
          "status NOT IN ('draft', 'approved')");
    // One value: PostgreSQL would store `x IN (a)` as `x = a`.
    CHECK(p.written("status = ANY (ARRAY['draft'::request_status])") ==
          "status = ANY (ARRAY['draft'::request_status])");
    CHECK(p.written("body = ANY (ARRAY['a'::text, 'b'::text])") == "body IN ('a', 'b')");
    // Not constants of the column's type: kept as stored.
    CHECK(p.written("body = ANY (ARRAY[lower(body), 'b'::text])") == "body = ANY (ARRAY[lower(body), 'b'::text])");
    CHECK(p.written("n = ANY (ARRAY['1'::bigint])") == "n = ANY (ARRAY['1'::bigint])");
}

TEST_CASE("what the printer does not know is returned as stored") {
    Place p;
    CHECK(p.written("(SELECT 1) = 1") == "(SELECT 1) = 1");
    CHECK(p.written("count(*) OVER () > 0::bigint") == "count(*) OVER () > 0::bigint");
    CHECK(p.written("not an expression") == "not an expression");
}

// to_pulled_form writes each distinct text once per the types it depends on: the same stored
// text in places whose column types differ is written for each place.
TEST_CASE("pulled form: the same stored text is written as each place's column types prove") {
    Compilation c = compile_sources({{"t.schema", R"(
table a {
  name varchar(20) not null
  n    integer
}
table b {
  name char(4) not null
  n    numeric
}
table d {
  code text
}
)"}});
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    ir::Database db = c.database;
    for (ir::Table& t : db.tables) {
        t.checks.push_back(ir::Check{});
        t.checks.back().name = t.name.name + "_name";
        t.checks.back().expression = "name::text = 'x'::text";
        for (ir::Column& column : t.columns) column.default_value = "'-1'::integer";
    }
    to_pulled_form(db, {});
    auto table = [&](const char* name) { return *ir::find_table(db, {"public", name}); };
    CHECK(table("a").checks[0].expression == "name = 'x'");        // varchar: text's operators again
    CHECK(table("b").checks[0].expression == "name::text = 'x'");  // char compares blank-padded
    CHECK(table("d").checks[0].expression == "name::text = 'x'");  // no such column: kept
    CHECK(ir::find_column(table("a"), "n")->default_value ==
          std::optional<std::string>("-1"));  // the column's own type
    CHECK(ir::find_column(table("b"), "n")->default_value == std::optional<std::string>("'-1'::integer"));
    CHECK(ir::find_column(table("d"), "code")->default_value == std::optional<std::string>("'-1'::integer"));
}
