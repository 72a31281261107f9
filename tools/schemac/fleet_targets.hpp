// Where a fleet's targets come from, each checked before anything runs: the lines of a targets
// file (`${NAME}` taken from the environment), the rows of a query run read-only on a control
// database, and the schemas of a database whose names match a tenant pattern. Every connection
// string is parsed by libpq up front, its passwords remembered as secrets (never printed), and
// two lines naming the same database (and schema) are refused.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace schemac::cli {

struct FleetTarget {
    std::string connection;                    // as libpq reads it; secret
    std::string shown;                         // the connection string with its passwords replaced by ***
    std::optional<std::string> tenant_schema;  // --tenant-schema for this target's run
    std::string origin;                        // "targets.txt:3", "--targets-query row 2", "--database"
    std::string label() const;                 // what a person sees: shown, and the schema if any
};

// A problem that stops the fleet before any target runs (exit 2), already free of passwords.
struct FleetTargetError {
    std::string message;
    std::string help;
};

// The targets of a targets file: one connection string a line, `#` starts a comment line,
// blank lines are skipped, `${NAME}` is replaced by the environment variable NAME (an unset one
// is an error naming the line).
std::vector<FleetTarget> read_targets_file(const std::string& path, std::vector<FleetTargetError>& errors);
// The text of one line with `${NAME}` expanded; nullopt (and an error) when a variable is unset.
std::optional<std::string> expand_environment(const std::string& line, const std::string& where,
                                              std::vector<FleetTargetError>& errors);

// The first column of every row `sql` returns, run in a read-only transaction on `control`.
std::vector<FleetTarget> query_targets(const std::string& control, const std::string& sql,
                                       std::vector<FleetTargetError>& errors);

// A target named on the command line (`--database` with --tenant-schemas), checked the same way.
std::optional<FleetTarget> single_target(const std::string& connection, const std::string& origin,
                                         std::vector<FleetTargetError>& errors);

// The schemas of `target`'s database matching the glob `pattern` (`*`, `?`, `[...]`), in name
// order, each a target of its own. PostgreSQL's own schemas (pg_*, information_schema) never match.
std::vector<FleetTarget> tenant_targets(const FleetTarget& target, const std::string& pattern);

// An error for every target that names the same database, user and schema as an earlier one.
void refuse_duplicate_targets(const std::vector<FleetTarget>& targets, std::vector<FleetTargetError>& errors);

}  // namespace schemac::cli
