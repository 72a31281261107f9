#include "tools/schemac/preflight_findings.hpp"

#include <fmt/format.h>

#include "compiler/compile.hpp"
#include "runtime/drift.hpp"
#include "runtime/live_plan.hpp"
#include "tools/schemac/database_options.hpp"

namespace schemac::cli {
namespace {

// The files of `from` added to `into`; returns what a span's file index moves by.
std::uint32_t add_preflight_sources(SourceSet& into, const SourceSet& from) {
    std::uint32_t offset = into.size();
    for (std::uint32_t i = 0; i < from.size(); ++i) into.add(from.file(i).path(), from.file(i).text());
    return offset;
}

Span moved_span(Span span, std::uint32_t offset) {
    if (span.known()) span.file += offset;
    return span;
}

}  // namespace

void add_preflight_options(CLI::App& command, PreflightSettings& settings, const std::string& what) {
    command.add_flag("--preflight", settings.enabled,
                     what + ": ask the database, read-only, what would make the pending migrations fail (duplicates "
                            "under a new unique key, orphans under a new foreign key, rows a new check rejects, NULLs "
                            "under a new NOT NULL, removed enum values in use, values a narrower type does not fit)");
    command
        .add_option("--preflight-timeout", settings.timeout_s,
                    "seconds each preflight probe may run before it is tried on a sample of the table")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
}

std::optional<runtime::PreflightReport> run_preflight_probes(
    runtime::Session& session, const std::string& schema_path, const std::vector<std::string>& schemas,
    const std::string& history_schema, const PreflightSettings& settings, SourceSet& sources, Diagnostics& found) {
    Compilation c;
    try {
        c = compile_path(schema_path);
    } catch (const LoadError& e) {
        found.error("preflight-not-run", {}, fmt::format("preflight not run: {}", e.what()),
                    "the preflight compares the database with the schema: pass --schema PATH");
        return std::nullopt;
    }
    std::uint32_t offset = add_preflight_sources(sources, c.sources);
    if (!c.ok()) {
        for (const Diagnostic& d : c.diagnostics.all()) {
            Diagnostic copy = d;
            copy.span = moved_span(d.span, offset);
            for (Note& n : copy.notes) n.span = moved_span(n.span, offset);
            if (copy.fix) copy.fix->span = moved_span(copy.fix->span, offset);
            found.add(std::move(copy));
        }
        found.error("preflight-not-run", {}, "preflight not run: the schema does not compile",
                    "fix the errors above, then run again");
        return std::nullopt;
    }
    // Every change, losses included: the migrations were generated already, and a loss they make
    // is no reason not to look at the rest.
    plan::PlanOptions options;
    options.allow_data_loss = true;
    runtime::LivePlan live = runtime::plan_against_live(
        session, c.database, runtime::IntrospectOptions{runtime::managed_schemas(schemas, c.database), history_schema},
        options);
    runtime::PreflightOptions preflight;
    preflight.statement_timeout_ms = static_cast<int>(settings.timeout_s * 1000);
    runtime::PreflightReport report = runtime::run_preflight(session, live.plan, preflight);
    for (const runtime::PreflightFinding& f : report.findings) {
        Diagnostic& d = found.error(f.code, moved_span(f.origin, offset), f.message, f.help);
        if (!f.sample.empty())
            d.notes.push_back(
                {{},
                 f.code == "preflight-duplicates" ? fmt::format("for example {}, held by more than one row", f.sample)
                                                  : fmt::format("for example the row {}", f.sample)});
        if (f.sampled)
            d.notes.push_back({{},
                               "counted on a sample of the table (its full scan outlived --preflight-timeout): "
                               "the whole table may hold more"});
    }
    for (const runtime::PreflightSkip& s : report.skipped)
        found.warning("preflight-skipped", moved_span(s.origin, offset), s.message);
    return report;
}

nlohmann::json preflight_json(const runtime::PreflightReport& report) {
    return {{"probes", report.probes}, {"findings", report.findings.size()}, {"skipped", report.skipped.size()}};
}

std::string preflight_summary(const runtime::PreflightReport& report) {
    return fmt::format("preflight: {}, {}, {} not probed", plural(report.probes, "probe"),
                       plural(report.findings.size(), "finding"), report.skipped.size());
}

}  // namespace schemac::cli
