// Recovery after a manual fix, through the binary against the suite's PostgreSQL:
// `migrate resolve --applied N / --rolled-back N`, and `migrate` on a database built without
// schemac pointing at `baseline`.
#include <doctest/doctest.h>

#include "tests/project.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

const char* table_t = "table t {\n  id int primary key\n  code text\n}\n";
const char* table_t_indexed = "table t {\n  id int primary key\n  code text\n\n  index t_code (code)\n}\n";

}  // namespace

TEST_CASE("migrate resolve --applied records the next pending migration after a manual fix, only when it checks out") {
    test::Project p("resolve_applied");
    p.file("schemas/app.schema", table_t);
    REQUIRE(p.run("generate --name init -q") == 0);
    p.file("schemas/app.schema", table_t_indexed);
    REQUIRE(p.run("generate --name code_index -q") == 0);
    REQUIRE(p.run("check") == 0);

    CHECK(p.schemac("migrate resolve --applied 2") == 1);  // nothing applied yet: 1 comes first
    CHECK(p.says("schemac: error: 0002_code_index_concurrently.sql is not the next pending migration of "));
    CHECK(p.says(
        ": 0001_init.sql is; nothing recorded\nhelp: migrations are recorded in order: apply 0001_init.sql first "
        "(`schemac migrate --to 1`)"));
    REQUIRE(p.schemac("migrate --to 1 -q") == 0);

    CHECK(p.schemac("migrate resolve --applied 7") == 2);
    CHECK(p.says("--applied 7: no migration has that number in migrations/"));
    CHECK(p.schemac("migrate resolve") == 2);
    CHECK(p.says("needs one of --applied N or --rolled-back N"));

    // The index is not there: the database does not match what 0002 leaves.
    CHECK(p.schemac("migrate resolve --applied 2") == 1);
    CHECK(p.says("error: drift: + index t_code on t"));
    CHECK(p.says("schemac: error: the database does not match what 0002_code_index_concurrently.sql leaves (1 "
                 "difference above); nothing recorded"));
    CHECK(p.value("SELECT count(*) FROM schemac_migrations") == "1");

    // Built by hand (say, after a failed concurrent build): now it is recorded, not run.
    p.execute("CREATE INDEX t_code ON t (code)");
    REQUIRE_MESSAGE(p.schemac("migrate resolve --applied 2") == 0, p.out);
    CHECK(p.says("schemac migrate resolve: recorded 0002_code_index_concurrently.sql as applied to "));
    CHECK(p.says("without running it (the database matches the snapshot)"));
    CHECK(p.schemac("status") == 0);
    CHECK(p.says("0002_code_index_concurrently.sql"));
    CHECK(p.schemac("check") == 0);
    CHECK(p.schemac("migrate resolve --applied 2") == 1);
    CHECK(p.says("0002_code_index_concurrently.sql is already recorded as applied"));
}

TEST_CASE("migrate resolve --rolled-back forgets a recorded migration and says what it removed") {
    test::Project p("resolve_rolled_back");
    p.file("schemas/app.schema", table_t);
    REQUIRE(p.run("generate --name init -q") == 0);
    p.file("schemas/app.schema", table_t_indexed);
    REQUIRE(p.run("generate --name code_index -q") == 0);
    REQUIRE(p.schemac("migrate -q") == 0);

    CHECK(p.schemac("migrate resolve --rolled-back 5") == 1);
    CHECK(p.says("schemac: error: no migration numbered 5 is recorded in the history of "));
    CHECK(p.says("(the last is 0002_code_index_concurrently.sql); nothing recorded"));

    p.execute("DROP INDEX t_code");  // undone by hand
    REQUIRE_MESSAGE(p.schemac("migrate resolve --rolled-back 2") == 0, p.out);
    CHECK(p.says("schemac migrate resolve: removed 0002_code_index_concurrently.sql from the history of "));
    CHECK(p.says("(it was applied on "));
    CHECK(p.says("sha256:"));
    CHECK(p.value("SELECT string_agg(version::text, ',') FROM schemac_migrations") == "1");
    CHECK(p.schemac("status") == 1);
    CHECK(p.says("pending  0002_code_index_concurrently.sql"));
    REQUIRE(p.schemac("migrate -q") == 0);
    CHECK(p.value("SELECT to_regclass('t_code') IS NOT NULL") == "t");

    REQUIRE(p.schemac("migrate resolve --rolled-back 1") == 0);
    CHECK(p.says("warning: 0002_code_index_concurrently.sql is applied after it: running 0001_init.sql again needs "
                 "`schemac migrate --allow-out-of-order`"));
}

