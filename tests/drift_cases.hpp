// Drift made by hand, one case a database: `check --database` on a database migrated from a
// project is clean, and after the case's SQL it reports the case's finding with how to undo it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "tests/project.hpp"

namespace schemac::test {

struct DriftCase {
    const char* sql;      // the change made by hand
    const char* finding;  // what check reports after `error: `, up to the end of its line
};

struct DriftCaseSteps {
    std::string before;                   // SQL run on the clean database before each case's own
    std::function<void(Project&)> after;  // then, on the project with the changed database
};

// Runs each case on its own copy of `project` (its migrations generated) with a fresh database
// `database`, dropped once the case is done.
void check_drift_cases(const Project& project, const std::string& database, const std::vector<DriftCase>& cases,
                       const DriftCaseSteps& steps = {});

}  // namespace schemac::test
