// Introspection of code on PostgreSQL: functions, procedures and triggers are read into the IR
// as its comments describe them; aggregates, window functions and what extensions own are not.
#include <doctest/doctest.h>

#include "compiler/ir/ir_json.hpp"
#include "compiler/sql/align.hpp"
#include "runtime/introspect.hpp"
#include "runtime/trigger_condition.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

using list = std::vector<std::string>;

const ir::Function& function(const ir::Database& db, const char* schema, const char* name, const char* types) {
    const ir::Function* f = ir::find_function(db, ir::FunctionKey{{schema, name}, types});
    if (!f) FAIL("no function " << schema << "." << name << "(" << types << ")");
    return *f;
}

const ir::Trigger& trigger(const ir::Table& table, const char* name) {
    for (const ir::Trigger& t : table.triggers)
        if (t.name == name) return t;
    FAIL("no trigger " << name);
    return table.triggers.front();
}

list unmanaged_of(const runtime::Introspection& live) {
    list out;
    for (const runtime::UnmanagedObject& o : live.unmanaged) out.push_back(runtime::describe(o));
    return out;
}

ir::Type type(const char* name, int array_dimensions = 0) { return ir::Type{"", name, {}, array_dimensions}; }

}  // namespace

TEST_CASE("a trigger's WHEN condition is taken from pg_get_triggerdef's text, quotes and parentheses kept") {
    using runtime::trigger_condition;
    CHECK(trigger_condition("CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW WHEN ((old.* IS DISTINCT FROM "
                            "new.*)) EXECUTE FUNCTION touch()") == std::optional<std::string>("(old.* IS DISTINCT "
                                                                                              "FROM new.*)"));
    CHECK(trigger_condition("CREATE TRIGGER \"WHEN (\" AFTER UPDATE ON \"a)b\" FOR EACH ROW WHEN ((new.n <> "
                            "'x) EXECUTE FUNCTION f(''('::text)) EXECUTE FUNCTION f('WHEN (a)')") ==
          std::optional<std::string>("(new.n <> 'x) EXECUTE FUNCTION f(''('::text)"));
    CHECK_FALSE(trigger_condition("CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION "
                                  "f('WHEN (x)')"));
    CHECK_FALSE(trigger_condition("CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW WHEN ((a > 0) EXECUTE"));
}

