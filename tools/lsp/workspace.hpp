// The schema an editor works on: a folder of .schema files read from disk, with the documents
// the editor has open taking precedence over what is saved. One analysis compiles the folder as
// one schema (as `schemac compile --schema FOLDER` would) and every open document outside it
// on its own, and gives each file its diagnostics as LSP Diagnostic objects. When the folder
// compiles and the migration directory has a snapshot, the analysis also plans the change from
// the snapshot, as `generate` would, and reports what generate would refuse (a drop that loses
// data, a NOT NULL column with no value for existing rows), with the @was or @backfill its help
// suggests as a fix written where the language takes it.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/source/diagnostics.hpp"
#include "compiler/source/source.hpp"
#include "compiler/syntax/syntax.hpp"
#include "tools/lsp/positions.hpp"
#include "tools/lsp/symbol_index.hpp"

namespace schemac::lsp {

// An LSP Range for a byte range of an indexed text.
nlohmann::json range_json(const LineIndex& lines, std::uint32_t begin, std::uint32_t end);

class Workspace {
public:
    explicit Workspace(std::filesystem::path schema_folder) : folder_(std::move(schema_folder)) {}

    const std::filesystem::path& folder() const { return folder_; }
    void set_migrations(std::filesystem::path folder) { migrations_ = std::move(folder); }
    // The migration directory's snapshot, read again when its file changes: an empty database
    // when there is none yet; nothing when it cannot be read.
    const ir::Database* snapshot();

    void open(const std::filesystem::path& path, std::string text) { open_[path] = std::move(text); }
    void close(const std::filesystem::path& path) { open_.erase(path); }
    // The open document's text, or nothing when it is not open.
    const std::string* open_text(const std::filesystem::path& path) const;

    // Compiles everything; returns the files whose diagnostics differ from the last analysis's,
    // with their diagnostics now (an empty array clears what an editor shows).
    std::map<std::filesystem::path, nlohmann::json> analyse();

    // The last analysis's symbols of the folder's files (empty before the first).
    const SymbolIndex* index() const { return index_.get(); }
    // The symbols as they would be with one file's text replaced (the others as last analysed).
    SymbolIndex index_with(const std::filesystem::path& path, const std::string& text) const;
    // A file's number in the last analysis, when it was part of it; its line starts.
    std::optional<std::uint32_t> file_number(const std::filesystem::path& path) const;
    const LineIndex& lines(std::uint32_t file) const { return lines_[file]; }
    // An LSP Location / Range for a span of the last analysis.
    nlohmann::json location(Span span) const;
    nlohmann::json range(Span span) const { return range_json(lines_[span.file], span.begin, span.end); }
    std::filesystem::path path_of(Span span) const { return sources_.file(span.file).path(); }
    std::string_view text_of(Span span) const {
        return std::string_view(sources_.file(span.file).text()).substr(span.begin, span.end - span.begin);
    }

private:
    bool in_folder(const std::filesystem::path& path) const;
    // The compiler's diagnostics, with a fix for each misspelt column name the index locates.
    Diagnostics with_column_fixes(const Diagnostics& diagnostics) const;
    // What generate would refuse, as diagnostics of the analysed files.
    Diagnostics plan_refusals(const ir::Database& schema);

    std::filesystem::path folder_;
    std::filesystem::path migrations_;
    struct SnapshotRead {
        std::filesystem::file_time_type time;
        std::uintmax_t size = 0;
        bool exists = false;
        std::optional<ir::Database> database;  // nothing: not readable
    };
    std::optional<SnapshotRead> snapshot_;
    std::map<std::filesystem::path, std::string> open_;
    std::map<std::filesystem::path, nlohmann::json> published_;  // the files that have diagnostics now
    // The last analysis of the folder: its files as read, their line starts, syntax trees and symbols.
    SourceSet sources_;
    std::vector<LineIndex> lines_;
    std::vector<syntax::File> trees_;
    std::map<std::filesystem::path, std::uint32_t> file_numbers_;
    std::unique_ptr<SymbolIndex> index_;
};

}  // namespace schemac::lsp
