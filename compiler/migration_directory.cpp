#include "compiler/migration_directory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/compile.hpp"
#include "compiler/ir_json.hpp"
#include "compiler/plan/plan.hpp"
#include "compiler/sha256.hpp"

namespace schemac {
namespace fs = std::filesystem;

namespace {

std::optional<int> version_of(std::string_view name) {
    if (!name.ends_with(".sql")) return std::nullopt;
    std::size_t digits = 0;
    while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
    if (digits < 4 || digits > 9 || digits >= name.size() || name[digits] != '_' || name.size() <= digits + 5)
        return std::nullopt;
    return std::stoi(std::string(name.substr(0, digits)));
}

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

MigrationListing list_migrations(const fs::path& dir) {
    MigrationListing out;
    for (const std::string& name : covered_files(dir)) {
        if (name == snapshot_file_name) continue;
        if (auto v = version_of(name)) out.migrations.push_back(MigrationFileEntry{*v, name});
        else out.strays.push_back(name);
    }
    std::stable_sort(out.migrations.begin(), out.migrations.end(),
                     [](const auto& a, const auto& b) { return a.version < b.version; });
    return out;
}

ir::Database read_snapshot(const fs::path& dir) {
    fs::path path = dir / snapshot_file_name;
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    std::string text;
    try {
        text = read_file(path);
        return ir_from_json_text(text);
    } catch (const LoadError& e) {
        throw SnapshotError(e.what());
    } catch (const IrJsonError& e) {
        throw SnapshotError(fmt::format("{}: not a valid schemac snapshot: {}", path.string(), e.what()));
    }
}

std::string snapshot_text(const ir::Database& db) { return ir_to_json_text(plan::without_directives(db)); }

FileHashes hash_directory(const fs::path& dir) {
    FileHashes out;
    for (const std::string& f : covered_files(dir)) out[f] = sha256_hex(read_file(dir / f));
    return out;
}

std::string sum_text(const FileHashes& hashes) {
    std::string lines = "schemac-sum 1\n";
    for (const auto& [name, hash] : hashes) lines += fmt::format("{} sha256:{}\n", name, hash);
    return lines + fmt::format("directory sha256:{}\n", sha256_hex(lines));
}

std::string SumProblem::message() const {
    switch (kind) {
        case missing_sum: return fmt::format("{} is missing: run `schemac hash` to record the directory", file);
        case corrupt_sum:
            return fmt::format("{} was edited by hand or merged from two branches: regenerate your migration on top "
                               "of the other branch's, or run `schemac hash` after review",
                               file);
        case edited: return fmt::format("{} was edited after it was recorded: review it, then run `schemac hash`", file);
        case added:
            return fmt::format("{} is not recorded in {}: it was added by hand or by another branch; review it, then "
                               "run `schemac hash`",
                               file, sum_file_name);
        case removed: return fmt::format("{} is recorded in {} but missing from the directory", file, sum_file_name);
    }
    return {};
}

std::vector<SumProblem> verify_sum(const fs::path& dir, const FileHashes& current) {
    std::vector<SumProblem> out;
    std::error_code ec;
    if (!fs::exists(dir / sum_file_name, ec)) {
        if (!current.empty()) out.push_back({SumProblem::missing_sum, (dir / sum_file_name).string()});
        return out;
    }
    std::string recorded = read_file(dir / sum_file_name);
    std::istringstream lines(recorded);
    std::string line, listed_lines;
    std::map<std::string, std::string> listed;
    std::optional<std::string> directory_hash;
    bool header_ok = std::getline(lines, line) && line == "schemac-sum 1";
    if (header_ok) listed_lines = line + "\n";
    while (header_ok && std::getline(lines, line)) {
        auto space = line.find(" sha256:");
        if (space == std::string::npos) {
            header_ok = false;
            break;
        }
        std::string name = line.substr(0, space), hash = line.substr(space + 8);
        if (name == "directory") {
            directory_hash = hash;
            continue;
        }
        listed[name] = hash;
        listed_lines += line + "\n";
    }
    if (!header_ok || !directory_hash || *directory_hash != sha256_hex(listed_lines)) {
        out.push_back({SumProblem::corrupt_sum, (dir / sum_file_name).string()});
    }
    for (const auto& [name, hash] : current) {
        auto it = listed.find(name);
        if (it == listed.end()) out.push_back({SumProblem::added, (dir / name).string()});
        else if (it->second != hash) out.push_back({SumProblem::edited, (dir / name).string()});
    }
    for (const auto& [name, hash] : listed)
        if (!current.count(name)) out.push_back({SumProblem::removed, (dir / name).string()});
    return out;
}

void write_text_file(const fs::path& path, std::string_view text) {
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

}  // namespace schemac
