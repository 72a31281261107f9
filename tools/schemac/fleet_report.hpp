// What a fleet run tells the person about each target and about the whole: a report per
// target read from its child's JSON (result, version before and after, migrations applied, time,
// the first line of its first error), the one-line form printed as each finishes, the summary
// table, the `--format json` document, and the exit code (0 only when every target succeeded,
// 2 when one could not be reached or run, 1 otherwise; 130 after Ctrl-C).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tools/schemac/fleet_runner.hpp"

namespace schemac::cli {

struct FleetReport {
    std::string target;  // the connection string without its password, and the tenant schema
    std::string result;  // applied, up-to-date, failed, refused, ok, findings, cannot-run, not-started, ...
    int exit_code = -1;  // the child's; -1 when it was not started
    std::optional<int> version_before, version_after;
    std::vector<std::string> applied;  // migrations this run applied
    long long ms = 0;
    std::string error;  // first line of the first error
};

// The report of a finished child of `command` (migrate, status, check, verify).
FleetReport fleet_report_of(const std::string& command, const std::string& target, const FleetOutcome& outcome);
FleetReport fleet_not_started(const std::string& target);
FleetReport fleet_cannot_run(const std::string& target, const std::string& error);

// "ok      postgresql://app:***@db1/x  0003 -> 0005 (2 applied)  412 ms".
std::string fleet_target_line(const FleetReport& report);
// The table of every target, then one line of totals.
std::string fleet_summary_table(const std::vector<FleetReport>& reports, bool interrupted);
nlohmann::json fleet_json(const std::string& command, const std::vector<FleetReport>& reports, bool interrupted,
                          int exit_code);
int fleet_exit_code(const std::vector<FleetReport>& reports, bool interrupted);

}  // namespace schemac::cli
