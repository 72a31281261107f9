// `schemac migrate`, `status` and `baseline` against the suite's own PostgreSQL, as a deploy
// runs them: in order and exactly once, under races (8 runners at once), failures (half-way,
// a failed concurrent index build) and crashes (kill -9 mid-migration), with tampered history
// refused and connection problems reported in one line.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "runtime/migration_lock.hpp"
#include "runtime/migration_state.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/processes.hpp"
#include "tests/project.hpp"
#include "tests/support.hpp"

using namespace schemac;
using test::PostgresCluster;
using test::run_schemac;

namespace {

namespace fs = std::filesystem;

int count_lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

// A project folder with a migrations/ directory, and a fresh database of its own.
struct MigrateProject : test::Project {
    using test::Project::Project;
    void remove(const std::string& name) const { fs::remove(path / "migrations" / name); }
    std::string history() const {
        return value("SELECT string_agg(version::text, ',' ORDER BY version) FROM schemac_migrations");
    }
    bool exists(const std::string& table) const {
        return value("SELECT to_regclass('" + table + "') IS NOT NULL") == "t";
    }
    // Starts `schemac migrate` in the background; returns its pid. Output goes to `log`.
    pid_t start_migrate(const std::string& arguments, const std::string& log) const {
        std::string pid;
        std::string command = "cd '" + path.string() + "' && (env NO_COLOR= '" SCHEMAC_BINARY "' migrate --database " +
                              url + " " + arguments + " >'" + log + "' 2>&1 0<&- & echo $!)";
        REQUIRE(test::run(command, pid) == 0);
        return static_cast<pid_t>(std::stol(pid));
    }
};

const char* create_a = "-- the first table\nCREATE TABLE a (id integer PRIMARY KEY);\n";
const char* create_b = "CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a (id));\n";
const char* fill_a = "INSERT INTO a SELECT g FROM generate_series(1, 10) g;\n";

// The sum as an older schemac's `hash` recorded it, without looking inside the files: what
// `migrate` refuses on its own.
void record_without_looking(const MigrateProject& p) {
    fs::path dir = p.path / "migrations";
    test::write(dir / "schemac.sum", sum_text(hash_directory(dir)));
}

}  // namespace

TEST_CASE("migrate applies the pending migrations in order, once, a second run is a no-op, status before and after") {
    MigrateProject p("migrate_in_order");
    p.migration("0001_a.sql", create_a);
    p.migration("0002_b.sql", create_b);
    p.migration("0003_fill.sql", fill_a);
    p.hash();

    CHECK(p.schemac("status") == 1);
    CHECK(p.out.find("0 migrations applied, 3 pending") != std::string::npos);
    CHECK(p.out.find("  pending  0003_fill.sql") != std::string::npos);

    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.out.find("applying 0002_b.sql ... ") != std::string::npos);
    CHECK(p.out.find("applied 3 migrations") != std::string::npos);
    CHECK(p.history() == "1,2,3");
    CHECK(p.value("SELECT count(*) FROM a") == "10");
    CHECK(p.value("SELECT checksum FROM schemac_migrations WHERE version = 2") == runtime::checksum_of(create_b));
    CHECK(
        p.value("SELECT name || ' ' || schemac_version || ' ' || baseline FROM schemac_migrations WHERE version = 3") ==
        "0003_fill.sql 0.1.0 false");
    std::string applied_at = p.value("SELECT max(applied_at)::text FROM schemac_migrations");

    CHECK(p.schemac("migrate") == 0);
    CHECK(p.out.find("nothing to apply") != std::string::npos);
    CHECK(p.value("SELECT count(*) FROM a") == "10");
    CHECK(p.value("SELECT max(applied_at)::text FROM schemac_migrations") == applied_at);
    CHECK(p.schemac("migrate -q") == 0);
    CHECK(p.out.empty());

    CHECK(p.schemac("status") == 0);
    CHECK(p.out.find("3 migrations applied, 0 pending") != std::string::npos);
    CHECK(p.out.find("up to date") != std::string::npos);
    REQUIRE(p.schemac("status --format json") == 0);
    auto json = nlohmann::json::parse(p.out);
    CHECK(json["applied"].size() == 3);
    CHECK(json["applied"][1]["name"] == "0002_b.sql");
    CHECK(json["pending"].empty());
    CHECK(json["up_to_date"] == true);
}

TEST_CASE("a failing migration: the ones before stay applied, it leaves no trace, the ones after do not run") {
    MigrateProject p("migrate_failure");
    p.migration("0001_a.sql", create_a);
    p.migration("0002_b.sql",
                "CREATE TABLE b (id integer);\nINSERT INTO b VALUES (1);\n\n-- a typo\nINSERT INTO bb VALUES (2);\n");
    p.migration("0003_c.sql", "CREATE TABLE c (id integer);\n");
    p.hash();

    CHECK(p.schemac("migrate") == 1);
    CHECK(p.out.find("migrations/0002_b.sql:5:1: error: migration failed: relation \"bb\" does not exist [42P01]") !=
          std::string::npos);
    CHECK(p.out.find(" 5 | INSERT INTO bb VALUES (2);") != std::string::npos);
    CHECK(p.out.find("rolled back: nothing of 0002_b.sql was applied") != std::string::npos);
    CHECK(p.out.find("not run: 0003_c.sql") != std::string::npos);
    CHECK(p.history() == "1");
    CHECK(p.exists("a"));
    CHECK_FALSE(p.exists("b"));
    CHECK_FALSE(p.exists("c"));

    CHECK(p.schemac("migrate --format json") == 1);
    auto json = nlohmann::json::parse(p.out);
    CHECK(json["result"] == "failed");
    CHECK(json["pending"] == nlohmann::json{"0002_b.sql", "0003_c.sql"});
    CHECK(json["diagnostics"][0]["line"] == 5);

    p.migration("0002_b.sql", "CREATE TABLE b (id integer);\nINSERT INTO b VALUES (1);\n");
    p.migration("0003_c.sql", "CREATE TABLE c (id integer);\nSELECT 'unterminated;\n");
    record_without_looking(p);         // `hash` refuses it as well
    CHECK(p.schemac("migrate") == 1);  // refused before 0002 runs
    CHECK_MESSAGE(p.says("migrations/0003_c.sql:2:8: error: 0003_c.sql cannot be run: unterminated quoted string "
                         "(read with PostgreSQL 15's parser)"),
                  p.out);
    CHECK(p.history() == "1");

    p.migration("0003_c.sql", "CREATE TABLE c (id integer);\n");
    p.hash();
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.history() == "1,2,3");
}