TEST_CASE("functions, procedures and overloads are read from pg_proc as the IR describes them") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("introspect_functions");
    cluster.execute(
        "introspect_functions",
        "CREATE SCHEMA billing;"
        "CREATE TYPE state AS ENUM ('a', 'b');"
        "CREATE TABLE billing.lines (invoice_id bigint, amount numeric);"
        "CREATE FUNCTION billing.invoice_total(invoice_id bigint) RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE"
        "  AS $$ select coalesce(sum(amount), 0) from billing.lines where lines.invoice_id = invoice_total.invoice_id"
        " $$;"
        "COMMENT ON FUNCTION billing.invoice_total(bigint) IS 'Sum of the lines';"
        "CREATE FUNCTION pick(a integer, b varchar(10) DEFAULT 'x', VARIADIC c integer[] DEFAULT '{}')"
        "  RETURNS TABLE (x integer, y text) LANGUAGE sql ROWS 10 AS 'select a, b';"
        "CREATE FUNCTION pair(INOUT a integer, OUT b state) LANGUAGE sql AS 'select a, ''a''::state';"
        "CREATE FUNCTION inc(a integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT LEAKPROOF RETURN a + 1;"
        "CREATE FUNCTION inc(a text) RETURNS SETOF integer LANGUAGE plpgsql SECURITY DEFINER COST 5"
        "  SET search_path = public, pg_temp SET work_mem = '8MB'"
        "  AS $$\nbegin\n  -- the author's comment\n  return next length(a);\nend\n$$;"
        "CREATE PROCEDURE billing.settle(invoice bigint, note text DEFAULT NULL) LANGUAGE plpgsql"
        "  AS $$ begin null; end $$;"
        "CREATE AGGREGATE total(integer) (sfunc = int4pl, stype = integer);"
        "CREATE EXTENSION citext");  // its functions (in public) are the extension's
    runtime::Session session(cluster.url("introspect_functions"));
    runtime::Introspection live = runtime::introspect(session,
                                                      runtime::IntrospectOptions{{"billing", "public"}, "public"});
    CHECK(live.unreadable.empty());
    CHECK(unmanaged_of(live) == list{"aggregate total(integer)"});
    list signatures;
    for (const ir::Function& f : live.database.functions) signatures.push_back(ir::function_signature(f));
    CHECK(signatures == list{"billing.invoice_total(bigint)", "billing.settle(bigint, text)", "inc(integer)",
                             "inc(text)", "pair(integer)", "pick(integer, character varying, integer[])"});

    const ir::Function& total = function(live.database, "billing", "invoice_total", "bigint");
    CHECK_FALSE(total.procedure);
    REQUIRE(total.arguments.size() == 1);
    CHECK(total.arguments[0] == ir::FunctionArgument{"invoice_id", ir::ArgumentMode::in, type("bigint"), {}});
    CHECK(total.returns == std::optional<ir::Type>(type("numeric")));
    CHECK_FALSE(total.returns_set);
    CHECK(total.language == "sql");
    CHECK(total.body ==  // exactly as written between the quotes
          " select coalesce(sum(amount), 0) from billing.lines where lines.invoice_id = invoice_total.invoice_id ");
    CHECK_FALSE(total.sql_body);
    CHECK(total.volatility == ir::Volatility::stable);
    CHECK(total.parallel == ir::ParallelSafety::safe);
    CHECK_FALSE(total.cost);
    CHECK_FALSE(total.rows);
    CHECK(total.comment == std::optional<std::string>("Sum of the lines"));

    const ir::Function& pick = function(live.database, "public", "pick", "integer,character varying,integer[]");
    REQUIRE(pick.arguments.size() == 3);
    CHECK(pick.arguments[1].type == type("character varying"));  // without its modifier, as PostgreSQL keeps it
    CHECK(pick.arguments[1].default_value.value_or("none") == "'x'::varchar");  // canonical
    CHECK(pick.arguments[2].mode == ir::ArgumentMode::variadic);
    CHECK(pick.arguments[2].type == type("integer", 1));
    CHECK(pick.arguments[2].default_value.value_or("none") == "'{}'::int[]");
    CHECK_FALSE(pick.returns);
    CHECK(pick.returns_set);
    CHECK(pick.returns_table == std::vector<ir::FunctionArgument>{{"x", ir::ArgumentMode::in, type("integer"), {}},
                                                                  {"y", ir::ArgumentMode::in, type("text"), {}}});
    CHECK(pick.rows == std::optional<double>(10));

    const ir::Function& pair = function(live.database, "public", "pair", "integer");
    REQUIRE(pair.arguments.size() == 2);
    CHECK(pair.arguments[0].mode == ir::ArgumentMode::inout);
    CHECK(pair.arguments[1] ==
          ir::FunctionArgument{"b", ir::ArgumentMode::out, ir::Type{"public", "state", {}, 0}, {}});
    CHECK(pair.returns == std::optional<ir::Type>(type("record")));

    const ir::Function& inc = function(live.database, "public", "inc", "integer");
    CHECK(inc.body.empty());
    CHECK(inc.sql_body == std::optional<std::string>("RETURN a + 1"));
    CHECK(inc.volatility == ir::Volatility::immutable);
    CHECK(inc.strict);
    CHECK(inc.leakproof);

    const ir::Function& inc_text = function(live.database, "public", "inc", "text");
    CHECK(inc_text.language == "plpgsql");
    CHECK(inc_text.body == "\nbegin\n  -- the author's comment\n  return next length(a);\nend\n");
    CHECK(inc_text.returns_set);
    CHECK(inc_text.security_definer);
    CHECK(inc_text.cost == std::optional<double>(5));
    CHECK_FALSE(inc_text.rows);  // the default for a set
    CHECK(inc_text.settings ==
          std::map<std::string, std::string>{{"search_path", "public, pg_temp"}, {"work_mem", "8MB"}});

    const ir::Function& settle = function(live.database, "billing", "settle", "bigint,text");
    CHECK(settle.procedure);
    CHECK_FALSE(settle.returns);
    CHECK(settle.arguments[1].default_value == std::optional<std::string>("NULL::text"));
    cluster.drop_database("introspect_functions");
}

