// Prints diagnostics for people (file:line:col, the source line, a caret underline, notes,
// help) and for machines (JSON objects, GitHub workflow annotations).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "compiler/source/diagnostics.hpp"

namespace schemac {

struct PrintOptions {
    bool color = false;
};

std::string format_text(const SourceSet& sources, const Diagnostic& diagnostic, const PrintOptions& options);
std::string format_text(const SourceSet& sources, const Diagnostics& diagnostics, const PrintOptions& options);
nlohmann::json to_json(const SourceSet& sources, const Diagnostic& diagnostic);
nlohmann::json to_json(const SourceSet& sources, const Diagnostics& diagnostics);
std::string format_github(const SourceSet& sources, const Diagnostics& diagnostics);
// "2 errors, 1 warning" (empty when there is nothing to count).
std::string summary_line(const Diagnostics& diagnostics);

}  // namespace schemac
