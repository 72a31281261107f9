// The CI gate over the migration directory itself: two migrations with one number, a snapshot
// merged as text by git after two branches each generated a migration (schemac.sum's snapshot
// records), and statements PostgreSQL refuses inside a transaction block in a transactional
// file, caught by `check` and `hash` from libpg_query's parse trees and checked against a real
// PostgreSQL.
#include <doctest/doctest.h>

#include <pqxx/pqxx>
#include <stdexcept>

#include "compiler/migrations/migration_directory.hpp"
#include "compiler/migrations/sha256.hpp"
#include "compiler/migrations/statement_rules.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using namespace schemac;
using test::run_schemac;
using test::TempDir;

namespace {

namespace fs = std::filesystem;

const char* base_schema = "table users {\n  id bigint primary key\n  email text not null\n}\n";
const char* avatars = "\ntable avatars {\n  id bigint primary key\n  url text not null\n}\n";
const char* wishlists = "\ntable wishlists {\n  id bigint primary key\n  wished_on date not null\n}\n";

struct Project : TempDir {
    std::string out;
    int run(const std::string& arguments) { return run_schemac(arguments, out, "NO_COLOR=", path); }
    fs::path migrations() const { return path / "migrations"; }
    void copy_from(const Project& other) {
        fs::copy(other.path, path, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    }
};

// `git merge-file` as git merges a file both branches changed: `ours` gets the result. Exit 0
// when it merged cleanly, >0 the number of conflicts.
int git_merge_file(const fs::path& ours, const fs::path& base, const fs::path& theirs) {
    std::string out;
    return test::run("git merge-file -L ours -L base -L theirs '" + ours.string() + "' '" + base.string() + "' '" +
                         theirs.string() + "'",
                     out);
}

}  // namespace

TEST_CASE("two branches generate from one snapshot, git merges the snapshot as text, check refuses it") {
    Project base, a, b;
    base.file("schemas/app.schema", base_schema);
    REQUIRE(base.run("generate --name init") == 0);
    a.copy_from(base);
    b.copy_from(base);
    a.file("schemas/app.schema", std::string(base_schema) + avatars);
    REQUIRE(a.run("generate --name add_avatars") == 0);
    b.file("schemas/app.schema", std::string(base_schema) + wishlists);
    REQUIRE(b.run("generate --name add_wishlists") == 0);
    CHECK(test::read(a.migrations() / "schemac.sum").find("0002_add_avatars.sql sha256:") != std::string::npos);
    CHECK(test::read(a.migrations() / "schemac.sum").find(" snapshot sha256:") != std::string::npos);

    // The merge, as git does it in a's checkout: b's new file comes in, the .schema files and the
    // snapshot merge without conflict (different places of the files), schemac.sum conflicts.
    Project merged;
    merged.copy_from(a);
    merged.file("schemas/app.schema", std::string(base_schema) + avatars + wishlists);
    fs::copy(b.migrations() / "0002_add_wishlists.sql", merged.migrations() / "0002_add_wishlists.sql");
    REQUIRE(git_merge_file(merged.migrations() / "schemac.snapshot.json", base.migrations() / "schemac.snapshot.json",
                           b.migrations() / "schemac.snapshot.json") == 0);
    CHECK(git_merge_file(merged.migrations() / "schemac.sum", base.migrations() / "schemac.sum",
                         b.migrations() / "schemac.sum") > 0);

    // The textual merge even holds both tables: only the records can show it is not a generate's.
    CHECK(merged.run("check") == 1);
    CHECK(merged.out.find("schema changed without a migration") == std::string::npos);
    CHECK(
        merged.out.find("migrations/0002_add_wishlists.sql:1:1: error: 0002_add_avatars.sql and 0002_add_wishlists.sql "
                        "have the same number 2\n") != std::string::npos);
    CHECK(merged.out.find(
              "help: two branches each added a migration: renumber the one merged last after the last "
              "migration (`git mv 0002_add_wishlists.sql 0003_add_wishlists.sql`), then run `schemac hash`") !=
          std::string::npos);

    // `hash` refuses the two numbers as well, and writes nothing.
    std::string conflicted = test::read(merged.migrations() / "schemac.sum");
    CHECK(merged.run("hash") == 1);
    CHECK(merged.out.find("have the same number 2") != std::string::npos);
    CHECK(test::read(merged.migrations() / "schemac.sum") == conflicted);

    // Renumbered as told and hashed: the duplicate is gone, but the snapshot is still unproven.
    fs::rename(merged.migrations() / "0002_add_wishlists.sql", merged.migrations() / "0003_add_wishlists.sql");
    REQUIRE(merged.run("hash") == 0);
    CHECK(merged.out.find("warning: 0003_add_wishlists.sql was planned from another snapshot than the one "
                          "0002_add_avatars.sql left") != std::string::npos);  // said at once, refused by check
    CHECK(merged.run("check") == 1);
    CHECK(merged.out.find(
              "migrations/0003_add_wishlists.sql:1:1: error: 0003_add_wishlists.sql was planned from another "
              "snapshot than the one 0002_add_avatars.sql left: two branches each generated a migration "
              "from the same snapshot") != std::string::npos);
    CHECK(merged.out.find("schemac.snapshot.json is not the snapshot") == std::string::npos);  // one mistake, one error
    CHECK(merged.out.find("help: the snapshot must be the one `schemac generate` wrote, never a merge") !=
          std::string::npos);
    CHECK(merged.run("check --format json") == 1);
    CHECK(merged.out.find("\"code\": \"snapshot-chain\"") != std::string::npos);

    // Taking only one side's schemac.sum loses the other file's record: still refused.
    Project one_sided;
    one_sided.copy_from(merged);
    test::write(one_sided.migrations() / "schemac.sum", test::read(a.migrations() / "schemac.sum"));
    REQUIRE(one_sided.run("hash") == 0);
    test::write(one_sided.migrations() / "schemac.snapshot.json", test::read(a.migrations() / "schemac.snapshot.json"));
    REQUIRE(one_sided.run("hash") == 0);
    CHECK(one_sided.run("check") == 1);
    CHECK(one_sided.out.find(
              "0003_add_wishlists.sql was written by `schemac generate`, but schemac.sum has no snapshot "
              "record for it") != std::string::npos);

    // What the help says: drop this branch's generated file, take the other's snapshot, hash,
    // generate again on top. Then check passes.
    fs::remove(merged.migrations() / "0003_add_wishlists.sql");
    test::write(merged.migrations() / "schemac.snapshot.json", test::read(a.migrations() / "schemac.snapshot.json"));
    REQUIRE(merged.run("hash") == 0);
    CHECK(merged.run("check") == 1);  // the wishlists table now has no migration
    CHECK(merged.out.find("schema changed without a migration: + table wishlists") != std::string::npos);
    REQUIRE(merged.run("generate --name add_wishlists") == 0);
    CHECK(merged.run("check") == 0);
}

TEST_CASE("snapshot records survive hand edits, renumbering and new files, a snapshot edited by hand is refused") {
    Project p;
    p.file("schemas/app.schema", base_schema);
    REQUIRE(p.run("generate --name init") == 0);
    p.file("schemas/app.schema", std::string(base_schema) + avatars);
    REQUIRE(p.run("generate --name add_avatars") == 0);
    // A reviewed hand edit of a generated file, a hand-written file, a renumbered file.
    test::write(p.migrations() / "0002_add_avatars.sql",
                test::read(p.migrations() / "0002_add_avatars.sql") + "-- ok\n");
    REQUIRE(p.run("hash") == 0);
    REQUIRE(p.run("new --name fill") == 0);
    REQUIRE(p.run("hash") == 0);
    fs::rename(p.migrations() / "0002_add_avatars.sql", p.migrations() / "0004_add_avatars.sql");
    REQUIRE(p.run("hash") == 0);
    CHECK(p.run("check") == 0);
    CHECK(test::read(p.migrations() / "schemac.sum").find("0004_add_avatars.sql sha256:") != std::string::npos);

    std::string snapshot = test::read(p.migrations() / "schemac.snapshot.json");
    test::write(p.migrations() / "schemac.snapshot.json", snapshot + "\n");
    REQUIRE(p.run("hash") == 0);
    CHECK(p.run("check") == 1);
    CHECK(p.out.find("error: schemac.snapshot.json is not the snapshot `schemac generate` wrote with "
                     "0004_add_avatars.sql (the last generated migration): it was edited, or merged as text from two "
                     "branches") != std::string::npos);
    CHECK(p.out.find("help: restore it from the commit that added 0004_add_avatars.sql") != std::string::npos);
}

TEST_CASE("which files generate wrote: by their header line, after the no-transaction marker too") {
    CHECK(written_by_generate(
        "-- 0002_x: generated by schemac. Review it; edit it if needed, then run `schemac hash`.\n"));
    CHECK(written_by_generate("-- schemac:no-transaction\n-- 0003_x_concurrently: generated by schemac. Review it.\n"));
    CHECK_FALSE(written_by_generate("-- 0004_fill: written by hand (schemac new).\n-- generated by schemac.\n"));
    CHECK_FALSE(written_by_generate("-- schemac:no-transaction\nVACUUM;\n"));
    CHECK_FALSE(written_by_generate("-- schemac:no-transaction"));
    CHECK_FALSE(written_by_generate(""));
    // After a byte-order mark an editor added, and with CR LF or lone CR line ends.
    CHECK(written_by_generate(
        "\xEF\xBB\xBF-- schemac:no-transaction\r\n-- 0003_x: generated by schemac. Review it.\r\n"));
    CHECK(written_by_generate("-- schemac:no-transaction\r-- 0003_x: generated by schemac. Review it.\r"));
    CHECK(written_by_generate("\xEF\xBB\xBF-- 0002_x: generated by schemac. Review it.\n"));
}

TEST_CASE("a schemac.sum of version 1 (no snapshot records) is still read, and proves nothing") {
    Project p;
    p.file("schemas/app.schema", base_schema);
    REQUIRE(p.run("generate --name init") == 0);
    FileHashes hashes = hash_directory(p.migrations());
    std::string lines = "schemac-sum 1\n";
    for (const auto& [name, hash] : hashes) lines += name + " sha256:" + hash + "\n";
    test::write(p.migrations() / "schemac.sum", lines + "directory sha256:" + sha256_hex(lines) + "\n");
    CHECK(p.run("check") == 0);
    p.file("schemas/app.schema", std::string(base_schema) + avatars);
    REQUIRE(p.run("generate --name add_avatars") == 0);
    CHECK(test::read(p.migrations() / "schemac.sum").starts_with("schemac-sum 2\n"));
    CHECK(p.run("check") == 0);
}

TEST_CASE("statements PostgreSQL refuses in a transaction block, from the parse tree") {
    struct Case {
        const char* sql;
        const char* refused;  // nullptr: allowed in a transaction block
    };
    const Case cases[] = {
        {"CREATE INDEX CONCURRENTLY t_a ON t (a)", "CREATE INDEX CONCURRENTLY"},
        {"create unique index concurrently if not exists t_b on public.t (b)", "CREATE INDEX CONCURRENTLY"},
        {"DROP INDEX CONCURRENTLY IF EXISTS t_idx", "DROP INDEX CONCURRENTLY"},
        {"REINDEX TABLE CONCURRENTLY t", "REINDEX CONCURRENTLY"},
        {"REINDEX (CONCURRENTLY) INDEX t_idx", "REINDEX CONCURRENTLY"},
        {"REINDEX SCHEMA public", "REINDEX SCHEMA"},
        {"REINDEX DATABASE x", "REINDEX DATABASE"},
        {"REINDEX SYSTEM x", "REINDEX SYSTEM"},
        {"VACUUM", "VACUUM"},
        {"vacuum (analyze, verbose) t", "VACUUM"},
        {"VACUUM FULL t", "VACUUM"},
        {"CLUSTER", "CLUSTER"},
        {"ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY", "ALTER TABLE ... DETACH CONCURRENTLY"},
        {"CREATE DATABASE x", "CREATE DATABASE"},
        {"DROP DATABASE IF EXISTS x", "DROP DATABASE"},
        {"ALTER DATABASE x SET TABLESPACE pg_default", "ALTER DATABASE SET TABLESPACE"},
        {"CREATE TABLESPACE x LOCATION '/nowhere'", "CREATE TABLESPACE"},
        {"DROP TABLESPACE IF EXISTS x", "DROP TABLESPACE"},
        {"ALTER SYSTEM SET work_mem = '8MB'", "ALTER SYSTEM"},
        {"DISCARD ALL", "DISCARD ALL"},
        // Decided by the scanner's first words, a long statement too (only its first bytes are scanned):
        {"create unique index concurrently t_c on t (a)", "CREATE INDEX CONCURRENTLY"},
        {"/* built online */ CREATE INDEX -- no lock\n CONCURRENTLY ON t (a)", "CREATE INDEX CONCURRENTLY"},
        {"CREATE INDEX CONCURRENTLY t_long ON t ((a + 1), (a + 2), (a + 3), (a + 4), (a + 5), (a + 6), (a + 7), "
         "(a + 8), (a + 9), (a + 10), (a + 11), (a + 12), (a + 13), (a + 14), (a + 15), (a + 16), (a + 17), (a + 18), "
         "(a + 19), (a + 20), (a + 21), (a + 22), (a + 23), (a + 24), (a + 25), (a + 26), (a + 27), (a + 28))",
         "CREATE INDEX CONCURRENTLY"},
        {"ALTER TABLE p /* the partition of the oldest rows, detached without blocking the readers and writers of "
         "the table: they keep running while the partition is detached, which the long comment here makes this "
         "statement longer than the scanner's shortcut reads */ DETACH PARTITION p1 CONCURRENTLY",
         "ALTER TABLE ... DETACH CONCURRENTLY"},
        // Decided from the bytes alone (blanks of every kind between the words, any case):
        {"CREATE\tINDEX\n\tConcurrently t_d ON t (a)", "CREATE INDEX CONCURRENTLY"},
        {"Create Unique Index\r\nCONCURRENTLY t_e ON t (b)", "CREATE INDEX CONCURRENTLY"},
        {"ALTER\tTABLE p\fDeTaCh PARTITION p1 CONCURRENTLY", "ALTER TABLE ... DETACH CONCURRENTLY"},
        // Allowed in a transaction block:
        {"create index concurrently_built on t (a)", nullptr},
        {"CREATE INDEX \"concurrently\" ON t (a)", nullptr},
        {"CREATE TABLE concurrently (a int)", nullptr},
        {"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", nullptr},
        {"CREATE INDEX t_c ON t (a)", nullptr},
        {"DROP INDEX IF EXISTS t_idx", nullptr},
        {"REINDEX TABLE t", nullptr},
        {"REINDEX (CONCURRENTLY false) TABLE t", nullptr},
        {"ANALYZE t", nullptr},
        {"CLUSTER t USING t_pkey", nullptr},
        {"ALTER TABLE p DETACH PARTITION p2", nullptr},
        {"ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh'", nullptr},
        {"ALTER DATABASE x SET work_mem = '8MB'", nullptr},
        {"DISCARD TEMP", nullptr},
        {"SELECT 'CREATE INDEX CONCURRENTLY x ON t (a)'", nullptr},
        {"COMMENT ON TABLE t IS 'VACUUM'", nullptr},
        {"this is not sql", nullptr},
    };
    for (const Case& c : cases) {
        INFO(std::string(c.sql));
        std::optional<std::string> refused = statement_facts(c.sql).refused_in_transaction_block;
        if (c.refused)
            CHECK(refused == std::optional<std::string>(c.refused));
        else
            CHECK_FALSE(refused);
    }

    // The same statements on PostgreSQL, inside BEGIN: the refused ones fail with 25001
    // (active_sql_transaction) before they do anything, the allowed ones do not.
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("in_transaction_block");
    cluster.execute("in_transaction_block",
                    "CREATE TABLE t (a int PRIMARY KEY, b int); CREATE INDEX t_idx ON t (b); "
                    "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE p (a int) PARTITION BY RANGE (a); "
                    "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); "
                    "CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (10) TO (20);");
    pqxx::connection connection(cluster.url("in_transaction_block"));
    for (const Case& c : cases) {
        if (std::string_view(c.sql) == "this is not sql") continue;
        std::string sql = c.sql;
        for (auto [from, to] : {std::pair<std::string, std::string>{"DATABASE x", "DATABASE in_transaction_block"},
                                {"SYSTEM x", "SYSTEM in_transaction_block"},
                                {"DATABASE IF EXISTS x", "DATABASE IF EXISTS no_such_database"}})
            if (auto at = sql.find(from); at != std::string::npos && !std::string_view(c.sql).starts_with("CREATE"))
                sql.replace(at, from.size(), to);
        INFO(sql);
        std::string sqlstate;
        try {
            pqxx::work tx(connection);
            tx.exec(sql);
        } catch (const pqxx::sql_error& e) {
            sqlstate = e.sqlstate();
        }
        if (c.refused)
            CHECK(sqlstate == "25001");
        else
            CHECK(sqlstate != "25001");
    }
    cluster.drop_database("in_transaction_block");
}

TEST_CASE("check and hash refuse CREATE INDEX CONCURRENTLY in a transactional file, at its line, with the fix") {
    Project p;
    p.file("schemas/app.schema", base_schema);
    REQUIRE(p.run("generate --name init") == 0);
    REQUIRE(p.run("new --name email_index") == 0);
    fs::path file = p.migrations() / "0002_email_index.sql";
    std::string text = test::read(file) +
                       "UPDATE users SET email = lower(email);\n  create index concurrently users_email\n"
                       "    on users (email);\nVACUUM users;\n";
    test::write(file, text);
    CHECK(p.run("hash") == 1);
    CHECK(p.out ==
          "migrations/0002_email_index.sql:8:3: error: CREATE INDEX CONCURRENTLY cannot run inside a "
          "transaction block, and 0002_email_index.sql runs in one\n"
          " 8 |   create index concurrently users_email\n"
          "   |   ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
          "help: make `-- schemac:no-transaction` the file's first line (every statement then runs on its "
          "own), or move this statement to a file of its own (`schemac new --name <name>`, then that first "
          "line); then run `schemac hash`\n"
          "migrations/0002_email_index.sql:10:1: error: VACUUM cannot run inside a transaction block, and "
          "0002_email_index.sql runs in one\n"
          " 10 | VACUUM users;\n"
          "    | ^~~~~~~~~~~~~\n"
          "help: make `-- schemac:no-transaction` the file's first line (every statement then runs on its "
          "own), or move this statement to a file of its own (`schemac new --name <name>`, then that first "
          "line); then run `schemac hash`\n"
          "2 errors\n"
          "schemac: nothing recorded; migrations/schemac.sum is unchanged\n");
    CHECK(p.run("check") == 1);
    CHECK(p.out.find("migrations/0002_email_index.sql:8:3: error: CREATE INDEX CONCURRENTLY cannot run inside a "
                     "transaction block") != std::string::npos);
    test::write(file, "-- schemac:no-transaction\n" + text);
    CHECK(p.run("hash") == 0);
    CHECK(p.run("check") == 0);
}

TEST_CASE("file names with blanks, ` sha256:`, quotes, backslashes or a line feed verify in schemac.sum") {
    TempDir dir;
    const std::vector<std::string> names = {"0001_a sha256:b.sql", "0002_tab\there.sql", "0003_quote\"back\\slash.sql",
                                            "0004_line\nfeed.sql", "0005_plain.sql",     "\"0006_quoted.sql"};
    for (const std::string& name : names) dir.file(name, "SELECT 1;\n");
    FileHashes hashes = hash_directory(dir.path);
    REQUIRE(hashes.size() == names.size());
    std::string sum = sum_text(hashes, {{"0001_a sha256:b.sql", SnapshotRecord{"", std::string(64, 'a')}}},
                               {"0004_line\nfeed.sql"});
    test::write(dir.path / "schemac.sum", sum);
    CHECK(sum.find("\n\"0001_a sha256:b.sql\" sha256:") != std::string::npos);
    CHECK(sum.find("\n\"0003_quote\\\"back\\\\slash.sql\" sha256:") != std::string::npos);
    CHECK(sum.find("\n\"0004_line\\nfeed.sql\" unrecorded\n") != std::string::npos);
    CHECK(sum.find("\n0005_plain.sql sha256:") != std::string::npos);  // as every name schemac writes
    std::vector<SumProblem> problems = verify_sum(dir.path, hashes);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == SumProblem::unrecorded);
    RecordedSum recorded = read_recorded_sum(dir.path);
    CHECK(recorded.files.size() == names.size());
    CHECK(recorded.records.at("0001_a sha256:b.sql").to == std::string(64, 'a'));
    CHECK(recorded.unrecorded == UnrecordedFiles{"0004_line\nfeed.sql"});

