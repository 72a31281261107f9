// Domains and composite types offline: what lowering makes of them, what pull writes back, and
// the planner's refusals where PostgreSQL cannot alter them in place.
#include <doctest/doctest.h>

#include "compiler/compile.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "tests/plan_support.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

const char* const domain_and_type_text = R"(schema billing
domain email as text collate "C" not null default 'nobody@example.com'
  check (VALUE ~ '@')
  check short_enough (length(VALUE) < 200)
  comment 'An address'
domain billing.amount as numeric(12,2) check (VALUE >= 0)
type billing.line {
  amount   amount
  currency char(3) collate "C"
  tags     email[]
} comment 'One line'
table billing.invoices {
  id    bigint primary key
  lines billing.line[]
  total billing.amount
  sent_to email
}
function billing.line_total(l billing.line) returns billing.amount language sql immutable as $$ select (l).amount $$
)";

}  // namespace

TEST_CASE("a domain and a composite type lower to the IR, usable as column, attribute and argument types") {
    Compilation c = test::compile_text(domain_and_type_text);
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    REQUIRE(c.database.domains.size() == 2);
    const ir::Domain& amount = c.database.domains[0];
    CHECK(ir::display_name(amount.name) == "billing.amount");
    CHECK(amount.type == ir::Type{"", "numeric", {"12", "2"}, 0});
    REQUIRE(amount.checks.size() == 1);
    CHECK(amount.checks[0].name == "amount_check");  // PostgreSQL's name for an unnamed domain check
    const ir::Domain& email = c.database.domains[1];
    CHECK(email.collation == "C");
    CHECK(email.not_null);
    CHECK(email.default_value == "'nobody@example.com'");
    REQUIRE(email.checks.size() == 2);
    CHECK(email.checks[0].name == "email_check");
    CHECK(email.checks[1].name == "short_enough");
    CHECK(email.comment == "An address");
    REQUIRE(c.database.composite_types.size() == 1);
    const ir::CompositeType& line = c.database.composite_types[0];
    REQUIRE(line.attributes.size() == 3);
    CHECK(line.attributes[0].type == ir::Type{"billing", "amount", {}, 0});
    CHECK(line.attributes[1].collation == "C");
    CHECK(line.attributes[2].type == ir::Type{"public", "email", {}, 1});
    const ir::Table& invoices = c.database.tables.at(0);
    CHECK(invoices.columns[1].type == ir::Type{"billing", "line", {}, 1});
    CHECK(invoices.columns[3].type == ir::Type{"public", "email", {}, 0});
    REQUIRE(c.database.functions.size() == 1);
    CHECK(c.database.functions[0].returns == ir::Type{"billing", "amount", {}, 0});
}

TEST_CASE("pull writes domains and composite types that compile back to the same IR") {
    Compilation first = test::compile_text(domain_and_type_text);
    REQUIRE_MESSAGE(first.ok(), test::diagnostics_text(first));
    std::vector<std::pair<std::string, std::string>> written;
    std::string all;
    for (const SchemaFile& f : write_schema_files(first.database, SchemaSplit::schema)) {
        written.emplace_back(f.name, f.text);
        all += f.text;
    }
    INFO(all);
    Compilation second = compile_sources(written);
    REQUIRE_MESSAGE(second.ok(), test::diagnostics_text(second));
    CHECK(second.database.domains == first.database.domains);
    CHECK(second.database.composite_types == first.database.composite_types);
    CHECK(second.database == first.database);
    CHECK(all.find("check (VALUE ~ '@')") == std::string::npos);  // canonical, unnamed: PostgreSQL's name
    CHECK(all.find("check short_enough (") != std::string::npos);
}

TEST_CASE("an attribute's type cannot change while a column stores the composite type") {
    ir::Database before = test::compiled_database(
        "type m { v int\n u text }\ntable r {\n  id int primary key\n  m m\n}\n");
    ir::Database after = test::compiled_database(
        "type m { v bigint\n u text }\ntable r {\n  id int primary key\n  m m\n}\n");
    std::string errors = test::errors_of(plan::plan_changes(before, after, {}));
    CHECK(errors.find("PostgreSQL cannot alter an attribute's type while a column stores the type (r.m)") !=
          std::string::npos);
    // Without a column of it, ALTER ATTRIBUTE ... TYPE.
    ir::Database lone_before = test::compiled_database("type m { v int\n u text }\n");
    ir::Database lone_after = test::compiled_database("type m { v bigint\n u text }\n");
    plan::Plan plan = plan::plan_changes(lone_before, lone_after, {});
    CHECK(test::errors_of(plan).empty());
    CHECK(test::plan_text(plan).find("ALTER TYPE public.m ALTER ATTRIBUTE v TYPE bigint;") != std::string::npos);
}

TEST_CASE("attributes keep their order: a new one goes last, a reorder is refused") {
    ir::Database before = test::compiled_database("type p { a int\n b int }\n");
    ir::Database reordered = test::compiled_database("type p { b int\n a int }\n");
    CHECK(test::errors_of(plan::plan_changes(before, reordered, {})).find("orders its attributes differently") !=
          std::string::npos);
    ir::Database inserted = test::compiled_database("type p { a int\n c int\n b int }\n");
    CHECK(test::errors_of(plan::plan_changes(before, inserted, {})).find("add new ones at the end") !=
          std::string::npos);
}

TEST_CASE("a domain used by a function cannot change its base type: refused with help") {
    ir::Database before = test::compiled_database(
        "domain code as varchar(10)\nfunction f(c code) returns int language sql as $$ select 1 $$\n");
    ir::Database after = test::compiled_database(
        "domain code as text\nfunction f(c code) returns int language sql as $$ select 1 $$\n");
    std::string errors = test::errors_of(plan::plan_changes(before, after, {}));
    INFO(errors);
    CHECK(errors.find("domain code changes its base type from character varying(10) to text, so it must be "
                      "recreated, but function f(public.code) uses it") != std::string::npos);
}
