// The IR's JSON form: exact round trips and refusal of what it cannot read.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include <nlohmann/json.hpp>

#include "compiler/ir/ir_json.hpp"
#include "compiler/ir/json_text_writer.hpp"
#include "tests/support.hpp"

using namespace schemac;

TEST_CASE("read(write(ir)) == ir, and writing again gives the same bytes") {
    auto c = test::compile_text(
        "extension pgcrypto schema public version '1.3'\nschema s comment 'x'\nenum s.e @was(f) { a, b @was(c) }\n"
        "unlogged table s.t @was(u) {\n  id bigint generated always as identity (start with 5 minvalue 5 maxvalue 50 cache 2 cycle)\n"
        "  e s.e not null default 'a' comment 'it''s'\n  g int generated always as (id * 2) stored\n"
        "  n int not null @backfill(0) @was(m)\n  arr text[][]\n  primary key (id)\n  unique nulls not distinct (n)\n"
        "  check ck @was(old) (n > 0)\n  foreign key (n) references s.t (id) on delete set null on update cascade match full "
        "deferrable initially deferred\n  unique index ix using btree ((n + 1) desc nulls last, e collate \"C\" text_ops) "
        "include (g) with (fillfactor = 70) where n > 1\n  with (fillfactor = 50, toast.autovacuum_enabled = off)\n"
        "  comment 'table'\n}\n");
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    std::string text = ir_to_json_text(c.database);
    ir::Database back = ir_from_json_text(text);
    CHECK(back == c.database);
    CHECK(ir_to_json_text(back) == text);
    // The fields that are easy to lose on the way:
    const ir::Table& t = back.tables.at(0);
    CHECK(t.columns.at(0).identity()->options.cycle);
    CHECK(t.columns.at(0).identity()->options.cache == 2);
    CHECK(t.foreign_keys.at(0).initially_deferred);
    CHECK(t.indexes.at(0).elements.at(0).descending);
    CHECK_FALSE(t.indexes.at(0).elements.at(0).nulls_first);
    CHECK(t.indexes.at(0).elements.at(1).collation == "C");
    CHECK(back.enums.at(0).values.at(1).was == "c");
    CHECK(back.extensions.at(0).version == "1.3");
    CHECK(t.unlogged);
    CHECK(t.storage == ir::StorageParameters{{"fillfactor", "50"}, {"toast.autovacuum_enabled", "off"}});
    CHECK(t.indexes.at(0).storage == ir::StorageParameters{{"fillfactor", "70"}});
}

TEST_CASE("a document that is not an IR, or of another version, is refused with a reason") {
    CHECK_THROWS_WITH_AS(
        ir_from_json_text("{"),
        "not valid JSON: parse error at line 1, column 2: syntax error while parsing object key - unexpected "
        "end of input; expected string literal",
        IrJsonError);
    CHECK_THROWS_WITH_AS(ir_from_json_text("{\"format\": \"other\"}"),
                         "not a schemac IR document (expected \"format\": \"schemac-ir\")", IrJsonError);
    CHECK_THROWS_WITH_AS(
        ir_from_json_text("{\"format\": \"schemac-ir\", \"version\": 99}"),
        "IR version 99 is not supported; this schemac reads version 1 (a newer schemac wrote the file: upgrade "
        "schemac)",
        IrJsonError);
    CHECK_THROWS_WITH_AS(ir_from_json_text(
                             "{\"format\": \"schemac-ir\", \"version\": 1, \"tables\": [{\"schema\": \"public\"}]}"),
                         "tables[0]: missing \"name\"", IrJsonError);
}

namespace {

// A one-table document with `column` as the table's only column and `extra` after "columns".
std::string document(const std::string& column, const std::string& extra = "") {
    return "{\"format\": \"schemac-ir\", \"version\": 1, \"schemas\": [{\"name\": \"public\"}], \"tables\": [{\"schema\": "
           "\"public\", \"name\": \"t\", \"columns\": [" +
           column + "]" + extra + "}]}";
}

std::string refusal(const std::string& text) {
    try {
        ir_from_json_text(text);
    } catch (const IrJsonError& e) {
        return e.what();
    }
    return "(read without an error)";
}

}  // namespace

