// Diagnostics as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), the
// format code scanning reads: one run of schemac, a rule per diagnostic code, a result per
// diagnostic on its file and region, notes as related locations, a fix where the help has one.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/diagnostics.hpp"

namespace schemac {

// One log for one command: it may report several times (each with its own SourceSet), and the
// log is written once, at the end. Regions are in code points (`columnKind`). A diagnostic that
// has no place in a file is put on the first line of the first source file of its report, since
// code scanning drops a result without a location; with no source files at all it has none.
class SarifLog {
public:
    // `root`: the folder the paths are written relative to (sarif_uri).
    explicit SarifLog(std::filesystem::path root = {}) : root_(std::move(root)) {}
    void add(const SourceSet& sources, const Diagnostics& diagnostics);
    // The log, `tool_version` being schemac's release: rules in code order, results in the
    // order reported.
    nlohmann::json document(std::string_view tool_version) const;

private:
    std::filesystem::path root_;
    std::map<std::string, Severity> rules_;  // code -> the most severe level it was reported at
    std::vector<nlohmann::json> results_;    // without ruleIndex: known only when all are in
};

// A file path as a SARIF artifact URI: relative to `root` (code scanning reads paths relative
// to the repository's root), percent-encoded; a file outside `root` is a `file://` URI. A
// relative path is taken from the working directory; an empty root is the working directory.
std::string sarif_uri(std::string_view path, const std::filesystem::path& root = {});

}  // namespace schemac
