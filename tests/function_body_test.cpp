// Function bodies through PostgreSQL's parsers: errors at the byte PostgreSQL points at, what a
// body reads and calls (embedded SQL of PL/pgSQL included), and a canonical form that ignores
// layout, comments and keyword case but not a change of meaning.
#include <doctest/doctest.h>

#include <libpq-fe.h>

#include <cstdlib>
#include <utility>

#include "compiler/sql/function_body.hpp"
#include "compiler/sql/function_sql.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "postgres_cluster.hpp"

using namespace schemac;

namespace {

ir::Function function_of(std::string language, std::string body, std::string returns = "integer") {
    ir::Function f;
    f.name = {"public", "f"};
    f.arguments = {ir::FunctionArgument{"a", ir::ArgumentMode::in, ir::Type{"", "integer", {}, 0}, std::nullopt}};
    f.returns = ir::Type{"", std::move(returns), {}, 0};
    f.language = std::move(language);
    f.body = std::move(body);
    return f;
}

ir::Function plpgsql(std::string body, std::string returns = "integer") {
    return function_of("plpgsql", std::move(body), std::move(returns));
}

// "audit.log, orders": the relations a body reads, in their order.
std::string relations(const BodyFacts& facts) {
    std::string out;
    for (const RelationRead& r : facts.relations)
        out += (out.empty() ? "" : ", ") + (r.schema ? *r.schema + "." : "") + r.name;
    return out;
}

// "billing.total/2, now/0": the functions called with their argument counts, in their order.
std::string calls(const std::vector<FunctionCall>& list) {
    std::string out;
    for (const FunctionCall& c : list)
        out += (out.empty() ? "" : ", ") + (c.schema ? *c.schema + "." : "") + c.name + "/" +
               std::to_string(c.argument_count);
    return out;
}

// The offset of the `n`th (0-based) occurrence of `marker` in `text`.
std::size_t offset_of(const std::string& text, const std::string& marker, int n = 0) {
    std::size_t at = text.find(marker);
    while (n-- > 0 && at != std::string::npos) at = text.find(marker, at + 1);
    REQUIRE_MESSAGE(at != std::string::npos, marker);
    return at;
}

}  // namespace

TEST_CASE("an SQL body: several statements, what they read and call, CTE names not relations") {
    ir::Function f = function_of(
        "sql", "insert into audit.log (at) values (now());\n"
               "with recent as (select * from orders o where o.created_at > now() - interval '1 day')\n"
               "select billing.total(r.id, 2), count(*) from recent r join \"Users\" u on u.id = r.user_id\n"
               "where exists (select 1 from public.blocked b where b.id = u.id);");
    BodyFacts facts = function_body_facts(f);
    CHECK(facts.checked);
    REQUIRE(facts.valid);
    CHECK(relations(facts) == "Users, orders, audit.log, public.blocked");
    CHECK(calls(facts.calls) == "count/0, now/0, billing.total/2");
}

TEST_CASE("an SQL body: the sequences it names in nextval, currval and setval, as regclass reads them") {
    ir::Function f = function_of("sql", "select nextval('Orders_id_seq'), currval('billing.\"No\"'::regclass),\n"
                                        "  pg_catalog.setval('s', 1), other.nextval('t'), nextval(name_of_it)");
    BodyFacts facts = function_body_facts(f);
    REQUIRE(facts.valid);
    std::string names;
    for (const ir::QualifiedName& s : facts.sequences) names += ir::display_name(s) + ";";
    CHECK(names == "billing.No;orders_id_seq;s;");
}

TEST_CASE("a CTE's name is a relation before the WITH that declares it, and inside it unless recursive") {
    ir::Function f = function_of("sql",
                                 "with t as (select * from t where false), u as (select * from t) select * from u;\n"
                                 "with recursive r as (select 1 union all select 1 from r) select * from r, t");
    BodyFacts facts = function_body_facts(f);
    REQUIRE(facts.valid);
    CHECK(relations(facts) == "t");
}

