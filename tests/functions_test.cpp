// Functions, procedures and triggers in the language: parsing (PostgreSQL's own grammar reads a
// function's signature and clauses), lowering to the IR, and the errors lowering reports.
#include <doctest/doctest.h>

#include "compiler/ir/ir_json.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "tests/support.hpp"

using namespace schemac;
using schemac::test::compile_text;
using schemac::test::diagnostics_text;
using schemac::test::messages;

namespace {

const char* users = R"(
schema billing

table users {
  id         bigint primary key
  email      text not null
  updated_at timestamptz
}

table billing.lines {
  invoice_id bigint not null
  amount     numeric(12,2)
}
)";

ir::Database compiled(const std::string& text) {
    auto c = compile_text(std::string(users) + text);
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    return c.database;
}

std::string errors(const std::string& text) {
    auto c = compile_text(std::string(users) + text);
    CHECK_FALSE(c.ok());
    return diagnostics_text(c);
}

const ir::Function& only_function(const ir::Database& db) {
    REQUIRE(db.functions.size() == 1);
    return db.functions.front();
}

}  // namespace

TEST_CASE("a plpgsql trigger function keeps its body verbatim, with its position") {
    std::string text = R"(
function set_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();  -- kept as written
  return new;
end
$$
)";
    auto db = compiled(text);
    const ir::Function& f = only_function(db);
    CHECK(f.name == ir::QualifiedName{"public", "set_updated_at"});
    CHECK_FALSE(f.procedure);
    CHECK(f.arguments.empty());
    REQUIRE(f.returns);
    CHECK(f.returns->name == "trigger");
    CHECK(f.language == "plpgsql");
    CHECK(f.body == "\nbegin\n  new.updated_at := now();  -- kept as written\n  return new;\nend\n");
    CHECK_FALSE(f.sql_body);
    CHECK(f.volatility == ir::Volatility::volatile_);
    CHECK_FALSE(f.cost);
    std::string source = std::string(users) + text;
    std::size_t body_at = source.find("$$") + 2;
    CHECK(f.origin.detail.begin == body_at);
}

TEST_CASE("a function's signature and options come from PostgreSQL's grammar, in canonical form") {
    auto db = compiled(R"(
function billing.invoice_total(invoice_id bigint, in label varchar(20) default 'x' || 'y', variadic rest int[] = '{}')
  returns setof numeric(12,2)
  language SQL stable strict security definer leakproof parallel safe cost 5 rows 10
  set search_path = public, "$user" set work_mem to '64MB'
  as $$ select coalesce(sum(amount), 0) from billing.lines where lines.invoice_id = invoice_total.invoice_id $$
  comment 'the total'
)");
    const ir::Function& f = only_function(db);
    CHECK(f.name == ir::QualifiedName{"billing", "invoice_total"});
    REQUIRE(f.arguments.size() == 3);
    CHECK(f.arguments[0].name == "invoice_id");
    CHECK(f.arguments[0].type.name == "bigint");
    CHECK(f.arguments[1].type.name == "character varying");
    CHECK(f.arguments[1].type.modifiers.empty());
    CHECK(f.arguments[1].default_value == std::optional<std::string>("'x' || 'y'"));
    CHECK(f.arguments[2].mode == ir::ArgumentMode::variadic);
    CHECK(f.arguments[2].type.name == "integer");
    CHECK(f.arguments[2].type.array_dimensions == 1);
    CHECK(f.arguments[2].default_value == std::optional<std::string>("'{}'"));
    REQUIRE(f.returns);
    CHECK(f.returns->name == "numeric");
    CHECK(f.returns->modifiers.empty());
    CHECK(f.returns_set);
    CHECK(f.language == "sql");
    CHECK(f.volatility == ir::Volatility::stable);
    CHECK(f.strict);
    CHECK(f.security_definer);
    CHECK(f.leakproof);
    CHECK(f.parallel == ir::ParallelSafety::safe);
    CHECK(f.cost == std::optional<double>(5));
    CHECK(f.rows == std::optional<double>(10));
    CHECK(f.settings.at("search_path") == "public, \"$user\"");
    CHECK(f.settings.at("work_mem") == "64MB");
    CHECK(f.comment == std::optional<std::string>("the total"));
    CHECK(ir::function_signature(f) == "billing.invoice_total(bigint, character varying, integer[])");
}

