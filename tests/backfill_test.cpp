// A @backfill on a table with rows, on a real PostgreSQL, while other sessions use the table:
// the fill holds no lock that stops reads and writes, rows written during it get the value, an
// interrupted fill goes on where it stopped, and the NOT NULL that follows holds.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <pqxx/pqxx>

#include "compiler/migrations/sql_script.hpp"
#include "tests/plan_support.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

constexpr const char* before_schema = R"(table users {
  id    bigint primary key generated always as identity
  email text   not null
}
)";

// Each row takes about 2 ms to fill, so that the fill lasts long enough to be met by others.
constexpr const char* after_schema = R"(table users {
  id     bigint primary key generated always as identity
  email  text   not null
  handle text   not null @backfill((split_part(email, '@', 1) || pg_sleep(0.002)::text)) @backfill_batch(25)
}
)";

struct Files {
    std::vector<plan::MigrationFile> files;
    const std::string& named(std::string_view suffix) const {
        for (const plan::MigrationFile& f : files)
            if (f.name.ends_with(suffix)) return f.text;
        FAIL("no migration file ends with ", suffix);
        throw;
    }
};

Files plan_files() {
    Compilation before = test::compile_text(before_schema, "before.schema");
    Compilation after = test::compile_text(after_schema, "after.schema");
    REQUIRE(before.ok());
    REQUIRE(after.ok());
    plan::Plan plan = plan::plan_changes(before.database, after.database);
    REQUIRE(!plan.diagnostics.has_errors());
    return Files{plan::render_migrations(plan, 2, "locale", {})};
}

// Runs a no-transaction file's statements on one connection, as the runner does.
void run_outside_transaction(pqxx::connection& c, const std::string& script) {
    for (const SqlStatement& s : split_sql_statements(script)) {
        pqxx::nontransaction tx(c);
        tx.exec(s.text);
    }
}

}  // namespace

TEST_CASE("a backfill commits in batches while others read and write, and rows written meanwhile get the value") {
    Files plan = plan_files();
    REQUIRE(plan.files.size() == 3);
    CHECK(plan.files[0].name == "0002_locale.sql");
    CHECK(plan.files[1].name == "0003_locale_backfill.sql");
    CHECK(plan.files[2].name == "0004_locale_validate.sql");
    CHECK(is_no_transaction_script(plan.named("_backfill.sql")));
    CHECK(plan.named("_backfill.sql").find("FULL TABLE UPDATE") != std::string::npos);

    test::PostgresCluster& pg = test::PostgresCluster::shared();
    test::build_database(pg, "backfill", test::compile_text(before_schema).database);
    pg.execute("backfill",
               "INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 600) g");
    pg.apply_migration("backfill", plan.named("0002_locale.sql"));

    // The fill runs in the background (about 1.2 s); meanwhile another session reads and
    // writes under a short lock_timeout, which a lock held for the whole fill would break.
    auto fill = std::async(std::launch::async, [&] {
        pqxx::connection c(pg.url("backfill"));
        run_outside_transaction(c, plan.named("_backfill.sql"));
    });
    {
        pqxx::connection c(pg.url("backfill"));
        pqxx::nontransaction tx(c);
        // Batches commit as they go: part of the table is filled while the fill still runs.
        int filled = 0;
        for (int i = 0; i < 500 && filled == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            filled = tx.exec1("SELECT count(handle) FROM users")[0].as<int>();
        }
        CHECK(filled > 1);
        CHECK(filled < 600);
        tx.exec("SET lock_timeout = '200ms'");
        CHECK(tx.exec1("SELECT count(*) FROM users")[0].as<int>() == 600);
        tx.exec("INSERT INTO users (email) VALUES ('written.meanwhile@example.com')");
        tx.exec("UPDATE users SET email = 'moved@example.com' WHERE id = 600");
        CHECK(fill.wait_for(std::chrono::milliseconds(0)) == std::future_status::timeout);
    }
    fill.get();
    pg.apply_migration("backfill", plan.named("_validate.sql"));

    CHECK(pg.query_value("backfill", "SELECT count(*) FROM users WHERE handle IS NULL") == "0");
    CHECK(pg.query_value("backfill", "SELECT handle FROM users WHERE email = 'written.meanwhile@example.com'") ==
          "written.meanwhile");
    CHECK(pg.query_value("backfill", "SELECT handle FROM users WHERE id = 1") == "user1");
    // The column is NOT NULL, and the helper check, trigger and function are gone.
    CHECK(pg.query_value("backfill", "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND "
                                     "attname = 'handle'") == "t");
    CHECK(pg.query_value("backfill", "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT "
                                     "tgisinternal") == "0");
    CHECK(pg.query_value("backfill", "SELECT count(*) FROM pg_proc WHERE proname LIKE '%backfill%'") == "0");
    CHECK(pg.query_value("backfill", "SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND "
                                     "contype = 'c'") == "0");
}

TEST_CASE("an interrupted backfill keeps the batches it committed and goes on where it stopped when run again") {
    Files plan = plan_files();
    test::PostgresCluster& pg = test::PostgresCluster::shared();
    test::build_database(pg, "backfill_resumed", test::compile_text(before_schema).database);
    pg.execute("backfill_resumed",
               "INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 600) g");
    pg.apply_migration("backfill_resumed", plan.named("0002_locale.sql"));

    // The fill is cancelled once its first batches have committed.
    pqxx::connection c(pg.url("backfill_resumed"));
    auto fill = std::async(std::launch::async, [&] { run_outside_transaction(c, plan.named("_backfill.sql")); });
    for (int i = 0; i < 500 && pg.query_value("backfill_resumed", "SELECT count(handle) FROM users") == "0"; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    pg.query_value("backfill_resumed", "SELECT pg_cancel_backend(" + std::to_string(c.backendpid()) + ")");
    CHECK_THROWS_AS(fill.get(), pqxx::sql_error);
    int filled = std::stoi(pg.query_value("backfill_resumed", "SELECT count(handle) FROM users"));
    CHECK(filled > 0);
    CHECK(filled < 600);

    std::string between;  // a transaction id after the first run's and before the second run's
    {
        pqxx::nontransaction tx(c);
        between = tx.exec1("SELECT txid_current()")[0].as<std::string>();
    }
    run_outside_transaction(c, plan.named("_backfill.sql"));
    pg.apply_migration("backfill_resumed", plan.named("_validate.sql"));
    CHECK(pg.query_value("backfill_resumed", "SELECT count(*) FROM users WHERE handle IS NULL") == "0");
    // The second run wrote only the rows the first had not filled (a fresh cluster: xids are
    // still in their first epoch, so xmin compares with txid_current()).
    CHECK(pg.query_value("backfill_resumed", "SELECT count(*) FROM users WHERE xmin::text::bigint > " + between) ==
          std::to_string(600 - filled));
}
