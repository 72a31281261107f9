// Adopting a database whose extensions live in a schema of their own (`CREATE EXTENSION citext
// WITH SCHEMA extensions`, as hosted PostgreSQL services set them up): `pull` declares that
// schema and names the extensions' types with it, so that `generate` from empty gives a first
// migration that builds the same database on a fresh one. An extension's type is named with the
// schema its extension is declared in, and a schema that does not pin the extension's place
// matches the database wherever it lives.
#include <doctest/doctest.h>

#include <string>

#include "compiler/ir/ir_json.hpp"
#include "compiler/migrations/migration_directory.hpp"
#include "compiler/plan/plan.hpp"
#include "tests/plan_support.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

// A database of its own and a project folder next to it.
struct AdoptedExtensionsProject : test::TempDir {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    std::string database, out;

    explicit AdoptedExtensionsProject(const std::string& name) : database(name) { cluster.create_database(name); }
    ~AdoptedExtensionsProject() { cluster.drop_database(database); }

    int schemac_on(const std::string& arguments, const std::string& on) {
        return test::run_schemac(arguments + " --database " + cluster.url(on), out, "NO_COLOR=", path);
    }
    int offline(const std::string& arguments) { return test::run_schemac(arguments, out, "NO_COLOR=", path); }
};

const char* extensions_in_their_schema =
    "CREATE SCHEMA extensions;"
    "CREATE EXTENSION citext WITH SCHEMA extensions;"
    "CREATE EXTENSION hstore WITH SCHEMA extensions;"
    "CREATE EXTENSION pgcrypto WITH SCHEMA extensions;"
    "CREATE DOMAIN login_name AS extensions.citext CHECK (length(VALUE) > 2);"
    "CREATE TABLE accounts (id bigint PRIMARY KEY, login extensions.citext NOT NULL UNIQUE,"
    " tags extensions.hstore, aliases extensions.citext[], handle login_name,"
    " token bytea DEFAULT extensions.gen_random_bytes(8));"
    "CREATE FUNCTION account_of(wanted extensions.citext) RETURNS bigint LANGUAGE sql STABLE"
    " AS 'SELECT id FROM public.accounts WHERE login = wanted';";

}  // namespace

TEST_CASE("pull of a database with extensions in their own schema: generate from empty migrates a fresh database") {
    AdoptedExtensionsProject p("adopt_extension_schema");
    p.cluster.execute(p.database, extensions_in_their_schema);
    // Only public is pulled: the extensions' schema is declared all the same, as their home.
    REQUIRE_MESSAGE(p.schemac_on("pull --schemas public -q", p.database) == 0, p.out);
    std::string pulled = test::read(p.path / "schemas/public.schema") +
                         test::read(p.path / "schemas/extensions.schema");
    CAPTURE(pulled);
    CHECK(pulled.find("schema extensions\n") != std::string::npos);
    CHECK(pulled.find("extension citext schema extensions") != std::string::npos);
    CHECK(pulled.find("extensions.citext") != std::string::npos);
    CHECK(pulled.find("extensions.hstore") != std::string::npos);

    REQUIRE_MESSAGE(p.offline("generate --name init -q") == 0, p.out);
    std::string fresh = p.database + "_fresh";
    p.cluster.create_database(fresh);
    int migrated = p.schemac_on("migrate -q", fresh);
    std::string migrate_output = p.out;
    int checked = p.schemac_on("check", fresh);
    std::string check_output = p.out;
    std::string login_type = p.cluster.query_value(
        fresh, "SELECT atttypid::regtype FROM pg_attribute WHERE attrelid = 'accounts'::regclass "
               "AND attname = 'login'");
    p.cluster.drop_database(fresh);
    CHECK_MESSAGE(migrated == 0, migrate_output);
    CHECK_MESSAGE(checked == 0, check_output);  // no drift: the fresh database is the adopted one
    CHECK(login_type == "extensions.citext");
}

