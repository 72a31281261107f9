// Moving a migration's SQL from its template schema into one tenant's schema, through the
// scanner's tokens: qualified names, SCHEMA clauses, regclass strings, routine bodies and
// search_path settings move; comments, other strings, quoted look-alikes and `public` as a
// column name stay byte for byte.
#include <doctest/doctest.h>

#include "compiler/ir/rename_schema.hpp"
#include "compiler/sql/tenant_rewrite.hpp"

using namespace schemac;

namespace {

std::string tenant_moved(std::string_view sql, std::string from = "public", std::string to = "tenant_007") {
    return rewrite_schema_references(sql, SchemaMapping{std::move(from), std::move(to)});
}

}  // namespace

TEST_CASE("tenant rewrite: qualified names move, in any spelling of the schema") {
    CHECK(tenant_moved("CREATE TABLE public.users (id integer)") == "CREATE TABLE tenant_007.users (id integer)");
    CHECK(tenant_moved("ALTER TABLE \"public\".\"Users\" ADD x int") == "ALTER TABLE tenant_007.\"Users\" ADD x int");
    CHECK(tenant_moved("ALTER TABLE PUBLIC.users ADD x int") == "ALTER TABLE tenant_007.users ADD x int");
    CHECK(tenant_moved("SELECT * FROM public . t") == "SELECT * FROM tenant_007 . t");
    // A name that must be quoted is.
    CHECK(tenant_moved("DROP TABLE public.t", "public", "Tenant One") == "DROP TABLE \"Tenant One\".t");
    CHECK(tenant_moved("ALTER TABLE public.a ADD FOREIGN KEY (b) REFERENCES public.b (id)") ==
          "ALTER TABLE tenant_007.a ADD FOREIGN KEY (b) REFERENCES tenant_007.b (id)");
    // Another template schema.
    CHECK(tenant_moved("CREATE TABLE tenant.t (id int); SELECT public.f()", "tenant", "t2") ==
          "CREATE TABLE t2.t (id int); SELECT public.f()");
}

TEST_CASE("tenant rewrite: what only looks like the schema stays") {
    // `public` as a column or table name, after a dot, quoted differently, in comments and strings.
    CHECK(tenant_moved("SELECT public, t.public FROM t") == "SELECT public, t.public FROM t");
    CHECK(tenant_moved("SELECT t.public.x FROM t") == "SELECT t.public.x FROM t");
    CHECK(tenant_moved("SELECT \"Public\".x FROM \"Public\"") == "SELECT \"Public\".x FROM \"Public\"");
    CHECK(tenant_moved("SELECT 1 -- public.t\n/* public.t */") == "SELECT 1 -- public.t\n/* public.t */");
    CHECK(tenant_moved("INSERT INTO t VALUES ('see public.t here', 'public', E'public.a\\\\b')") ==
          "INSERT INTO t VALUES ('see public.t here', 'public', E'public.a\\\\b')");
    CHECK(tenant_moved("SELECT $x$ public.t $x$") == "SELECT $x$ public.t $x$");
    CHECK(tenant_moved("SELECT 'public.example.com'") == "SELECT 'public.example.com'");
    CHECK(tenant_moved("SELECT publicity.x FROM publicity") == "SELECT publicity.x FROM publicity");
    // A text the scanner refuses is returned as it is.
    CHECK(tenant_moved("SELECT 'public.t") == "SELECT 'public.t");
}

TEST_CASE("tenant rewrite: SCHEMA clauses move, extensions stay the database's") {
    CHECK(tenant_moved("GRANT USAGE ON SCHEMA public TO app") == "GRANT USAGE ON SCHEMA tenant_007 TO app");
    CHECK(tenant_moved("GRANT SELECT ON ALL TABLES IN SCHEMA other, public TO app") ==
          "GRANT SELECT ON ALL TABLES IN SCHEMA other, tenant_007 TO app");
    CHECK(tenant_moved("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO app") ==
          "ALTER DEFAULT PRIVILEGES IN SCHEMA tenant_007 GRANT SELECT ON TABLES TO app");
    CHECK(tenant_moved("COMMENT ON SCHEMA public IS 'public.t'") == "COMMENT ON SCHEMA tenant_007 IS 'public.t'");
    CHECK(tenant_moved("ALTER TABLE other.t SET SCHEMA public") == "ALTER TABLE other.t SET SCHEMA tenant_007");
    CHECK(tenant_moved("CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public") ==
          "CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public");
    CHECK(creates_schema("CREATE SCHEMA public", "public"));
    CHECK(creates_schema("create schema if not exists \"public\"", "public"));
    CHECK_FALSE(creates_schema("CREATE SCHEMA billing", "public"));
    CHECK_FALSE(creates_schema("COMMENT ON SCHEMA public IS 'x'", "public"));
}

