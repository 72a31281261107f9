// The migration directory: numbered migration files (`NNNN_slug.sql`), the snapshot of the
// schema after the last one (`schemac.snapshot.json`) and `schemac.sum`, which records the
// sha256 of every file and of the whole list, so that a hand edit, a deleted or an added file
// is detected, and two branches that each add a migration conflict in git.
//
// schemac.sum:
//   schemac-sum 1
//   0001_init.sql sha256:<hex>
//   schemac.snapshot.json sha256:<hex>
//   directory sha256:<hex of every line above>
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/ir.hpp"

namespace schemac {

inline constexpr std::string_view snapshot_file_name = "schemac.snapshot.json";
inline constexpr std::string_view sum_file_name = "schemac.sum";

struct MigrationFileEntry {
    int version = 0;         // 4 from 0004_add_invoices.sql
    std::string file_name;   // "0004_add_invoices.sql"
};

// Migration files of `dir` in version order; other .sql names are returned in `strays`.
struct MigrationListing {
    std::vector<MigrationFileEntry> migrations;
    std::vector<std::string> strays;  // .sql files whose names are not NNNN_slug.sql
    int next_version() const { return migrations.empty() ? 1 : migrations.back().version + 1; }
};
MigrationListing list_migrations(const std::filesystem::path& dir);

// The snapshot: an empty database when the file does not exist. Throws SnapshotError when it
// cannot be read or parsed (the message says which).
struct SnapshotError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
ir::Database read_snapshot(const std::filesystem::path& dir);
std::string snapshot_text(const ir::Database& db);  // without directives; stable order

// sha256 (hex) of every file the sum covers (*.sql and the snapshot), by file name; each
// file is read once. Commands that write files add their hashes from the text they wrote.
using FileHashes = std::map<std::string, std::string>;
FileHashes hash_directory(const std::filesystem::path& dir);

// The text of schemac.sum for these files.
std::string sum_text(const FileHashes& hashes);

struct SumProblem {
    enum Kind { missing_sum, corrupt_sum, edited, added, removed };
    Kind kind;
    std::string file;
    std::string message() const;
};
// Compares dir/schemac.sum with the files as they are now (`current`, from hash_directory).
std::vector<SumProblem> verify_sum(const std::filesystem::path& dir, const FileHashes& current);

// Writes `text` to dir/name, creating the directory; throws std::runtime_error on failure.
void write_text_file(const std::filesystem::path& path, std::string_view text);

}  // namespace schemac
