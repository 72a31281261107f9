// Golden plan cases: tests/golden/plan/<case>/{before.schema, after.schema, options,
// setup.sql, expected.sql [+ expected.warn] | expected.err}. Each case checks the planned SQL (or the refusal,
// the planner's or, for an after.schema the compiler refuses, the compiler's)
// against its golden file, then proves the SQL on PostgreSQL: a database built to `before`
// (plus setup.sql's rows) and migrated must dump the same schema, and have the same access
// (grants, policies, row level security, default privileges), as one built to `after`; and the
// one built to `after` reads back as written (tests/read_back.hpp). The roles each side
// declares are created in the cluster first (schemac never creates roles). The cases are
// dealt into four test cases, so that the suite runs them side by side.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "compiler/source/diagnostic_printer.hpp"
#include "tests/plan_support.hpp"
#include "tests/read_back.hpp"
#include "tests/support.hpp"

namespace schemac::test {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> plan_cases() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(source_dir() / "tests/golden/plan"))
        if (entry.is_directory()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

plan::PlanOptions case_options(const fs::path& dir) {
    plan::PlanOptions options;
    if (!fs::exists(dir / "options")) return options;
    std::ifstream in(dir / "options");
    std::string flag;
    while (in >> flag) {
        if (flag == "allow-data-loss")
            options.allow_data_loss = true;
        else if (flag.starts_with("allow-data-loss="))
            options.allowed_losses.insert(flag.substr(16));
        else if (flag == "no-concurrent-indexes")
            options.concurrent_indexes = false;
        else if (flag == "no-not-valid")
            options.not_valid_constraints = false;
        else if (flag == "no-not-null-check")
            options.not_null_through_check = false;
        else
            FAIL("unknown flag in ", (dir / "options").string(), ": ", flag);
    }
    return options;
}

void run_case(const fs::path& dir) {
    Compilation before = compile_file_as(dir / "before.schema", "before.schema");
    Compilation after = compile_file_as(dir / "after.schema", "after.schema");
    INFO(diagnostics_text(before), diagnostics_text(after));
    REQUIRE(before.ok());
    if (!after.ok() && fs::exists(dir / "expected.err")) {
        // Refused before planning: the compiler's checks catch it in the new schema already
        // (a view reading a column the change drops); the planner refuses it too, for a
        // snapshot or a database that is not checked (tests/view_plan_test.cpp).
        check_golden(dir / "expected.err", format_text(after.sources, after.diagnostics, {}));
        return;
    }
    REQUIRE(after.ok());
    plan::Plan plan = plan::plan_changes(before.database, after.database, case_options(dir));
    if (plan.diagnostics.has_errors()) {
        check_golden(dir / "expected.err", format_text(after.sources, plan.diagnostics, {}));
        CHECK_MESSAGE(!fs::exists(dir / "expected.sql"), "a refused plan must not have expected.sql");
        return;
    }
    check_golden(dir / "expected.sql", plan_text(plan));
    CHECK_MESSAGE(!fs::exists(dir / "expected.err"), "a plan that is not refused must not have expected.err");
    // Warnings (a plan that goes ahead but deserves a look) in expected.warn.
    if (!plan.diagnostics.all().empty())
        check_golden(dir / "expected.warn", format_text(after.sources, plan.diagnostics, {}));
    else
        CHECK_MESSAGE(!fs::exists(dir / "expected.warn"), "a plan without warnings must not have expected.warn");

    // Planning the result against itself finds nothing.
    CHECK(plan::plan_changes(after.database, after.database).empty());

    PostgresCluster& pg = PostgresCluster::shared();
    build_database(pg, "plan_before", before.database);
    if (fs::exists(dir / "setup.sql")) pg.execute("plan_before", read(dir / "setup.sql"));
    create_roles(pg, after.database);  // the roles the new schema declares, before its plan names them
    apply_plan(pg, "plan_before", plan);
    build_database(pg, "plan_after", after.database);
    CHECK(pg.schema_dump("plan_before") == pg.schema_dump("plan_after"));
    CHECK(access_dump(pg, "plan_before") == access_dump(pg, "plan_after"));
    if (fs::exists(dir / "verify.sql")) {
        // A query over the migrated data that must return true (backfills, enum conversions).
        CHECK(pg.query_value("plan_before", read(dir / "verify.sql")) == "t");
    }
    check_reads_back(pg, "plan_after", after.database);
}

// Every `parts`-th case from the `part`-th (0-based), each as a subcase named after its folder.
void run_part(std::size_t part, std::size_t parts) {
    std::vector<fs::path> cases = plan_cases();
    CHECK(cases.size() >= 80);
    for (std::size_t i = part; i < cases.size(); i += parts) {
        SUBCASE(cases[i].filename().string().c_str()) { run_case(cases[i]); }
    }
}

}  // namespace

TEST_CASE("golden plans, part 1 of 4: the expected SQL, it works on PostgreSQL, after.schema reads back") {
    run_part(0, 4);
}
TEST_CASE("golden plans, part 2 of 4: the expected SQL, it works on PostgreSQL, after.schema reads back") {
    run_part(1, 4);
}
TEST_CASE("golden plans, part 3 of 4: the expected SQL, it works on PostgreSQL, after.schema reads back") {
    run_part(2, 4);
}
TEST_CASE("golden plans, part 4 of 4: the expected SQL, it works on PostgreSQL, after.schema reads back") {
    run_part(3, 4);
}

}  // namespace schemac::test