TEST_CASE("triggers are read from pg_trigger: timing, events, WHEN, transition tables, constraint triggers") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("introspect_triggers");
    cluster.execute(
        "introspect_triggers",
        "CREATE SCHEMA audit;"
        "CREATE TABLE audit.log (id bigint);"
        "CREATE TABLE users (id integer PRIMARY KEY, name text, updated_at timestamptz);"
        "CREATE TABLE docs (id integer PRIMARY KEY, user_id integer REFERENCES users);"  // internal triggers
        "CREATE VIEW names AS SELECT id, name FROM users;"
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ begin return new; end $$;"
        "CREATE FUNCTION audit.note() RETURNS trigger LANGUAGE plpgsql AS $$ begin return null; end $$;"
        "CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"
        "COMMENT ON TRIGGER users_touch ON users IS 'keeps updated_at';"
        "CREATE TRIGGER users_renamed AFTER UPDATE OF name, id ON users FOR EACH ROW"
        "  WHEN (old.name IS DISTINCT FROM new.name AND new.name <> 'a)') EXECUTE FUNCTION audit.note('x', 'b''c');"
        "CREATE TRIGGER users_added AFTER INSERT ON users REFERENCING NEW TABLE AS added FOR EACH STATEMENT"
        "  EXECUTE FUNCTION audit.note();"
        "CREATE CONSTRAINT TRIGGER users_checked AFTER DELETE ON users FROM audit.log DEFERRABLE INITIALLY DEFERRED"
        "  FOR EACH ROW EXECUTE FUNCTION audit.note();"
        "CREATE TRIGGER users_emptied BEFORE TRUNCATE ON users EXECUTE FUNCTION audit.note();"
        "CREATE TRIGGER names_write INSTEAD OF INSERT ON names FOR EACH ROW EXECUTE FUNCTION touch();"
        "CREATE TRIGGER docs_quiet AFTER INSERT ON docs EXECUTE FUNCTION audit.note();"
        "ALTER TABLE docs DISABLE TRIGGER docs_quiet");
    runtime::Session session(cluster.url("introspect_triggers"));
    runtime::Introspection live = runtime::introspect(session,
                                                      runtime::IntrospectOptions{{"audit", "public"}, "public"});
    // A disabled trigger is read, and what the language cannot say about it is reported.
    CHECK(live.unreadable == list{"trigger docs_quiet on docs: it is disabled (ALTER TABLE ... DISABLE TRIGGER), "
                                  "which the .schema language does not describe"});
    CHECK(unmanaged_of(live).empty());
    const ir::Table* users = ir::find_table(live.database, {"public", "users"});
    REQUIRE(users);
    list names;
    for (const ir::Trigger& t : users->triggers) names.push_back(t.name);
    CHECK(names == list{"users_added", "users_checked", "users_emptied", "users_renamed", "users_touch"});

    const ir::Trigger& touch = trigger(*users, "users_touch");
    CHECK(touch.timing == ir::TriggerTiming::before);
    CHECK((touch.on_insert && touch.on_update && !touch.on_delete && !touch.on_truncate));
    CHECK(touch.for_each_row);
    CHECK(touch.function == ir::QualifiedName{"public", "touch"});
    CHECK(touch.arguments.empty());
    CHECK(touch.comment == std::optional<std::string>("keeps updated_at"));

    const ir::Trigger& renamed = trigger(*users, "users_renamed");
    CHECK(renamed.timing == ir::TriggerTiming::after);
    CHECK(renamed.update_columns == list{"name", "id"});
    CHECK(renamed.when == std::optional<std::string>("old.name IS DISTINCT FROM new.name AND new.name <> 'a)'::text"));
    CHECK(renamed.function == ir::QualifiedName{"audit", "note"});
    CHECK(renamed.arguments == list{"x", "b'c"});

    const ir::Trigger& added = trigger(*users, "users_added");
    CHECK_FALSE(added.for_each_row);
    CHECK(added.new_table == std::optional<std::string>("added"));
    CHECK_FALSE(added.old_table);

    const ir::Trigger& checked = trigger(*users, "users_checked");
    CHECK(checked.constraint);
    CHECK(checked.on_delete);
    CHECK(checked.from_table == std::optional<ir::QualifiedName>(ir::QualifiedName{"audit", "log"}));
    CHECK(checked.deferrable);
    CHECK(checked.initially_deferred);

    CHECK(trigger(*users, "users_emptied").on_truncate);

    const ir::View* view = ir::find_view(live.database, {"public", "names"});
    REQUIRE(view);
    REQUIRE(view->triggers.size() == 1);
    CHECK(view->triggers[0].timing == ir::TriggerTiming::instead_of);

    const ir::Table* docs = ir::find_table(live.database, {"public", "docs"});
    REQUIRE(docs);
    REQUIRE(docs->triggers.size() == 1);  // the foreign key's own triggers are internal
    CHECK(docs->triggers[0].name == "docs_quiet");
    cluster.drop_database("introspect_triggers");
}

