// The migration directory: numbered migration files (`NNNN_slug.sql`), the snapshot of the
// schema after the last one (`schemac.snapshot.json`) and `schemac.sum`, which records the
// sha256 of every file and of the whole list, so that a hand edit, a deleted or an added file
// is detected, and two branches that each add a migration conflict in git.
//
// schemac.sum:
//   schemac-sum 2
//   0001_init.sql sha256:<hex> snapshot empty -> sha256:<hex>
//   0002_fill.sql sha256:<hex>
//   0003_fix.sql unrecorded            (added by `schemac new`, content not recorded yet)
//   schemac.snapshot.json sha256:<hex>
//   directory sha256:<hex of every line above>
// A name with a blank, `"`, `\` or a control character is written in double quotes with C-like
// escapes (`"0004_a sha256:b.sql" sha256:<hex>`), so any name reads back as itself.
// A migration written by `generate` carries a snapshot record: the sha256 of the snapshot it
// was planned from and of the one it wrote. Only `generate` creates records; `hash` and `new`
// keep them (for a renamed file, by its content). So the records chain from migration to
// migration, and the last one names the snapshot's hash: a snapshot merged as text by git, or
// two branches' migrations planned from the same snapshot, break the chain (verify_snapshot_chain).
// Version 1 files (no records) are still read.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac {

inline constexpr std::string_view snapshot_file_name = "schemac.snapshot.json";
inline constexpr std::string_view sum_file_name = "schemac.sum";

struct MigrationFileEntry {
    int version = 0;        // 4 from 0004_add_invoices.sql
    std::string file_name;  // "0004_add_invoices.sql"
};

// Migration files of `dir` in version order; other .sql names are returned in `strays`.
struct MigrationListing {
    std::vector<MigrationFileEntry> migrations;
    std::vector<std::string> strays;  // .sql files whose names are not NNNN_slug.sql
    int next_version() const { return migrations.empty() ? 1 : migrations.back().version + 1; }
};
MigrationListing list_migrations(const std::filesystem::path& dir);
// The version of a migration file name (4 of 0004_add_invoices.sql: 4 to 9 digits, `_`, a
// slug, `.sql`); nullopt for any other name.
std::optional<int> migration_version(std::string_view name);

// The snapshot: an empty database when the file does not exist. Throws SnapshotError when it
// cannot be read or parsed (the message says which).
struct SnapshotError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
ir::Database read_snapshot(const std::filesystem::path& dir);
// The same from the snapshot's text when the caller has read it already (hash_directory's
// `snapshot`): the file is read once. Without a text, as read_snapshot(dir).
ir::Database read_snapshot(const std::filesystem::path& dir, std::optional<std::string> text);
// Without directives; stable order. Takes the IR by value: a caller done with it moves it in
// and no copy of the whole schema is made.
std::string snapshot_text(ir::Database db);
// The same text, handed to `sink` in pieces as it is written (never held whole). Strips `db`'s
// directives in place (the caller is done with them) instead of copying the IR, and leaves its
// freeing to the caller (a command about to exit need not free it node by node).
void write_snapshot(ir::Database& db, const std::function<void(std::string_view)>& sink);

// sha256 (hex) of every file the sum covers (*.sql and the snapshot), by file name; each
// file is read once. Commands that write files add their hashes from the text they wrote.
// With `snapshot`, the snapshot's text is kept there (nullopt when there is none), for
// read_snapshot: generate reads it once for its hash and its content.
using FileHashes = std::map<std::string, std::string>;
FileHashes hash_directory(const std::filesystem::path& dir, std::optional<std::string>* snapshot = nullptr);

// The directory's files hashed and its snapshot parsed, the snapshot file read once for both
// (what generate and check need before they plan). Throws what hash_directory throws; a snapshot
// that cannot be read or parsed is kept as `snapshot_error` (SnapshotError's message), not thrown,
// so that the caller reports it in its turn.
struct HashedDirectory {
    FileHashes hashes;
    std::optional<ir::Database> snapshot;  // set unless snapshot_error is
    std::optional<std::string> snapshot_error;
};
HashedDirectory hash_directory_and_read_snapshot(const std::filesystem::path& dir);

// What `generate` recorded for one migration: the snapshot's sha256 (hex) before and after it.
struct SnapshotRecord {
    std::string from;  // empty: there was no snapshot (the first migration)
    std::string to;
    bool operator==(const SnapshotRecord&) const = default;
};
using SnapshotRecords = std::map<std::string, SnapshotRecord>;  // by migration file name

// Files `schemac new` added and nobody recorded yet (`NAME unrecorded` in schemac.sum): the name
// is recorded, the content is not, so it may be edited without `schemac hash` each time.
using UnrecordedFiles = std::set<std::string>;

// The text of schemac.sum for these files; `unrecorded` ones are listed without their hash.
std::string sum_text(const FileHashes& hashes, const SnapshotRecords& records = {},
                     const UnrecordedFiles& unrecorded = {});

// What dir/schemac.sum records, read leniently: every line that reads as an entry counts, also
// in a file with git conflict markers or a wrong directory hash (verify_sum reports those).
struct RecordedSum {
    FileHashes files;  // an unrecorded file has an empty hash
    SnapshotRecords records;
    UnrecordedFiles unrecorded;
};
RecordedSum read_recorded_sum(const std::filesystem::path& dir);
RecordedSum parse_recorded_sum(std::string_view text);  // the same, from the file's text

// The records of dir/schemac.sum that still apply to the files as they are (`current`): by
// name, or for a file renamed since (`git mv` to renumber it), by its unchanged content.
SnapshotRecords carried_records(const std::filesystem::path& dir, const FileHashes& current);
// The unrecorded files of dir/schemac.sum that are still there.
UnrecordedFiles carried_unrecorded(const std::filesystem::path& dir, const FileHashes& current);

// Problems of the migration files themselves, each about one file (empty: the directory).
struct DirectoryProblem {
    std::string code;
    std::string file;  // a file name in the directory
    std::string message;
    std::string help;
};
// Two files with one number.
std::vector<DirectoryProblem> duplicate_numbers(const MigrationListing& listing);
// Whether the snapshot is the one `generate` wrote after the migrations (see the top). A
// directory without any record (written before records existed) proves nothing and passes.
std::vector<DirectoryProblem> verify_snapshot_chain(const std::filesystem::path& dir, const MigrationListing& listing,
                                                    const FileHashes& current);
// Whether a migration file's header line (the first, or the second after
// `-- schemac:no-transaction`) says `generate` wrote it.
bool written_by_generate(std::string_view text);

struct SumProblem {
    enum Kind { missing_sum, corrupt_sum, edited, added, removed, unrecorded };
    Kind kind;
    std::string file;
    std::string message() const;
};
// Compares dir/schemac.sum with the files as they are now (`current`, from hash_directory).
std::vector<SumProblem> verify_sum(const std::filesystem::path& dir, const FileHashes& current);
// The same for the text of a schemac.sum that exists; `dir` only names the files in problems.
std::vector<SumProblem> verify_sum_text(const std::filesystem::path& dir, std::string_view recorded,
                                        const FileHashes& current);

}  // namespace schemac