TEST_CASE("an SQL body's syntax error is at PostgreSQL's byte, past non-ASCII text and lines") {
    std::string body = "select 'é€' as name;\n  select a frm t;";
    BodyFacts facts = function_body_facts(function_of("sql", body));
    CHECK(facts.checked);
    CHECK_FALSE(facts.valid);
    CHECK(facts.error == "syntax error at or near \"t\"");
    CHECK(facts.error_offset == offset_of(body, "t;"));
}

TEST_CASE("PL/pgSQL: reads and calls of every kind of statement's embedded SQL") {
    std::string body = R"(
declare
  total numeric := helper.start_value();
  u users%rowtype;
  price billing.lines.amount%type;
  same total%type;
  r record;
  c cursor for select * from cursor_source;
begin
  if a > limits.max_value() then
    perform notify_admins(a, 'x');
  elsif a < 0 then
    raise exception 'negative: %', describe(a);
  end if;
  for r in select * from orders o join lateral (select * from items i where i.order_id = o.id) x on true loop
    insert into audit.log values (r.id);
  end loop;
  while total < 10 loop
    total := total + step(total);
  end loop;
  return query with recent as (select * from events) select count(*)::integer from recent;
  select sum(amount) into total from billing.lines where id = a;
  update accounts set balance = balance - total where id = a;
  delete from sessions where expires_at < now();
  execute 'select * from hidden_from_parsers';
  execute format('select * from %I', 'also_hidden') using a;
  call archive(a);
  return next a;
end
)";
    BodyFacts facts = function_body_facts(plpgsql(body, "integer"));
    ir::Function f = plpgsql(body, "integer");
    f.returns_set = true;
    facts = function_body_facts(f);
    CHECK(facts.checked);
    REQUIRE_MESSAGE(facts.valid, facts.error);
    CHECK(relations(facts) ==
          "accounts, cursor_source, events, items, orders, sessions, users, audit.log, billing.lines");
    CHECK(
        calls(facts.calls) ==
        "archive/1, count/0, describe/1, format/2, notify_admins/2, now/0, step/1, sum/1, helper.start_value/0, limits.max_value/0");
}

TEST_CASE("NEW, OLD and TG_ variables of a trigger function are not relations") {
    BodyFacts facts = function_body_facts(
        plpgsql("begin\n  if tg_op = 'UPDATE' and new.total is distinct from old.total then\n"
                "    insert into history (id, total, at) values (old.id, old.total, now());\n  end if;\n"
                "  raise notice '% on %', tg_name, tg_table_name;\n  return new;\nend",
                "trigger"));
    REQUIRE_MESSAGE(facts.valid, facts.error);
    CHECK(relations(facts) == "history");
    CHECK(calls(facts.calls) == "now/0");
}

TEST_CASE("other languages are opaque: not checked, nothing read") {
    BodyFacts facts = function_body_facts(function_of("plperl", "return $_[0] + ;"));
    CHECK_FALSE(facts.checked);
    CHECK(facts.valid);
    CHECK(facts.relations.empty());
    CHECK(facts.calls.empty());
}

TEST_CASE("the functions an expression or a query calls") {
    CHECK(calls(sql_calls("lower(email) || billing.suffix(id, 'x')")) == "lower/1, billing.suffix/2");
    CHECK(calls(sql_calls("select count(*), max(x) from t where is_active(t)")) == "count/0, is_active/1, max/1");
    CHECK(sql_calls("a > 0").empty());
    CHECK(sql_calls("a >").empty());
}