TEST_CASE("functions and triggers created from SQL read back as the .schema text saying the same compiles") {
    // The same objects written twice: as a .schema file, and as the SQL a person ran by hand.
    Compilation written = test::compile_text(
        "schema billing\n"
        "table billing.lines {\n  id bigint primary key\n  invoice_id bigint not null\n  amount numeric not null\n}\n"
        "table users {\n  id bigint primary key\n  name text not null\n  updated_at timestamptz\n"
        "  trigger users_touch before update for each row execute function set_updated_at()\n"
        "  trigger users_renamed after update of name for each row when (old.name is distinct from "
        "new.name) execute function billing.note('renamed', 'it''s')\n"
        "  constraint trigger users_checked after insert deferrable initially deferred for each row execute "
        "function billing.note() comment 'checks'\n"
        "}\n"
        "function set_updated_at() returns trigger language plpgsql as $$\nbegin\n  new.updated_at := now();\n"
        "  return new;\nend\n$$\n"
        "function billing.note() returns trigger language plpgsql security definer set search_path = billing, "
        "pg_temp as $$ begin return null; end $$\n"
        "function billing.invoice_total(invoice_id bigint) returns numeric language sql stable parallel safe\n"
        "  as $$ select coalesce(sum(amount), 0) from billing.lines where lines.invoice_id = "
        "invoice_total.invoice_id $$\n  comment 'Sum of the lines'\n"
        "function label(n integer, suffix text default '!') returns text language sql immutable strict as "
        "$$ select n || suffix $$\n"
        "function label(s text) returns setof text language sql rows 10 cost 5 as $$ select s $$\n"
        "function inc(a integer) returns integer language sql immutable return a + 1\n"
        "function pair(inout a integer, out b text) language sql as $$ select a, 'x' $$\n"
        "function top(min_id bigint = 0) returns table (id bigint, name text) language sql as $$ select id, name "
        "from users where id >= min_id $$\n"
        "procedure billing.settle(invoice bigint) language plpgsql as $$ begin null; end $$\n");
    REQUIRE_MESSAGE(written.ok(), test::diagnostics_text(written));
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("introspect_code_written");
    cluster.execute(
        "introspect_code_written",
        "CREATE SCHEMA billing;"
        "CREATE TABLE billing.lines (id bigint PRIMARY KEY, invoice_id bigint NOT NULL, amount numeric NOT NULL);"
        "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, updated_at timestamptz);"
        "CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$\nbegin\n  new.updated_at := now();\n"
        "  return new;\nend\n$$;"
        "CREATE FUNCTION billing.note() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER"
        "  SET search_path = billing, pg_temp AS $$ begin return null; end $$;"
        "CREATE FUNCTION billing.invoice_total(invoice_id bigint) RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE"
        "  AS $$ select coalesce(sum(amount), 0) from billing.lines where lines.invoice_id = invoice_total.invoice_id"
        " $$;"
        "COMMENT ON FUNCTION billing.invoice_total(bigint) IS 'Sum of the lines';"
        "CREATE FUNCTION label(n integer, suffix text DEFAULT '!') RETURNS text LANGUAGE sql IMMUTABLE STRICT"
        "  AS $$ select n || suffix $$;"
        "CREATE FUNCTION label(s text) RETURNS SETOF text LANGUAGE sql ROWS 10 COST 5 AS $$ select s $$;"
        "CREATE FUNCTION inc(a integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN a + 1;"
        "CREATE FUNCTION pair(INOUT a integer, OUT b text) LANGUAGE sql AS $$ select a, 'x' $$;"
        "CREATE FUNCTION top(min_id bigint = 0) RETURNS TABLE (id bigint, name text) LANGUAGE sql"
        "  AS $$ select id, name from users where id >= min_id $$;"
        "CREATE PROCEDURE billing.settle(invoice bigint) LANGUAGE plpgsql AS $$ begin null; end $$;"
        "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();"
        "CREATE TRIGGER users_renamed AFTER UPDATE OF name ON users FOR EACH ROW"
        "  WHEN (old.name IS DISTINCT FROM new.name) EXECUTE FUNCTION billing.note('renamed', 'it''s');"
        "CREATE CONSTRAINT TRIGGER users_checked AFTER INSERT ON users DEFERRABLE INITIALLY DEFERRED"
        "  FOR EACH ROW EXECUTE FUNCTION billing.note();"
        "COMMENT ON TRIGGER users_checked ON users IS 'checks'");
    runtime::Session session(cluster.url("introspect_code_written"));
    runtime::Introspection live = runtime::introspect(session,
                                                      runtime::IntrospectOptions{{"billing", "public"}, "public"});
    CHECK(live.unreadable.empty());
    CHECK(live.unmanaged.empty());
    align_to(written.database, live.database);
    for (const ir::Function& f : written.database.functions) {
        CAPTURE(ir::function_signature(f));
        const ir::Function* read = ir::find_function(live.database, ir::function_key(f));
        REQUIRE(read);
        ir::Function expected = f;
        expected.was.reset();
        expected.was_schema.reset();
        ir::Database read_alone, expected_alone;
        read_alone.functions = {*read};
        expected_alone.functions = {expected};
        CHECK(ir_to_json_text(read_alone) == ir_to_json_text(expected_alone));
    }
    CHECK(live.database.functions.size() == written.database.functions.size());
    const ir::Table* users = ir::find_table(live.database, {"public", "users"});
    const ir::Table* users_written = ir::find_table(written.database, {"public", "users"});
    REQUIRE((users && users_written));
    CHECK(users->triggers == users_written->triggers);
    cluster.drop_database("introspect_code_written");
}

