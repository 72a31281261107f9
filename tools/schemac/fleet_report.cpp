#include "tools/schemac/fleet_report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace schemac::cli {
namespace {

std::optional<int> fleet_json_int(const nlohmann::json& doc, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int>();
}

std::string fleet_first_line(const std::string& text) {
    std::size_t begin = text.find_first_not_of(" \n");
    if (begin == std::string::npos) return {};
    std::string line = text.substr(begin, text.find('\n', begin) - begin);
    for (std::string_view prefix : {"schemac: error: ", "error: "})
        if (line.starts_with(prefix)) line.erase(0, prefix.size());
    return line;
}

// The message of the first error among the child's diagnostics, or the first line of its stderr.
std::string fleet_error_of(const nlohmann::json& doc, const FleetOutcome& outcome) {
    const nlohmann::json* diagnostics = doc.is_array() ? &doc : nullptr;
    if (doc.is_object() && doc.contains("diagnostics") && doc["diagnostics"].is_array())
        diagnostics = &doc["diagnostics"];
    if (diagnostics)
        for (const nlohmann::json& d : *diagnostics)
            if (d.value("severity", "") == "error" && d.contains("message") && d["message"].is_string())
                return fleet_first_line(d["message"].get<std::string>());
    if (outcome.signal != 0) return fmt::format("schemac was ended by signal {}", outcome.signal);
    std::string line = fleet_first_line(outcome.err);
    if (line.empty() && outcome.exit_code != 0)
        line = fmt::format("schemac exited with code {} and said nothing", outcome.exit_code);
    return line;
}

std::string fleet_result_word(int exit_code) {
    return exit_code == 0 ? "ok" : exit_code == 1 ? "findings" : "cannot-run";
}

std::string fleet_versions(const FleetReport& r) {
    auto shown = [](const std::optional<int>& v) { return v ? fmt::format("{:04}", *v) : std::string("none"); };
    if (!r.version_before && !r.version_after) return "";
    if (r.version_before == r.version_after) return shown(r.version_after);
    return fmt::format("{} -> {}", shown(r.version_before), shown(r.version_after));
}

}  // namespace

FleetReport fleet_report_of(const std::string& command, const std::string& target, const FleetOutcome& outcome) {
    FleetReport r;
    r.target = target;
    r.exit_code = outcome.exit_code;
    r.ms = outcome.ms;
    r.result = fleet_result_word(outcome.exit_code);
    nlohmann::json doc = nlohmann::json::parse(outcome.out, nullptr, false);
    if (doc.is_object()) {
        if (doc.contains("result") && doc["result"].is_string()) r.result = doc["result"].get<std::string>();
        if (command == "status" && doc.contains("up_to_date") && outcome.exit_code != 2)
            r.result = doc["up_to_date"].get<bool>() ? "up-to-date" : "pending";
        // status and check say where the target is; migrate where it was and where it went.
        bool at = command == "status" || command == "check";
        r.version_before = fleet_json_int(doc, at ? "version" : "version_before");
        r.version_after = fleet_json_int(doc, at ? "version" : "version_after");
        if (command == "migrate" && doc.contains("applied") && doc["applied"].is_array())
            for (const nlohmann::json& a : doc["applied"])
                if (a.contains("name") && a["name"].is_string()) r.applied.push_back(a["name"].get<std::string>());
    }
    if (outcome.exit_code != 0) r.error = fleet_error_of(doc, outcome);
    // status: migrations pending are no diagnostic, but what the person wants to see.
    if (command == "status" && outcome.exit_code == 1 && doc.is_object() && doc.contains("pending") &&
        doc["pending"].is_array() && !doc["pending"].empty() && r.error.starts_with("schemac exited")) {
        std::vector<std::string> names;
        for (const nlohmann::json& p : doc["pending"]) names.push_back(p.value("name", ""));
        r.error = fmt::format("{} pending: {}", names.size(), fmt::join(names, ", "));
    }
    return r;
}

FleetReport fleet_not_started(const std::string& target) {
    FleetReport r;
    r.target = target;
    r.result = "not-started";
    return r;
}

FleetReport fleet_cannot_run(const std::string& target, const std::string& error) {
    FleetReport r;
    r.target = target;
    r.result = "cannot-run";
    r.exit_code = 2;
    r.error = fleet_first_line(error);
    return r;
}

std::string fleet_target_line(const FleetReport& r) {
    std::string versions = fleet_versions(r);
    std::string line = fmt::format("{:<12} {}", r.result, r.target);
    if (!versions.empty()) line += "  " + versions;
    if (!r.applied.empty()) line += fmt::format("  ({} applied)", r.applied.size());
    if (r.exit_code >= 0) line += fmt::format("  {} ms", r.ms);
    if (!r.error.empty()) line += ": " + r.error;
    return line;
}

std::string fleet_summary_table(const std::vector<FleetReport>& reports, bool interrupted) {
    std::size_t width = 6;
    for (const FleetReport& r : reports) width = std::max(width, r.target.size());
    std::string out = fmt::format("{:<{}}  {:<14}  {:<12}  {:>7}  {:>8}  {}\n", "target", width, "result", "version",
                                  "applied", "time", "error");
    std::size_t ok = 0, failed = 0, unreachable = 0, not_started = 0;
    for (const FleetReport& r : reports) {
        std::string row = fmt::format("{:<{}}  {:<14}  {:<12}  {:>7}  {:>8}  {}", r.target, width, r.result,
                                      fleet_versions(r), r.exit_code < 0 ? "" : std::to_string(r.applied.size()),
                                      r.exit_code < 0 ? "" : fmt::format("{} ms", r.ms), r.error);
        out += row.substr(0, row.find_last_not_of(' ') + 1) + "\n";
        if (r.exit_code == 0)
            ++ok;
        else if (r.exit_code == 1)
            ++failed;
        else if (r.exit_code == 2)
            ++unreachable;
        else
            ++not_started;
    }
    out += fmt::format("{} target{}: {} ok, {} failed, {} could not run, {} not started{}\n", reports.size(),
                       reports.size() == 1 ? "" : "s", ok, failed, unreachable, not_started,
                       interrupted ? " (interrupted: the targets that were running finished first)" : "");
    return out;
}

nlohmann::json fleet_json(const std::string& command, const std::vector<FleetReport>& reports, bool interrupted,
                          int exit_code) {
    nlohmann::json targets = nlohmann::json::array();
    std::size_t ok = 0, failed = 0, unreachable = 0, not_started = 0;
    for (const FleetReport& r : reports) {
        auto version = [](const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
        targets.push_back(
            {{"target", r.target},
             {"result", r.result},
             {"exit_code", r.exit_code < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.exit_code)},
             {"version_before", version(r.version_before)},
             {"version_after", version(r.version_after)},
             {"applied", r.applied},
             {"time_ms", r.ms},
             {"error", r.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error)}});
        (r.exit_code == 0 ? ok : r.exit_code == 1 ? failed : r.exit_code == 2 ? unreachable : not_started)++;
    }
    return {{"command", command},
            {"targets", targets},
            {"totals",
             {{"targets", reports.size()},
              {"ok", ok},
              {"failed", failed},
              {"could_not_run", unreachable},
              {"not_started", not_started}}},
            {"interrupted", interrupted},
            {"exit_code", exit_code}};
}

int fleet_exit_code(const std::vector<FleetReport>& reports, bool interrupted) {
    if (interrupted) return 130;
    int code = 0;
    for (const FleetReport& r : reports) code = std::max(code, r.exit_code < 0 ? 1 : r.exit_code);
    return code;
}

}  // namespace schemac::cli
