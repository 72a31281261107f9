#include "tools/lsp/workspace.hpp"

#include <system_error>
#include <utility>

#include "compiler/compile.hpp"
#include "compiler/syntax/parser.hpp"
#include "tools/lsp/positions.hpp"
#include "tools/lsp/uris.hpp"

namespace schemac::lsp {

nlohmann::json range_json(std::string_view text, std::uint32_t begin, std::uint32_t end) {
    Position from = position_at(text, begin), to = position_at(text, end);
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

}  // namespace

std::map<std::string, nlohmann::json> diagnostics_by_file(
    std::vector<std::pair<std::string, std::string>> named_texts) {
    std::map<std::string, nlohmann::json> result;
    for (const auto& [name, text] : named_texts) result[name] = nlohmann::json::array();
    if (named_texts.empty()) return result;
    std::string first = named_texts.front().first;
    Compilation c = compile_sources(std::move(named_texts));
    for (const Diagnostic& d : c.diagnostics.all()) {
        std::string message = d.message;
        nlohmann::json related = nlohmann::json::array();
        for (const Note& note : d.notes) {
            if (note.span.known()) {
                const SourceFile& f = c.sources.file(note.span.file);
                related.push_back({{"location",
                                    {{"uri", uri_from_path(f.path())},
                                     {"range", range_json(f.text(), note.span.begin, note.span.end)}}},
                                   {"message", note.message}});
            } else {
                message += "\nnote: " + note.message;
            }
        }
        if (!d.help.empty()) message += "\nhelp: " + d.help;
        nlohmann::json item = {
            {"severity", severity_number(d.severity)}, {"code", d.code}, {"source", "schemac"}, {"message", message}};
        if (!related.empty()) item["relatedInformation"] = std::move(related);
        if (d.fix && d.fix->span.known()) {  // for a quick fix: the code action hands it back
            const SourceFile& f = c.sources.file(d.fix->span.file);
            item["data"] = {
                {"fix",
                 {{"range", range_json(f.text(), d.fix->span.begin, d.fix->span.end)}, {"newText", d.fix->text}}}};
        }
        std::string file = first;
        if (d.span.known()) {
            const SourceFile& f = c.sources.file(d.span.file);
            item["range"] = range_json(f.text(), d.span.begin, d.span.end);
            file = f.path();
        } else {
            item["range"] = range_json({}, 0, 0);  // about the whole schema: shown at the first file's start
        }
        result[file].push_back(std::move(item));
    }
    return result;
}

SymbolIndex index_of(const SourceSet& sources) {
    std::vector<syntax::File> trees;
    Diagnostics ignored;  // the compile reports them
    for (std::uint32_t i = 0; i < sources.size(); ++i)
        trees.push_back(
            find_bad_bytes(sources.file(i).text(), 1).empty() ? parse_file(sources, i, ignored) : syntax::File{});
    return SymbolIndex(sources, trees);
}

SymbolIndex Workspace::index_with(const std::filesystem::path& path, const std::string& text) const {
    SourceSet sources;
    for (std::uint32_t i = 0; i < sources_.size(); ++i) {
        const SourceFile& f = sources_.file(i);
        sources.add(f.path(), f.path() == path.string() ? text : f.text());
    }
    return index_of(sources);
}

std::optional<Span> Workspace::locate(const std::filesystem::path& path, Position position) const {
    auto it = file_numbers_.find(path);
    if (it == file_numbers_.end()) return std::nullopt;
    auto offset = static_cast<std::uint32_t>(offset_at(sources_.file(it->second).text(), position));
    return Span{it->second, offset, offset};
}

nlohmann::json Workspace::range(Span span) const {
    return range_json(sources_.file(span.file).text(), span.begin, span.end);
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

std::map<std::filesystem::path, nlohmann::json> Workspace::analyse() {
    std::map<std::filesystem::path, nlohmann::json> result;
    // The folder: its files as saved, or as open.
    std::vector<std::pair<std::string, std::string>> named_texts;
    std::map<std::filesystem::path, bool> taken;
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
        taken[path] = true;
    }
    for (const auto& [path, text] : open_)
        if (!taken.count(path) && in_folder(path)) named_texts.emplace_back(path.string(), text);  // not saved yet
    // The symbols, from each file's syntax tree: a file with errors still has its declarations.
    sources_ = SourceSet();
    file_numbers_.clear();
    for (const auto& [name, text] : named_texts) file_numbers_[name] = sources_.add(name, text);
    index_ = std::make_unique<SymbolIndex>(index_of(sources_));
    for (auto& [name, diagnostics] : diagnostics_by_file(std::move(named_texts))) result[name] = std::move(diagnostics);
    // Open documents outside the folder: each on its own.
    for (const auto& [path, text] : open_) {
        if (result.count(path)) continue;
        for (auto& [name, diagnostics] : diagnostics_by_file({{path.string(), text}}))
            result[name] = std::move(diagnostics);
    }
    // Only what changed since the last analysis: new diagnostics, and empty arrays for files
    // whose diagnostics are gone (fixed, or the file deleted or closed).
    std::map<std::filesystem::path, nlohmann::json> changed;
    for (auto& [path, diagnostics] : result) {
        auto before = published_.find(path);
        bool same = before == published_.end() ? diagnostics.empty() : before->second == diagnostics;
        if (!same) changed[path] = diagnostics;
    }
    for (const auto& [path, diagnostics] : published_)
        if (!result.count(path)) changed[path] = nlohmann::json::array();
    published_.clear();
    for (auto& [path, diagnostics] : result)
        if (!diagnostics.empty()) published_[path] = std::move(diagnostics);
    result = std::move(changed);
    return result;
}

}  // namespace schemac::lsp