TEST_CASE("a database with functions, procedures, overloads and triggers: pull, generate, build, no drift") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("pull_code");
    cluster.execute(
        "pull_code",
        "CREATE SCHEMA billing;"
        "CREATE TABLE billing.lines (id bigint PRIMARY KEY, invoice_id bigint NOT NULL, amount numeric NOT NULL);"
        "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, updated_at timestamptz);"
        "CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$\nbegin\n  -- keep it fresh\n"
        "  new.updated_at := now();\n  return new;\nend\n$$;"
        "CREATE FUNCTION billing.invoice_total(invoice_id bigint) RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE"
        "  AS $$ select coalesce(sum(amount), 0) from billing.lines where lines.invoice_id = invoice_total.invoice_id"
        " $$;"
        "COMMENT ON FUNCTION billing.invoice_total(bigint) IS 'Sum of the lines';"
        "CREATE FUNCTION label(n integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ select 'n' || n $$;"
        "CREATE FUNCTION label(s text, suffix text DEFAULT '!') RETURNS text LANGUAGE sql IMMUTABLE STRICT"
        "  AS $$ select s || suffix $$;"
        "CREATE PROCEDURE billing.settle(invoice bigint) LANGUAGE plpgsql AS $$ begin null; end $$;"
        "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();"
        "CREATE TRIGGER users_renamed BEFORE UPDATE OF name ON users FOR EACH ROW"
        "  WHEN (old.name IS DISTINCT FROM new.name) EXECUTE FUNCTION set_updated_at();");
    test::TempDir project;
    std::string url = " --database " + cluster.url("pull_code"), out;
    REQUIRE_MESSAGE(test::run_schemac("pull -o schemas" + url, out, "NO_COLOR=", project.path) == 0, out);
    CHECK_MESSAGE(out.find("unmanaged") == std::string::npos, out);
    std::string pulled = test::read(project.path / "schemas/public.schema") +
                         test::read(project.path / "schemas/billing.schema");
    CHECK_MESSAGE(pulled.find("  -- keep it fresh\n") != std::string::npos, pulled);  // the body as written
    REQUIRE_MESSAGE(test::run_schemac("generate --name init -q", out, "NO_COLOR=", project.path) == 0, out << pulled);
    REQUIRE_MESSAGE(test::run_schemac("baseline --to 1 -q" + url, out, "NO_COLOR=", project.path) == 0, out);
    CHECK_MESSAGE(test::run_schemac("check" + url, out, "NO_COLOR=", project.path) == 0, out << "\n" << pulled);
    CHECK(out.find("database up to date with no drift") != std::string::npos);
    // The migration builds an identical database from empty.
    cluster.create_database("pull_code_fresh");
    std::string fresh = " --database " + cluster.url("pull_code_fresh");
    REQUIRE_MESSAGE(test::run_schemac("migrate -q" + fresh, out, "NO_COLOR=", project.path) == 0, out);
    CHECK_MESSAGE(test::run_schemac("check" + fresh, out, "NO_COLOR=", project.path) == 0, out);
    CHECK(cluster.schema_dump("pull_code_fresh") == cluster.schema_dump("pull_code"));
    // A body edited by hand in production is drift, named by its signature.
    cluster.execute("pull_code", "CREATE OR REPLACE FUNCTION billing.invoice_total(invoice_id bigint) RETURNS numeric"
                                 " LANGUAGE sql STABLE PARALLEL SAFE AS $$ select 0::numeric $$");
    CHECK(test::run_schemac("check" + url, out, "NO_COLOR=", project.path) == 1);
    CHECK_MESSAGE(out.find("error: drift: ~ function billing.invoice_total(bigint): body differs\n") !=
                      std::string::npos,
                  out);
    cluster.execute("pull_code", "DROP TRIGGER users_touch ON users");
    CHECK(test::run_schemac("check" + url, out, "NO_COLOR=", project.path) == 1);
    CHECK_MESSAGE(out.find("error: drift: + trigger users_touch on users: missing in the database\n") !=
                      std::string::npos,
                  out);
    cluster.drop_database("pull_code_fresh");
    cluster.drop_database("pull_code");
}