TEST_CASE("a damaged snapshot is refused with where and what, never misread") {
    // Wrong types are refused instead of read as a default (`"yes"` was read as false).
    CHECK(refusal(document(R"({"name": "id", "type": {"name": "integer"}, "not_null": "yes"})")) ==
          R"(tables[0].columns[0].not_null: expected true or false, found "yes")");
    CHECK(refusal(document(R"({"name": 7, "type": {"name": "integer"}})")) ==
          "tables[0].columns[0].name: expected a string, found 7");
    CHECK(refusal(document(R"({"name": "id", "type": "integer"})")) ==
          R"(tables[0].columns[0].type: expected an object, found "integer")");
    CHECK(
        refusal(document(R"({"name": "id", "type": {"name": "integer", "array_dimensions": "1"}})")) ==
        R"(tables[0].columns[0].type.array_dimensions: expected a whole number from -2147483648 to 2147483647, found "1")");
    CHECK(refusal(document(R"({"name": "id", "type": {"name": "integer"}, "identity": {"kind": "sometimes"}})")) ==
          R"(tables[0].columns[0].identity.kind: expected "always" or "by default", found "sometimes")");
    CHECK(refusal(document(R"({"name": "id", "type": {"name": "integer"}})", R"(, "uniques": {"name": "u"})")) ==
          "tables[0].uniques: expected a list, found an object");
    // Top level and version: wrong types used to escape as nlohmann exceptions (exit 134).
    CHECK(refusal("[1]") == "expected a JSON object at the top level, found an array");
    CHECK(refusal("\"schemac-ir\"") == "expected a JSON object at the top level, found \"schemac-ir\"");
    CHECK(refusal(R"({"format": "schemac-ir", "version": "1"})") == R"(version: expected the number 1, found "1")");
    CHECK(refusal(R"({"format": "schemac-ir", "version": [1]})") == "version: expected the number 1, found an array");
    CHECK(refusal(R"({"format": "schemac-ir", "version": 1.0})") == "version: expected the number 1, found 1.0");
    CHECK(refusal(R"({"format": "schemac-ir"})") == "missing \"version\"");
    CHECK(
        refusal(R"({"format": "schemac-ir", "version": 2, "views": []})") ==
        "IR version 2 is not supported; this schemac reads version 1 (a newer schemac wrote the file: upgrade schemac)");
    // Unknown keys: a typo or a newer writer, never ignored.
    CHECK(refusal(document(R"({"name": "id", "type": {"name": "integer"}})", R"(, "ctorage": {})")) ==
          R"(tables[0]: unknown key "ctorage" (written by a newer schemac, or edited by hand))");
    CHECK(refusal(R"({"format": "schemac-ir", "version": 1, "gadgets": []})") ==
          R"(unknown key "gadgets" (written by a newer schemac, or edited by hand))");
    // Keys in another order than the writer's (a file edited by hand) read the same; an unknown
    // one among them is still found.
    CHECK(ir_from_json_text(document(R"({"not_null": true, "type": {"name": "integer"}, "name": "id"})")) ==
          ir_from_json_text(document(R"({"name": "id", "type": {"name": "integer"}, "not_null": true})")));
    CHECK(refusal(document(R"({"not_null": true, "type": {"name": "integer"}, "nmae": "id"})")) ==
          R"(tables[0].columns[0]: unknown key "nmae" (written by a newer schemac, or edited by hand))");
    // A NUL character would cut an expression short where libpg_query reads it.
    CHECK(refusal(document(R"({"name": "a", "type": {"name": "integer"}})",
                           R"(, "checks": [{"name": "c", "expression": "a > 0\u0000 OR true"}])")) ==
          "tables[0].checks[0].expression: a NUL character (\\u0000) is not allowed");
    // Every refusal is an IrJsonError, whatever the input.
    for (const char* text :
         {"", "null", "1", "{\"format\": 1}", "{\"format\": \"schemac-ir\", \"version\": -1}",
          "{\"format\": \"schemac-ir\", \"version\": 18446744073709551615}", "\xff", "{\"a\": \"\xb0\"}"}) {
        CHECK_THROWS_AS(ir_from_json_text(text), IrJsonError);
    }
}

TEST_CASE("a key given twice in one object is refused: the last one does not silently win") {
    CHECK(refusal(R"({"format": "schemac-ir", "format": "schemac-ir", "version": 1})") ==
          R"(duplicate key "format" (a key may appear once in an object))");
    CHECK(refusal(document(R"({"name": "id", "type": {"name": "integer"}, "not_null": true, "not_null": false})")) ==
          R"(tables[0].columns[0]: duplicate key "not_null" (a key may appear once in an object))");
    CHECK(refusal(R"({"format": "schemac-ir", "version": 1, "tables": [{}, {"schema": "public", "schema": "x"}]})") ==
          R"(tables[1]: duplicate key "schema" (a key may appear once in an object))");
    // A syntax error says where.
    CHECK(refusal("{\n  \"format\": \"schemac-ir\",\n}") ==
          "not valid JSON: parse error at line 3, column 1: syntax error while parsing object key - unexpected '}'; "
          "expected string literal");
}