TEST_CASE("overloads, returns table, out arguments, SQL-standard bodies and procedures") {
    auto db = compiled(R"(
function add(a integer, b integer default 2) returns integer
  language sql immutable
  return a   +  b

function add(a text, b text) returns text language sql as 'select a || ''!'' || b'

function top_users(min_id bigint = 0) returns table (id bigint, email text)
  language sql stable cost 100 rows 1000
  as $$ select id, email from users where id >= min_id $$

function pair(out a int, out b text) language sql as $$ select 1, 'x' $$

procedure touch(in user_id bigint)
  language sql
  begin atomic
    update users set updated_at = now() where id = user_id;
  end
)");
    REQUIRE(db.functions.size() == 5);
    // Sorted by name and input types.
    CHECK(ir::function_signature(db.functions[0]) == "add(integer, integer)");
    CHECK(ir::function_signature(db.functions[1]) == "add(text, text)");
    CHECK(ir::function_signature(db.functions[2]) == "pair()");
    CHECK(ir::function_signature(db.functions[3]) == "top_users(bigint)");
    CHECK(ir::function_signature(db.functions[4]) == "touch(bigint)");

    CHECK(db.functions[0].sql_body == std::optional<std::string>("RETURN a + b"));
    CHECK(db.functions[0].body.empty());
    CHECK(db.functions[0].arguments[1].default_value == std::optional<std::string>("2"));
    CHECK(db.functions[1].body == "select a || '!' || b");
    CHECK(db.functions[2].returns == std::optional(ir::Type{"", "record", {}, 0}));
    const ir::Function& top = db.functions[3];
    CHECK_FALSE(top.returns);
    CHECK(top.returns_set);
    REQUIRE(top.returns_table.size() == 2);
    CHECK(top.returns_table[1].name == "email");
    CHECK(top.returns_table[1].type.name == "text");
    CHECK_FALSE(top.cost);  // the defaults are no setting
    CHECK_FALSE(top.rows);
    const ir::Function& touch = db.functions[4];
    CHECK(touch.procedure);
    CHECK_FALSE(touch.returns);
    CHECK(touch.sql_body ==
          std::optional<std::string>("BEGIN ATOMIC\n  UPDATE users SET updated_at = now() WHERE id = user_id;\nEND"));
}

TEST_CASE("a function renamed with @was, and one taking a table's row type") {
    auto db = compiled(R"(
function user_email @was(email_of) (u users) returns text language sql as $$ select u.email $$
)");
    const ir::Function& f = only_function(db);
    CHECK(f.was == std::optional<std::string>("email_of"));
    CHECK(f.arguments[0].type == ir::Type{"public", "users", {}, 0});
}

