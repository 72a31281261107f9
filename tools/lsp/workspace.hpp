// The schema an editor works on: a folder of .schema files read from disk, with the documents
// the editor has open taking precedence over what is saved. One analysis compiles the folder as
// one schema (as `schemac compile --schema FOLDER` would) and every open document outside it
// on its own, and gives each file its diagnostics as LSP Diagnostic objects.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace schemac::lsp {

class Workspace {
public:
    explicit Workspace(std::filesystem::path schema_folder) : folder_(std::move(schema_folder)) {}

    const std::filesystem::path& folder() const { return folder_; }

    void open(const std::filesystem::path& path, std::string text) { open_[path] = std::move(text); }
    void close(const std::filesystem::path& path) { open_.erase(path); }
    // The open document's text, or nothing when it is not open.
    const std::string* open_text(const std::filesystem::path& path) const;

    // Compiles everything; returns the files whose diagnostics differ from the last analysis's,
    // with their diagnostics now (an empty array clears what an editor shows).
    std::map<std::filesystem::path, nlohmann::json> analyse();

private:
    bool in_folder(const std::filesystem::path& path) const;

    std::filesystem::path folder_;
    std::map<std::filesystem::path, std::string> open_;
    std::map<std::filesystem::path, nlohmann::json> published_;  // the files that have diagnostics now
};

// The compiler's diagnostics of `named_texts` compiled as one schema, by file name.
std::map<std::string, nlohmann::json> diagnostics_by_file(
    std::vector<std::pair<std::string, std::string>> named_texts);

}  // namespace schemac::lsp