TEST_CASE("lists the IR keeps sorted are sorted on reading, a name given twice is refused") {
    // Two tables swapped (a hand merge): the planner binary-searches tables by name.
    const char* swapped =
        R"({"format":"schemac-ir","version":1,"schemas":[{"name":"public"}],"extensions":[],"enums":[],"tables":[)"
        R"({"schema":"public","name":"b","columns":[{"name":"id","type":{"name":"integer"}}],)"
        R"("checks":[{"name":"z","expression":"id > 0"},{"name":"a","expression":"id < 9"}]},)"
        R"({"schema":"public","name":"a","columns":[{"name":"id","type":{"name":"integer"}}]}]})";
    ir::Database db = ir_from_json_text(swapped);
    REQUIRE(db.tables.size() == 2);
    CHECK(db.tables[0].name.name == "a");
    CHECK(db.tables[1].name.name == "b");
    CHECK(db.tables[1].checks[0].name == "a");
    CHECK(ir::find_table(db, ir::QualifiedName{"public", "b"}) != nullptr);
    CHECK(ir_from_json_text(ir_to_json_text(db)) == db);  // written sorted, read back the same

    CHECK(refusal(R"({"format":"schemac-ir","version":1,"tables":[{"schema":"public","name":"a","columns":[]},)"
                  R"({"schema":"public","name":"b","columns":[]},{"schema":"public","name":"a","columns":[]}]})") ==
          "tables[2]: a second table with the name of tables[0] (each name may appear once)");
    CHECK(
        refusal(document(R"({"name": "id", "type": {"name": "integer"}}, {"name": "id", "type": {"name": "text"}})")) ==
        "tables[0].columns[1]: a second column with the name of tables[0].columns[0] (each name may appear once)");
    CHECK(
        refusal(
            R"({"format":"schemac-ir","version":1,"enums":[{"schema":"public","name":"e","values":[{"name":"a"},{"name":"a"}]}]})") ==
        "enums[0].values[1]: a second value with the name of enums[0].values[0] (each name may appear once)");
    // Columns and enum values keep their order: it is PostgreSQL's.
    ir::Database ordered = ir_from_json_text(
        document(R"({"name": "z", "type": {"name": "integer"}}, {"name": "a", "type": {"name": "text"}})"));
    CHECK(ordered.tables[0].columns[0].name == "z");
}

TEST_CASE("documents written before the optional keys existed still read") {
    // The first version's shape: no storage, unlogged, deferrable or was_schema keys.
    const char* old =
        R"({"format": "schemac-ir", "version": 1, "schemas": [{"name": "public"}], "extensions": [], "enums": [],)"
        R"( "tables": [{"schema": "public", "name": "t", "columns": [{"name": "id", "type": {"name": "integer"}, "not_null": true}],)"
        R"( "primary_key": {"name": "t_pkey", "columns": ["id"]}}]})";
    ir::Database db = ir_from_json_text(old);
    CHECK(db.tables.at(0).primary_key->columns == std::vector<std::string>{"id"});
    CHECK_FALSE(db.tables.at(0).primary_key->deferrable);
    CHECK(db.tables.at(0).storage.empty());
}

TEST_CASE("writing never throws: text that is not UTF-8 (a SQL_ASCII database's) is listed, and written as U+FFFD") {
    ir::Database db;
    ir::Table t;
    t.name = ir::QualifiedName{"public", "caf\xe9"};
    t.columns.push_back(ir::Column{});
    t.columns[0].name = "id";
    t.columns[0].type.name = "integer";
    t.columns[0].rare.set().comment = "ok \xc3\xa9";
    db.tables.push_back(t);
    CHECK(ir_text_not_utf8(db) == std::vector<std::string>{"tables[0].name \"caf\\xE9\""});
    std::string text;
    CHECK_NOTHROW(text = ir_to_json_text(db));
    CHECK(text.find("\"caf\xef\xbf\xbd\"") != std::string::npos);
}

TEST_CASE("whatever the compiler accepts reads back from its JSON: an empty enum label") {
    // Found by fuzzing: the strict reader refused the empty label `""` that generate wrote.
    auto c = test::compile_text("enum e { a, \"\" }\n");
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    CHECK(ir_from_json_text(ir_to_json_text(c.database)) == c.database);
}

