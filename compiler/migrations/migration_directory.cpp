#include "compiler/migrations/migration_directory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "compiler/ir/ir_json.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/migrations/sha256.hpp"
#include "compiler/migrations/sql_script.hpp"
#include "compiler/plan/plan.hpp"
#include "compiler/source/file_read.hpp"

namespace schemac {
namespace fs = std::filesystem;

namespace {

// The files the sum covers: every .sql file and the snapshot, sorted by name.
std::vector<std::string> covered_files(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::string name = entry.path().filename().string();
        if (name.ends_with(".sql") || name == snapshot_file_name) out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::optional<int> migration_version(std::string_view name) {
    if (!name.ends_with(".sql")) return std::nullopt;
    std::size_t digits = 0;
    while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
    if (digits < 4 || digits > 9 || digits >= name.size() || name[digits] != '_' || name.size() <= digits + 5)
        return std::nullopt;
    return std::stoi(std::string(name.substr(0, digits)));
}

MigrationListing list_migrations(const fs::path& dir) {
    MigrationListing out;
    for (const std::string& name : covered_files(dir)) {
        if (name == snapshot_file_name) continue;
        if (auto v = migration_version(name))
            out.migrations.push_back(MigrationFileEntry{*v, name});
        else
            out.strays.push_back(name);
    }
    std::stable_sort(out.migrations.begin(), out.migrations.end(),
                     [](const auto& a, const auto& b) { return a.version < b.version; });
    return out;
}

ir::Database read_snapshot(const fs::path& dir) { return read_snapshot(dir, std::nullopt); }

ir::Database read_snapshot(const fs::path& dir, std::optional<std::string> text) {
    fs::path path = dir / snapshot_file_name;
    std::error_code ec;
    if (!text && !fs::exists(path, ec)) return {};
    try {
        if (!text) text = read_file(path);
        ir::Database snapshot = ir_from_json_text(*text);
        text.reset();  // given back before the planner runs
        name_extension_types_with_their_schema(snapshot);
        return snapshot;
    } catch (const LoadError& e) {
        throw SnapshotError(e.what());
    } catch (const IrJsonError& e) {
        throw SnapshotError(fmt::format("{}: {}", path.string(), e.what()));
    }
}

std::string snapshot_text(ir::Database db) { return ir_to_json_text(plan::without_directives(std::move(db))); }

void write_snapshot(ir::Database& db, const std::function<void(std::string_view)>& sink) {
    plan::strip_directives(db);
    ir_to_json_pieces(db, sink);
}

FileHashes hash_directory(const fs::path& dir, std::optional<std::string>* snapshot) {
    FileHashes out;
    if (snapshot) snapshot->reset();
    for (const std::string& f : covered_files(dir)) {
        std::string text = read_file(dir / f);
        out[f] = sha256_hex(text);
        if (snapshot && f == snapshot_file_name) *snapshot = std::move(text);
    }
    return out;
}

HashedDirectory hash_directory_and_read_snapshot(const fs::path& dir) {
    HashedDirectory out;
    std::optional<std::string> text;
    out.hashes = hash_directory(dir, &text);
    try {
        out.snapshot = read_snapshot(dir, std::move(text));
    } catch (const SnapshotError& e) {
        out.snapshot_error = e.what();
    }
    return out;
}

namespace {

// A file name as one word of schemac.sum: as it is when it holds no blank, quote, backslash or
// control character (every name schemac writes), else in double quotes with `\"`, `\\`, `\n`,
// `\t`, `\r` and `\xHH` escapes, so that no name can be read as another or as more words.
bool plain_name(std::string_view name) {
    if (name.empty()) return false;
    return std::none_of(name.begin(), name.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7f || c == '"' || c == '\\';
    });
}

std::string sum_name(std::string_view name) {
    if (plain_name(name)) return std::string(name);
    std::string out = "\"";
    for (char c : name) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\')
            out += fmt::format("\\{}", c);
        else if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\r')
            out += "\\r";
        else if (u < 0x20 || u == 0x7f)
            out += fmt::format("\\x{:02x}", u);
        else
            out += c;
    }
    return out + "\"";
}

// Reads a quoted name at the start of `line` (after its opening quote); returns the length read,
// closing quote included, or 0 when the quotes are not closed or an escape is not one of ours.
std::size_t read_quoted_name(std::string_view line, std::string& name) {
    for (std::size_t at = 1; at < line.size(); ++at) {
        char c = line[at];
        if (c == '"') return at + 1;
        if (c != '\\') {
            name += c;
            continue;
        }
        if (++at >= line.size()) return 0;
        char e = line[at];
        if (e == '"' || e == '\\')
            name += e;
        else if (e == 'n')
            name += '\n';
        else if (e == 't')
            name += '\t';
        else if (e == 'r')
            name += '\r';
        else if (e == 'x' && at + 2 < line.size() && std::isxdigit(static_cast<unsigned char>(line[at + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(line[at + 2]))) {
            name += static_cast<char>(std::stoi(std::string(line.substr(at + 1, 2)), nullptr, 16));
            at += 2;
        } else {
            return 0;
        }
    }
    return 0;
}

}  // namespace

std::string sum_text(const FileHashes& hashes, const SnapshotRecords& records, const UnrecordedFiles& unrecorded) {
    std::string lines = "schemac-sum 2\n";
    for (const auto& [name, hash] : hashes) {
        if (unrecorded.count(name)) {
            lines += sum_name(name) + " unrecorded\n";
            continue;
        }
        lines += fmt::format("{} sha256:{}", sum_name(name), hash);
        if (auto r = records.find(name); r != records.end())
            lines += fmt::format(" snapshot {} -> sha256:{}",
                                 r->second.from.empty() ? "empty" : "sha256:" + r->second.from, r->second.to);
        lines += "\n";
    }
    return lines + fmt::format("directory sha256:{}\n", sha256_hex(lines));
}

namespace {

// One line of schemac.sum: `NAME sha256:HEX [snapshot (empty|sha256:HEX) -> sha256:HEX]`, or
// `NAME unrecorded`; NAME as sum_name writes it.
struct SumLine {
    std::string name, hash;
    std::optional<SnapshotRecord> record;
    bool unrecorded = false;
};
std::optional<SumLine> parse_sum_line(const std::string& line) {
    std::string name, hash, keyword, from, arrow, to, rest;
    std::istringstream words(line);
    std::size_t quoted = line.starts_with('"') ? read_quoted_name(line, name) : 0;
    if (quoted > 0 && quoted < line.size() && line[quoted] == ' ') {
        words.str(line.substr(quoted));
    } else {  // a plain name (or one an older schemac wrote as it was, quote and all)
        name.clear();
        if (!(words >> name)) return std::nullopt;
    }
    if (!(words >> hash)) return std::nullopt;
    if (hash == "unrecorded" && name != "directory" && !(words >> rest)) return SumLine{name, "", std::nullopt, true};
    if (!hash.starts_with("sha256:")) return std::nullopt;
    SumLine out{name, hash.substr(7), std::nullopt};
    if (!(words >> keyword)) return out;
    if (keyword != "snapshot" || !(words >> from >> arrow >> to) || arrow != "->" || !to.starts_with("sha256:") ||
        (from != "empty" && !from.starts_with("sha256:")) || (words >> rest))
        return std::nullopt;
    out.record = SnapshotRecord{from == "empty" ? "" : from.substr(7), to.substr(7)};
    return out;
}

}  // namespace

RecordedSum parse_recorded_sum(std::string_view text) {
    RecordedSum out;
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        std::optional<SumLine> entry = parse_sum_line(line);
        if (!entry || entry->name == "directory") continue;
        // The first of two lines naming one file wins, all of it: its hash, snapshot record and
        // whether it is unrecorded (a later `NAME unrecorded` does not mark a hashed file).
        if (!out.files.emplace(entry->name, entry->hash).second) continue;
        if (entry->record) out.records.emplace(entry->name, *entry->record);
        if (entry->unrecorded) out.unrecorded.insert(entry->name);
    }
    return out;
}

RecordedSum read_recorded_sum(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir / sum_file_name, ec)) return {};
    return parse_recorded_sum(read_file(dir / sum_file_name));
}