namespace {

// Bodies PostgreSQL refuses when the function is created, each with a mistake in a different place.
std::vector<std::string> broken_plpgsql_bodies() {
    return {
        "begin\n\n\n  fooo bar;\nend",                                                     // an unknown word starts SQL
        "declare x int;\nbegin\n  x := 1;\n  if x > 0 then\n    null;\n  end loop;\nend",  // END LOOP closing an IF
        "begin\n  select from from;\nend",                                                 // SQL: FROM names no table
        "declare x int;\nbegin\n x := 1 +;\nend",                                          // an expression ends early
        "declare x int;\nbegin\n  if x + then return 1; end if;\nend",                     // a condition ends early
        "begin\n  x := 1;\nend",                                                           // an undeclared variable
        "declare n int;\nbegin\n  -- é, ü: comments and non-ASCII text before the error\n"
        "  select 'naïve €' into n from t where a = 1 and and b = 2 and c = 3;\nend",  // the second of three ANDs
        "begin\n  return 1\nend",                                                      // a missing semicolon
        "begin\n  return 1;",                                                          // a missing END
        "declare\n  r record;\nbegin\n  for r in select * from t loop\n    return query select 1;\n  end loop;\nend",
        "begin\n  perform 'unterminated;\nend",                                     // the scanner's own error
        "begin\n  raise notice 'a % b %', 1;\nend",                                 // too few RAISE parameters
        "begin\n  exit;\nend",                                                      // EXIT outside a loop
        "begin\n  loop\n    exit nowhere;\n  end loop;\nend",                       // an unknown label
        "declare\n  x integer := ;\nbegin\n  return x;\nend",                       // a default that ends early
        "declare\n  x integer;\n  x2 intt eger;\nbegin\n  return x;\nend",          // a type of two words
        "begin\n  update t set a = 1 wher b = 2;\n  return 1;\nend",                // a typo in UPDATE
        "begin\n  return (select count(*) from t where a in (1, 2);\nend",          // an unclosed parenthesis
        "begin\n  insert into t values (1), (2) returning;\nend",                   // RETURNING without a list
        "begin\n  case 1 when 1 then null; end;\nend",                              // END CASE written END
        "<<outer>>\nbegin\n  return 1;\nend inner;",                                // a mismatched end label
        "declare\n  x integer;\nbegin\n  open x;\n  return 1;\nend",                // not a cursor
        "declare\n  c cursor for select 1;\nbegin\n  r.a := 1;\n  return 1;\nend",  // no record r
    };
}

// PostgreSQL's answer to creating `statement`: its message and the byte offset it points at
// (PG_DIAG_STATEMENT_POSITION, a 1-based character position; npos when it gives none); an empty
// message when it succeeds.
std::pair<std::string, std::size_t> postgres_error(PGconn* connection, const std::string& statement) {
    PQclear(PQexec(connection, "begin"));
    PGresult* result = PQexec(connection, statement.c_str());
    std::pair<std::string, std::size_t> out;
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
        const char* message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
        const char* position = PQresultErrorField(result, PG_DIAG_STATEMENT_POSITION);
        out.first = message ? message : "";
        out.second = position ? cursor_byte_offset(statement, std::atoi(position)) : std::string::npos;
    }
    PQclear(result);
    PQclear(PQexec(connection, "rollback"));
    return out;
}

}  // namespace

TEST_CASE("on PostgreSQL: a PL/pgSQL body's error has PostgreSQL's message, at PostgreSQL's byte") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    PGconn* connection = PQconnectdb(cluster.url().c_str());
    REQUIRE(PQstatus(connection) == CONNECTION_OK);
    for (const std::string& body : broken_plpgsql_bodies()) {
        CAPTURE(body);
        ir::Function f = plpgsql(body);
        FunctionSql sql = create_function_sql(f, false);
        auto [message, at] = postgres_error(connection, sql.text);
        BodyFacts facts = function_body_facts(f);
        CHECK_FALSE(facts.valid);
        CHECK(facts.error == message);
        CHECK(facts.error_offset <= body.size());
        if (at == std::string::npos) continue;  // PostgreSQL points nowhere (too few RAISE parameters)
        std::size_t expected = at - sql.body_offset;
        std::string written = body.substr(0, facts.error_offset) + "^" + body.substr(facts.error_offset);
        std::string postgres = body.substr(0, expected) + "^" + body.substr(expected);
        CHECK(written == postgres);
    }
    PQfinish(connection);
}

