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
#include "tools/schemac/commands.hpp"

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
// code: 0 only when every target succeeded (for migrate: is at the last migration), 1 when one
// failed on findings, 2 when one could not be reached or run (or the targets could not be read),
// 130 after Ctrl-C. `database` is the one database named on the command line (--database, or
// verify's --from-database): the database whose schemas --tenant-schemas lists; refused with
// --targets and --targets-query.
int run_fleet(const std::string& command, const FleetOptions& fleet, const CommonOptions& common,
              const std::optional<std::string>& database);

// The arguments schemac was started with (main's argv after the program name): a fleet's children
// get them back, without the fleet's own options.
void remember_command_line(int argc, char** argv);

// The environment variable that gives a fleet's child its target: never on a command line.
inline constexpr const char* fleet_target_variable = "SCHEMAC_FLEET_TARGET";
// In a fleet's child: `database` (the command's --database, or verify's --from-database), when the
// command line names none, set from fleet_target_variable, its passwords remembered as secrets.
void take_fleet_target(std::optional<std::string>& database);

// What each fleet command registers: the fleet options on `command`, and a runner that runs the
// fleet when they ask for one, else `single` with `database` taken from a fleet child's
// environment. `common`, `database` and what `single` holds must outlive the runner (the
// command's shared options, which `single` keeps).
Runner fleet_or_single(CLI::App& command, const std::string& name, const CommonOptions& common,
                       std::optional<std::string>& database, Runner single);

}  // namespace schemac::cli