TEST_CASE("eight concurrent migrate runs apply every migration exactly once") {
    MigrateProject p("migrate_race");
    p.migration("0001_log.sql", "CREATE TABLE applied_log (version integer);\nINSERT INTO applied_log VALUES (1);\n");
    for (int v = 2; v <= 6; ++v)
        p.migration(fmt::format("{:04}_step.sql", v),
                    fmt::format("SELECT pg_sleep(0.2);\nINSERT INTO applied_log VALUES ({});\n", v));
    p.hash();

    std::string script = "cd '" + p.path.string() +
                         "' && for i in 1 2 3 4 5 6 7 8; do (env NO_COLOR= '" SCHEMAC_BINARY "' migrate --database " +
                         p.url + " >log$i 2>&1 0<&-; echo $? >rc$i) & done; wait";
    std::string out;
    REQUIRE(test::run(script, out) == 0);
    for (int i = 1; i <= 8; ++i) {
        std::string log = test::read(p.path / fmt::format("log{}", i));
        CHECK_MESSAGE(test::read(p.path / fmt::format("rc{}", i)) == "0\n", log);
    }
    CHECK(p.value("SELECT count(*) FROM applied_log") == "6");
    CHECK(p.value("SELECT count(DISTINCT version) FROM applied_log") == "6");
    CHECK(p.history() == "1,2,3,4,5,6");
    CHECK(p.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == "0");
}

TEST_CASE("migrate gives up with exit 1 when another runner holds the lock past --lock-timeout") {
    MigrateProject p("migrate_lock_timeout");
    p.migration("0001_a.sql", create_a);
    p.hash();
    pqxx::connection holder(p.url);
    pqxx::nontransaction tx(holder);
    tx.exec(fmt::format("SELECT pg_advisory_lock({})", runtime::migration_lock_key("public")));

    CHECK(p.schemac("migrate --lock-timeout 1") == 1);
    CHECK(p.out.find("waiting up to 1 s for the migration lock (held by backend pid") != std::string::npos);
    CHECK(p.out.find("another schemac migrate holds the lock") != std::string::npos);
    CHECK_FALSE(p.exists("a"));

    tx.exec(fmt::format("SELECT pg_advisory_unlock({})", runtime::migration_lock_key("public")));
    CHECK(p.schemac("migrate --lock-timeout 1") == 0);
    CHECK(p.exists("a"));
}

TEST_CASE("kill -9 during a long migration: it is there entirely or not at all, the lock goes, a re-run completes") {
    MigrateProject p("migrate_killed");
    p.migration("0001_config.sql",
                "CREATE TABLE sleep_config (seconds float);\nINSERT INTO sleep_config VALUES (60);\n");
    p.migration("0002_long.sql", "CREATE TABLE filled AS SELECT g FROM generate_series(1, 100000) g;\n"
                                 "SELECT pg_sleep((SELECT seconds FROM sleep_config));\n");
    p.hash();
    REQUIRE(p.schemac("migrate --to 1") == 0);

    pid_t pid = p.start_migrate("", (p.path / "log").string());
    bool sleeping = test::eventually([&] {
        return p.value("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'schemac' AND state = 'active' "
                       "AND query LIKE '%pg_sleep%'") == "1";
    });
    REQUIRE_MESSAGE(sleeping, test::read(p.path / "log"));
    REQUIRE(::kill(pid, SIGKILL) == 0);

    CHECK(test::eventually([&] { return p.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == "0"; },
                           10));
    CHECK(test::eventually(
        [&] { return p.value("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'schemac'") == "0"; },
        10));
    CHECK_FALSE(p.exists("filled"));
    CHECK(p.history() == "1");

    p.execute("UPDATE sleep_config SET seconds = 0");
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.value("SELECT count(*) FROM filled") == "100000");
    CHECK(p.history() == "1,2");
}

TEST_CASE("an edited applied migration is refused, a missing one reported, an out-of-order one needs the flag") {
    MigrateProject p("migrate_tampered");
    p.migration("0001_a.sql", create_a);
    p.migration("0002_b.sql", create_b);
    p.hash();
    REQUIRE(p.schemac("migrate") == 0);
    p.migration("0003_fill.sql", fill_a);

    SUBCASE("edited") {
        p.migration("0002_b.sql", "CREATE TABLE b (id bigint);\n");
        p.hash();
        CHECK(p.schemac("migrate") == 1);
        CHECK(p.out.find("migrations/0002_b.sql:1:1: error: 0002_b.sql was applied on ") != std::string::npos);
        CHECK(p.out.find("but the file has changed since") != std::string::npos);
        CHECK(p.out.find("refused to run: nothing applied") != std::string::npos);
        CHECK(p.value("SELECT count(*) FROM a") == "0");
        CHECK(p.schemac("status") == 1);
        CHECK(p.out.find("but the file has changed since") != std::string::npos);
    }
    SUBCASE("edited without `schemac hash`: the sum file already refuses") {
        p.migration("0002_b.sql", "CREATE TABLE b (id bigint);\n");
        CHECK(p.schemac("migrate") == 1);
        CHECK(p.out.find("0002_b.sql") != std::string::npos);
        CHECK(p.out.find("schemac hash") != std::string::npos);
        CHECK(p.value("SELECT count(*) FROM a") == "0");
    }
    SUBCASE("missing") {
        p.remove("0002_b.sql");
        p.hash();
        CHECK(p.schemac("status") == 1);
        CHECK(p.out.find("0002_b.sql was applied on ") != std::string::npos);
        CHECK(p.out.find("but the file is not in the directory") != std::string::npos);
        CHECK(p.schemac("migrate") == 1);
        CHECK(p.out.find("but the file is not in the directory") != std::string::npos);
    }
    SUBCASE("out of order") {
        p.remove("0003_fill.sql");
        p.migration("0004_c.sql", "CREATE TABLE c (id integer);\n");
        p.hash();
        REQUIRE(p.schemac("migrate") == 0);
        p.migration("0003_fill.sql", fill_a);  // merged from a branch
        p.hash();
        CHECK(p.schemac("migrate") == 1);
        CHECK(p.out.find("0003_fill.sql is pending, but numbered below 0004_c.sql, which is already applied") !=
              std::string::npos);
        CHECK(p.out.find("--allow-out-of-order") != std::string::npos);
        CHECK(p.value("SELECT count(*) FROM a") == "0");
        CHECK(p.schemac("status") == 1);
        CHECK(p.out.find("numbered below 0004_c.sql") != std::string::npos);
        REQUIRE(p.schemac("migrate --allow-out-of-order") == 0);
        CHECK(p.value("SELECT count(*) FROM a") == "10");
        CHECK(p.history() == "1,2,3,4");
        CHECK(p.schemac("status") == 0);
    }
}

