#include "tools/lsp/workspace.hpp"

#include <set>
#include <system_error>
#include <utility>

#include "compiler/compile.hpp"
#include "compiler/ir/identifiers.hpp"
#include "compiler/migrations/migration_directory.hpp"
#include "compiler/plan/plan.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/syntax/parser.hpp"
#include "tools/lsp/uris.hpp"

namespace schemac::lsp {

nlohmann::json range_json(const LineIndex& lines, std::uint32_t begin, std::uint32_t end) {
    Position from = lines.position(begin), to = lines.position(end);
    return {{"start", {{"line", from.line}, {"character", from.character}}},
            {"end", {{"line", to.line}, {"character", to.character}}}};
}

namespace {

int severity_number(Severity s) {
    switch (s) {
        case Severity::error: return 1;
        case Severity::warning: return 2;
        case Severity::note: return 3;
    }
    return 1;
}

std::vector<LineIndex> line_indexes(const SourceSet& sources) {
    std::vector<LineIndex> lines;
    for (std::uint32_t i = 0; i < sources.size(); ++i) lines.emplace_back(sources.file(i).text());
    return lines;
}

// A compilation's diagnostics as LSP Diagnostic objects, by file name; every file has an entry.
std::map<std::string, nlohmann::json> diagnostics_json(const SourceSet& sources, const std::vector<LineIndex>& lines,
                                                       const Diagnostics& diagnostics) {
    std::map<std::string, nlohmann::json> result;
    for (std::uint32_t i = 0; i < sources.size(); ++i) result[sources.file(i).path()] = nlohmann::json::array();
    auto range = [&](Span span) { return range_json(lines[span.file], span.begin, span.end); };
    for (const Diagnostic& d : diagnostics.all()) {
        std::string message = d.message;
        nlohmann::json related = nlohmann::json::array();
        for (const Note& note : d.notes) {
            if (note.span.known())
                related.push_back(
                    {{"location",
                      {{"uri", uri_from_path(sources.file(note.span.file).path())}, {"range", range(note.span)}}},
                     {"message", note.message}});
            else
                message += "\nnote: " + note.message;
        }
        if (!d.help.empty()) message += "\nhelp: " + d.help;
        nlohmann::json item = {
            {"severity", severity_number(d.severity)}, {"code", d.code}, {"source", "schemac"}, {"message", message}};
        if (!related.empty()) item["relatedInformation"] = std::move(related);
        if (d.fix && d.fix->span.known())  // for a quick fix: the code action hands it back
            item["data"] = {{"fix", {{"range", range(d.fix->span)}, {"newText", d.fix->text}}}};
        // About the whole schema: shown at the first file's start.
        if (!d.span.known() && sources.size() == 0) continue;
        Span at = d.span.known() ? d.span : Span{0, 0, 0};
        item["range"] = range(at);
        result[sources.file(at.file).path()].push_back(std::move(item));
    }
    return result;
}

}  // namespace

SymbolIndex Workspace::index_with(const std::filesystem::path& path, const std::string& text) const {
    SourceSet sources;
    std::vector<const syntax::File*> trees;
    syntax::File replaced;
    for (std::uint32_t i = 0; i < sources_.size(); ++i) {
        const SourceFile& f = sources_.file(i);
        bool this_one = f.path() == path.string();
        sources.add(f.path(), this_one ? text : f.text());
        trees.push_back(&trees_[i]);
        if (!this_one) continue;
        Diagnostics ignored;
        if (find_bad_bytes(text, 1).empty()) replaced = parse_file(sources, i, ignored);
        trees.back() = &replaced;
    }
    return SymbolIndex(sources, trees);
}

std::optional<std::uint32_t> Workspace::file_number(const std::filesystem::path& path) const {
    auto it = file_numbers_.find(path);
    return it == file_numbers_.end() ? std::nullopt : std::optional(it->second);
}

nlohmann::json Workspace::location(Span span) const {
    return {{"uri", uri_from_path(path_of(span))}, {"range", range(span)}};
}

const std::string* Workspace::open_text(const std::filesystem::path& path) const {
    auto it = open_.find(path);
    return it == open_.end() ? nullptr : &it->second;
}

bool Workspace::in_folder(const std::filesystem::path& path) const {
    auto [f, p] = std::mismatch(folder_.begin(), folder_.end(), path.begin(), path.end());
    return f == folder_.end() && path.extension() == ".schema";
}

const ir::Database* Workspace::snapshot() {
    std::filesystem::path file = migrations_ / snapshot_file_name;
    std::error_code error;
    SnapshotRead now;
    now.exists = std::filesystem::is_regular_file(file, error);
    if (now.exists) {
        now.time = std::filesystem::last_write_time(file, error);
        now.size = std::filesystem::file_size(file, error);
    }
    if (!snapshot_ || snapshot_->exists != now.exists || snapshot_->time != now.time || snapshot_->size != now.size) {
        try {
            now.database = now.exists ? read_snapshot(migrations_) : ir::Database{};
        } catch (const std::exception&) {
            now.database.reset();  // unreadable: said where it matters (a rename writes @was)
        }
        snapshot_ = std::move(now);
    }
    return snapshot_->database ? &*snapshot_->database : nullptr;
}

// "Did you mean" fixes for a column a table does not have. The compiler reports it on the item
// that names it (an index, a key, a foreign key's table), where the help line names the closest
// column; the index knows where the name is written (within that item, or on the line it starts
// on), and the fix is the same suggestion, from the same closest_name.
Diagnostics Workspace::with_column_fixes(const Diagnostics& diagnostics) const {
    Diagnostics out;
    for (Diagnostic d : diagnostics.all()) {
        if (d.code == "unknown-column" && !d.fix && d.span.known()) {
            std::size_t line = lines_[d.span.file].position(d.span.begin).line;
            for (const SymbolIndex::UnknownColumn& u : index_->unknown_columns()) {
                bool inside = u.span.file == d.span.file && u.span.begin >= d.span.begin && u.span.end <= d.span.end;
                bool same_line = u.span.file == d.span.file && lines_[u.span.file].position(u.span.begin).line == line;
                if ((!inside && !same_line) || d.message.find("'" + u.name + "'") == std::string::npos) continue;
                std::vector<std::string_view> names;
                for (std::size_t m : index_->members_of(u.table))
                    if (index_->symbols()[m].kind == SymbolKind::column) names.push_back(index_->symbols()[m].name);
                if (std::optional<std::string> best = closest_name(u.name, names))
                    d.fix = Fix{u.span, quote_identifier(*best)};
                break;
            }
        }
        out.add(std::move(d));
    }
    return out;
}

Diagnostics Workspace::plan_refusals(const ir::Database& schema) {
    Diagnostics out;
    const ir::Database* before = migrations_.empty() ? nullptr : snapshot();
    if (!before || !snapshot_->exists) return out;  // no snapshot: everything is new, nothing refused
    plan::Plan plan = plan::plan_changes(*before, schema);
    for (Diagnostic d : plan.diagnostics.all()) {
        if (d.directive && d.directive->declaration.known()) {
            const Span& at = d.directive->declaration;
            const Occurrence* o = index_->at(at.file, at.begin);
            if (o && o->declaration) {
                std::uint32_t after = index_->symbols()[o->symbol].was_after;
                d.fix = Fix{Span{at.file, after, after}, " " + d.directive->text};
            }
        }
        out.add(std::move(d));
    }
    return out;
}

std::map<std::filesystem::path, nlohmann::json> Workspace::analyse() {
    // The folder: its files as saved, or as open, and open files not saved yet.
    std::vector<std::pair<std::string, std::string>> named_texts;
    std::set<std::filesystem::path> taken;
    std::error_code error;
    std::vector<std::filesystem::path> on_disk;
    if (std::filesystem::is_directory(folder_, error)) {
        try {
            on_disk = schema_files(folder_);
        } catch (const std::exception&) {
            // An unreadable folder: the open documents are still analysed.
        }
    }
    for (const std::filesystem::path& file : on_disk) {
        std::filesystem::path path = file.lexically_normal();
        if (const std::string* text = open_text(path)) {
            named_texts.emplace_back(path.string(), *text);
        } else {
            try {
                named_texts.emplace_back(path.string(), read_file(path));
            } catch (const LoadError&) {
                continue;  // deleted or unreadable since it was listed
            }
        }
        taken.insert(path);
    }
    for (const auto& [path, text] : open_)
        if (!taken.count(path) && in_folder(path)) named_texts.emplace_back(path.string(), text);

    // One compilation; its files are the analysis's.
    Compilation c = compile_sources(std::move(named_texts));
    // The syntax trees of files unchanged since the last analysis (same text under the same file
    // number, so their spans still hold) are kept: only edited files are parsed again.
    std::vector<std::optional<syntax::File>> kept(c.sources.size());
    for (std::uint32_t i = 0; i < c.sources.size() && i < sources_.size() && i < trees_.size(); ++i) {
        if (sources_.file(i).path() == c.sources.file(i).path() && sources_.file(i).text() == c.sources.file(i).text())
            kept[i] = std::move(trees_[i]);
    }
    sources_ = std::move(c.sources);
    lines_ = line_indexes(sources_);
    // The symbols, from each file's syntax tree: a file with errors still has its declarations.
    file_numbers_.clear();
    trees_.clear();
    std::vector<const syntax::File*> trees;
    Diagnostics ignored;  // the compilation reported them
    for (std::uint32_t i = 0; i < sources_.size(); ++i) {
        file_numbers_[sources_.file(i).path()] = i;
        if (kept[i])
            trees_.push_back(std::move(*kept[i]));
        else
            trees_.push_back(
                find_bad_bytes(sources_.file(i).text(), 1).empty() ? parse_file(sources_, i, ignored) : syntax::File{});
    }
    for (const syntax::File& tree : trees_) trees.push_back(&tree);
    index_ = std::make_unique<SymbolIndex>(sources_, trees);

    std::map<std::filesystem::path, nlohmann::json> result;
    for (auto& [name, diagnostics] : diagnostics_json(sources_, lines_, with_column_fixes(c.diagnostics)))
        result[name] = std::move(diagnostics);
    if (!c.diagnostics.has_errors()) {
        for (auto& [name, diagnostics] : diagnostics_json(sources_, lines_, plan_refusals(c.database))) {
            for (auto& item : diagnostics) {
                item["source"] = "schemac generate";
                result[name].push_back(std::move(item));
            }
        }
    }

    // Open documents outside the folder: each on its own.
    for (const auto& [path, text] : open_) {
        if (result.count(path)) continue;
        Compilation alone = compile_sources({{path.string(), text}});
        for (auto& [name, diagnostics] :
             diagnostics_json(alone.sources, line_indexes(alone.sources), alone.diagnostics))
            result[name] = std::move(diagnostics);
    }
    // Only what changed since the last analysis: new diagnostics, and empty arrays for files
    // whose diagnostics are gone (fixed, or the file deleted or closed).
    std::map<std::filesystem::path, nlohmann::json> changed;
    for (auto& [path, diagnostics] : result) {
        auto before = published_.find(path);
        if (before == published_.end() ? !diagnostics.empty() : before->second != diagnostics)
            changed[path] = diagnostics;
    }
    for (const auto& [path, diagnostics] : published_)
        if (!result.count(path)) changed[path] = nlohmann::json::array();
    published_.clear();
    for (auto& [path, diagnostics] : result)
        if (!diagnostics.empty()) published_[path] = std::move(diagnostics);
    return changed;
}

}  // namespace schemac::lsp