TEST_CASE("views and materialized views round-trip through JSON, and a database without views writes no key") {
    ir::Database db;
    CHECK(ir_to_json_text(db).find("views") == std::string::npos);
    ir::View v;
    v.name = {"billing", "open_invoices"};
    v.query = "SELECT id, total FROM billing.invoices WHERE paid_at IS NULL";
    v.columns = {{"id", "the invoice", {}}, {"total", std::nullopt, {}}};
    v.options = {{"check_option", "local"}, {"security_invoker", "true"}};
    v.comment = "open";
    v.was = "unpaid";
    v.was_schema = "public";
    ir::View m;
    m.name = {"public", "daily"};
    m.materialized = true;
    m.with_no_data = true;
    m.query = "SELECT 1 AS day";
    m.columns = {{"day", std::nullopt, {}}};
    m.options = {{"fillfactor", "70"}};
    ir::Index index;
    index.name = "daily_day";
    index.unique = true;
    ir::IndexElement day;
    day.column = "day";
    index.elements = {day};
    m.indexes = {index};
    db.views = {v, m};
    std::sort(db.views.begin(), db.views.end(), [](const ir::View& a, const ir::View& b) { return a.name < b.name; });
    std::string text = ir_to_json_text(db);
    ir::Database back = ir_from_json_text(text);
    CHECK(back == db);
    CHECK(ir_to_json_text(back) == text);
    CHECK(back.views.at(1).materialized);  // billing.open_invoices sorts before public.daily
    CHECK(back.views.at(1).with_no_data);
    CHECK(back.views.at(0).columns.at(0).comment == "the invoice");

    CHECK_THROWS_WITH_AS(ir_from_json_text(R"({"format": "schemac-ir", "version": 1, "views": [{"schema": "public",
        "name": "v", "query": "SELECT 1", "columns": [{"name": "a"}, {"name": "a"}]}]})"),
                         "views[0].columns[1]: a second column with the name of views[0].columns[0] (each name may "
                         "appear once)",
                         IrJsonError);
}

