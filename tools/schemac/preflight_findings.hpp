// `migrate --preflight` and `check --database --preflight`: the schema compiled, the live
// database planned to it with the one planner, and the data-aware probes of runtime/preflight.hpp
// run on what the plan changes. Each finding becomes an error at its `.schema` declaration
// (count in the message, sample key and sampling in notes); each probe not run, a warning.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source/diagnostics.hpp"
#include "runtime/connection.hpp"
#include "runtime/preflight.hpp"
#include "tools/schemac/cli_options.hpp"

namespace schemac::cli {

struct PreflightSettings {
    bool enabled = false;  // --preflight
    double timeout_s = 5;  // --preflight-timeout SECONDS, per probe
};

// `what`: the sentence the --preflight flag's help starts with.
void add_preflight_options(CLI::App& command, PreflightSettings& settings, const std::string& what);

// Compiles `schema_path` (a compile error or an unreadable path is a finding: nothing can be
// probed), plans the database (managed `schemas`, history in `history_schema`) to it and runs the
// probes. Diagnostics go to `found`, their spans into `sources` (the schema's files are added to
// it). nullopt when it could not run.
std::optional<runtime::PreflightReport> run_preflight_probes(
    runtime::Session& session, const std::string& schema_path, const std::vector<std::string>& schemas,
    const std::string& history_schema, const PreflightSettings& settings, SourceSet& sources, Diagnostics& found);

// {"probes": 6, "findings": 2, "skipped": 1}
nlohmann::json preflight_json(const runtime::PreflightReport& report);
// "preflight: 6 probes, 2 findings, 1 not probed"
std::string preflight_summary(const runtime::PreflightReport& report);

}  // namespace schemac::cli
