// The findings `check` and `hash` make from the migration files themselves, each located in its
// file: two files with one number; a file PostgreSQL's parser cannot split into statements (a
// syntax error, a NUL byte, a psql meta-command); a client COPY; in a file that runs in one
// transaction, transaction control or a statement PostgreSQL refuses inside a transaction
// block; in a no-transaction file, a transaction block left open; and (for `check`) a snapshot
// that the snapshot records of schemac.sum do not show to be the one `generate` wrote after the
// migrations.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/migrations/migration_directory.hpp"
#include "compiler/migrations/sql_script.hpp"
#include "compiler/source/diagnostics.hpp"

namespace schemac::cli {

struct MigrationFileChecks {
    bool snapshot_chain = true;
};

// A migration file as the findings read it: its text and the statements it splits into.
struct SplitMigration {
    std::string text;
    std::vector<SqlStatement> statements;
};
// By file name (0004_add_invoices.sql); a file that cannot be split is not there.
using SplitMigrations = std::map<std::string, SplitMigration>;

// Files a finding points into are added to `sources`. Returns each file's statements, for a
// later step that needs them (check --database, before the pending ones): split once.
SplitMigrations add_migration_file_findings(const std::filesystem::path& dir, const MigrationListing& listing,
                                            const FileHashes& current, const MigrationFileChecks& checks,
                                            SourceSet& sources, Diagnostics& found);

// The findings about the statements of one migration (`text`, added to `sources` as `file` when
// a finding points into it), located at the statement. Returns its statements, or nullopt when
// it cannot be split. `migrate` uses it too, before it runs anything.
std::optional<std::vector<SqlStatement>> add_statement_findings(const std::string& file, const std::string& text,
                                                                SourceSet& sources, Diagnostics& found);

// From `offset` in the file `file` (added to `sources` with `text` when not there yet) to the end
// of its line: where a finding about a statement points.
Span statement_span(SourceSet& sources, const std::string& file, const std::string& text, std::size_t offset);

}  // namespace schemac::cli