TEST_CASE("functions, procedures and triggers round-trip through JSON, overloads are kept apart, a signature twice is "
          "refused") {
    ir::Database db;
    CHECK(ir_to_json_text(db).find("functions") == std::string::npos);
    ir::Function total;
    total.name = {"billing", "invoice_total"};
    total.arguments = {{"invoice_id", ir::ArgumentMode::in, {"", "bigint", {}, 0}, std::nullopt},
                       {"", ir::ArgumentMode::variadic, {"", "text", {}, 1}, "ARRAY[]::text[]"},
                       {"n", ir::ArgumentMode::out, {"", "integer", {}, 0}, std::nullopt}};
    total.returns = ir::Type{"", "numeric", {}, 0};
    total.language = "sql";
    total.body = " select 1 -- kept as written\n";
    total.volatility = ir::Volatility::stable;
    total.parallel = ir::ParallelSafety::safe;
    total.strict = true;
    total.security_definer = true;
    total.leakproof = true;
    total.cost = 2.5;
    total.settings = {{"search_path", "billing, pg_temp"}};
    total.comment = "sum";
    total.was = "old_total";
    ir::Function overload = total;
    overload.arguments = {};
    overload.returns.reset();
    overload.returns_set = true;
    overload.returns_table = {{"id", ir::ArgumentMode::in, {"", "bigint", {}, 0}, std::nullopt}};
    overload.rows = 10;
    overload.body.clear();
    overload.sql_body = "BEGIN ATOMIC SELECT 1; END";
    ir::Function tidy;
    tidy.name = {"public", "tidy"};
    tidy.procedure = true;
    tidy.language = "plpgsql";
    tidy.body = "begin end";
    db.functions = {overload, total, tidy};  // billing.invoice_total() sorts before (bigint, text[])
    ir::Trigger touch;
    touch.name = "touch";
    touch.timing = ir::TriggerTiming::before;
    touch.on_insert = touch.on_update = true;
    touch.update_columns = {"b", "a"};
    touch.for_each_row = true;
    touch.when = "new.a IS DISTINCT FROM old.a";
    touch.function = {"public", "set_updated_at"};
    touch.arguments = {"x", "it's"};
    ir::Trigger audit;
    audit.name = "audit";
    audit.constraint = true;
    audit.timing = ir::TriggerTiming::after;
    audit.on_delete = true;
    audit.for_each_row = true;
    audit.from_table = ir::QualifiedName{"billing", "lines"};
    audit.deferrable = audit.initially_deferred = true;
    audit.function = {"billing", "audit"};
    audit.new_table.reset();
    ir::Table t;
    t.name = {"public", "t"};
    t.triggers = {audit, touch};
    db.tables = {t};
    ir::View v;
    v.name = {"public", "v"};
    v.query = "SELECT 1 AS a";
    v.columns = {{"a", std::nullopt, {}}};
    ir::Trigger instead;
    instead.name = "v_insert";
    instead.timing = ir::TriggerTiming::instead_of;
    instead.on_insert = true;
    instead.for_each_row = true;
    instead.old_table = "o";
    instead.function = {"public", "f"};
    v.triggers = {instead};
    db.views = {v};

    std::string text = ir_to_json_text(db);
    ir::Database back = ir_from_json_text(text);
    CHECK(back == db);
    CHECK(ir_to_json_text(back) == text);
    CHECK(ir::function_signature(back.functions.at(1)) == "billing.invoice_total(bigint, text[])");
    CHECK(ir::function_signature(back.functions.at(0)) == "billing.invoice_total()");
    CHECK(ir::functions_named(back, {"billing", "invoice_total"}).size() == 2);
    CHECK(ir::find_function(back, ir::function_key(tidy)) != nullptr);
    CHECK(back.tables.at(0).triggers.at(1).arguments.at(1) == "it's");

    // Read back sorted, whatever the order written.
    ir::Database shuffled = db;
    std::swap(shuffled.functions[0], shuffled.functions[2]);
    CHECK(ir_from_json_text(ir_to_json_text(shuffled)) == db);

    const std::string head = R"({"format": "schemac-ir", "version": 1, )";
    CHECK_THROWS_WITH_AS(ir_from_json_text(head + R"("functions": [
        {"schema": "public", "name": "f", "arguments": [{"type": {"name": "integer"}}], "language": "sql", "body": "1"},
        {"schema": "public", "name": "f", "arguments": [{"name": "x", "type": {"name": "integer"}}],
         "language": "sql", "body": "2"}]})"),
                         "functions: f(integer) is given twice (a function is identified by its name and input "
                         "argument types)",
                         IrJsonError);
    CHECK_THROWS_WITH_AS(ir_from_json_text(head + R"("functions": [{"schema": "public", "name": "f", "language":
        "sql", "body": "1", "volatility": "sometimes"}]})"),
                         "functions[0].volatility: expected one of \"volatile\", \"stable\", \"immutable\", found "
                         "\"sometimes\"",
                         IrJsonError);
    CHECK_THROWS_WITH_AS(ir_from_json_text(
                             head + R"("functions": [{"schema": "public", "name": "f", "language": "sql"}]})"),
                         "functions[0]: missing \"body\" (or \"sql_body\")", IrJsonError);
    CHECK_THROWS_WITH_AS(ir_from_json_text(head + R"("tables": [{"schema": "public", "name": "t", "columns": [],
        "triggers": [{"name": "x", "events": ["upsert"], "function": {"schema": "public", "name": "f"}}]}]})"),
                         "tables[0].triggers[0].events[0]: expected \"insert\", \"update\", \"delete\" or "
                         "\"truncate\", found \"upsert\"",
                         IrJsonError);
}

