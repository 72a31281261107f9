// The findings `check` and `hash` make from the migration files themselves, each located in its
// file: two files with one number; a statement PostgreSQL refuses inside a transaction block in a
// file that runs in one; and (for `check`) a snapshot that the snapshot records of schemac.sum do
// not show to be the one `generate` wrote after the migrations.
#pragma once

#include <filesystem>

#include "compiler/diagnostics.hpp"
#include "compiler/migration_directory.hpp"

namespace schemac::cli {

struct MigrationFileChecks {
    bool snapshot_chain = true;
};

// Files a finding points into are added to `sources`.
void add_migration_file_findings(const std::filesystem::path& dir, const MigrationListing& listing,
                                 const FileHashes& current, const MigrationFileChecks& checks, SourceSet& sources,
                                 Diagnostics& found);

// The statements of a transactional migration (`text`, added to `sources` as `file`) that
// PostgreSQL refuses inside a transaction block, as located findings. `migrate` uses it too.
void add_transaction_block_findings(const std::string& file, const std::string& text, SourceSet& sources,
                                    Diagnostics& found);

}  // namespace schemac::cli
