// Damaged and hostile input through the command line: a hand-damaged snapshot is refused by
// every command that reads it (exit 2, `file: where: what`), never aborts and never becomes a
// migration; a .schema file with a NUL byte or bytes that are not UTF-8 is refused at the byte.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "compiler/sql/expression_fingerprint.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/sql_expression.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using namespace schemac;
using test::run_schemac;
using test::TempDir;

namespace {

namespace fs = std::filesystem;

const char* two_tables =
    "table a {\n  id int primary key\n}\n\ntable b {\n  id int primary key\n  name text not null\n}\n";

struct Project : TempDir {
    std::string out;
    Project() {
        file("schemas/app.schema", two_tables);
        REQUIRE(run("generate --name init") == 0);
    }
    int run(const std::string& arguments) { return run_schemac(arguments, out, "NO_COLOR=", path); }
    fs::path snapshot() const { return path / "migrations/schemac.snapshot.json"; }
    void edit_snapshot(const std::string& from, const std::string& to) {
        std::string text = test::read(snapshot());
        std::size_t at = text.find(from);
        REQUIRE_MESSAGE(at != std::string::npos, from);
        test::write(snapshot(), text.replace(at, from.size(), to));
    }
    std::size_t migration_count() const {
        std::size_t n = 0;
        for (const auto& e : fs::directory_iterator(path / "migrations")) n += e.path().extension() == ".sql";
        return n;
    }
};

}  // namespace

TEST_CASE("a snapshot value of the wrong type is refused by every command that reads the snapshot") {
    Project p;
    p.file("schemas/app.schema", std::string(two_tables) + "\ntable c {\n  id int primary key\n}\n");
    p.edit_snapshot("\"not_null\": true", "\"not_null\": \"yes\"");
    CHECK(p.run("hash") == 0);
    const std::string message =
        "migrations/schemac.snapshot.json: tables[0].columns[0].not_null: expected true or false, found \"yes\"";
    for (std::string command : {"check", "generate --name more", "diff"}) {
        CAPTURE(command);
        CHECK(p.run(command) == 2);
        CHECK(p.out.find(message) != std::string::npos);
        CHECK(p.out.find("help: the snapshot is written only by `schemac generate`") != std::string::npos);
    }
    CHECK(p.migration_count() == 1);  // nothing written
}

TEST_CASE("a snapshot of the wrong shape at the top exits 2 with a message, never aborts") {
    Project p;
    SUBCASE("version as a string") { p.edit_snapshot("\"version\": 1", "\"version\": \"1\""); }
    SUBCASE("version as a list") { p.edit_snapshot("\"version\": 1", "\"version\": [1]"); }
    SUBCASE("a duplicate key") { p.edit_snapshot("\"version\": 1", "\"version\": 1,\n  \"format\": 5"); }
    SUBCASE("a list at the top") { test::write(p.snapshot(), "[1]\n"); }
    SUBCASE("an unknown key") { p.edit_snapshot("\"not_null\": true", "\"not_null\": true, \"ctorage\": \"plain\""); }
    CHECK(p.run("hash") == 0);  // recorded: the sum no longer stops generate before it reads the snapshot
    for (std::string command :
         {"check", "generate --name more", "diff", "diff --from migrations/schemac.snapshot.json"}) {
        CAPTURE(command);
        CHECK(p.run(command) == 2);
        CHECK(p.out.find("error: migrations/schemac.snapshot.json: ") != std::string::npos);
    }
    CHECK(p.migration_count() == 1);
}

TEST_CASE("a snapshot whose tables are out of order plans nothing, instead of dropping and recreating every table") {
    Project p;
    std::string text = test::read(p.snapshot());
    // Swap the two table objects, as a hand merge might.
    std::size_t tables = text.find("\"tables\": [");
    std::size_t first = text.find("\n    {", tables), second = text.find("\n    {", first + 1);
    std::size_t end = text.rfind("\n  ]");
    REQUIRE((tables != std::string::npos && second != std::string::npos && end != std::string::npos));
    std::string a = text.substr(first, second - first), b = text.substr(second, end - second);
    a.erase(a.rfind(','));  // the comma after the first object
    test::write(p.snapshot(), text.substr(0, first) + b + "," + a + text.substr(end));
    REQUIRE(test::read(p.snapshot()).find("\"name\": \"b\"") < test::read(p.snapshot()).find("\"name\": \"a\""));

    CHECK(p.run("diff --allow-data-loss") == 0);
    CHECK(p.out.find("no changes") != std::string::npos);
    CHECK(p.out.find("DROP TABLE") == std::string::npos);
    // Only the swap itself is found: the snapshot is no longer the one generate wrote.
    CHECK(p.run("check") == 1);
    CHECK(p.out.find("is not the snapshot `schemac generate` wrote") != std::string::npos);
    CHECK(p.out.find("schema changed without a migration") == std::string::npos);
}