TEST_CASE("tenant rewrite: strings naming an object, bodies and search_path move") {
    CHECK(tenant_moved("ALTER TABLE public.t ALTER id SET DEFAULT nextval('public.t_id_seq'::regclass)") ==
          "ALTER TABLE tenant_007.t ALTER id SET DEFAULT nextval('tenant_007.t_id_seq'::regclass)");
    CHECK(tenant_moved("SELECT E'public.t_id_seq'::regclass, '\"public\".f(integer)'::regprocedure") ==
          "SELECT 'tenant_007.t_id_seq'::regclass, 'tenant_007.f(integer)'::regprocedure");
    CHECK(tenant_moved("CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS $schemac$\n"
                       "  SELECT count(*)::int FROM public.t -- public.t\n$schemac$") ==
          "CREATE FUNCTION tenant_007.f() RETURNS int LANGUAGE sql AS $schemac$\n"
          "  SELECT count(*)::int FROM tenant_007.t -- public.t\n$schemac$");
    CHECK(tenant_moved("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1 FROM public.t'") ==
          "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1 FROM tenant_007.t'");
    CHECK(tenant_moved("DO $$BEGIN PERFORM public.f(); END$$") == "DO $$BEGIN PERFORM tenant_007.f(); END$$");
    CHECK(tenant_moved("CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = public, pg_temp AS $$ "
                       "SELECT 1 $$") ==
          "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = tenant_007, pg_temp AS $$ SELECT 1 $$");
    CHECK(tenant_moved("SET search_path TO 'public'") == "SET search_path TO 'tenant_007'");
}

TEST_CASE("tenant rename of an IR: every schema name moves, lists stay sorted") {
    ir::Database db;
    ir::Table users;
    users.name = {"tenant_007", "users"};
    ir::Column status;
    status.name = "status";
    status.type = ir::Type{"tenant_007", "state", {}, 0};
    status.default_value = "'tenant_007.x'::regclass";
    users.columns.push_back(status);
    ir::ForeignKey fk;
    fk.referenced_table = {"tenant_007", "orgs"};
    users.foreign_keys.push_back(fk);
    ir::Table audit;
    audit.name = {"audit", "log"};
    db.tables = {audit, users};
    ir::Function f;
    f.name = {"tenant_007", "f"};
    f.language = "sql";
    f.body = "select 1 from tenant_007.users";
    f.settings["search_path"] = "tenant_007, pg_temp";
    db.functions.push_back(f);
    ir::rename_schema(db, "tenant_007", "a_public", [](const std::string& sql) {
        return rewrite_schema_references(sql, SchemaMapping{"tenant_007", "a_public"});
    });
    REQUIRE(db.tables.size() == 2);
    CHECK(db.tables[0].name == ir::QualifiedName{"a_public", "users"});  // sorted again: before audit.log
    CHECK(db.tables[0].columns[0].type.schema == "a_public");
    CHECK(db.tables[0].columns[0].default_value == std::optional<std::string>("'a_public.x'::regclass"));
    CHECK(db.tables[0].foreign_keys[0].referenced_table == ir::QualifiedName{"a_public", "orgs"});
    CHECK(db.tables[1].name == ir::QualifiedName{"audit", "log"});
    CHECK(db.functions[0].name.schema == "a_public");
    CHECK(db.functions[0].body == "select 1 from a_public.users");
    CHECK(db.functions[0].settings["search_path"] == "a_public, pg_temp");
}
