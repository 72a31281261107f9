// Diagnostics as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), the
// format code scanning reads: one run of schemac, a rule per diagnostic code, a result per
// diagnostic on its file and region, notes as related locations, a fix where the help has one.
#pragma once

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
    void add(const SourceSet& sources, const Diagnostics& diagnostics);
    // The log, `tool_version` being schemac's release: rules in code order, results in the
    // order reported.
    nlohmann::json document(std::string_view tool_version) const;

private:
    std::map<std::string, Severity> rules_;  // code -> the most severe level it was reported at
    std::vector<nlohmann::json> results_;    // without ruleIndex: known only when all are in
};

// A file path as a SARIF artifact URI: a relative path stays relative (to the folder schemac ran
// in, the repository's root in CI), percent-encoded; an absolute one, or one that leaves that
// folder (`../`), becomes a `file://` URI.
std::string sarif_uri(std::string_view path);

}  // namespace schemac