TEST_CASE("an SQL body's canonical form: layout, comments and keyword case do not count, a constant does") {
    ir::Function written = function_of("sql", "select coalesce(sum(amount), 0) from lines where id = a and n > -1");
    ir::Function layout = function_of("sql", "SELECT coalesce(SUM(amount), 0)\n  FROM lines -- the lines\n"
                                             "  WHERE id = a AND n > - 1;");
    CHECK(same_function_body(written, layout));
    CHECK(function_body_fingerprint(written) == function_body_fingerprint(layout));
    for (std::string changed :
         {"select coalesce(sum(amount), 1) from lines where id = a and n > -1",
          "select coalesce(sum(amount), 0) from lines where id = a and n > 0",
          "select coalesce(sum(amount), 0) from lines where id = a and n > -2",
          "select coalesce(sum(amount), 0) from lines where id = a or n > -1",
          "select coalesce(sum(amount), 0) from lines where id = a and n > -1; select 1"}) {
        CAPTURE(changed);
        CHECK_FALSE(same_function_body(written, function_of("sql", changed)));
    }
}

TEST_CASE("a PL/pgSQL body's canonical form: line numbers, layout, comments and case do not count") {
    std::string body = "declare\n  total numeric := 0;\nbegin\n  if a > 0 then\n    total := a * 2;\n  end if;\n"
                       "  raise notice 'total %', total;\n  return total;\nend";
    std::string layout =
        "\n\n-- doubles positive values\nDECLARE total NUMERIC := 0;\nBEGIN\n  IF a>0 THEN total:=a*2; "
        "END IF;\n  RAISE NOTICE 'total %', total;\n  /* done */\n  RETURN total;\nEND;\n";
    CHECK(same_function_body(plpgsql(body), plpgsql(layout)));
    for (std::string changed :
         {"declare\n  total numeric := 1;\nbegin\n  if a > 0 then\n    total := a * 2;\n  end if;\n"
          "  raise notice 'total %', total;\n  return total;\nend",
          "declare\n  total numeric := 0;\nbegin\n  if a >= 0 then\n    total := a * 2;\n  end if;\n"
          "  raise notice 'total %', total;\n  return total;\nend",
          "declare\n  total numeric := 0;\nbegin\n  if a > 0 then\n    total := a * -2;\n  end if;\n"
          "  raise notice 'total %', total;\n  return total;\nend",
          "declare\n  total numeric := 0;\nbegin\n  if a > 0 then\n    total := a * 2;\n  end if;\n"
          "  raise notice 'sum %', total;\n  return total;\nend",
          "declare\n  total integer := 0;\nbegin\n  if a > 0 then\n    total := a * 2;\n  end if;\n"
          "  raise notice 'total %', total;\n  return total;\nend",
          "declare\n  total numeric := 0;\nbegin\n  if a > 0 then\n    total := a * 2;\n  end if;\n"
          "  raise warning 'total %', total;\n  return total;\nend",
          "declare\n  total numeric := 0;\nbegin\n  if a > 0 then\n    total := a * 2;\n  else\n    null;\n"
          "  end if;\n  return total;\nend"}) {
        CAPTURE(changed);
        CHECK_FALSE(same_function_body(plpgsql(body), plpgsql(changed)));
    }
}

TEST_CASE("an SQL-standard body's canonical form, and other languages compared as text") {
    ir::Function atomic = function_of("sql", "");
    atomic.sql_body = "begin atomic\n  select a + 1;\n  select 2;\nend";
    ir::Function layout = atomic;
    layout.sql_body = "BEGIN ATOMIC SELECT (a+1); SELECT 2; END";
    CHECK(same_function_body(atomic, layout));
    layout.sql_body = "BEGIN ATOMIC SELECT a + 2; SELECT 2; END";
    CHECK_FALSE(same_function_body(atomic, layout));

    CHECK(same_function_body(function_of("plperl", "return 1;"), function_of("plperl", "return 1;")));
    CHECK_FALSE(same_function_body(function_of("plperl", "return 1;"), function_of("plperl", "return  1;")));
    CHECK_FALSE(same_function_body(function_of("sql", "select 1"), function_of("plperl", "select 1")));
}

TEST_CASE("an SQL-standard body's canonical text") {
    CHECK(canonical_sql_body("begin atomic\n  select a+1; -- one\n  insert into t(a) values (a);\nend") ==
          "BEGIN ATOMIC\n  SELECT a + 1;\n  INSERT INTO t (a) VALUES (a);\nEND");
    CHECK(canonical_sql_body("BEGIN ATOMIC END") == "BEGIN ATOMIC\nEND");
    CHECK(canonical_sql_body("return (a * 2)") == "RETURN a * 2");
    CHECK(canonical_sql_body("begin atomic select 1 end") == std::nullopt);
    CHECK(canonical_sql_body("select 1") == std::nullopt);
}