TEST_CASE("a function over a type schemac does not manage stays unmanaged, with the triggers executing it") {
    // Found by the corpus (musicbrainz): functions taking an unmanaged table's row type (then a
    // partitioned table's; now an inheriting table's) made pulled files that named a type no
    // .schema file can declare.
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("introspect_code_unmanaged_types");
    cluster.execute("introspect_code_unmanaged_types",
                    "CREATE TABLE base (id integer); CREATE TABLE events (at date) INHERITS (base);"
                    "CREATE TABLE users (id integer PRIMARY KEY);"
                    "CREATE FUNCTION first_day(e events) RETURNS date LANGUAGE sql AS 'select e.at';"
                    "CREATE FUNCTION user_id(u users) RETURNS integer LANGUAGE sql AS 'select u.id';"
                    "CREATE FUNCTION log_events() RETURNS SETOF events LANGUAGE sql AS 'select * from events';"
                    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';"
                    "CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch()");
    runtime::Session session(cluster.url("introspect_code_unmanaged_types"));
    runtime::Introspection live = runtime::introspect(session, runtime::IntrospectOptions{{"public"}, "public"});
    CHECK(live.unreadable.empty());
    CHECK(unmanaged_of(live) ==
          list{"function first_day(public.events) uses type events, which schemac does not manage",
               "function log_events() uses type events, which schemac does not manage",
               "inheriting table events inherits base"});
    list signatures;
    for (const ir::Function& f : live.database.functions) signatures.push_back(ir::function_signature(f));
    CHECK(signatures == list{"touch()", "user_id(public.users)"});  // a managed table's row type is fine
    cluster.drop_database("introspect_code_unmanaged_types");
}
