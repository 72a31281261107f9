// Where a database stands against the migration directory: which files are applied, which are
// pending, and what is wrong — an applied file that changed or disappeared, a pending file
// numbered below an applied one (a merged branch), two files with one number. Pure: it compares
// the files with the history rows and talks to no database.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "compiler/migrations/migration_directory.hpp"
#include "runtime/history.hpp"

namespace schemac::runtime {

struct LocalMigration {
    int version = 0;
    std::string name;  // 0004_add_invoices.sql
    std::string text;
    std::string checksum;  // sha256:<hex>
    bool no_transaction = false;
};

// The history row that records `m` as applied (`ms` taken; `baseline`: recorded, not run), with
// the fingerprint of its statements.
AppliedMigration applied_row(const LocalMigration& m, long long ms, std::string_view schemac_version, bool baseline);

// The migration files of `dir` in version order, with their checksums taken from `hashes`
// (hash_directory: each file is hashed once). Throws LoadError when one cannot be read.
std::vector<LocalMigration> read_local_migrations(const std::filesystem::path& dir, const MigrationListing& listing,
                                                  const FileHashes& hashes);

std::string checksum_of(std::string_view text);  // "sha256:<hex>"

struct MigrationProblem {
    enum Kind { edited, missing_file, renamed, out_of_order, duplicate_version, newer_applied };
    Kind kind;
    std::string file;  // empty: about the directory as a whole
    std::string message;
    std::string help;
};
std::string_view problem_code(MigrationProblem::Kind kind);  // "edited", "missing-file", ...

struct MigrationState {
    std::vector<AppliedMigration> applied;  // every history row, by version
    std::vector<LocalMigration> pending;    // files not applied, by version
    std::vector<MigrationProblem> problems;
    // Applied migrations without a file, all numbered above every file: the directory is of an
    // older release than the database (an application rolled back). One newer_applied problem
    // unless allowed.
    std::vector<AppliedMigration> newer_applied;
};

// With allow_out_of_order, a pending file numbered below an applied one is not a problem.
// With allow_newer_applied, applied migrations numbered above every file of the directory are
// not a problem; they still count as applied, so a pending file (numbered below them) is out of
// order. Applied migrations without a file among the directory's numbers stay missing_file.
MigrationState compare_with_history(const std::vector<LocalMigration>& local,
                                    const std::vector<AppliedMigration>& applied, bool allow_out_of_order,
                                    bool allow_newer_applied = false);

}  // namespace schemac::runtime