namespace {

struct ShownBack {
    std::string prosrc;   // the body as PostgreSQL keeps it
    std::string sqlbody;  // pg_get_function_sqlbody, for an SQL-standard body
};

ShownBack create_and_read(test::PostgresCluster& cluster, const std::string& database, const ir::Function& f) {
    cluster.execute(database, create_function_statement(f, false));
    std::string oid = "'" + function_identity_sql(f) + "'::regprocedure";
    return ShownBack{cluster.query_value(database, "select prosrc from pg_proc where oid = " + oid),
                     cluster.query_value(database, "select coalesce(pg_get_function_sqlbody(" + oid + "), '')")};
}

}  // namespace

TEST_CASE("on PostgreSQL: a body shown back has the fingerprint of the body written") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("function_bodies");
    cluster.execute("function_bodies", "create table t (a integer, b text)");
    std::vector<ir::Function> written = {
        function_of("sql", "\n  -- the first\n  SELECT a FROM t WHERE b = 'x' LIMIT 1\n"),
        plpgsql("declare n integer := 0; -- é\nbegin\n  select count(*) into n from t where a > -1;\n"
                "  if n > 0 then return n; end if;\n  return -1;\nend\n"),
    };
    for (std::string atomic : {"begin atomic\n  select a + 1;\nend", "return a * 2 + 1",
                               "begin atomic\n  insert into t (a, b) values (a, 'x');\n  select max(t.a) from t;\nend",
                               "return (select count(*) from t where t.a > 0 and t.b <> 'y')"}) {
        ir::Function f = function_of("sql", "");
        f.sql_body = canonical_sql_body(atomic);
        REQUIRE_MESSAGE(f.sql_body, atomic);
        written.push_back(f);
    }
    for (std::size_t i = 0; i < written.size(); ++i) {
        ir::Function f = written[i];
        f.name.name = "f" + std::to_string(i);
        CAPTURE(f.body);
        std::string sql_body = f.sql_body.value_or("");
        CAPTURE(sql_body);
        ShownBack shown = create_and_read(cluster, "function_bodies", f);
        ir::Function read = f;
        if (f.sql_body) {
            CAPTURE(shown.sqlbody);
            read.sql_body = canonical_sql_body(shown.sqlbody);
            REQUIRE(read.sql_body);
        } else {
            CHECK(shown.prosrc == f.body);  // verbatim
            read.body = shown.prosrc;
        }
        std::string read_body = read.sql_body.value_or("");
        CAPTURE(read_body);
        CHECK(same_function_body(f, read));
        read.body += " ";
        CHECK(same_function_body(f, read));
    }
    cluster.drop_database("function_bodies");
}

TEST_CASE("what libpg_query's PL/pgSQL parser refuses but PostgreSQL accepts is read, not refused") {
    // Cursors, a record's fields assigned, a cursor FOR loop: the parser knows no variable's type.
    std::string body = "declare\n  c cursor for select * from cursor_source;\n  d refcursor;\n  r record;\n"
                       "  x integer;\nbegin\n  open c;\n  fetch c into x;\n  close c;\n"
                       "  open d for select * from opened where id = lookup(x);\n  close d;\n"
                       "  select 1 as total into r;\n  r.total := r.total + bump(x);\n"
                       "  for row in c loop\n    insert into copied values (row.id);\n  end loop;\n  return x;\nend";
    BodyFacts facts = function_body_facts(plpgsql(body));
    REQUIRE_MESSAGE(facts.valid, facts.error);
    CHECK(relations(facts) == "copied, cursor_source, opened");
    CHECK(calls(facts.calls) == "bump/1, lookup/1");
    // What it cannot read still counts in the canonical form.
    std::string other = body;
    other.replace(other.find("fetch c into x"), 14, "fetch c into r");
    CHECK_FALSE(same_function_body(plpgsql(body), plpgsql(other)));
    // A name that is not a declared variable is PostgreSQL's error too, where it says.
    BodyFacts undeclared = function_body_facts(plpgsql("begin\n  open nothing;\n  return 1;\nend"));
    CHECK_FALSE(undeclared.valid);
    CHECK(undeclared.error == "\"nothing\" is not a known variable");
    BodyFacts field = function_body_facts(plpgsql("begin\n  rec.total := 1;\n  return 1;\nend"));
    CHECK_FALSE(field.valid);
    CHECK(field.error == "\"rec.total\" is not a known variable");
    CHECK(field.error_offset == 8);
}

