#include "compiler/compile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "compiler/checks/checks.hpp"
#include "compiler/lower.hpp"
#include "compiler/parser.hpp"

namespace schemac {

std::vector<std::filesystem::path> schema_files(const std::filesystem::path& path) {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) throw LoadError(fmt::format("{}: no such file or directory", path.string()));
    if (!std::filesystem::is_directory(status)) return {path};
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        if (entry.path().extension() == ".schema" && entry.is_regular_file()) files.push_back(entry.path());
    }
    if (ec) throw LoadError(fmt::format("{}: {}", path.string(), ec.message()));
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw LoadError(fmt::format("{}: cannot be read", path.string()));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw LoadError(fmt::format("{}: cannot be read", path.string()));
    return text.str();
}

Compilation compile_sources(std::vector<std::pair<std::string, std::string>> named_texts) {
    Compilation c;
    for (auto& [name, text] : named_texts) c.sources.add(std::move(name), std::move(text));
    std::vector<syntax::File> files;
    for (std::uint32_t i = 0; i < c.sources.size(); ++i) files.push_back(parse_file(c.sources, i, c.diagnostics));
    // Lowering and the checks need whole files; they report what they find together, and the
    // checks leave alone what lowering could not resolve (it has said so already).
    if (c.ok()) {
        c.database = lower(std::move(files), c.sources, c.diagnostics);
        checks::run_all(c.database, c.diagnostics);
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