TEST_CASE("access rules round-trip through JSON: roles, row-level security, policies, grants, default privileges") {
    ir::Database db;
    std::string empty = ir_to_json_text(db);
    for (const char* key : {"roles", "policies", "grants", "sequence_grants", "default_privileges", "row_level"})
        CHECK(empty.find(key) == std::string::npos);

    db.roles = {{"analyst", {}}, {"app", {}}};
    db.schemas = {{"billing", std::nullopt, {}, {{"app", "usage", "", false, {}}}}};
    ir::Table t;
    t.name = {"billing", "invoices"};
    ir::Column org_id;
    org_id.name = "org_id";
    org_id.type = {"", "uuid", {}, 0};
    t.columns = {org_id};
    t.row_level_security = true;
    t.force_row_level_security = true;
    ir::Policy tenant;
    tenant.name = "tenant";
    tenant.roles = {"app"};
    tenant.using_expression = "(org_id = (current_setting('app.org_id'::text))::uuid)";
    tenant.check_expression = tenant.using_expression;
    ir::Policy archived;
    archived.name = "archived";
    archived.permissive = false;
    archived.command = ir::PolicyCommand::delete_;
    archived.roles = {"public"};
    archived.using_expression = "false";
    archived.comment = "never";
    archived.was = "old";
    t.policies = {archived, tenant};
    t.grants = {{"analyst", "select", "", true, {}},
                {"app", "insert", "", false, {}},
                {"app", "update", "amount", false, {}}};
    db.tables = {t};
    ir::View v;
    v.name = {"billing", "v"};
    v.query = "SELECT 1 AS a";
    v.grants = {{"analyst", "select", "", false, {}}};
    db.views = {v};
    ir::Function open_to_all;
    open_to_all.name = {"billing", "f"};
    open_to_all.language = "sql";
    open_to_all.body = "select 1";
    open_to_all.grants = {{"public", "execute", "", false, {}}};
    ir::Function revoked = open_to_all;
    revoked.name.name = "g";
    revoked.grants = {};
    db.functions = {open_to_all, revoked};
    db.sequence_grants = {{{"billing", "invoices_id_seq"}, {{"app", "usage", "", false, {}}}, {}}};
    ir::DefaultPrivileges global;
    global.objects = ir::DefaultPrivilegeObjects::functions;
    global.grants = {{"app", "execute", "", false, {}}};
    ir::DefaultPrivileges billing;
    billing.for_role = "migrator";
    billing.schema = "billing";
    billing.grants = {{"analyst", "select", "", false, {}}};
    db.default_privileges = {global, billing};

    std::string text = ir_to_json_text(db);
    ir::Database back = ir_from_json_text(text);
    CHECK(back == db);
    CHECK(ir_to_json_text(back) == text);
    CHECK(back.functions.at(1).grants.empty());  // written as an empty list, read as revoked
    CHECK(back.tables.at(0).policies.at(0).command == ir::PolicyCommand::delete_);
    CHECK_FALSE(back.tables.at(0).policies.at(0).permissive);

    // A function written before grants existed reads as executable by PUBLIC, PostgreSQL's default.
    const std::string head = R"({"format": "schemac-ir", "version": 1, )";
    ir::Database old = ir_from_json_text(
        head + R"("functions": [{"schema": "public", "name": "f", "arguments": [], "language": "sql", "body": "1"}]})");
    REQUIRE(old.functions.at(0).grants.size() == 1);
    CHECK(old.functions.at(0).grants.at(0).grantee == "public");
    CHECK(old.functions.at(0).grants.at(0).privilege == "execute");

    // Sorted on reading; a privilege given twice is refused with where.
    CHECK(ir_from_json_text(head + R"("tables": [{"schema": "public", "name": "t", "columns": [], "grants": [
        {"grantee": "b", "privilege": "select"}, {"grantee": "a", "privilege": "select"}]}]})")
              .tables.at(0)
              .grants.at(0)
              .grantee == "a");
    CHECK_THROWS_WITH_AS(ir_from_json_text(
                             head + R"("tables": [{"schema": "public", "name": "t", "columns": [], "grants": [
        {"grantee": "a", "privilege": "select"}, {"grantee": "a", "privilege": "select"}]}]})"),
                         "tables[0].grants: \"select\" is given twice to \"a\"", IrJsonError);
    CHECK_THROWS_WITH_AS(ir_from_json_text(head + R"("roles": [{"name": "a"}, {"name": "a"}]})"),
                         doctest::Contains("a second role"), IrJsonError);
}