TEST_CASE("triggers in a table: timing, events, transition tables, constraint triggers, arguments") {
    auto db = compiled(R"(
function set_updated_at() returns trigger language plpgsql as $$ begin return new; end $$

table accounts {
  id         bigint primary key
  updated_at timestamptz
  trigger touch before update of id, updated_at or insert for each row when (new.id > 0) execute function set_updated_at()
  trigger audit after insert or delete referencing old table as gone new table as added for each statement execute procedure set_updated_at('a''b', 1, word)
  constraint trigger checked @was(check_it) after insert deferrable initially deferred for each row execute function set_updated_at() comment 'checks'
  trigger skip before update for each row execute function suppress_redundant_updates_trigger()
}
)");
    const ir::Table* t = ir::find_table(db, {"public", "accounts"});
    REQUIRE(t);
    REQUIRE(t->triggers.size() == 4);
    CHECK(t->triggers[0].name == "audit");  // sorted by name
    CHECK(t->triggers[1].name == "checked");
    CHECK(t->triggers[2].name == "skip");
    CHECK(t->triggers[3].name == "touch");
    const ir::Trigger& audit = t->triggers[0];
    CHECK(audit.timing == ir::TriggerTiming::after);
    CHECK(audit.on_insert);
    CHECK(audit.on_delete);
    CHECK_FALSE(audit.on_update);
    CHECK_FALSE(audit.for_each_row);
    CHECK(audit.old_table == std::optional<std::string>("gone"));
    CHECK(audit.new_table == std::optional<std::string>("added"));
    CHECK(audit.arguments == std::vector<std::string>{"a'b", "1", "word"});
    const ir::Trigger& checked = t->triggers[1];
    CHECK(checked.constraint);
    CHECK(checked.deferrable);
    CHECK(checked.initially_deferred);
    CHECK(checked.was == std::optional<std::string>("check_it"));
    CHECK(checked.comment == std::optional<std::string>("checks"));
    CHECK(t->triggers[2].function == ir::QualifiedName{"pg_catalog", "suppress_redundant_updates_trigger"});
    const ir::Trigger& touch = t->triggers[3];
    CHECK(touch.timing == ir::TriggerTiming::before);
    CHECK(touch.on_update);
    CHECK(touch.on_insert);
    CHECK(touch.update_columns == std::vector<std::string>{"id", "updated_at"});
    CHECK(touch.for_each_row);
    CHECK(touch.when == std::optional<std::string>("new.id > 0"));
    CHECK(touch.function == ir::QualifiedName{"public", "set_updated_at"});
}

TEST_CASE("a column may still be called trigger, and a view has instead of triggers") {
    auto db = compiled(R"(
function write_through() returns trigger language plpgsql as $$ begin return new; end $$

table events {
  trigger text
  constraint text
}

view active_users as (select id, email from users)
  trigger active_users_insert instead of insert for each row execute function write_through()
)");
    const ir::Table* t = ir::find_table(db, {"public", "events"});
    REQUIRE(t);
    CHECK(t->columns.size() == 2);
    CHECK(t->columns[0].name == "trigger");
    const ir::View* v = ir::find_view(db, {"public", "active_users"});
    REQUIRE(v);
    REQUIRE(v->triggers.size() == 1);
    CHECK(v->triggers[0].timing == ir::TriggerTiming::instead_of);
}

TEST_CASE("a function's syntax error points at the .schema line and column") {
    std::string out = errors(R"(
function f(a integer) retuns integer language sql as $$ select a $$
)");
    CHECK(out.find("test.schema:15:23: error: invalid function: syntax error at or near \"retuns\"") !=
          std::string::npos);
}

TEST_CASE("what a function declaration must have, and what PostgreSQL refuses of a trigger") {
    CHECK(errors("\nfunction f() language sql as $$ select 1 $$\n").find("a function needs 'returns TYPE'") !=
          std::string::npos);
    CHECK(errors("\nfunction f() returns int as $$ select 1 $$\n").find("the function has no language") !=
          std::string::npos);
    CHECK(errors("\nfunction f() returns int language sql\n").find("the function has no body") != std::string::npos);
    CHECK(errors("\nfunction f() returns int language sql rows 5 as $$ select 1 $$\n")
              .find("rows applies to set-returning functions only") != std::string::npos);
    CHECK(errors("\nfunction f() returns int language sql set search_path from current as $$ select 1 $$\n")
              .find("set ... from current") != std::string::npos);
    std::string base = "\nfunction t() returns trigger language plpgsql as $$ begin return new; end $$\n";
    CHECK(errors(base + "table x {\n  id int\n  trigger a instead of insert for each row execute function t()\n}\n")
              .find("an `instead of` trigger belongs to a view") != std::string::npos);
    CHECK(errors(base +
                 "table x {\n  id int\n  trigger a before insert deferrable for each row execute function t()\n}\n")
              .find("only a constraint trigger can be deferred") != std::string::npos);
    CHECK(errors(base +
                 "table x {\n  id int\n  constraint trigger a before insert for each row execute function t()\n}\n")
              .find("a constraint trigger is an after ... for each row trigger") != std::string::npos);
    CHECK(errors(base + "table x {\n  id int\n  trigger a after truncate for each row execute function t()\n}\n")
              .find("truncate fires statement triggers only") != std::string::npos);
    CHECK(errors(base + "table x {\n  id int\n  trigger a before insert on x for each row execute function t()\n}\n")
              .find("expected the trigger's next clause") != std::string::npos);
}

