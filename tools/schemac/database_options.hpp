// What `migrate`, `status` and `baseline` share: the `--database` and `--history-schema`
// options, opening the session (a failure is one line and exit 2), and reading the migration
// directory after checking schemac.sum, with every problem as a diagnostic on its file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source/diagnostics.hpp"
#include "runtime/connection.hpp"
#include "runtime/introspect.hpp"
#include "runtime/migration_lock.hpp"
#include "runtime/migration_state.hpp"
#include "tools/schemac/cli_options.hpp"

namespace schemac::cli {

struct DatabaseOptions : CommonOptions {
    std::optional<std::string> database;
    std::string history_schema = "public";
    std::string migrations = "migrations/";
    // --tenant-schema NAME: the migrations (written for the one schema the snapshot manages) are
    // applied to, read from and compared with this schema instead, with their history in it.
    std::optional<std::string> tenant_schema;
};

void add_database_options(CLI::App& command, DatabaseOptions& options);
// `--schemas a,b`: the managed schemas; `by_default` says what is managed without it.
void add_schemas_option(CLI::App& command, std::vector<std::string>& schemas, const std::string& by_default);

// The URL as it may be shown (password redacted); empty when neither --database nor
// DATABASE_URL gives one.
std::string shown_database(const DatabaseOptions& options);

// nullptr after printing why (the caller exits 2).
std::unique_ptr<runtime::Session> open_session(const DatabaseOptions& options);

// Commands that change or drop what a database holds outside the migrations (`push`, `reset`)
// never take it from DATABASE_URL, which is what deploys and CI point at: without --database
// they print why and what to write, and return false (the caller exits 2).
bool has_explicit_database(const DatabaseOptions& options, std::string_view command);

// The migration files, each also added to `sources` so diagnostics can point into it.
struct MigrationDirectory {
    SourceSet sources;
    std::vector<runtime::LocalMigration> migrations;
    std::uint32_t source_of(const std::string& file_name) const;   // no_file when not there
    Span file_span(const std::string& file_name) const;            // line 1 of the file
    Span line_span(const std::string& file_name, int line) const;  // a whole line
};
// Reads the directory: a missing directory is exit 2 (returned in `exit_code`); a schemac.sum
// that does not match, a stray file or an unreadable one is a finding in `found`.
std::optional<MigrationDirectory> read_migration_directory(const DatabaseOptions& options, Diagnostics& found,
                                                           int& exit_code);

// The same for commands that need a sound directory (`baseline`, `migrate resolve`, `repair`):
// its findings are printed and `exit_code` is 1.
std::optional<MigrationDirectory> read_sound_migration_directory(const DatabaseOptions& options, int& exit_code);

// `--lock-timeout SECONDS` of the commands that write the history under the migration lock.
void add_lock_timeout_option(CLI::App& command, double& seconds);
// The migration lock of the history table's schema, waiting up to `seconds`; nullptr when
// another runner held it that long.
std::unique_ptr<runtime::MigrationLock> take_migration_lock(runtime::Session& session, const DatabaseOptions& options,
                                                            double seconds);

// The history problems as diagnostics on their files.
void add_problems(const MigrationDirectory& dir, const std::vector<runtime::MigrationProblem>& problems,
                  Diagnostics& found);

// Objects in the managed schemas that schemac does not manage: a warning each, or a finding
// with `strict`. What the introspector could not read without guessing: a finding each.
void add_unmanaged(const runtime::Introspection& live, bool strict, Diagnostics& found);
// One warning for all the unmanaged objects, counted by kind ("2 views, 1 function left out (not
// managed): ..."); nothing when there are none.
void add_unmanaged_summary(const runtime::Introspection& live, Diagnostics& found);

// Runs `body`; a lost connection or a failing query becomes one line and exit 2.
int with_database_errors(const std::function<int()>& body);

// Prints the diagnostics in text or github form on stderr (sarif: text, and the SARIF log gets
// them; json callers print their own).
void report_text(const SourceSet& sources, const Diagnostics& found, const CommonOptions& options);

std::string plural(std::size_t n, std::string_view word);  // "1 migration", "2 migrations"

}  // namespace schemac::cli
