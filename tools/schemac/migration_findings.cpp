#include "tools/schemac/migration_findings.hpp"

#include <fmt/format.h>

#include <map>

#include "compiler/compile.hpp"
#include "compiler/migrations/sql_script.hpp"
#include "compiler/migrations/statement_rules.hpp"

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

// Transaction control in a file the runner wraps in one transaction with its history row.
std::string transaction_control_message(const TransactionControl& control, const std::string& name) {
    if (control.name.starts_with("SET TRANSACTION"))
        return fmt::format("{} in {}, which runs in one transaction: it would change the transaction schemac opened "
                           "for the file and its history row",
                           control.name, name);
    return fmt::format("{} in {}, which runs in one transaction: schemac begins and commits that transaction "
                       "itself, together with the file's history row, and a {} inside it could leave the file "
                       "recorded as applied with statements undone, or reported as rolled back with statements "
                       "committed",
                       control.name, name, control.name);
}

}  // namespace

Span statement_span(SourceSet& sources, const std::string& file, const std::string& text, std::size_t offset) {
    return line_from(sources, find_or_add(sources, file, text), offset);
}

std::optional<std::vector<SqlStatement>> add_statement_findings(const std::string& file, const std::string& text,
                                                                SourceSet& sources, Diagnostics& found) {
    std::string name = std::filesystem::path(file).filename().string();
    auto here = [&](std::size_t offset) { return statement_span(sources, file, text, offset); };
    std::vector<SqlStatement> statements;
    try {
        statements = split_sql_statements(text);
    } catch (const SqlScriptError& e) {
        found.error("unreadable-sql", here(e.offset), fmt::format("{} cannot be run: {}", name, e.what()), e.help);
        return std::nullopt;
    }
    const bool no_transaction = is_no_transaction_script(text);
    const SqlStatement* open_block = nullptr;  // a BEGIN of a no-transaction file not ended yet
    std::string opened_by;
    for (const SqlStatement& s : statements) {
        StatementFacts facts = statement_facts(s.text);
        if (facts.client_copy)
            found.error("client-copy", here(s.offset), client_copy_message(*facts.client_copy),
                        client_copy_help(*facts.client_copy));
        if (no_transaction) {
            if (facts.transaction_control && facts.transaction_control->opens && !open_block) {
                open_block = &s;
                opened_by = facts.transaction_control->name;
            }
            if (facts.transaction_control && facts.transaction_control->closes) open_block = nullptr;
            continue;
        }
        if (facts.transaction_control)
            found.error("transaction-control", here(s.offset),
                        transaction_control_message(*facts.transaction_control, name),
                        "remove it (the runner begins and commits the file's transaction); for several transactions "
                        "or savepoints, split the file into several migrations (`schemac new --name <name>`), or make "
                        "`-- schemac:no-transaction` its first line and take charge of its transactions yourself "
                        "(every statement then runs on its own); then run `schemac hash`");
        if (facts.refused_in_transaction_block)
            found.error(
                "not-in-transaction", here(s.offset),
                fmt::format("{} cannot run inside a transaction block, and {} runs in one",
                            *facts.refused_in_transaction_block, name),
                "make `-- schemac:no-transaction` the file's first line (every statement then runs on its own), "
                "or move this statement to a file of its own (`schemac new --name <name>`, then that first "
                "line); then run `schemac hash`");
    }
    if (open_block)
        found.error("transaction-left-open", here(open_block->offset),
                    fmt::format("{} opens a transaction block that {} never ends: its statements would be committed "
                                "only with the history row, or rolled back without a word if the run stopped",
                                opened_by, name),
                    "end it with COMMIT (or ROLLBACK) in this file, after its last statement; then run `schemac hash`");
    return statements;
}

SplitMigrations add_migration_file_findings(const std::filesystem::path& dir, const MigrationListing& listing,
                                            const FileHashes& current, const MigrationFileChecks& checks,
                                            SourceSet& sources, Diagnostics& found) {
    std::map<std::string, std::string> texts;
    auto text_of = [&](const std::string& name) -> std::string& {
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
    SplitMigrations split;
    for (const MigrationFileEntry& m : listing.migrations) {
        std::string& text = text_of(m.file_name);
        if (std::optional<std::vector<SqlStatement>> statements = add_statement_findings((dir / m.file_name).string(),
                                                                                         text, sources, found))
            split[m.file_name] = SplitMigration{std::move(text), std::move(*statements)};  // its last use here
    }
    return split;
}

}  // namespace schemac::cli
