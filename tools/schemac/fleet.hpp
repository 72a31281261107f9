// Running one command against many databases (a fleet): the targets come from a targets file
// (one connection string per line, `#` comments, `${NAME}` taken from the environment), from a
// query run on a control database, and/or from the tenant schemas of each database that match a
// pattern. Each target runs as a child `schemac` process of the same command with `--format json`,
// its connection string in the child's environment (never on a command line, never printed), at
// most `--parallel N` at a time; `--fail-fast` starts no new target after a failure. Ctrl-C starts
// no new target and lets the running ones finish, so each is either fully migrated or untouched.
// The person sees one live progress line on a terminal (one line per target otherwise), then a
// summary table; `--format json` gives a report per target.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tools/schemac/cli_options.hpp"

namespace schemac::cli {

struct FleetOptions {
    std::optional<std::string> targets_file;      // --targets FILE
    std::optional<std::string> targets_query;     // --targets-query SQL (run on --control-database)
    std::optional<std::string> control_database;  // --control-database URL (default: $SCHEMAC_CONTROL_DATABASE_URL)
    std::optional<std::string> tenant_schemas;    // --tenant-schemas PATTERN: every matching schema is a target
    int parallel = 4;                             // --parallel N
    bool fail_fast = false;                       // --fail-fast
};

// Registers the fleet options on `migrate`, `status`, `check` and `verify`.
void add_fleet_options(CLI::App& command, FleetOptions& options);
// Whether the command line asked for a fleet (any of --targets, --targets-query, --tenant-schemas).
bool fleet_requested(const FleetOptions& options);
// Runs `command` ("migrate", "status", "check", "verify") on every target and returns the exit
// code: 0 only when every target succeeded (for migrate: is at the last migration).
int run_fleet(const std::string& command, const FleetOptions& fleet, const CommonOptions& common);

}  // namespace schemac::cli