SnapshotRecords carried_records(const fs::path& dir, const FileHashes& current) {
    RecordedSum recorded = read_recorded_sum(dir);
    SnapshotRecords out;
    for (const auto& [name, record] : recorded.records) {
        if (current.count(name)) {
            out.emplace(name, record);
            continue;
        }
        // Renamed: the one file now there with the same content that the sum does not know.
        auto hash = recorded.files.find(name);
        if (hash == recorded.files.end()) continue;
        for (const auto& [now, now_hash] : current)
            if (now_hash == hash->second && !recorded.files.count(now)) out.emplace(now, record);
    }
    return out;
}

UnrecordedFiles carried_unrecorded(const fs::path& dir, const FileHashes& current) {
    UnrecordedFiles out;
    for (const std::string& name : read_recorded_sum(dir).unrecorded)
        if (current.count(name)) out.insert(name);
    return out;
}

bool written_by_generate(std::string_view text) {
    text.remove_prefix(byte_order_mark_length(text));  // an editor may have added one
    std::size_t end = text.find_first_of("\r\n");      // lines end as PostgreSQL ends a `--` comment
    std::string_view first = text.substr(0, end);
    if (is_no_transaction_script(text)) {  // the header follows the marker
        if (end == std::string_view::npos) return false;
        std::string_view rest = text.substr(text.compare(end, 2, "\r\n") == 0 ? end + 2 : end + 1);
        first = rest.substr(0, rest.find_first_of("\r\n"));
    }
    return first.starts_with("-- ") && first.find(": generated by schemac.") != std::string_view::npos;
}

