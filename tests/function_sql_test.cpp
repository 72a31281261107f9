// The one rendering of CREATE FUNCTION / PROCEDURE and of a function's identity: exact text,
// statements PostgreSQL's parser reads back to the same declaration, the body exactly as written.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/function_sql.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "postgres_cluster.hpp"

using namespace schemac;
using nlohmann::json;

namespace {

ir::Type type(std::string name, int dimensions = 0) { return ir::Type{"", std::move(name), {}, dimensions}; }

// A function of one input argument.
ir::Function function(ir::QualifiedName name, std::string argument, std::string argument_type, std::string returns,
                      std::string language, std::string body) {
    ir::Function f;
    f.name = std::move(name);
    f.arguments = {
        ir::FunctionArgument{std::move(argument), ir::ArgumentMode::in, type(std::move(argument_type)), std::nullopt}};
    f.returns = type(std::move(returns));
    f.language = std::move(language);
    f.body = std::move(body);
    return f;
}

ir::Function invoice_total() {
    ir::Function f = function(
        {"billing", "invoice_total"}, "invoice_id", "bigint", "numeric", "sql",
        " select coalesce(sum(amount), 0) from billing.lines where lines.invoice_id = invoice_total.invoice_id ");
    f.volatility = ir::Volatility::stable;
    f.parallel = ir::ParallelSafety::safe;
    return f;
}

// The CreateFunctionStmt of a statement that must parse.
json create_statement(const std::string& sql) {
    PgParse parsed = pg_parse(sql);
    REQUIRE_MESSAGE(parsed.ok(), parsed.error, "\n", sql);
    json tree = json::parse(*parsed.tree);
    REQUIRE(tree["stmts"].size() == 1);
    return tree["stmts"][0]["stmt"]["CreateFunctionStmt"];
}

// The string of `AS '...'` in the parsed statement: the body PostgreSQL will keep.
std::string parsed_body(const json& stmt) {
    for (const json& option : stmt["options"]) {
        const json& d = option["DefElem"];
        if (d["defname"] == "as") return d["arg"]["List"]["items"][0]["String"]["sval"];
    }
    return "<none>";
}

}  // namespace

TEST_CASE("CREATE FUNCTION: signature, returns, language, options, body in dollar quotes") {
    ir::Function f = invoice_total();
    CHECK(create_function_statement(f, false) ==
          "CREATE FUNCTION billing.invoice_total(invoice_id bigint) RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE "
          "AS $schemac$ select coalesce(sum(amount), 0) from billing.lines where lines.invoice_id = "
          "invoice_total.invoice_id $schemac$;");
    CHECK(create_function_statement(f, true).starts_with("CREATE OR REPLACE FUNCTION billing.invoice_total("));
    json stmt = create_statement(create_function_statement(f, false));
    CHECK(parsed_body(stmt) == f.body);
    CHECK(function_identity_sql(f) == "billing.invoice_total(bigint)");
    CHECK(std::string(function_kind_sql(f)) == "FUNCTION");
}

TEST_CASE("every option when set, and only then: strict, security definer, leakproof, cost, rows, settings") {
    ir::Function f;
    f.name = {"public", "Order Lines"};
    f.arguments = {ir::FunctionArgument{"user", ir::ArgumentMode::in, type("text"), std::string("'x'")},
                   ir::FunctionArgument{"", ir::ArgumentMode::variadic, type("integer", 1), std::nullopt},
                   ir::FunctionArgument{"total", ir::ArgumentMode::out, type("numeric"), std::nullopt}};
    f.returns = type("numeric");
    f.returns_set = true;
    f.language = "plpgsql";
    f.body = "begin return; end";
    f.volatility = ir::Volatility::immutable;
    f.strict = true;
    f.security_definer = true;
    f.leakproof = true;
    f.parallel = ir::ParallelSafety::restricted;
    f.cost = 2.5;
    f.rows = 10;
    f.settings = {{"search_path", "\"$user\", public, pg_temp"}, {"work_mem", "64MB"}};
    std::string sql = create_function_statement(f, false);
    CHECK(sql ==
          "CREATE FUNCTION public.\"Order Lines\"(\"user\" text DEFAULT 'x', VARIADIC integer[], OUT total numeric) "
          "RETURNS SETOF numeric LANGUAGE plpgsql IMMUTABLE STRICT SECURITY DEFINER LEAKPROOF PARALLEL RESTRICTED "
          "COST 2.5 ROWS 10 SET search_path TO '$user', 'public', 'pg_temp' SET work_mem TO '64MB' "
          "AS $schemac$begin return; end$schemac$;");
    json stmt = create_statement(sql);
    CHECK(stmt["parameters"].size() == 3);
    CHECK(function_identity_sql(f) == "public.\"Order Lines\"(text, integer[])");
}

