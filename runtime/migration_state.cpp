#include "runtime/migration_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "compiler/migrations/sha256.hpp"
#include "compiler/migrations/sql_script.hpp"
#include "compiler/source/file_read.hpp"

namespace schemac::runtime {

std::string checksum_of(std::string_view text) { return "sha256:" + sha256_hex(text); }

AppliedMigration applied_row(const LocalMigration& m, long long ms, std::string_view schemac_version, bool baseline) {
    return AppliedMigration{m.version,  m.name,
                            m.checksum, "",
                            ms,         std::string(schemac_version),
                            baseline,   statements_fingerprint(m.text).value_or("")};
}

std::vector<LocalMigration> read_local_migrations(const std::filesystem::path& dir, const MigrationListing& listing,
                                                  const FileHashes& hashes) {
    std::vector<LocalMigration> out;
    for (const MigrationFileEntry& entry : listing.migrations) {
        std::string text = read_file(dir / entry.file_name);
        auto hash = hashes.find(entry.file_name);
        std::string checksum = hash == hashes.end() ? checksum_of(text) : "sha256:" + hash->second;
        bool no_transaction = is_no_transaction_script(text);
        out.push_back(
            LocalMigration{entry.version, entry.file_name, std::move(text), std::move(checksum), no_transaction});
    }
    return out;
}

std::string_view problem_code(MigrationProblem::Kind kind) {
    switch (kind) {
        case MigrationProblem::edited: return "edited";
        case MigrationProblem::missing_file: return "missing-file";
        case MigrationProblem::renamed: return "renamed";
        case MigrationProblem::out_of_order: return "out-of-order";
        case MigrationProblem::duplicate_version: return "duplicate-version";
        case MigrationProblem::newer_applied: return "newer-applied";
    }
    return "problem";
}

namespace {

// The applied migrations without a file, when every one of them is numbered above every file of
// the directory: the release deployed is older than the database (an application rollback).
std::vector<const AppliedMigration*> newer_than_directory(const std::vector<LocalMigration>& local,
                                                          const std::vector<AppliedMigration>& applied) {
    int highest_local = 0;
    std::set<int> versions;
    for (const LocalMigration& m : local) {
        highest_local = std::max(highest_local, m.version);
        versions.insert(m.version);
    }
    std::vector<const AppliedMigration*> unknown;
    for (const AppliedMigration& a : applied)
        if (!versions.count(a.version)) unknown.push_back(&a);
    for (const AppliedMigration* a : unknown)
        if (a->version <= highest_local) return {};
    return unknown;
}

std::string version_range(const std::vector<const AppliedMigration*>& rows) {
    std::string first = fmt::format("{:04}", rows.front()->version), last = fmt::format("{:04}", rows.back()->version);
    return rows.size() == 1 ? "migration " + first : fmt::format("migrations {}..{}", first, last);
}

}  // namespace

MigrationState compare_with_history(const std::vector<LocalMigration>& local,
                                    const std::vector<AppliedMigration>& applied, bool allow_out_of_order,
                                    bool allow_newer_applied) {
    MigrationState state;
    state.applied = applied;
    std::vector<const AppliedMigration*> newer = newer_than_directory(local, applied);
    for (const AppliedMigration* a : newer) state.newer_applied.push_back(*a);
    if (!newer.empty() && !allow_newer_applied) {
        std::vector<std::string> names;
        for (const AppliedMigration* a : newer) names.push_back(a->name);
        state.problems.push_back(
            {MigrationProblem::newer_applied, "",
             fmt::format("the database has {} applied ({}) that this directory does not have: the application was "
                         "probably rolled back to an older release",
                         version_range(newer), fmt::join(names, ", ")),
             fmt::format("if this release works with the newer schema, run `schemac migrate --allow-newer-applied` (it "
                         "applies only this directory's pending migrations, and only when they are numbered below "
                         "none of {}); otherwise deploy the release that has {}",
                         newer.size() == 1 ? "it" : "them", newer.size() == 1 ? "it" : "them")});
    }
    std::map<int, const LocalMigration*> by_version;
    for (const LocalMigration& m : local) {
        auto [it, added] = by_version.emplace(m.version, &m);
        if (!added)
            state.problems.push_back(
                {MigrationProblem::duplicate_version, m.name,
                 fmt::format("{} and {} have the same number {}", it->second->name, m.name, m.version),
                 "two branches each added a migration: renumber the newer one after the last "
                 "(`git mv`), then run `schemac hash`"});
    }
    std::map<int, const AppliedMigration*> applied_by_version;
    int highest_applied = 0;
    std::string highest_name;
    for (const AppliedMigration& a : applied) {
        applied_by_version[a.version] = &a;
        if (a.version > highest_applied) {
            highest_applied = a.version;
            highest_name = a.name;
        }
        auto it = by_version.find(a.version);
        if (it == by_version.end() && !newer.empty()) continue;  // said above, once for all
        if (it == by_version.end()) {
            state.problems.push_back(
                {MigrationProblem::missing_file, a.name,
                 fmt::format("{} was applied on {}, but the file is not in the directory", a.name, a.applied_at),
                 "restore it from version control: a migration that ran must stay in the directory"});
        } else if (it->second->name != a.name) {
            state.problems.push_back(
                {MigrationProblem::renamed, it->second->name,
                 fmt::format("migration {} was applied as {}, but the directory has {} with that number", a.version,
                             a.name, it->second->name),
                 it->second->checksum == a.checksum
                     ? fmt::format("give the file its applied name back: `git mv {} {}`", it->second->name, a.name)
                     : "restore the applied file, and renumber the other after the last migration "
                       "(`git mv`), then run `schemac hash`"});
        } else if (it->second->checksum != a.checksum) {
            state.problems.push_back(
                {MigrationProblem::edited, a.name,
                 fmt::format("{} was applied on {}, but the file has changed since (the database has "
                             "{}, the file {})",
                             a.name, a.applied_at, a.checksum, it->second->checksum),
                 "restore the file as it was applied (see `git log -p` of it); to change the "
                 "database, add a migration with `schemac generate` or `schemac new`; if only "
                 "comments or whitespace changed, `schemac repair` re-records it"});
        }
    }
    for (const LocalMigration& m : local) {
        if (applied_by_version.count(m.version) || by_version.at(m.version) != &m) continue;
        state.pending.push_back(m);
        if (m.version < highest_applied && !allow_out_of_order)
            state.problems.push_back(
                {MigrationProblem::out_of_order, m.name,
                 fmt::format("{} is pending, but numbered below {}, which is already applied", m.name, highest_name),
                 fmt::format("renumber it after {} (`git mv`) and run `schemac hash`; or, if it "
                             "does not depend on order, run `schemac migrate --allow-out-of-order`",
                             highest_name)});
    }
    return state;
}

}  // namespace schemac::runtime