TEST_CASE("the rest of the table model round-trips through JSON: sequences, domains, composite and range types, "
          "exclusions, partitions, replica identity, column collation, statistics, @using, constraint states") {
    ir::Database db;
    std::string empty = ir_to_json_text(db);
    for (const char* key : {"sequences", "domains", "composite_types", "range_types", "exclusions", "partition",
                            "replica_identity", "collation", "statistics", "not_valid", "no_inherit"})
        CHECK(empty.find(key) == std::string::npos);

    ir::Sequence invoice_numbers;
    invoice_numbers.name = {"billing", "invoice_numbers"};
    invoice_numbers.type = {"", "integer", {}, 0};
    invoice_numbers.options.start = 1000;
    invoice_numbers.options.increment = -1;
    invoice_numbers.options.min_value = -5;
    invoice_numbers.options.cache = 10;
    invoice_numbers.options.cycle = true;
    invoice_numbers.owned_by_table = ir::QualifiedName{"billing", "invoices"};
    invoice_numbers.owned_by_column = "number";
    invoice_numbers.grants = {{"app", "usage", "", false, {}}};
    invoice_numbers.was = "numbers";
    invoice_numbers.comment = "gapless enough";
    ir::Sequence plain;
    plain.name = {"public", "ids"};
    db.sequences = {invoice_numbers, plain};

    ir::Domain email;
    email.name = {"public", "email"};
    email.type = {"", "text", {}, 0};
    email.collation = "C";
    email.not_null = true;
    email.default_value = "''::text";
    ir::Check has_at{"has_at", "(VALUE ~ '@'::text)", std::nullopt, {}};
    has_at.not_valid = true;
    email.checks = {has_at};
    db.domains = {email};

    ir::CompositeType money;
    money.name = {"public", "money_amount"};
    ir::CompositeAttribute amount;
    amount.name = "amount";
    amount.type = {"", "numeric", {"12", "2"}, 0};
    ir::CompositeAttribute currency;
    currency.name = "currency";
    currency.type = {"", "text", {}, 0};
    currency.collation = "C";
    currency.was = "ccy";
    money.attributes = {amount, currency};
    db.composite_types = {money};

    ir::RangeType floats;
    floats.name = {"public", "floatrange"};
    floats.subtype = {"", "double precision", {}, 0};
    floats.subtype_opclass = "float8_ops";
    floats.multirange = "floatmultirange";
    db.range_types = {floats};

    ir::Table events;
    events.name = {"public", "events"};
    ir::Column at;
    at.name = "at";
    at.type = {"", "timestamp with time zone", {}, 0};
    at.rare.set().statistics = 500;
    at.rare.set().using_expression = "to_timestamp((at)::double precision)";
    ir::Column code;
    code.name = "code";
    code.type = {"", "text", {}, 0};
    code.collation = "C";
    events.columns = {at, code};
    events.partition_by = ir::PartitionKey{ir::PartitionStrategy::range,
                                           {ir::IndexElement{"at", "", "", "", false, false}}};
    events.unmanaged_partitions = true;
    events.replica_identity = ir::ReplicaIdentity::full;
    ir::Check positive{"positive", "(length(code) > 0)", std::nullopt, {}};
    positive.no_inherit = true;
    events.checks = {positive};
    ir::Table november;
    november.name = {"public", "events_2026_11"};
    november.partition_of = ir::QualifiedName{"public", "events"};
    november.partition_bound = "FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00')";
    november.replica_identity = ir::ReplicaIdentity::index;
    november.replica_identity_index = "events_2026_11_at_idx";
    ir::Table bookings;
    bookings.name = {"public", "bookings"};
    ir::Exclusion no_overlap;
    no_overlap.name = "bookings_room_during_excl";
    no_overlap.elements = {{ir::IndexElement{"room", "", "", "", false, false}, "="},
                           {ir::IndexElement{"", "tstzrange(starts_at, ends_at)", "", "range_ops", false, false},
                            "&&"}};
    no_overlap.include = {"note"};
    no_overlap.where = "(NOT cancelled)";
    no_overlap.deferrable = true;
    bookings.exclusions = {no_overlap};
    ir::ForeignKey to_events;
    to_events.name = "bookings_event_fkey";
    to_events.columns = {"event_at"};
    to_events.referenced_table = {"public", "events"};
    to_events.referenced_columns = {"at"};
    to_events.not_valid = true;
    bookings.foreign_keys = {to_events};
    db.tables = {bookings, events, november};

    std::string text = ir_to_json_text(db);
    ir::Database back = ir_from_json_text(text);
    CHECK(back == db);
    CHECK(ir_to_json_text(back) == text);
    // Equality ignores nothing of these: spot-check the fields that are easy to lose on the way.
    CHECK(back.sequences.at(0).owned_by_column == "number");
    CHECK(back.sequences.at(0).options.increment == -1);
    CHECK(back.sequences.at(1).type.name == "bigint");
    CHECK(back.domains.at(0).checks.at(0).not_valid);
    CHECK(back.composite_types.at(0).attributes.at(1).was == "ccy");
    CHECK(back.range_types.at(0).multirange == "floatmultirange");
    CHECK(back.tables.at(0).exclusions.at(0).elements.at(1).operator_ == "&&");
    CHECK(back.tables.at(1).partition_by->elements.at(0).column == "at");
    CHECK(back.tables.at(1).columns.at(0).statistics() == 500);
    CHECK(back.tables.at(2).partition_of->name == "events");

    // What the reader refuses in these: a bound without a parent, an unknown strategy.
    const std::string head = R"({"format": "schemac-ir", "version": 1, "tables": [{"schema": "public", "name": "t", )";
    CHECK_THROWS_WITH_AS(ir_from_json_text(head + R"("columns": [], "partition_bound": "DEFAULT"}]})"),
                         doctest::Contains("tables[0].partition_bound: a bound without \"partition_of\""), IrJsonError);
    CHECK_THROWS_WITH_AS(
        ir_from_json_text(head + R"("columns": [], "partition_by": {"strategy": "time", "elements": []}}]})"),
        doctest::Contains("tables[0].partition_by.strategy: expected one of \"range\", \"list\", \"hash\""),
        IrJsonError);
}

