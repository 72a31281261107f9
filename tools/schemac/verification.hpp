// What `verify` and `check --verify` share: the migration directory replayed from empty on a
// scratch PostgreSQL (or, with --from-database, on a copy of a live database's managed schema
// followed by its pending migrations), then compared with the snapshot through the one planner.
// A statement PostgreSQL refuses is an error at its migration file:line:col with a note at the
// .schema declaration it was generated from; each difference from the snapshot is a finding
// worded like drift. Missing server extensions are findings that make the run exit 2.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/source/diagnostics.hpp"
#include "runtime/migration_state.hpp"
#include "tools/schemac/cli_options.hpp"

namespace schemac::cli {

struct VerificationInput {
    std::string migrations_dir;                                        // as the user wrote it, for file paths
    const std::vector<runtime::LocalMigration>* migrations = nullptr;  // in version order
    const ir::Database* snapshot = nullptr;
    const Compilation* schema = nullptr;  // the compiled .schema files; nullptr: no origin notes
    std::string history_schema = "public";
    std::vector<std::string> schemas;  // --schemas; empty: those the snapshot names
    std::optional<std::string> dev_url;
    std::optional<std::string> from_database;
};

struct VerificationResult {
    int exit_code = success;    // success, findings, or cannot_run (after printing why, or with findings)
    std::size_t replayed = 0;   // migrations applied on the scratch database
    std::size_t recreated = 0;  // --from-database: history rows copied
    long long replay_ms = 0;    // the replay alone
    long long total_ms = 0;     // start of the server included
    std::string server;         // "PostgreSQL 15.8 started for this run"
    int server_version = 0;     // 150008
    bool compared = false;      // the result was compared with the snapshot
};

// Findings go into `found`, with the files they point into added to `sources` (a copy of each
// migration file and .schema file a finding names).
VerificationResult run_verification(const VerificationInput& input, SourceSet& sources, Diagnostics& found);

// "15.8" from 150008.
std::string postgres_version_text(int server_version);

}  // namespace schemac::cli