TEST_CASE("an extension's type is named with the schema its extension is declared in") {
    Compilation c = test::compile_text("schema extensions\nextension citext schema extensions\n"
                                       "table users {\n  id bigint primary key\n  email citext\n"
                                       "  backup extensions.citext[]\n}\n");
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    plan::Plan plan = plan::plan_changes(ir::Database{}, c.database, plan::plain_ddl_options());
    std::string text = test::plan_text(plan);
    CHECK_MESSAGE(text.find("email extensions.citext,") != std::string::npos, text);
    CHECK_MESSAGE(text.find("backup extensions.citext[]") != std::string::npos, text);

    // In public, the name alone, as before.
    Compilation in_public = test::compile_text("extension citext\ntable users {\n  email public.citext\n}\n");
    REQUIRE_MESSAGE(in_public.ok(), test::diagnostics_text(in_public));
    CHECK(in_public.database.tables[0].columns[0].type.schema.empty());

    // Qualified with another schema than the extension's: said, with the name to write.
    Compilation elsewhere = test::compile_text("schema extensions\nextension citext schema extensions\n"
                                               "table users {\n  email public.citext\n}\n");
    CHECK_MESSAGE(test::diagnostics_text(elsewhere).find(
                      "error: type 'public.citext': the extension citext that provides it is declared in extensions") !=
                      std::string::npos,
                  test::diagnostics_text(elsewhere));
    CHECK(test::diagnostics_text(elsewhere).find("help: write extensions.citext") != std::string::npos);
}

TEST_CASE("a snapshot written before extension types were named with their schema plans no change") {
    Compilation c = test::compile_text("schema extensions\nextension citext schema extensions\n"
                                       "table users {\n  id bigint primary key\n  email citext\n}\n");
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    ir::Database earlier = c.database;  // as the snapshot of an earlier version holds it
    earlier.tables[0].columns[1].type.schema.clear();
    test::TempDir directory;
    directory.file(std::string(snapshot_file_name), ir_to_json_text(earlier));
    ir::Database read = read_snapshot(directory.path);
    CHECK(read.tables[0].columns[1].type.schema == "extensions");
    plan::Plan plan = plan::plan_changes(read, c.database, plan::plain_ddl_options());
    CHECK_MESSAGE(plan.empty(), test::plan_text(plan));
}

TEST_CASE("a schema that does not pin an extension's schema matches its types wherever the extension lives") {
    AdoptedExtensionsProject p("adopt_extension_unpinned");
    p.cluster.execute(p.database, "CREATE SCHEMA extensions;CREATE EXTENSION citext WITH SCHEMA extensions;"
                                  "CREATE TABLE users (id bigint PRIMARY KEY, email extensions.citext);"
                                  "CREATE FUNCTION user_of(wanted extensions.citext) RETURNS bigint LANGUAGE sql"
                                  " STABLE AS 'SELECT id FROM public.users WHERE email = wanted';");
    p.file("schemas/app.schema",
           "schema extensions\nextension citext\ntable users {\n  id bigint primary key\n  email citext\n}\n"
           "function user_of(wanted citext) returns bigint language sql stable as $$SELECT id FROM public.users "
           "WHERE email = wanted$$\n");
    CHECK(p.schemac_on("push --dry-run", p.database) == 0);
    CHECK_MESSAGE(p.out.find("already matches") != std::string::npos, p.out);
}

TEST_CASE("pull refuses, saying which schema to add, a default whose sequence is outside the managed schemas") {
    AdoptedExtensionsProject p("adopt_sequence_elsewhere");
    p.cluster.execute(p.database, "CREATE SCHEMA ids;CREATE SEQUENCE ids.ticket;"
                                  "CREATE TABLE tickets (id bigint PRIMARY KEY DEFAULT nextval('ids.ticket'));");
    // Before: files that did not compile back, and a request to report it.
    CHECK(p.schemac_on("pull --schemas public", p.database) == 1);
    CHECK_MESSAGE(p.out.find("error: default of column tickets.id: it calls nextval on sequence ids.ticket, in schema "
                             "ids outside the managed schemas (add ids to --schemas") != std::string::npos,
                  p.out);
    CHECK(p.out.find("please report") == std::string::npos);
    // Every schema: the sequence and its schema are declared, and the first migration builds them.
    REQUIRE_MESSAGE(p.schemac_on("pull -q", p.database) == 0, p.out);
    CHECK(test::read(p.path / "schemas/ids.schema").find("schema ids\n") != std::string::npos);
    REQUIRE_MESSAGE(p.offline("generate --name init -q") == 0, p.out);
    CHECK(test::read(p.path / "migrations/0001_init.sql").find("CREATE SEQUENCE ids.ticket") != std::string::npos);
}