TEST_CASE("RETURNS TABLE, procedures, C functions and SQL-standard bodies") {
    ir::Function table = invoice_total();
    table.returns.reset();
    table.returns_set = true;
    table.returns_table = {ir::FunctionArgument{"id", ir::ArgumentMode::in, type("bigint"), std::nullopt},
                           ir::FunctionArgument{"note", ir::ArgumentMode::out, type("text"), std::string("'x'")}};
    table.parallel = ir::ParallelSafety::unsafe;
    table.volatility = ir::Volatility::volatile_;
    table.body = "select 1, 'a'";
    CHECK(create_function_statement(table, false) ==
          "CREATE FUNCTION billing.invoice_total(invoice_id bigint) RETURNS TABLE (id bigint, note text) "
          "LANGUAGE sql AS $schemac$select 1, 'a'$schemac$;");
    create_statement(create_function_statement(table, false));

    ir::Function procedure;
    procedure.name = {"public", "archive"};
    procedure.procedure = true;
    procedure.arguments = {ir::FunctionArgument{"days", ir::ArgumentMode::inout, type("integer"), std::nullopt}};
    procedure.language = "plpgsql";
    procedure.body = "begin delete from logs; end";
    procedure.volatility = ir::Volatility::stable;  // not a procedure's: left out
    procedure.security_definer = true;
    CHECK(create_function_statement(procedure, true) ==
          "CREATE OR REPLACE PROCEDURE public.archive(INOUT days integer) LANGUAGE plpgsql SECURITY DEFINER "
          "AS $schemac$begin delete from logs; end$schemac$;");
    CHECK(create_statement(create_function_statement(procedure, false))["is_procedure"] == true);
    CHECK(std::string(function_kind_sql(procedure)) == "PROCEDURE");
    CHECK(function_identity_sql(procedure) == "public.archive(integer)");

    ir::Function c = function({"public", "add_one"}, "", "integer", "integer", "c", "$libdir/add_one");
    c.link_symbol = "add_one";
    FunctionSql c_sql = create_function_sql(c, false);
    CHECK(c_sql.text == "CREATE FUNCTION public.add_one(integer) RETURNS integer LANGUAGE c AS '$libdir/add_one', "
                        "'add_one';");
    CHECK(c_sql.text.substr(c_sql.body_offset, c.body.size()) == c.body);
    create_statement(c_sql.text);

    ir::Function atomic = invoice_total();
    atomic.body.clear();
    atomic.sql_body = "BEGIN ATOMIC\n  SELECT 1;\nEND";
    FunctionSql atomic_sql = create_function_sql(atomic, false);
    CHECK(atomic_sql.text.ends_with(" PARALLEL SAFE\nBEGIN ATOMIC\n  SELECT 1;\nEND;"));
    CHECK(atomic_sql.text.substr(atomic_sql.body_offset).starts_with("BEGIN ATOMIC"));
    CHECK(create_statement(atomic_sql.text).contains("sql_body"));
}

TEST_CASE("the body reaches PostgreSQL exactly as written, whatever dollar quotes it holds") {
    ir::Function f = invoice_total();
    for (std::string body : {std::string("select $$a$$ || $schemac$b$schemac$"), std::string("select 1 -- é\n"),
                             std::string("select '$schemac'"), std::string("select 1 as \"$schemac\""),
                             std::string("select 'x$schemac_1$' as $schemac"), std::string("")}) {
        CAPTURE(body);
        f.body = body;
        FunctionSql sql = create_function_sql(f, false);
        CHECK(sql.text.substr(sql.body_offset, body.size()) == body);
        CHECK(parsed_body(create_statement(sql.text)) == body);
    }
}

TEST_CASE("a dollar-quoted text ends where its tag first occurs, the body's end included") {
    CHECK(dollar_quote("a") == "$schemac$a$schemac$");
    CHECK(dollar_quote("x $schemac$ y") == "$schemac_1$x $schemac$ y$schemac_1$");
    // `$schemac` at the end, followed by the tag, would close the quote early.
    CHECK(dollar_quote("select 1 as $schemac") == "$schemac_1$select 1 as $schemac$schemac_1$");
}

TEST_CASE("on PostgreSQL: the rendered statements create what they declare, settings as proconfig keeps them") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("function_sql");
    ir::Function f = function({"public", "Settings"}, "user", "text", "integer", "plpgsql", "begin return 1; end");
    f.settings = {{"search_path", "\"$user\", public, pg_temp"}, {"work_mem", "64MB"}, {"lock_timeout", "0"}};
    f.volatility = ir::Volatility::stable;
    f.strict = true;
    f.cost = 7;
    cluster.execute("function_sql", create_function_statement(f, false));
    std::string oid = "'" + function_identity_sql(f) + "'::regprocedure";
    CHECK(cluster.query_value("function_sql",
                              "select array_to_string(proconfig, ' | ') from pg_proc where oid = " + oid) ==
          "lock_timeout=0 | search_path=\"$user\", public, pg_temp | work_mem=64MB");
    CHECK(cluster.query_value("function_sql", "select concat_ws(' ', provolatile, proisstrict, procost) from "
                                              "pg_proc where oid = " +
                                                  oid) == "s t 7");
    // OR REPLACE puts every option back to what the declaration says.
    f.settings.clear();
    f.volatility = ir::Volatility::volatile_;
    f.cost.reset();
    cluster.execute("function_sql", create_function_statement(f, true));
    CHECK(cluster.query_value("function_sql", "select concat_ws(' ', provolatile, proisstrict, procost, "
                                              "proconfig is null) from pg_proc where oid = " +
                                                  oid) == "v t 100 t");
    cluster.execute("function_sql", std::string("DROP ") + function_kind_sql(f) + " " + function_identity_sql(f));
    cluster.drop_database("function_sql");
}
