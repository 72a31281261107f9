#include "tools/schemac/migration_findings.hpp"

#include <fmt/format.h>

#include <map>

#include "compiler/compile.hpp"
#include "compiler/sql_script.hpp"
#include "compiler/statement_rules.hpp"

namespace schemac::cli {
namespace {

// From `offset` to the end of its line: where a caret goes.
Span line_from(const SourceSet& sources, std::uint32_t file, std::size_t offset) {
    std::string_view text = sources.file(file).text();
    offset = std::min(offset, text.size());
    std::size_t end = text.find('\n', offset);
    if (end == std::string_view::npos) end = text.size();
    return Span{file, static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(end)};
}

std::uint32_t find_or_add(SourceSet& sources, const std::string& path, const std::string& text) {
    for (std::uint32_t i = 0; i < sources.size(); ++i)
        if (sources.file(i).path() == path) return i;
    return sources.add(path, text);
}

}  // namespace

void add_transaction_block_findings(const std::string& file, const std::string& text, SourceSet& sources,
                                    Diagnostics& found) {
    if (is_no_transaction_script(text)) return;
    std::vector<SqlStatement> statements;
    try {
        statements = split_sql_statements(text);
    } catch (const std::runtime_error&) {
        return;  // `migrate` reports a file it cannot split
    }
    std::string name = std::filesystem::path(file).filename().string();
    for (const SqlStatement& s : statements) {
        std::optional<std::string> refused = refused_in_transaction_block(s.text);
        if (!refused) continue;
        std::uint32_t id = find_or_add(sources, file, text);
        found.error("not-in-transaction", line_from(sources, id, s.offset),
                    fmt::format("{} cannot run inside a transaction block, and {} runs in one", *refused, name),
                    "make `-- schemac:no-transaction` the file's first line (every statement then runs on its own), "
                    "or move this statement to a file of its own (`schemac new --name <name>`, then that first "
                    "line); then run `schemac hash`");
    }
}

void add_migration_file_findings(const std::filesystem::path& dir, const MigrationListing& listing,
                                 const FileHashes& current, const MigrationFileChecks& checks, SourceSet& sources,
                                 Diagnostics& found) {
    std::map<std::string, std::string> texts;
    auto text_of = [&](const std::string& name) -> const std::string& {
        auto it = texts.find(name);
        if (it == texts.end()) {
            std::string text;
            try {
                text = read_file(dir / name);
            } catch (const LoadError&) {
            }
            it = texts.emplace(name, std::move(text)).first;
        }
        return it->second;
    };
    std::vector<DirectoryProblem> problems = duplicate_numbers(listing);
    if (checks.snapshot_chain) {
        std::vector<DirectoryProblem> chain = verify_snapshot_chain(dir, listing, current);
        problems.insert(problems.end(), chain.begin(), chain.end());
    }
    for (const DirectoryProblem& p : problems) {
        Span where;
        if (p.file != snapshot_file_name) {
            std::string path = (dir / p.file).string();
            where = line_from(sources, find_or_add(sources, path, text_of(p.file)), 0);
        }
        found.error(p.code, where, p.message, p.help);
    }
    for (const MigrationFileEntry& m : listing.migrations)
        add_transaction_block_findings((dir / m.file_name).string(), text_of(m.file_name), sources, found);
}

}  // namespace schemac::cli