TEST_CASE(
    "a no-transaction migration builds an index CONCURRENTLY, migrate drops the INVALID index its failed build left") {
    MigrateProject p("migrate_concurrently");
    p.migration("0001_t.sql", "CREATE TABLE t (id integer, code text);\nINSERT INTO t VALUES (1, 'a'), (2, 'a');\n");
    p.migration("0002_t_concurrently.sql", "-- schemac:no-transaction\nSET lock_timeout = '5s';\n"
                                           "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_code_idx ON public.t (code);\n");
    p.migration("0003_unique_concurrently.sql",
                "-- schemac:no-transaction\n"
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_code_key ON t (code);\n");
    p.hash();

    CHECK(p.schemac("migrate") == 1);
    CHECK(p.out.find("applying 0002_t_concurrently.sql (no transaction) ... ") != std::string::npos);
    CHECK(p.history() == "1,2");
    CHECK(p.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_code_idx'::regclass") == "t");
    CHECK(p.out.find("migrations/0003_unique_concurrently.sql:2:1: error: migration failed: could not create unique "
                     "index \"t_code_key\" [23505]") != std::string::npos);
    CHECK(p.out.find("Key (code)=(a) is duplicated.") != std::string::npos);
    CHECK(p.out.find("help: 0003_unique_concurrently.sql runs outside a transaction, statement by statement: no "
                     "history row was written. Fix the cause, then run `schemac migrate` again") != std::string::npos);
    CHECK(p.out.find("note: the failed build left the INVALID index public.t_code_key; schemac dropped it (DROP INDEX "
                     "CONCURRENTLY IF EXISTS public.t_code_key;), so the next run builds it anew") !=
          std::string::npos);
    CHECK(p.out.find("rolled back") == std::string::npos);
    CHECK(p.value("SELECT to_regclass('t_code_key') IS NULL") == "t");

    // Fixed the data: running again just works, without a hand-written DROP INDEX.
    p.execute("DELETE FROM t WHERE id = 2");
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_code_key'::regclass") == "t");
    CHECK(p.history() == "1,2,3");
}

TEST_CASE("an INVALID index schemac did not leave is not dropped: migrate refuses the file, status names it") {
    MigrateProject p("migrate_foreign_invalid");
    p.migration("0001_t.sql", "CREATE TABLE t (id integer, code text);\nINSERT INTO t VALUES (1, 'a'), (2, 'a');\n");
    p.migration("0002_unique_concurrently.sql",
                "-- schemac:no-transaction\n"
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_code_key ON public.t (code);\n");
    p.hash();
    REQUIRE(p.schemac("migrate --to 1") == 0);
    // A build started by hand fails and leaves its INVALID index.
    pqxx::connection c(p.url);
    CHECK_THROWS(pqxx::nontransaction(c).exec("CREATE UNIQUE INDEX CONCURRENTLY t_code_key ON public.t (code)"));
    CHECK(p.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_code_key'::regclass") == "f");

    CHECK(p.schemac("status") == 1);
    CHECK(p.out.find("migrations/0002_unique_concurrently.sql:1:1: error: the INVALID index public.t_code_key (left by "
                     "a failed concurrent build) blocks 0002_unique_concurrently.sql: `schemac migrate` refuses to run "
                     "it while the index is there") != std::string::npos);
    CHECK(p.out.find(
              "help: remove it, then run `schemac migrate`: DROP INDEX CONCURRENTLY IF EXISTS public.t_code_key;") !=
          std::string::npos);
    CHECK(p.schemac("migrate") == 1);
    CHECK(p.out.find("an INVALID index named in this file is left from an earlier failed build") != std::string::npos);
    CHECK(p.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_code_key'::regclass") == "f");

    pqxx::nontransaction(c).exec("DROP INDEX CONCURRENTLY public.t_code_key");
    p.execute("DELETE FROM t WHERE id = 2");
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.schemac("status") == 0);
}

TEST_CASE("a concurrent build that outwaits lock_timeout blames old transactions on any table, and cleans up") {
    MigrateProject p("migrate_concurrent_wait");
    p.migration("0001_t.sql", "CREATE TABLE t (id integer, code text);\nCREATE TABLE reports (id integer);\n");
    p.migration("0002_t_concurrently.sql", "-- schemac:no-transaction\nSET lock_timeout = '1s';\n"
                                           "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_code_idx ON public.t (code);\n");
    p.hash();
    REQUIRE(p.schemac("migrate --to 1") == 0);
    // A reporting transaction on another table, holding its snapshot.
    pqxx::connection reporting(p.url);
    pqxx::work report(reporting);
    report.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    report.exec("SELECT count(*) FROM reports");

    CHECK(p.schemac("migrate") == 1);
    CHECK(p.out.find("error: migration failed: canceling statement due to lock timeout [55P03]") != std::string::npos);
    CHECK(p.out.find("help: CREATE INDEX CONCURRENTLY waits until every transaction older than it has ended, on any "
                     "table of the database, not only this one; one of them outlived lock_timeout") !=
          std::string::npos);
    CHECK(p.out.find("note: 0002_t_concurrently.sql runs outside a transaction, statement by statement: the statement "
                     "before this one stays applied, and no history row was written") != std::string::npos);
    CHECK(p.out.find("schemac dropped it") != std::string::npos);
    CHECK(p.out.find("nothing of this migration stayed") == std::string::npos);
    CHECK(p.out.find("a lock on the object") == std::string::npos);
    CHECK(p.value("SELECT to_regclass('t_code_idx') IS NULL") == "t");

    report.commit();
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_code_idx'::regclass") == "t");
}

TEST_CASE("an enum value added and used in one generate run applies through migrate") {
    MigrateProject p("migrate_enum_value");
    p.file(
        "schemas/app.schema",
        "enum state { draft sent }\ntable doc {\n  id bigint primary key\n  state state not null default 'draft'\n}\n");
    REQUIRE(p.run("generate --name init -q") == 0);
    REQUIRE(p.schemac("migrate -q") == 0);
    p.execute("INSERT INTO doc VALUES (1)");
    p.file("schemas/app.schema", "enum state { draft reviewed sent }\ntable doc {\n  id bigint primary key\n"
                                 "  state state not null default 'reviewed' check (state <> 'draft')\n}\n");
    p.execute("UPDATE doc SET state = 'sent'");
    REQUIRE(p.run("generate --name review -q") == 0);
    CHECK(fs::exists(p.path / "migrations/0002_review_enum_values.sql"));
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    p.execute("INSERT INTO doc VALUES (2)");
    CHECK(p.value("SELECT state FROM doc WHERE id = 2") == "reviewed");
    CHECK(p.value("SELECT enum_range(NULL::state)::text") == "{draft,reviewed,sent}");
}

TEST_CASE("a first migration of 5,000 tables applies on a default PostgreSQL configuration") {
    MigrateProject p("migrate_5000_tables");
    REQUIRE(p.value("SHOW max_locks_per_transaction") == "64");
    REQUIRE(p.value("SHOW max_connections") == "100");
    std::string schema;
    for (int i = 1; i <= 5000; ++i) {
        schema += fmt::format("table t{} {{\n  id bigint primary key generated always as identity\n", i);
        if (i > 1) schema += fmt::format("  parent_id bigint references t{}(id)\n", i - 1);
        schema += fmt::format("  name text not null unique\n  created_at timestamptz not null default now()\n"
                              "  index t{}_by_created (created_at)\n}}\n",
                              i);
    }
    p.file("schemas/app.schema", schema);

    // Unsplit, it would fail with "out of shared memory" at about table 3,000: refused up front.
    REQUIRE(p.run("generate --name init -q --max-locks 0 --migrations unsplit") == 0);
    CHECK(p.schemac("migrate --migrations unsplit") == 1);
    CHECK(
        p.out.find("unsplit/0001_init.sql:1:1: error: 0001_init.sql creates 10000 tables, indexes and sequences in one "
                   "transaction, but the server's lock table holds 6400 locks") != std::string::npos);
    CHECK(p.out.find("--max-locks") != std::string::npos);
    CHECK(p.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1");  // the history table

    REQUIRE(p.run("generate --name init -q") == 0);
    CHECK(fs::exists(p.path / "migrations/0001_init.sql"));
    CHECK(fs::exists(p.path / "migrations/0002_init_part_2.sql"));
    CHECK(test::read(p.path / "migrations/0002_init_part_2.sql").find("-- Part 2 of ") != std::string::npos);

    REQUIRE_MESSAGE(p.schemac("migrate -q") == 0, p.out);
    CHECK(p.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'") == "5000");
    CHECK(p.value("SELECT count(*) FROM pg_constraint WHERE contype = 'f'") == "4999");
    CHECK(p.schemac("status -q") == 0);
}

TEST_CASE("wrong port, wrong password, missing database: exit 2 and one line") {
    PostgresCluster& cluster = PostgresCluster::shared();
    test::TempDir dir;
    dir.file("migrations/0001_a.sql", create_a);
    std::string out;
    REQUIRE(run_schemac("hash -q", out, "NO_COLOR=", dir.path) == 0);
    cluster.execute("postgres", fmt::format("DROP ROLE IF EXISTS {0}; CREATE ROLE {0} LOGIN PASSWORD 'right-one'",
                                            PostgresCluster::password_role));

    int unused_port = 1;  // privileged and never a PostgreSQL server
    for (const std::string& command : {std::string("migrate"), std::string("status"), std::string("baseline --to 1")}) {
        CAPTURE(command);
        CHECK(run_schemac(fmt::format("{} --database postgresql://postgres:s3cret@127.0.0.1:{}/postgres", command,
                                      unused_port),
                          out, "NO_COLOR=", dir.path) == 2);
        CHECK(out == fmt::format("schemac: error: cannot connect to postgresql://postgres:***@127.0.0.1:{}/postgres: "
                                 "Connection refused (is the server running and accepting connections?)\n",
                                 unused_port));

        CHECK(run_schemac(fmt::format("{} --database postgresql://{}:wrong-one@127.0.0.1:{}/postgres", command,
                                      PostgresCluster::password_role, cluster.port()),
                          out, "NO_COLOR=", dir.path) == 2);
        CHECK(count_lines(out) == 1);
        CHECK(out.find("password authentication failed for user \"schemac_password_test\"") != std::string::npos);
        CHECK(out.find("wrong-one") == std::string::npos);

        CHECK(run_schemac(command + " --database " + cluster.url("no_such_database"), out, "NO_COLOR=", dir.path) == 2);
        CHECK(count_lines(out) == 1);
        CHECK(out.find("database \"no_such_database\" does not exist") != std::string::npos);
    }
    CHECK(
        run_schemac("status --database postgresql://" + std::string(PostgresCluster::password_role) +
                        ":right-one@127.0.0.1:" + std::to_string(cluster.port()) + "/postgres --history-schema nowhere",
                    out, "NO_COLOR=", dir.path) == 1);
    CHECK(out.find("0 migrations applied, 1 pending") != std::string::npos);
    CHECK(run_schemac("status", out, "NO_COLOR= DATABASE_URL=", dir.path) == 2);
    CHECK(out.find("no database: pass --database") != std::string::npos);
}

TEST_CASE("baseline verifies the database against the snapshot, then records the migrations without running them") {
    MigrateProject p("migrate_baseline");
    p.file("schemas/app.schema", "table a {\n  id integer primary key\n  name text\n}\n");
    REQUIRE(p.run("generate --name init -q") == 0);
    std::string init = test::read(p.path / "migrations/0001_init.sql");
    p.cluster().apply_migration(p.database, init);  // the database had the schema before schemac

    CHECK(p.schemac("baseline --to 9") == 2);
    CHECK(p.out.find("--to 9: no migration has that number") != std::string::npos);

    p.execute("ALTER TABLE a ADD COLUMN hotfix text");
    CHECK(p.schemac("baseline --to 1") == 1);
    CHECK(p.out.find("error: drift: - column a.hotfix") != std::string::npos);
    CHECK(p.out.find("nothing recorded") != std::string::npos);
    CHECK_FALSE(p.exists("schemac_migrations"));
    p.execute("ALTER TABLE a DROP COLUMN hotfix");

    REQUIRE_MESSAGE(p.schemac("baseline --to 1") == 0, p.out);
    CHECK(p.out.find("recorded 1 migration as applied without running them") != std::string::npos);
    CHECK(p.value("SELECT baseline::text || execution_ms FROM schemac_migrations WHERE version = 1") == "true0");
    CHECK(p.schemac("status") == 0);
    CHECK(p.out.find("baseline (recorded, not run)") != std::string::npos);
    CHECK(p.schemac("baseline --to 1") == 1);
    CHECK(p.out.find("already has 1 migration") != std::string::npos);

    p.file("schemas/app.schema",
           "table a {\n  id integer primary key\n  name text\n}\ntable b {\n  id integer primary key\n}\n");
    REQUIRE(p.run("generate --name add_b -q") == 0);
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.out.find("applying 0001_init.sql") == std::string::npos);
    CHECK(p.out.find("applying 0002_add_b.sql") != std::string::npos);
    CHECK(p.history() == "1,2");
}

TEST_CASE("baseline --force records despite drift, or below the last migration, and says so") {
    MigrateProject p("migrate_baseline_force");
    p.file("schemas/app.schema", "table a {\n  id integer primary key\n}\n");
    REQUIRE(p.run("generate --name init -q") == 0);
    p.file("schemas/app.schema", "table a {\n  id integer primary key\n}\ntable b {\n  id integer primary key\n}\n");
    REQUIRE(p.run("generate --name add_b -q") == 0);
    p.execute("CREATE TABLE a (id integer PRIMARY KEY)");

    CHECK(p.schemac("baseline --to 1") == 1);
    CHECK(p.out.find("the snapshot describes migration 2, not 1") != std::string::npos);
    CHECK(p.schemac("baseline --to 2") == 1);
    CHECK(p.out.find("error: drift: + table b") != std::string::npos);
    REQUIRE(p.schemac("baseline --to 2 --force") == 0);
    CHECK(p.out.find("warning: drift: + table b") != std::string::npos);
    CHECK(p.out.find("recording anyway (--force)") != std::string::npos);
    CHECK(p.history() == "1,2");
}

TEST_CASE("--dry-run changes nothing, --to stops after a version, --format json sums up") {
    MigrateProject p("migrate_options");
    p.migration("0001_a.sql", create_a);
    p.migration("0002_b.sql", create_b);
    p.hash();

    REQUIRE(p.schemac("migrate --dry-run") == 0);
    CHECK(p.out.find("2 migrations would run") != std::string::npos);
    CHECK(p.out.find("-- 0002_b.sql (in one transaction, with its history row)\n" + std::string(create_b)) !=
          std::string::npos);
    CHECK_FALSE(p.exists("schemac_migrations"));
    CHECK_FALSE(p.exists("a"));

    CHECK(p.schemac("migrate --to 7") == 2);
    REQUIRE(p.schemac("migrate --to 1 --format json") == 0);
    auto json = nlohmann::json::parse(p.out);
    CHECK(json["result"] == "applied");
    CHECK(json["applied"].size() == 1);
    CHECK(json["applied"][0]["name"] == "0001_a.sql");
    CHECK(json["pending"] == nlohmann::json{"0002_b.sql"});
    CHECK(p.history() == "1");
    CHECK_FALSE(p.exists("b"));
}

TEST_CASE("migrate names every role the snapshot declares that the server lacks, exit 2, before anything runs") {
    MigrateProject p("migrate_missing_roles");
    p.migration("0001_a.sql", create_a);
    p.file("migrations/schemac.snapshot.json",
           "{\n  \"format\": \"schemac-ir\",\n  \"version\": 1,\n  \"roles\": [ { \"name\": \"ghost_analyst\" }, "
           "{ \"name\": \"ghost_app\" }, { \"name\": \"postgres\" } ]\n}\n");
    p.hash();
    p.cluster().execute("postgres", "DROP ROLE IF EXISTS ghost_analyst; DROP ROLE IF EXISTS ghost_app");

    CHECK(p.schemac("migrate") == 2);
    CHECK(p.says("error: role ghost_analyst does not exist on "));
    CHECK(p.says("`CREATE ROLE ghost_analyst NOLOGIN;`"));
    CHECK(p.says("error: role ghost_app does not exist on "));
    CHECK(p.says("`CREATE ROLE ghost_app NOLOGIN;`"));
    CHECK_FALSE(p.says("role postgres"));
    CHECK(p.says("nothing applied"));
    CHECK_FALSE(p.exists("a"));
    CHECK(p.value("SELECT count(*) FROM schemac_migrations") == "0");
    REQUIRE(p.schemac("migrate --format json") == 2);
    CHECK(nlohmann::json::parse(p.out)["result"] == "refused");

    p.cluster().execute("postgres", "CREATE ROLE ghost_analyst NOLOGIN; CREATE ROLE ghost_app NOLOGIN");
    CHECK_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.history() == "1");
    p.cluster().execute("postgres", "DROP ROLE ghost_analyst; DROP ROLE ghost_app");
}

TEST_CASE(
    "migrate refuses a transactional file with a statement PostgreSQL refuses in a transaction, before running any") {
    MigrateProject p("migrate_transaction_block");
    p.migration("0001_a.sql", create_a);
    p.migration("0002_vacuum.sql", "-- tidy up\nVACUUM a;\n");
    record_without_looking(p);  // as an older schemac's `hash` did
    CHECK(p.schemac("migrate") == 1);
    CHECK(p.out.find("migrations/0002_vacuum.sql:2:1: error: VACUUM cannot run inside a transaction block, and "
                     "0002_vacuum.sql runs in one") != std::string::npos);
    CHECK(p.out.find("refused to run: nothing applied") != std::string::npos);
    CHECK_FALSE(p.exists("a"));
}

TEST_CASE("a -- comment ended by a lone CR does not swallow the statement after it, in both kinds of file") {
    MigrateProject p("migrate_lone_cr");
    p.migration("0001_items.sql", "CREATE TABLE items (id serial PRIMARY KEY, payload text);\n");
    p.migration(
        "0002_cr.sql",
        "-- step one\rINSERT INTO items(payload) VALUES ('after CR');\n-- step two\rCREATE TABLE copy_of_items AS\n"
        "SELECT * FROM items;\n");
    p.migration("0003_cr.sql",
                "-- schemac:no-transaction\r-- step three\rINSERT INTO items(payload) VALUES ('no transaction');\r");
    p.hash();
    CHECK_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.value("SELECT string_agg(payload, ',' ORDER BY id) FROM items") == "after CR,no transaction");
    CHECK(p.value("SELECT count(*) FROM copy_of_items") == "1");
    CHECK(p.history() == "1,2,3");
}

TEST_CASE("a NUL byte in a migration is refused by hash, check and migrate, at the byte, before anything runs") {
    MigrateProject p("migrate_nul");
    p.file("schemas/app.schema", "// no tables\n");
    p.migration("0001_a.sql", create_a);
    std::string text = "INSERT INTO a VALUES (1);\n";
    text += '\0';
    text += "\nINSERT INTO a VALUES (2);\n";
    p.migration("0002_nul.sql", text);
    const std::string error =
        "migrations/0002_nul.sql:2:1: error: 0002_nul.sql cannot be run: a NUL byte (\\0) in the file";
    CHECK(p.run("hash") == 1);
    CHECK_MESSAGE(p.says(error), p.out);
    CHECK(p.says("nothing recorded"));
    record_without_looking(p);
    CHECK(p.run("check") == 1);
    CHECK_MESSAGE(p.says(error), p.out);
    CHECK(p.schemac("migrate") == 1);
    CHECK_MESSAGE(p.says(error), p.out);
    CHECK(p.says("refused to run: nothing applied"));
    CHECK_FALSE(p.exists("a"));
}

TEST_CASE("a Latin-1 byte in a migration is refused at the byte, before anything runs (it aborted migrate)") {
    MigrateProject p("migrate_latin1");
    p.migration("0001_a.sql", "CREATE TABLE t (a text);\nINSERT INTO t VALUES ('caf\xe9');\n");
    record_without_looking(p);
    CHECK(p.schemac("migrate") == 1);
    CHECK_MESSAGE(p.says("migrations/0001_a.sql:2:27: error: 0001_a.sql cannot be run: the file is not UTF-8 here "
                         "(byte 0xE9)"),
                  p.out);
    CHECK_FALSE(p.exists("t"));
}

TEST_CASE(
    "transaction control in a transactional file is refused before anything runs, a no-transaction file owns it") {
    MigrateProject p("migrate_transaction_control");
    p.file("schemas/app.schema", "// no tables\n");
    p.migration("0001_a.sql", create_a);
    p.migration("0002_rollback.sql", "INSERT INTO a VALUES (1);\nROLLBACK;\nINSERT INTO a VALUES (2);\n");
    p.migration(
        "0003_commit.sql",
        "INSERT INTO a VALUES (3);\nINSERT INTO a VALUES (4);\n  commit;\nINSERT INTO a VALUES ('not a number');\n");
    p.migration("0004_savepoint.sql",
                "SAVEPOINT s;\nINSERT INTO a VALUES (5);\nROLLBACK TO s;\nSET TRANSACTION READ ONLY;\n");
    CHECK(p.run("hash") == 1);
    for (const char* error :
         {"migrations/0002_rollback.sql:2:1: error: ROLLBACK in 0002_rollback.sql, which runs in one transaction",
          "migrations/0003_commit.sql:3:3: error: COMMIT in 0003_commit.sql, which runs in one transaction",
          "migrations/0004_savepoint.sql:1:1: error: SAVEPOINT in",
          "migrations/0004_savepoint.sql:3:1: error: ROLLBACK TO SAVEPOINT in",
          "migrations/0004_savepoint.sql:4:1: error: SET TRANSACTION in",
          "help: remove it (the runner begins and commits the file's transaction)"})
        CHECK_MESSAGE(p.says(error), (std::string(error) + "\n" + p.out));
    record_without_looking(p);
    CHECK(p.run("check") == 1);
    CHECK(p.says("migrations/0003_commit.sql:3:3: error: COMMIT in"));
    CHECK(p.schemac("migrate") == 1);
    CHECK(p.says("migrations/0002_rollback.sql:2:1: error: ROLLBACK in"));
    CHECK(p.says("refused to run: nothing applied"));
    CHECK_FALSE(p.exists("a"));

    // Marked no-transaction, the file takes charge of its transactions and runs as psql runs it.
    p.migration("0002_rollback.sql",
                "-- schemac:no-transaction\nBEGIN;\nINSERT INTO a VALUES (1);\nROLLBACK;\nINSERT INTO a VALUES (2);\n");
    p.migration("0003_commit.sql", "-- schemac:no-transaction\nBEGIN;\nINSERT INTO a VALUES (3);\nEND;\n");
    p.remove("0004_savepoint.sql");
    p.hash();
    CHECK_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.value("SELECT string_agg(id::text, ',' ORDER BY id) FROM a") == "2,3");
    // A failure inside the file's own block rolls the block back; the session goes on.
    p.migration("0004_block.sql",
                "-- schemac:no-transaction\nINSERT INTO a VALUES (4);\nBEGIN;\nINSERT INTO a VALUES (5);\n"
                "INSERT INTO a VALUES ('not a number');\nCOMMIT;\n");
    p.hash();
    CHECK(p.schemac("migrate") == 1);
    CHECK_MESSAGE(
        p.says("migrations/0004_block.sql:5:1: error: migration failed: invalid input syntax for type integer"), p.out);
    CHECK(p.says("the statement before the BEGIN at line 3 stays applied, the transaction block begun at line 3 "
                 "was rolled back, and no history row was written"));
    CHECK(p.value("SELECT string_agg(id::text, ',' ORDER BY id) FROM a") == "2,3,4");
    p.migration("0004_block.sql", "-- schemac:no-transaction\nBEGIN;\nINSERT INTO a VALUES (5);\nCOMMIT;\n");
    p.hash();
    CHECK_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.value("SELECT string_agg(id::text, ',' ORDER BY id) FROM a") == "2,3,4,5");
    // A block it leaves open would commit with the history row: refused.
    p.migration(
        "0005_open.sql",
        "-- schemac:no-transaction\nINSERT INTO a VALUES (6);\nSTART TRANSACTION;\nINSERT INTO a VALUES (7);\n");
    CHECK(p.run("hash") == 1);
    CHECK_MESSAGE(p.says("migrations/0005_open.sql:3:1: error: START TRANSACTION opens a transaction block that "
                         "0005_open.sql never ends"),
                  p.out);
}

TEST_CASE("SQL-standard bodies (BEGIN ATOMIC) apply as one statement, in both kinds of file") {
    MigrateProject p("migrate_begin_atomic");
    p.migration(
        "0001_two.sql",
        "CREATE FUNCTION two() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
        "CREATE TABLE t (n int);\nCREATE PROCEDURE fill() LANGUAGE sql\nBEGIN ATOMIC\n  INSERT INTO t VALUES (1);\n"
        "  INSERT INTO t VALUES (two());\nEND;\nCALL fill();\n");
    // A name with ` sha256:` in it is recorded in schemac.sum like any other.
    p.migration(
        "0002_three sha256:x.sql",
        "-- schemac:no-transaction\nCREATE FUNCTION three() RETURNS int LANGUAGE sql\n  BEGIN ATOMIC SELECT 1; SELECT 3; "
        "END;\nCALL fill();\n");
    p.hash();
    CHECK_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.value("SELECT two() + three()") == "5");
    CHECK(p.value("SELECT string_agg(n::text, ',' ORDER BY n) FROM t") == "1,1,2,2");
    CHECK(p.history() == "1,2");
}

