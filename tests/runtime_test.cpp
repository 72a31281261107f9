// The runtime without a server: where the URL comes from, that passwords never show, what
// libpq is given, and how the migration files compare with a history.
#include <doctest/doctest.h>

#include <cstdlib>

#include "runtime/apply_plan.hpp"
#include "runtime/connection.hpp"
#include "runtime/database_url.hpp"
#include "runtime/migration_state.hpp"

using namespace schemac::runtime;

TEST_CASE("--database wins over DATABASE_URL, which is the fallback") {
    setenv("DATABASE_URL", "postgresql://env/db", 1);
    CHECK(resolve_database_url(std::string("postgresql://option/db")) == "postgresql://option/db");
    CHECK(resolve_database_url(std::nullopt) == "postgresql://env/db");
    unsetenv("DATABASE_URL");
    CHECK_FALSE(resolve_database_url(std::nullopt).has_value());
}

TEST_CASE("passwords are redacted in URLs and key/value strings (redact_test.cpp has the rest)") {
    CHECK(redact_password("postgresql://app:s3cret@db:5432/x") == "postgresql://app:***@db:5432/x");
    CHECK(redact_password("postgresql://app@db/x") == "postgresql://app@db/x");
    CHECK(redact_password("host=db password=s3cret user=app") == "host=db password=*** user=app");
    CHECK(redact_password("host=db password='a b' user=app") == "host=db password=*** user=app");
    CHECK(redact_password("postgresql://db/x?password=s3cret&sslmode=require") ==
          "postgresql://db/x?password=***&sslmode=require");
}

TEST_CASE("the connection string gets connect_timeout and application_name unless the URL sets them") {
    std::string plain = connection_string("postgresql://app:pw@db:5433/shop");
    CHECK(plain.find("user='app'") != std::string::npos);
    CHECK(plain.find("password='pw'") != std::string::npos);
    CHECK(plain.find("port='5433'") != std::string::npos);
    CHECK(plain.find("dbname='shop'") != std::string::npos);
    CHECK(plain.find("connect_timeout=10") != std::string::npos);
    CHECK(plain.find("application_name=schemac") != std::string::npos);

    std::string own = connection_string("postgresql://db/shop?application_name=deploy&connect_timeout=3");
    CHECK(own.find("application_name='deploy'") != std::string::npos);
    CHECK(own.find("connect_timeout='3'") != std::string::npos);
    CHECK(own.find("application_name=schemac") == std::string::npos);

    CHECK(connection_string("host=db password='it\\'s' dbname=x").find("password='it\\'s'") != std::string::npos);
    CHECK_THROWS_WITH_AS(
        connection_string("postgresql://app:pw@db/x?nonsense=1"),
        "cannot use the database URL postgresql://app:***@db/x?nonsense=1: invalid URI query parameter: "
        "\"nonsense\"",
        ConnectError);
}

namespace {
LocalMigration local(int version, const std::string& name, const std::string& text) {
    return LocalMigration{version, name, text, checksum_of(text), false};
}
AppliedMigration applied(int version, const std::string& name, const std::string& text) {
    return AppliedMigration{version, name, checksum_of(text), "2026-01-01T00:00:00Z", 5, "0.1.0", false, ""};
}
std::vector<std::string> codes(const MigrationState& state) {
    std::vector<std::string> out;
    for (const auto& p : state.problems) out.push_back(std::string(problem_code(p.kind)) + " " + p.file);
    return out;
}
}  // namespace

TEST_CASE("the files against the history: applied, pending and every kind of problem") {
    std::vector<LocalMigration> files{local(1, "0001_a.sql", "A"), local(2, "0002_b.sql", "B"),
                                      local(4, "0004_d.sql", "D")};
    MigrationState clean = compare_with_history(files, {applied(1, "0001_a.sql", "A")}, false);
    CHECK(clean.problems.empty());
    REQUIRE(clean.pending.size() == 2);
    CHECK(clean.pending[0].name == "0002_b.sql");

    MigrationState edited = compare_with_history(files, {applied(1, "0001_a.sql", "A (before the edit)")}, false);
    CHECK(codes(edited) == std::vector<std::string>{"edited 0001_a.sql"});

    MigrationState missing = compare_with_history(files, {applied(3, "0003_c.sql", "C")}, false);
    CHECK(codes(missing) ==
          std::vector<std::string>{"missing-file 0003_c.sql", "out-of-order 0001_a.sql", "out-of-order 0002_b.sql"});
    CHECK(compare_with_history(files, {applied(3, "0003_c.sql", "C")}, true).problems.size() == 1);

    MigrationState renamed = compare_with_history(files, {applied(2, "0002_other.sql", "B")}, false);
    CHECK(codes(renamed) == std::vector<std::string>{"renamed 0002_b.sql", "out-of-order 0001_a.sql"});
    CHECK(renamed.problems[0].help == "give the file its applied name back: `git mv 0002_b.sql 0002_other.sql`");

    files.push_back(local(2, "0002_z.sql", "Z"));
    MigrationState twice = compare_with_history(files, {}, false);
    CHECK(codes(twice) == std::vector<std::string>{"duplicate-version 0002_z.sql"});
    CHECK(twice.pending.size() == 3);
}

TEST_CASE("applied migrations numbered above every file: one rollback problem, none when allowed") {
    std::vector<LocalMigration> files{local(1, "0001_a.sql", "A"), local(2, "0002_b.sql", "B")};
    std::vector<AppliedMigration> rows{applied(1, "0001_a.sql", "A"), applied(3, "0003_c.sql", "C"),
                                       applied(4, "0004_d.sql", "D")};
    MigrationState refused = compare_with_history(files, rows, false);
    CHECK(codes(refused) == std::vector<std::string>{"newer-applied ", "out-of-order 0002_b.sql"});
    CHECK(refused.problems[0].message ==
          "the database has migrations 0003..0004 applied (0003_c.sql, 0004_d.sql) that this directory does not have: "
          "the application was probably rolled back to an older release");
    MigrationState allowed = compare_with_history(files, rows, false, true);
    CHECK(codes(allowed) == std::vector<std::string>{"out-of-order 0002_b.sql"});  // pending below an applied one
    CHECK(allowed.newer_applied.size() == 2);
    rows.insert(rows.begin() + 1, applied(2, "0002_b.sql", "B"));
    CHECK(compare_with_history(files, rows, false, true).problems.empty());
    CHECK(compare_with_history(files, rows, false, true).pending.empty());
    // A file missing among the directory's numbers is no rollback, allowed or not.
    MigrationState gap = compare_with_history(
        {local(1, "0001_a.sql", "A"), local(3, "0003_c.sql", "C")},
        {applied(1, "0001_a.sql", "A"), applied(2, "0002_b.sql", "B"), applied(4, "0004_d.sql", "D")}, false, true);
    CHECK(codes(gap) ==
          std::vector<std::string>{"missing-file 0002_b.sql", "missing-file 0004_d.sql", "out-of-order 0003_c.sql"});
}

TEST_CASE("the objects a DROP ... CASCADE took, from its notices") {
    CHECK(cascaded_objects({"drop cascades to view v"}) == std::vector<std::string>{"view v"});
    CHECK(cascaded_objects({"drop cascades to 2 other objects\n  detail: drop cascades to table a\n"
                            "  drop cascades to type b"}) == std::vector<std::string>{"table a", "type b"});
    CHECK(cascaded_objects({"relation \"x\" does not exist, skipping"}).empty());
}