TEST_CASE("pull's writer writes functions and triggers back as text that compiles to the same IR") {
    std::string text = std::string(users) + R"(
extension moddatetime

function set_updated_at() returns trigger language plpgsql as $fn$
begin
  -- $$ would end a plain dollar quote: the writer picks a tag the body does not hold
  new.updated_at := now();
  return new;
end
$fn$

function billing.invoice_total(invoice_id bigint, label varchar(20) default 'x' || 'y') returns setof numeric
  language sql stable strict security definer leakproof parallel restricted cost 5 rows 10
  set search_path = public, "$user" set work_mem to '64MB'
  as $body$ select coalesce(sum(amount), 0) from billing.lines where lines.invoice_id = invoice_total.invoice_id $body$
  comment 'the total, it''s summed'

function add(a integer, b integer default 2) returns integer language sql immutable return a + b
function add(a text, variadic b text[]) returns text language sql as 'select a || ''!'''
function top_users(min_id bigint = 0) returns table (id bigint, email text)
  language sql stable as $$ select id, email from users where id >= min_id $$
function pair(out a int, inout b text) language sql as $$ select 1, b $$
procedure touch(in user_id bigint) language sql begin atomic update users set updated_at = now() where id = user_id; end

table accounts {
  id         bigint primary key
  updated_at timestamptz
  trigger touch before update of id, updated_at or insert for each row when (new.id > 0) execute function set_updated_at()
  trigger audit after insert or delete referencing old table as gone new table as added for each statement execute procedure set_updated_at('a''b', 1, word)
  constraint trigger checked after insert or update from billing.lines deferrable initially deferred for each row execute function set_updated_at() comment 'checks'
  trigger skip before update for each row execute function suppress_redundant_updates_trigger()
  trigger stamp before update for each row execute function moddatetime(updated_at)
  trigger wipe after truncate for each statement execute function set_updated_at()
}

view active_users as (select id, email from users)
  trigger active_users_insert instead of insert or update for each row execute function set_updated_at()
)";
    auto first = compile_text(text);
    REQUIRE_MESSAGE(first.ok(), diagnostics_text(first));
    std::vector<std::pair<std::string, std::string>> written;
    for (const SchemaFile& f : write_schema_files(first.database, SchemaSplit::schema)) {
        INFO(f.text);
        written.emplace_back(f.name, f.text);
    }
    Compilation second = compile_sources(written);
    std::string all;
    for (const auto& file : written) all += file.second;
    INFO(all);
    REQUIRE_MESSAGE(second.ok(), diagnostics_text(second));
    CHECK(second.database.functions == first.database.functions);
    CHECK(second.database.tables == first.database.tables);
    CHECK(second.database.views == first.database.views);
    CHECK(second.database == first.database);
    // Bodies verbatim.
    CHECK(all.find("  -- $$ would end a plain dollar quote") != std::string::npos);
}

TEST_CASE("a function lowering cannot read gives one error, not one more for each trigger using it") {
    auto c = compile_text(std::string(users) + R"(
function touch() retuns trigger language plpgsql as $$ begin return new; end $$

table things {
  id bigint
  trigger a before insert for each row execute function touch()
  trigger b before update for each row execute function touch()
}
)");
    CHECK(messages(c).size() == 1);
}
