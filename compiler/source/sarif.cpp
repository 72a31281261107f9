#include "compiler/source/sarif.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

namespace schemac {

namespace {

std::string level_of(Severity severity) {
    return severity == Severity::error ? "error" : severity == Severity::warning ? "warning" : "note";
}

// RFC 3986: unreserved characters and `/` stay, every other byte is %XX.
std::string percent_encoded(std::string_view path) {
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

nlohmann::json region_of(const SourceFile& file, const Span& span) {
    LineColumn begin = file.line_column(span.begin);
    LineColumn end = file.line_column(std::max(span.end, span.begin));
    return {{"startLine", begin.line}, {"startColumn", begin.column}, {"endLine", end.line}, {"endColumn", end.column}};
}

nlohmann::json location_of(const SourceSet& sources, const Span& span, const std::filesystem::path& root) {
    const SourceFile& file = sources.file(span.file);
    return {{"physicalLocation",
             {{"artifactLocation", {{"uri", sarif_uri(file.path(), root)}}}, {"region", region_of(file, span)}}}};
}

// "unknown-type" -> "UnknownType": SARIF's rule names are identifiers; the id stays the code.
std::string rule_name(std::string_view code) {
    std::string out;
    bool upper = true;
    for (char c : code) {
        if (c == '-' || c == '_') {
            upper = true;
            continue;
        }
        out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
    }
    return out;
}

}  // namespace

std::string sarif_uri(std::string_view path, const std::filesystem::path& root) {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::absolute(root.empty() ? "." : root, ec).lexically_normal();
    std::filesystem::path file = std::filesystem::absolute(std::filesystem::path(path), ec).lexically_normal();
    std::string relative = file.lexically_relative(base).generic_string();
    if (!relative.empty() && relative != ".." && !relative.starts_with("../")) return percent_encoded(relative);
    return "file://" + percent_encoded(file.generic_string());
}

void SarifLog::add(const SourceSet& sources, const Diagnostics& diagnostics) {
    for (const Diagnostic& d : diagnostics.all()) {
        auto [at, added] = rules_.emplace(d.code, d.severity);
        if (!added && d.severity < at->second) at->second = d.severity;  // error < warning < note
        std::string text = d.message;
        nlohmann::json related = nlohmann::json::array();
        for (const Note& note : d.notes) {
            if (note.span.known()) {
                nlohmann::json place = location_of(sources, note.span, root_);
                place["id"] = related.size();
                place["message"] = {{"text", note.message}};
                related.push_back(std::move(place));
            } else {
                text += "\nnote: " + note.message;
            }
        }
        if (!d.help.empty()) text += "\nhelp: " + d.help;
        nlohmann::json result{{"ruleId", d.code}, {"level", level_of(d.severity)}, {"message", {{"text", text}}}};
        if (d.span.known()) {
            result["locations"] = nlohmann::json::array({location_of(sources, d.span, root_)});
        } else if (sources.size() > 0) {
            const SourceFile& first = sources.file(0);
            result["locations"] = nlohmann::json::array(
                {{{"physicalLocation",
                   {{"artifactLocation", {{"uri", sarif_uri(first.path(), root_)}}},
                    {"region", {{"startLine", 1}}}}}}});
        }
        if (!related.empty()) result["relatedLocations"] = std::move(related);
        if (d.fix && d.fix->span.known()) {
            const SourceFile& file = sources.file(d.fix->span.file);
            nlohmann::json replacement{{"deletedRegion", region_of(file, d.fix->span)},
                                       {"insertedContent", {{"text", d.fix->text}}}};
            nlohmann::json change{{"artifactLocation", {{"uri", sarif_uri(file.path(), root_)}}},
                                  {"replacements", nlohmann::json::array({std::move(replacement)})}};
            result["fixes"] = nlohmann::json::array(
                {{{"description", {{"text", d.help.empty() ? d.message : d.help}}},
                  {"artifactChanges", nlohmann::json::array({std::move(change)})}}});
        }
        results_.push_back(std::move(result));
    }
}

nlohmann::json SarifLog::document(std::string_view tool_version) const {
    nlohmann::json rules = nlohmann::json::array();
    std::map<std::string, std::size_t> rule_index;
    for (const auto& [code, severity] : rules_) {
        rule_index[code] = rules.size();
        rules.push_back({{"id", code},
                         {"name", rule_name(code)},
                         {"shortDescription", {{"text", code}}},
                         {"defaultConfiguration", {{"level", level_of(severity)}}}});
    }
    nlohmann::json results = nlohmann::json::array();
    for (nlohmann::json result : results_) {
        result["ruleIndex"] = rule_index.at(result["ruleId"].get<std::string>());
        results.push_back(std::move(result));
    }
    nlohmann::json driver{{"name", "schemac"}, {"version", std::string(tool_version)}, {"rules", std::move(rules)}};
    return {{"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"},
            {"version", "2.1.0"},
            {"runs", nlohmann::json::array({{{"tool", {{"driver", std::move(driver)}}},
                                             {"columnKind", "unicodeCodePoints"},
                                             {"results", std::move(results)}}})}};
}

}  // namespace schemac