TEST_CASE("a byte-order mark is accepted: the no-transaction marker after it counts, and it never reaches PostgreSQL") {
    MigrateProject p("migrate_bom");
    p.file("schemas/app.schema", "// no tables\n");
    p.migration("0001_a.sql", "\xEF\xBB\xBF" + std::string(create_a));
    p.migration("0002_index.sql",
                "\xEF\xBB\xBF-- schemac:no-transaction\nCREATE INDEX CONCURRENTLY a_by_id ON a (id);\n");
    CHECK_MESSAGE(p.run("hash") == 0, p.out);
    CHECK_MESSAGE(p.run("check") == 0, p.out);
    CHECK_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'a_by_id'::regclass") == "t");
}

TEST_CASE("COPY ... FROM stdin is refused as unsupported, at the statement, before anything runs") {
    MigrateProject p("migrate_copy");
    p.migration("0001_a.sql", create_a);
    p.migration("0002_copy.sql", "-- rows as pg_dump writes them\nCOPY a (id) FROM stdin;\n1\n2\n\\.\n");
    CHECK(p.run("hash") == 1);
    CHECK_MESSAGE(p.says("migrations/0002_copy.sql:2:1: error: 0002_copy.sql cannot be run: COPY ... FROM STDIN is "
                         "not supported in a migration"),
                  p.out);
    record_without_looking(p);
    CHECK(p.schemac("migrate") == 1);
    CHECK(p.says("COPY ... FROM STDIN is not supported"));
    CHECK_FALSE(p.says("history table"));
    CHECK_FALSE(p.exists("a"));
    // Alone, without rows after it, PostgreSQL's parser accepts it: refused all the same.
    p.migration("0002_copy.sql", "COPY a (id) FROM stdin;\nCOPY (SELECT 1) TO STDOUT;\n");
    record_without_looking(p);
    CHECK(p.schemac("migrate") == 1);
    CHECK(p.says("migrations/0002_copy.sql:1:1: error: COPY ... FROM STDIN is not supported"));
    CHECK(p.says("migrations/0002_copy.sql:2:1: error: COPY ... TO STDOUT is not supported"));
    CHECK_FALSE(p.exists("a"));
}