    test::write(dir.path / "schemac.sum", sum_text(hashes));
    CHECK(verify_sum(dir.path, hashes).empty());
    dir.file("0001_a sha256:b.sql", "SELECT 2;\n");
    problems = verify_sum(dir.path, hash_directory(dir.path));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == SumProblem::edited);
}

TEST_CASE("a file named on two lines of schemac.sum is read from its first line alone") {
    const std::string hash(64, 'b');
    RecordedSum read = parse_recorded_sum("schemac-sum 2\n0001_a.sql sha256:" + hash +
                                          "\n0001_a.sql unrecorded\n0002_b.sql unrecorded\n0002_b.sql sha256:" + hash +
                                          " snapshot empty -> sha256:" + hash + "\n");
    CHECK(read.files == FileHashes{{"0001_a.sql", hash}, {"0002_b.sql", ""}});
    CHECK(read.unrecorded == UnrecordedFiles{"0002_b.sql"});
    CHECK(read.records.empty());
    // What is read writes back as the same entries.
    RecordedSum again = parse_recorded_sum(sum_text({{"0001_a.sql", hash}, {"0002_b.sql", ""}}, {}, read.unrecorded));
    CHECK(again.files == read.files);
    CHECK(again.unrecorded == read.unrecorded);
}

TEST_CASE("sha256_hex gives the FIPS 180-4 digests, for empty, short, block-spanning and long inputs") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(sha256_hex(std::string_view("a\0b", 3)) ==
          "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");
}

TEST_CASE("Sha256Stream gives sha256_hex's digest of its pieces put together, wherever they are cut") {
    std::string text;
    for (int i = 0; i < 5000; ++i) text += std::to_string(i * 7919) + ",";
    for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{64}, std::size_t{65},
                            text.size() / 3, text.size()}) {
        Sha256Stream stream;
        stream.update(std::string_view(text).substr(0, cut));
        stream.update("");
        stream.update(std::string_view(text).substr(cut));
        CHECK(stream.hex() == sha256_hex(text));
    }
    Sha256Stream empty;
    CHECK(empty.hex() == sha256_hex(""));
    // The digest asked for again is the same; more text after it is a mistake, said at once.
    CHECK(empty.hex() == sha256_hex(""));
    CHECK_THROWS_AS(empty.update("x"), std::logic_error);
    CHECK(empty.hex() == sha256_hex(""));
}