std::vector<DirectoryProblem> duplicate_numbers(const MigrationListing& listing) {
    std::vector<DirectoryProblem> out;
    for (std::size_t i = 1; i < listing.migrations.size(); ++i) {
        const MigrationFileEntry& a = listing.migrations[i - 1];
        const MigrationFileEntry& b = listing.migrations[i];
        if (a.version != b.version) continue;
        out.push_back({"duplicate-version", b.file_name,
                       fmt::format("{} and {} have the same number {}", a.file_name, b.file_name, a.version),
                       fmt::format("two branches each added a migration: renumber the one merged last after the last "
                                   "migration (`git mv {} {:04}_{}`), then run `schemac hash`",
                                   b.file_name, listing.migrations.back().version + 1,
                                   b.file_name.substr(b.file_name.find('_') + 1))});
    }
    return out;
}

std::vector<DirectoryProblem> verify_snapshot_chain(const fs::path& dir, const MigrationListing& listing,
                                                    const FileHashes& current) {
    std::vector<DirectoryProblem> out;
    SnapshotRecords records = read_recorded_sum(dir).records;
    const std::string snapshot_path = (dir / snapshot_file_name).string();
    const std::string regenerate =
        "the snapshot must be the one `schemac generate` wrote, never a merge: keep the migrations of the branch that "
        "was merged first, delete the other branch's generated file(s), take the first branch's "
        "schemac.snapshot.json (`git checkout <that branch> -- " +
        snapshot_path +
        "`), run `schemac hash`, then `schemac generate --name <the change>` to plan the other "
        "change again on top";
    const MigrationFileEntry* previous = nullptr;  // the last migration with a record, so far
    SnapshotRecord previous_record;
    for (const MigrationFileEntry& m : listing.migrations) {
        auto r = records.find(m.file_name);
        if (r == records.end()) {
            if (previous && current.count(m.file_name) && written_by_generate(read_file(dir / m.file_name)))
                out.push_back(
                    {"snapshot-unproven", m.file_name,
                     fmt::format("{} was written by `schemac generate`, but {} has no snapshot record for it, "
                                 "so nothing shows that {} includes its changes",
                                 m.file_name, sum_file_name, snapshot_file_name),
                     "its record was lost when schemac.sum was merged or rewritten by hand: " + regenerate});
            continue;
        }
        // The files of one generate carry the same record.
        if (previous && !(r->second == previous_record) && r->second.from != previous_record.to)
            out.push_back({"snapshot-chain", m.file_name,
                           fmt::format("{} was planned from another snapshot than the one {} left: two branches each "
                                       "generated a migration from the same snapshot, so {} (merged as text) is not "
                                       "proven to hold both changes",
                                       m.file_name, previous->file_name, snapshot_file_name),
                           regenerate});
        previous = &m;
        previous_record = r->second;
    }
    if (!previous || !out.empty()) return out;  // a broken chain already says the snapshot is unproven
    auto snapshot = current.find(std::string(snapshot_file_name));
    if (snapshot == current.end() || snapshot->second != previous_record.to)
        out.push_back(
            {"snapshot-not-generated", std::string(snapshot_file_name),
             fmt::format("{} is not the snapshot `schemac generate` wrote with {} (the last generated "
                         "migration): it was {}",
                         snapshot_file_name, previous->file_name,
                         snapshot == current.end() ? "deleted" : "edited, or merged as text from two branches"),
             fmt::format("restore it from the commit that added {} (`git log -- {}`); to change the schema, "
                         "edit the .schema files and run `schemac generate`",
                         previous->file_name, snapshot_path)});
    return out;
}