TEST_CASE("a .schema file that is not UTF-8 text is refused at the bad byte, and nothing is written") {
    TempDir dir;
    std::string out;
    auto run = [&](const std::string& arguments) { return run_schemac(arguments, out, "NO_COLOR=", dir.path); };
    SUBCASE("a byte that is not UTF-8 in a name") {
        dir.file("schemas/app.schema", "table requests {\n  id\xb0 int primary key\n}\n");
        CHECK(run("compile --emit json") == 1);  // was: an abort (exit 134) in the JSON writer
        CHECK(out == "schemas/app.schema:2:5: error: the file is not valid UTF-8: 0xB0 is not a character\n"
                     " 2 |   id\\xB0 int primary key\n"
                     "   |     ^~~~\n"
                     "help: save the file as UTF-8 (from Latin-1, for example: `iconv -f latin1 -t utf-8`); .schema "
                     "files are read as UTF-8\n"
                     "1 error\n");
        CHECK(run("generate --name init") == 1);
        CHECK_FALSE(fs::exists(dir.path / "migrations/0001_init.sql"));
    }
    SUBCASE("a NUL byte in a check expression") {
        const char text[] = "table t {\n  a int check (a > 0\0 OR true)\n}\n";
        dir.file("schemas/app.schema", std::string(text, sizeof text - 1));
        CHECK(run("compile") == 1);  // was: compiled to CHECK (a > 0)
        CHECK(out.find("schemas/app.schema:2:21: error: a NUL byte (0x00) in a .schema file\n"
                       " 2 |   a int check (a > 0\\x00 OR true)\n"
                       "   |                     ^~~~\n") != std::string::npos);
        CHECK(run("generate --name init") == 1);
        CHECK_FALSE(fs::exists(dir.path / "migrations/0001_init.sql"));
    }
    SUBCASE("a file name that is not UTF-8 still gives JSON diagnostics") {
        dir.file("schemas/b\xb0.schema", "table t {\n  id nosuchtype\n}\n");
        CHECK(run("compile --format json") == 1);
        nlohmann::json j = nlohmann::json::parse(out.substr(out.find('{')), nullptr, false);
        CHECK_FALSE(j.is_discarded());
    }
}

TEST_CASE("a name that is not UTF-8 in a SQL_ASCII database: pull writes nothing and says which, check reports it") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    const std::string database = "damaged_sql_ascii";
    cluster.drop_database(database);
    cluster.execute("postgres", "SELECT 1");  // the cluster is up
    {
        pqxx::connection c(cluster.url());
        pqxx::nontransaction tx(c);
        tx.exec("CREATE DATABASE " + database + " ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
    }
    {
        // SQL_ASCII stores any byte; a client that says SQL_ASCII too sends them unchecked.
        pqxx::connection c(cluster.url(database) + "?client_encoding=SQL_ASCII");
        pqxx::work tx(c);
        tx.exec("CREATE TABLE \"caf\xe9\" (id int PRIMARY KEY)");
        tx.commit();
    }
    TempDir dir;
    std::string out;
    const std::string url = cluster.url(database);
    CHECK(run_schemac("pull -o pulled --database " + url, out, "NO_COLOR=", dir.path) == 1);
    CHECK(out.find("error: not UTF-8: tables[0].name \"caf\\xE9\"") != std::string::npos);
    CHECK(out.find("nothing written") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path / "pulled"));

    dir.file("schemas/app.schema", "table cafe {\n  id int primary key\n}\n");
    REQUIRE(run_schemac("generate --name init", out, "NO_COLOR=", dir.path) == 0);
    REQUIRE(run_schemac("migrate --database " + url, out, "NO_COLOR=", dir.path) == 0);
    CHECK(run_schemac("check --format json --database " + url, out, "NO_COLOR=", dir.path) == 1);
    CHECK_MESSAGE(out.find("not UTF-8 in the database: tables[1].name") != std::string::npos, out);
    CHECK(run_schemac("check --database " + url, out, "NO_COLOR=", dir.path) == 1);
    CHECK_MESSAGE(out.find("not UTF-8 in the database: tables[1].name \"caf\\xE9\"") != std::string::npos, out);
    cluster.drop_database(database);
}

TEST_CASE("SQL text holding a NUL byte is refused, never checked as the text before the NUL") {
    const std::string text("a > 0\0 OR true", 14);
    const SqlExpression& e = analyze_sql_expression(text);
    CHECK_FALSE(e.valid);  // was: valid, canonical `a > 0`
    CHECK(e.error == "a NUL byte (0x00) is not allowed in SQL text");
    CHECK(e.error_offset == 5);
    CHECK_FALSE(expression_fingerprint(text).has_value());
    CHECK_FALSE(same_expression("a > 0", text));
    CHECK_FALSE(fits_bare_column_default(std::string("1\0 + 1", 6)));
    PgParse parsed = pg_parse(std::string("SELECT 1;\0DROP TABLE t", 22));
    CHECK_FALSE(parsed.ok());
    CHECK(parsed.cursor == 10);
    CHECK_FALSE(pg_deparse(std::string("SELECT 1\0", 9)).has_value());
    CHECK(pg_parse("SELECT 1").ok());
}