TEST_CASE("the JSON handed on in pieces is the JSON written whole, and no piece is much over 256 KiB") {
    std::string schema;
    for (int i = 0; i < 2500; ++i)
        schema += "table t" + std::to_string(i) +
                  " {\n  id bigint primary key\n  note text not null default 'n'\n"
                  "  index t" +
                  std::to_string(i) + "_by_note (note)\n}\n";
    auto c = test::compile_text(schema);
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    std::string whole = ir_to_json_text(c.database);
    REQUIRE(whole.size() > 2 * 256 * 1024);  // at least three pieces
    std::string joined;
    std::size_t pieces = 0;
    ir_to_json_pieces(c.database, [&](std::string_view piece) {
        CHECK_FALSE(piece.empty());
        CHECK(piece.size() < 256 * 1024 + 4096);
        joined += piece;
        ++pieces;
    });
    CHECK(pieces >= 3);
    CHECK(joined == whole);
}

TEST_CASE(
    "the JSON writer writes nlohmann's bytes: escapes, text that is not UTF-8, empty and deeply nested containers") {
    nlohmann::json deep = nlohmann::json::array({true});
    // 150 levels: deeper than the writer's ready-made indent (128 levels).
    for (int level = 0; level < 150; ++level)
        deep = level % 2 ? nlohmann::json::array({deep}) : nlohmann::json{{"k", deep}};
    nlohmann::json document = {{"texts",
                                {"plain", "a \"quoted\" \\ word", std::string("nul\0tab\t", 8), "\x7f del",
                                 "caf\xc3\xa9", "bad \xff byte", ""}},
                               {"empty object", nlohmann::json::object()},
                               {"empty array", nlohmann::json::array()},
                               {"n", -42},
                               {"deep", deep}};
    JsonTextWriter writer;
    std::function<void(const nlohmann::json&)> write = [&](const nlohmann::json& j) {
        if (j.is_boolean()) {
            writer.boolean(j.get<bool>());
        } else if (j.is_number_integer()) {
            writer.integer(j.get<std::int64_t>());
        } else if (j.is_string()) {
            writer.string(j.get<std::string>());
        } else if (j.is_array()) {
            writer.begin_array();
            for (const nlohmann::json& e : j) write(e);
            writer.end_array();
        } else {
            writer.begin_object();
            for (const auto& [k, v] : j.items()) writer.key(k), write(v);  // nlohmann's order: sorted
            writer.end_object();
        }
    };
    write(document);
    CHECK(writer.text() == document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

TEST_CASE(
    "below the level the caller names, each container is written on one line, and reads back as nlohmann reads it") {
    JsonTextWriter writer;
    writer.one_line_from(3);
    writer.begin_object();
    writer.key("a");
    writer.begin_array();
    writer.begin_object();
    writer.integer_field("x", 1);
    writer.key("y");
    writer.begin_array();
    writer.integer(1);
    writer.string("two, \"2\"");
    writer.end_array();
    writer.end_object();
    writer.begin_object();
    writer.end_object();
    writer.end_array();
    writer.key("b");
    writer.begin_object();
    writer.key("c");
    writer.begin_object();
    writer.key("d");
    writer.begin_array();
    writer.end_array();
    writer.end_object();
    writer.end_object();
    writer.end_object();
    CHECK(writer.text() ==
          "{\n"
          "  \"a\": [\n"
          "    {\"x\": 1, \"y\": [1, \"two, \\\"2\\\"\"]},\n"
          "    {}\n"
          "  ],\n"
          "  \"b\": {\n"
          "    \"c\": {\"d\": []}\n"
          "  }\n"
          "}");
    CHECK(nlohmann::json::parse(writer.text()) ==
          nlohmann::json{{"a", {{{"x", 1}, {"y", {1, "two, \"2\""}}}, nlohmann::json::object()}},
                         {"b", {{"c", {{"d", nlohmann::json::array()}}}}}});
}