std::string SumProblem::message() const {
    switch (kind) {
        case missing_sum: return fmt::format("{} is missing: run `schemac hash` to record the directory", file);
        case corrupt_sum:
            return fmt::format("{} was edited by hand or merged from two branches: regenerate your migration on top "
                               "of the other branch's, or run `schemac hash` after review",
                               file);
        case edited:
            return fmt::format("{} was edited after it was recorded: review it, then run `schemac hash`", file);
        case added:
            return fmt::format("{} is not recorded in {}: it was added by hand or by another branch; review it, then "
                               "run `schemac hash`",
                               file, sum_file_name);
        case removed: return fmt::format("{} is recorded in {} but missing from the directory", file, sum_file_name);
        case unrecorded:
            return fmt::format("{} was added by `schemac new` and is not recorded yet: run `schemac hash` once it is "
                               "ready (`schemac check` refuses it until then)",
                               file);
    }
    return {};
}

std::vector<SumProblem> verify_sum(const fs::path& dir, const FileHashes& current) {
    std::error_code ec;
    if (!fs::exists(dir / sum_file_name, ec)) {
        if (!current.empty()) return {{SumProblem::missing_sum, (dir / sum_file_name).string()}};
        return {};
    }
    return verify_sum_text(dir, read_file(dir / sum_file_name), current);
}

std::vector<SumProblem> verify_sum_text(const fs::path& dir, std::string_view recorded, const FileHashes& current) {
    std::vector<SumProblem> out;
    std::istringstream lines{std::string(recorded)};
    std::string line, listed_lines;
    std::map<std::string, std::string> listed;
    std::set<std::string> unrecorded;
    std::optional<std::string> directory_hash;
    bool header_ok = std::getline(lines, line) && (line == "schemac-sum 1" || line == "schemac-sum 2");
    if (header_ok) listed_lines = line + "\n";
    while (header_ok && std::getline(lines, line)) {
        std::optional<SumLine> entry = parse_sum_line(line);
        if (!entry) {
            header_ok = false;
            break;
        }
        if (entry->name == "directory") {
            directory_hash = entry->hash;
            continue;
        }
        listed.emplace(entry->name, entry->hash);  // the first of two conflicting lines wins, as on reading
        if (entry->unrecorded) unrecorded.insert(entry->name);
        listed_lines += line + "\n";
    }
    if (!header_ok || !directory_hash || *directory_hash != sha256_hex(listed_lines)) {
        out.push_back({SumProblem::corrupt_sum, (dir / sum_file_name).string()});
    }
    for (const auto& [name, hash] : current) {
        auto it = listed.find(name);
        if (it == listed.end())
            out.push_back({SumProblem::added, (dir / name).string()});
        else if (unrecorded.count(name))
            out.push_back({SumProblem::unrecorded, (dir / name).string()});
        else if (it->second != hash)
            out.push_back({SumProblem::edited, (dir / name).string()});
    }
    for (const auto& [name, hash] : listed)
        if (!current.count(name)) out.push_back({SumProblem::removed, (dir / name).string()});
    return out;
}

}  // namespace schemac