TEST_CASE("parse trees compared for meaning keep each integer's sign and value") {
    // libpg_query's JSON prints 0 and every negative integer alike.
    CHECK_FALSE(same_parse_tree("select -1", "select 0"));
    CHECK_FALSE(same_parse_tree("select -1", "select -2"));
    CHECK(same_parse_tree("select - 1", "SELECT -1;"));
    CHECK(canonical_parse_tree("select 1;\n\nselect 2") == canonical_parse_tree("select 1; select 2;"));
}

TEST_CASE("an SQL-standard body: its error's offset is in the body, what it reads and calls") {
    ir::Function f = function_of("sql", "");
    f.sql_body = "BEGIN ATOMIC\n  INSERT INTO audit (at) VALUES (now());\n  SELEC 2;\nEND";
    BodyFacts broken = function_body_facts(f);
    CHECK(broken.checked);
    CHECK_FALSE(broken.valid);
    CHECK(broken.error == "syntax error at or near \"SELEC\"");
    CHECK(broken.error_offset == offset_of(*f.sql_body, "SELEC 2"));
    f.sql_body = "BEGIN ATOMIC\n  INSERT INTO audit (at) VALUES (now());\n  SELECT total(a) FROM billing.lines;\nEND";
    BodyFacts facts = function_body_facts(f);
    REQUIRE(facts.valid);
    CHECK(relations(facts) == "audit, billing.lines");
    CHECK(calls(facts.calls) == "now/0, total/1");
}

TEST_CASE("RETURN and RETURN NEXT without a value in a function with output parameters") {
    ir::Function table = plpgsql("begin\n  id := 1;\n  note := 'x';\n  return next;\n  return;\nend", "");
    table.returns.reset();
    table.returns_set = true;
    table.returns_table = {
        ir::FunctionArgument{"id", ir::ArgumentMode::in, ir::Type{"", "bigint", {}, 0}, std::nullopt},
        ir::FunctionArgument{"note", ir::ArgumentMode::in, ir::Type{"", "text", {}, 0}, std::nullopt}};
    BodyFacts facts = function_body_facts(table);
    CHECK_MESSAGE(facts.valid, facts.error);
    // Without output parameters PostgreSQL wants a value for RETURN NEXT.
    ir::Function set = plpgsql("begin\n  return next;\nend", "integer");
    set.returns_set = true;
    BodyFacts scalar = function_body_facts(set);
    CHECK_FALSE(scalar.valid);
    CHECK(scalar.error == "missing expression at or near \";\"");
    CHECK(scalar.error_offset == offset_of("begin\n  return next;\nend", ";"));
}

TEST_CASE("the types a body names: casts and declarations, qualified or not, pg_catalog's spellings left out") {
    ir::Function sql = function_of("sql", "select row(1, 'a')::editor, 'x'::billing.kind, 2::integer, 3::int4");
    BodyFacts facts = function_body_facts(sql);
    std::string types;
    for (const TypeUse& t : facts.types) types += (types.empty() ? "" : ", ") + t.schema.value_or("-") + "." + t.name;
    CHECK(types == "-.editor, -.int4, billing.kind");

    ir::Function plpgsql = function_of("plpgsql", "declare\n  kind ratable_kind;\n  tags billing.tag[];\n  n integer;\n"
                                                  "begin\n  return null;\nend");
    facts = function_body_facts(plpgsql);
    REQUIRE(facts.valid);
    types.clear();
    for (const TypeUse& t : facts.types) types += (types.empty() ? "" : ", ") + t.schema.value_or("-") + "." + t.name;
    CHECK(types == "-.integer, -.ratable_kind, billing.tag");
}
