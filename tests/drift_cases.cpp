#include "tests/drift_cases.hpp"

#include <doctest/doctest.h>

#include <filesystem>

namespace schemac::test {

namespace fs = std::filesystem;

void check_drift_cases(const Project& project, const std::string& database, const std::vector<DriftCase>& cases,
                       const DriftCaseSteps& steps) {
    for (const DriftCase& d : cases) {
        CAPTURE(d.sql);
        Project p(database);
        fs::copy(project.path, p.path, fs::copy_options::recursive);
        REQUIRE_MESSAGE(p.schemac("migrate -q") == 0, p.out);
        CHECK_MESSAGE(p.schemac("check") == 0, p.out);
        CHECK(p.says("database up to date with no drift"));
        if (!steps.before.empty()) p.execute(steps.before);
        p.execute(d.sql);
        CHECK(p.schemac("check") == 1);
        CHECK_MESSAGE(p.says(std::string("error: ") + d.finding + "\n"), p.out);
        CHECK_MESSAGE(p.says("note: undo: "), p.out);
        if (steps.after) steps.after(p);
    }
}

}  // namespace schemac::test