TEST_CASE("a read-only database is named as such before anything runs, exit 2 and nothing applied") {
    MigrateProject p("migrate_read_only");
    p.migration("0001_a.sql", create_a);
    p.hash();
    p.execute("ALTER DATABASE migrate_read_only SET default_transaction_read_only = on");
    CHECK(p.schemac("migrate") == 2);
    CHECK(p.out.find("error: " + p.url +
                     " is read-only (transaction_read_only is on, from default_transaction_read_only "
                     "set on the database, the role or the URL's options); nothing applied\n") != std::string::npos);
    CHECK(p.out.find("ALTER DATABASE migrate_read_only SET default_transaction_read_only = off") != std::string::npos);
    CHECK(p.out.find("history table") == std::string::npos);
    CHECK(p.out.find("applying") == std::string::npos);
    CHECK(p.schemac("migrate --format json") == 2);
    CHECK(nlohmann::json::parse(p.out)["result"] == "refused");
    CHECK(p.schemac("migrate --dry-run") == 0);  // reads only

    p.cluster().execute("postgres", "ALTER DATABASE migrate_read_only SET default_transaction_read_only = off");
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.history() == "1");
}

TEST_CASE("a connection lost in a no-transaction file: the help names what stayed applied and the INVALID index") {
    MigrateProject p("migrate_lost_no_transaction");
    p.migration("0001_t.sql", "CREATE TABLE t (id integer, code text);\nCREATE TABLE reports (id integer);\n");
    p.migration("0002_t_concurrently.sql",
                "-- schemac:no-transaction\n"
                "CREATE TABLE IF NOT EXISTS audit (id integer);\n"
                "CREATE TABLE IF NOT EXISTS audit_archive (id integer);\n"
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_code_idx ON public.t (code);\n");
    p.hash();
    REQUIRE(p.schemac("migrate --to 1") == 0);
    // An open transaction holding its snapshot: the concurrent build waits for it.
    pqxx::connection reporting(p.url);
    pqxx::work report(reporting);
    report.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    report.exec("SELECT count(*) FROM reports");

    fs::path log = p.path / "log";
    std::string started;
    REQUIRE(test::run("cd '" + p.path.string() + "' && ((env NO_COLOR= '" SCHEMAC_BINARY "' migrate --database " +
                          p.url + " >'" + log.string() + "' 2>&1 0<&-; echo \"exit $?\" >>'" + log.string() +
                          "') >/dev/null 2>&1 &)",
                      started) == 0);
    std::string waiting =
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'schemac' AND state = 'active' AND "
        "query LIKE 'CREATE INDEX CONCURRENTLY%'";
    REQUIRE_MESSAGE(test::eventually([&] { return !p.value(waiting).empty(); }), test::read(log));
    p.value("SELECT pg_terminate_backend((" + waiting + "))");
    REQUIRE(test::eventually([&] { return test::read(log).find("\nexit ") != std::string::npos; }));
    std::string out = test::read(log);
    CAPTURE(out);
    CHECK(out.find("\nexit 2\n") != std::string::npos);
    report.commit();

    CHECK(out.find("migrations/0002_t_concurrently.sql:4:1: error: lost the connection to " + p.url +
                   " while 0002_t_concurrently.sql ran: the server closed the connection (it stopped, or the session "
                   "was terminated)") != std::string::npos);
    CHECK(out.find("help: 0002_t_concurrently.sql runs outside a transaction, statement by statement: its first 2 "
                   "statements (lines 2 to 3) stayed applied, the one at line 4 was cut off, and no history row was "
                   "written") != std::string::npos);
    CHECK(out.find("note: public.t_code_idx is left INVALID by the cut-off CREATE INDEX CONCURRENTLY; remove it before "
                   "running again: DROP INDEX CONCURRENTLY IF EXISTS public.t_code_idx;") != std::string::npos);
    CHECK(out.find("applied with its history row or not at all") == std::string::npos);
    CHECK(p.exists("audit"));
    CHECK(p.exists("audit_archive"));
    CHECK(p.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_code_idx'::regclass") == "f");
    CHECK(p.history() == "1");

    // Done as the help says: the file runs again from its start and completes.
    p.execute("DROP INDEX public.t_code_idx");
    REQUIRE_MESSAGE(p.schemac("migrate") == 0, p.out);
    CHECK(p.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_code_idx'::regclass") == "t");
    CHECK(p.history() == "1,2");
}

TEST_CASE("an application rolled back to an older release: migrate says so, and --allow-newer-applied proceeds") {
    MigrateProject p("migrate_rolled_back");
    p.migration("0001_a.sql", create_a);
    p.migration("0002_b.sql", create_b);
    p.migration("0004_fill.sql", fill_a);
    p.hash();
    REQUIRE(p.schemac("migrate") == 0);
    // The older release has 0001 and 0002 only.
    p.remove("0004_fill.sql");
    p.hash();

    CHECK(p.schemac("migrate") == 1);
    CHECK(p.out.find("error: the database has migration 0004 applied (0004_fill.sql) that this directory does not "
                     "have: the application was probably rolled back to an older release\n") != std::string::npos);
    CHECK(
        p.out.find("help: if this release works with the newer schema, run `schemac migrate --allow-newer-applied`") !=
        std::string::npos);
    CHECK(p.out.find("but the file is not in the directory") == std::string::npos);
    CHECK(p.out.find("refused to run: nothing applied") != std::string::npos);
    CHECK(p.schemac("status") == 1);
    CHECK(p.out.find("the application was probably rolled back to an older release") != std::string::npos);

    CHECK(p.schemac("status --allow-newer-applied") == 0);
    CHECK(p.out.find("0004_fill.sql") != std::string::npos);
    CHECK(p.out.find("(newer than this directory)") != std::string::npos);
    CHECK(p.schemac("migrate --allow-newer-applied") == 0);
    CHECK(p.out.find("also has 0004_fill.sql, newer than this directory (--allow-newer-applied)") != std::string::npos);
    CHECK(p.out.find("nothing to apply") != std::string::npos);

    SUBCASE("a pending file numbered below a newer applied one is still refused as out of order") {
        p.migration("0003_hotfix.sql", "CREATE TABLE hotfix (id integer);\n");
        p.hash();
        CHECK(p.schemac("migrate --allow-newer-applied") == 1);
        CHECK(p.out.find("0003_hotfix.sql is pending, but numbered below 0004_fill.sql, which is already applied") !=
              std::string::npos);
        CHECK_FALSE(p.exists("hotfix"));
    }
    SUBCASE("an applied migration missing among the directory's numbers is no rollback") {
        p.remove("0002_b.sql");
        p.migration("0003_c.sql", "CREATE TABLE c (id integer);\n");
        p.hash();
        CHECK(p.schemac("migrate --allow-newer-applied") == 1);
        CHECK(p.out.find("0002_b.sql was applied on ") != std::string::npos);
        CHECK(p.out.find("0004_fill.sql was applied on ") != std::string::npos);
        CHECK(p.out.find("rolled back to an older release") == std::string::npos);
        CHECK_FALSE(p.exists("c"));
    }
}

TEST_CASE("a hand-made view over a column a pending migration retypes stops migrate and check before anything runs") {
    MigrateProject p("migrate_view_dependents");
    p.file("schemas/app.schema", "table users {\n  id integer primary key\n  email varchar(50)\n  name text\n}\n");
    REQUIRE(p.run("generate --name users -q") == 0);
    REQUIRE(p.schemac("migrate -q") == 0);
    p.execute("INSERT INTO users VALUES (1, 'a@example.com', 'Ann');"
              "CREATE VIEW active_users AS SELECT id, email FROM users;"
              "CREATE MATERIALIZED VIEW names AS SELECT upper(name) AS name FROM users;"
              "CREATE VIEW ids AS SELECT id FROM users");  // reads neither changed column
    // Hand-written migrations (`schemac new`): the schema does not change.
    REQUIRE(p.run("new --name a -q") == 0);
    REQUIRE(p.run("new --name retype -q") == 0);
    p.migration("0002_a.sql", create_a);
    p.migration("0003_retype.sql", "-- wider columns\n"
                                   "ALTER TABLE users ALTER COLUMN email TYPE text;\n"
                                   "ALTER TABLE users RENAME COLUMN name TO full_name;\n");
    p.hash();
    auto output = [&] {  // the report, the database's URL left out (its port changes)
        std::string out = p.out;
        for (std::size_t at; (at = out.find(p.url)) != std::string::npos;) out.replace(at, p.url.size(), "DATABASE");
        return out;
    };
    CHECK(p.schemac("migrate") == 1);
    test::check_golden(test::source_dir() / "tests/golden/preflight/hand_made_views.expected", output());
    CHECK(p.history() == "1");  // nothing ran: not even 0002, which touches no view
    CHECK_FALSE(p.exists("a"));
    CHECK(p.value("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'users'::regclass AND "
                  "attname = 'email'") == "character varying(50)");
    CHECK(p.schemac("migrate --dry-run") == 1);  // refused just the same
    // check --database: the pending migrations, and what migrate would refuse in them.
    CHECK(p.schemac("check") == 1);
    CHECK(p.says("migrations/0003_retype.sql:2:1: error: view active_users reads column users.email, whose type this "
                 "statement changes: PostgreSQL refuses that while a view or rule reads the column\n"));
    CHECK(p.says("migrations/0003_retype.sql:3:1: error: materialized view names reads column users.name, which "
                 "this statement renames"));

    // A view dropped after the statement is too late; one dropped and created again around it is the migration's.
    p.migration("0003_retype.sql",
                "ALTER TABLE users ALTER COLUMN email TYPE text;\n"
                "DROP VIEW active_users;\n"
                "DROP MATERIALIZED VIEW names;\n"
                "ALTER TABLE users RENAME COLUMN name TO full_name;\n");
    p.hash();
    CHECK(p.schemac("migrate") == 1);
    CHECK(p.says("0003_retype.sql:1:1: error: view active_users reads column users.email"));
    CHECK_FALSE(p.says("materialized view names"));
    p.migration("0003_retype.sql",
                "DROP VIEW active_users;\n"
                "ALTER TABLE users ALTER COLUMN email TYPE text;\n"
                "CREATE VIEW active_users AS SELECT id, email FROM users;\n"
                "DROP MATERIALIZED VIEW names;\n"
                "ALTER TABLE users RENAME COLUMN name TO full_name;\n"
                "CREATE MATERIALIZED VIEW names AS SELECT upper(full_name) AS name FROM users;\n");
    p.hash();
    REQUIRE_MESSAGE(p.schemac("migrate -q") == 0, p.out);
    CHECK(p.history() == "1,2,3");
    CHECK(p.value("SELECT email FROM active_users") == "a@example.com");
    CHECK(p.value("SELECT name FROM names") == "ANN");

    // Dropping a table a view reads, even with CASCADE (which would drop the view without a word).
    p.migration("0004_drop.sql", "DROP TABLE users CASCADE;\n");
    p.hash();
    CHECK(p.schemac("migrate") == 1);
    CHECK(p.says("migrations/0004_drop.sql:1:1: error: view active_users reads table users, which this statement "
                 "drops"));
    CHECK(p.says("view ids reads table users"));
    CHECK(p.exists("active_users"));
}

TEST_CASE("a trigger or an SQL-standard function over a column a pending migration retypes or drops stops migrate") {
    MigrateProject p("migrate_code_dependents");
    p.file("schemas/app.schema", "table users {\n  id integer primary key\n  email varchar(50)\n  name text\n}\n");
    REQUIRE(p.run("generate --name users -q") == 0);
    REQUIRE(p.schemac("migrate -q") == 0);
    p.execute("CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ begin return new; end $$;"
              "CREATE TRIGGER users_email AFTER UPDATE OF email ON users FOR EACH ROW EXECUTE FUNCTION note();"
              "CREATE TRIGGER users_named BEFORE INSERT ON users FOR EACH ROW WHEN (new.name IS NOT NULL)"
              "  EXECUTE FUNCTION note();"
              "CREATE FUNCTION name_count() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(name) FROM users; "
              "END");
    REQUIRE(p.run("new --name retype -q") == 0);
    p.migration("0002_retype.sql", "ALTER TABLE users ALTER COLUMN email TYPE text;\n"
                                   "ALTER TABLE users DROP COLUMN name;\n");
    p.hash();
    CHECK(p.schemac("migrate") == 1);
    CHECK(p.says("migrations/0002_retype.sql:1:1: error: trigger users_email on users reads column users.email, "
                 "whose type this statement changes: PostgreSQL refuses that while a trigger's definition reads "
                 "the column\n"));
    CHECK(p.says("help: drop it first, in 0002_retype.sql before this statement (`DROP TRIGGER users_email ON "
                 "public.users;`)"));
    CHECK(p.says("migrations/0002_retype.sql:2:1: error: trigger users_named on users reads column users.name, "
                 "which this statement drops"));
    CHECK(p.says("migrations/0002_retype.sql:2:1: error: function name_count() reads column users.name, which "
                 "this statement drops"));
    CHECK(p.says("(`DROP FUNCTION public.name_count();`)"));
    CHECK(p.history() == "1");

    // Dropped first, by the migration itself: its to recreate. A rename does not stop a trigger.
    p.migration("0002_retype.sql",
                "DROP TRIGGER users_email ON users;\n"
                "DROP TRIGGER users_named ON users;\n"
                "DROP FUNCTION name_count;\n"
                "ALTER TABLE users ALTER COLUMN email TYPE text;\n"
                "ALTER TABLE users DROP COLUMN name;\n"
                "CREATE TRIGGER users_email AFTER UPDATE OF email ON users FOR EACH ROW EXECUTE "
                "FUNCTION note();\n"
                "ALTER TABLE users RENAME COLUMN email TO address;\n");
    p.hash();
    CHECK_MESSAGE(p.schemac("migrate -q") == 0, p.out);
    CHECK(p.history() == "1,2");
}