TEST_CASE("migrate on a database that already has the objects but no history points at baseline") {
    test::Project p("migrate_without_history");
    p.file("schemas/app.schema", table_t);
    REQUIRE(p.run("generate --name init -q") == 0);
    p.execute("CREATE TABLE t (id int PRIMARY KEY, code text)");  // built another way
    CHECK(p.schemac("migrate") == 1);
    CHECK(p.says("error: migration failed: relation \"t\" already exists [42P07]"));
    CHECK(p.says(
        "help: the database already has objects in the managed schemas (public.t) but no schemac history: if "
        "it was built another way (`schemac push`, by hand, from a dump), record the migrations it already has "
        "instead of running them: `schemac baseline --to 1`"));
    REQUIRE(p.schemac("baseline --to 1 -q") == 0);
    CHECK(p.schemac("status") == 0);

    // A failure on a database with history, or without objects, says nothing of baseline.
    test::Project q("migrate_empty_failure");
    q.file("migrations/0001_bad.sql", "CREATE TABLE u (id int REFERENCES nowhere (id));\n");
    REQUIRE(q.run("hash") == 0);
    CHECK(q.schemac("migrate") == 1);
    CHECK(q.says("relation \"nowhere\" does not exist"));
    CHECK(!q.says("baseline"));
}

TEST_CASE("repair re-records an applied file changed only in comments or whitespace, decided by the parser") {
    test::Project p("repair_checksum");
    p.file("migrations/0001_t.sql", "CREATE TABLE t (id int PRIMARY KEY, code text DEFAULT 'a  b');\n");
    p.file("migrations/0002_fill.sql", "INSERT INTO t VALUES (1, 'x');\n");
    REQUIRE(p.run("hash") == 0);
    REQUIRE(p.schemac("migrate -q") == 0);
    CHECK(p.value("SELECT statements FROM schemac_migrations WHERE version = 1").starts_with("sha256:"));

    // Comments, line breaks and keyword case: the same statements.
    p.file("migrations/0001_t.sql", "-- The table of codes.\ncreate table t (\n  id int primary key,\n"
                                    "  code text default 'a  b'  -- two spaces, on purpose\n);\n");
    REQUIRE(p.run("hash") == 0);
    CHECK(p.schemac("migrate") == 1);
    CHECK(p.says("0001_t.sql was applied on "));
    CHECK(p.says("if only comments or whitespace changed, `schemac repair` re-records it"));
    REQUIRE_MESSAGE(p.schemac("repair") == 0, p.out);
    CHECK(p.says(
        "schemac repair: 0001_t.sql: only comments or whitespace changed since it was applied; re-recorded its "
        "checksum (sha256:"));
    CHECK(p.schemac("migrate") == 0);
    CHECK(p.schemac("status") == 0);
    CHECK(p.schemac("repair") == 0);
    CHECK(p.says("nothing to repair"));

    // A change inside a string literal is a change of what it does: refused, nothing re-recorded.
    std::string recorded = p.value("SELECT checksum FROM schemac_migrations WHERE version = 1");
    p.file("migrations/0001_t.sql", "-- The table of codes.\ncreate table t (\n  id int primary key,\n"
                                    "  code text default 'a b'\n);\n");
    p.file("migrations/0002_fill.sql", "-- one row\nINSERT INTO t VALUES (1, 'x');\n");
    REQUIRE(p.run("hash") == 0);
    CHECK(p.schemac("repair") == 1);
    CHECK(p.says("migrations/0001_t.sql:1:1: error: 0001_t.sql changed since it was applied on "));
    CHECK(p.says("in what it does, not only in comments or whitespace: its statements read differently by PostgreSQL's "
                 "parser"));
    CHECK(p.says("schemac repair: nothing re-recorded in public.schemac_migrations"));
    CHECK(p.value("SELECT checksum FROM schemac_migrations WHERE version = 1") == recorded);
}

TEST_CASE("a history table from before statement fingerprints: read as it is, extended by migrate, not repaired") {
    test::Project p("repair_old_history");
    p.file("migrations/0001_t.sql", "CREATE TABLE t (id int);\n");
    REQUIRE(p.run("hash") == 0);
    REQUIRE(p.schemac("migrate -q") == 0);
    p.execute("ALTER TABLE schemac_migrations DROP COLUMN statements");
    CHECK(p.schemac("status") == 0);
    p.file("migrations/0001_t.sql", "CREATE TABLE t (id int);  -- a comment\n");
    REQUIRE(p.run("hash") == 0);
    CHECK(p.schemac("repair") == 1);
    CHECK(p.says("has no fingerprint of its statements, so nothing shows the change is only comments or whitespace"));
    p.file("migrations/0002_u.sql", "CREATE TABLE u (id int);\n");
    p.file("migrations/0001_t.sql", "CREATE TABLE t (id int);\n");
    REQUIRE(p.run("hash") == 0);
    REQUIRE(p.schemac("migrate -q") == 0);
    CHECK(p.value("SELECT count(statements) FROM schemac_migrations") == "1");  // 0002's
}

TEST_CASE("a file from `schemac new` is edited and migrated on a development database without hash, check refuses it") {
    test::Project p("new_unrecorded");
    p.file("schemas/app.schema", table_t);
    REQUIRE(p.run("generate --name init -q") == 0);
    REQUIRE(p.run("new --name seed -q") == 0);
    p.file("migrations/0002_seed.sql", "INSERT INTO t VALUES (1, 'a');\n");
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.says("warning: migrations/0002_seed.sql was added by `schemac new` and is not recorded yet"));
    CHECK(p.value("SELECT count(*) FROM t") == "1");
    CHECK(p.schemac("check") == 1);
    REQUIRE(p.run("hash") == 0);
    CHECK(p.schemac("check") == 0);
}
