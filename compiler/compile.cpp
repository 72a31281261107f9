#include "compiler/compile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/checks/checks.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/syntax/parser.hpp"

namespace schemac {

namespace {

namespace fs = std::filesystem;

// One directory's entries in name order, so that which path reaches a file first (through a
// symbolic link or not) never depends on the order the file system lists them in.
std::vector<fs::directory_entry> sorted_entries(const fs::path& dir) {
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
    if (ec) throw LoadError(fmt::format("{}: {}", dir.string(), ec.message()));
    std::sort(entries.begin(), entries.end(),
              [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
    return entries;
}

struct Walk {
    std::set<fs::path> directories;  // canonical paths entered: a link back up is not followed again
    std::set<fs::path> files;        // canonical paths read: a file reached twice is read once
    std::vector<fs::path> out;

    void directory(const fs::path& dir) {
        std::error_code ec;
        fs::path real = fs::canonical(dir, ec);
        if (ec) throw LoadError(fmt::format("{}: {}", dir.string(), ec.message()));
        if (!directories.insert(real).second) return;
        for (const fs::directory_entry& entry : sorted_entries(dir)) {
            std::string name = entry.path().filename().string();
            if (entry.is_directory(ec)) {
                if (!name.starts_with(".")) directory(entry.path());  // .git, .history, ...: not the schema's
            } else if (entry.path().extension() == ".schema" && entry.is_regular_file(ec)) {
                if (files.insert(fs::canonical(entry.path(), ec)).second) out.push_back(entry.path());
            }
        }
    }
};

}  // namespace

std::vector<std::filesystem::path> schema_files(const std::filesystem::path& path) {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw LoadError(fmt::format("{}: no such file or directory", path.string()));
    if (!std::filesystem::is_directory(status)) return {path};
    Walk walk;
    walk.directory(path);
    std::sort(walk.out.begin(), walk.out.end());
    return walk.out;
}

Compilation compile_sources(std::vector<std::pair<std::string, std::string>> named_texts) {
    Compilation c;
    for (auto& [name, text] : named_texts) c.sources.add(std::move(name), std::move(text));
    // Each declaration is lowered as soon as it is parsed, so that the syntax tree of a large
    // file is never held whole. What lowering says is kept aside and reported only when every
    // file parsed: one mistake gives one error (after a syntax error, nothing more is lowered).
    // The checks leave alone what lowering could not resolve (it has said so already).
    Diagnostics lowering_diagnostics;
    SchemaLowering lowering(c.sources, lowering_diagnostics);
    std::size_t tables = 0;
    for (std::uint32_t i = 0; i < c.sources.size(); ++i) tables += count_table_lines(c.sources.file(i).text());
    lowering.expect_tables(tables);
    // Whether no error was reported yet, looked at again only when a diagnostic was added
    // (c.ok() counts them all: once per declaration it would cost as much as the list is long).
    std::size_t diagnostics_seen = 0;
    bool no_error = true;
    auto still_no_error = [&] {
        if (c.diagnostics.all().size() != diagnostics_seen) {
            diagnostics_seen = c.diagnostics.all().size();
            no_error = c.ok();
        }
        return no_error;
    };
    for (std::uint32_t i = 0; i < c.sources.size(); ++i) {
        lowering.begin_file(i);
        parse_file(c.sources, i, c.diagnostics, [&](syntax::Declaration&& declaration) {
            if (still_no_error()) lowering.add(std::move(declaration));
        });
    }
    if (c.ok()) {
        c.database = lowering.finish();
        for (const Diagnostic& d : lowering_diagnostics.all()) c.diagnostics.add(d);
        checks::run_all(c.database, c.diagnostics);
        checks::view_reads(c.database, c.sources, c.diagnostics);
        checks::function_bodies(c.database, c.sources, c.diagnostics);
    }
    c.diagnostics.sort();
    return c;
}

Compilation compile_path(const std::filesystem::path& path) {
    std::vector<std::pair<std::string, std::string>> texts;
    for (const auto& file : schema_files(path)) texts.emplace_back(file.string(), read_file(file));
    return compile_sources(std::move(texts));
}

}  // namespace schemac
