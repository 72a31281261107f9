#include "tools/schemac/fleet.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "runtime/connection.hpp"
#include "runtime/database_url.hpp"
#include "runtime/redact.hpp"
#include "tools/schemac/fleet_progress.hpp"
#include "tools/schemac/fleet_report.hpp"
#include "tools/schemac/fleet_runner.hpp"
#include "tools/schemac/fleet_targets.hpp"

namespace schemac::cli {
namespace {

std::vector<std::string>& fleet_command_line() {
    static std::vector<std::string> arguments;
    return arguments;
}

// The person's command line without what only the fleet reads (the target options, the output
// format, the database the child is given through its environment), then `--format json`.
std::vector<std::string> fleet_child_arguments(const std::vector<std::string>& given) {
    static const std::set<std::string> with_value{"--targets",        "--targets-query", "--control-database",
                                                  "--tenant-schemas", "--parallel",      "--database",
                                                  "--from-database",  "--format",        "--color"};
    static const std::set<std::string> flags{"--fail-fast", "-q", "--quiet"};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < given.size(); ++i) {
        const std::string& a = given[i];
        std::string name = a.substr(0, a.find('='));
        if (flags.count(a)) continue;
        if (with_value.count(name)) {
            if (name == a) ++i;  // `--option value`; `--option=value` is one argument
            continue;
        }
        out.push_back(a);
    }
    out.push_back("--format");
    out.push_back("json");
    return out;
}

struct FleetPlan {
    std::vector<FleetTarget> targets;
    std::vector<std::optional<FleetReport>> failed_early;  // index-aligned: the report of a target that cannot run
};

// The targets the options name, with the tenant schemas of each expanded; errors stop the run.
std::optional<FleetPlan> fleet_targets(const std::string& command, const FleetOptions& fleet,
                                       const std::optional<std::string>& database,
                                       std::vector<FleetTargetError>& errors) {
    std::vector<FleetTarget> named;
    if (fleet.targets_file) {
        std::vector<FleetTarget> more = read_targets_file(*fleet.targets_file, errors);
        named.insert(named.end(), more.begin(), more.end());
    }
    if (fleet.targets_query) {
        std::optional<std::string> control = fleet.control_database;
        if (!control)
            if (const char* variable = std::getenv("SCHEMAC_CONTROL_DATABASE_URL"); variable && *variable)
                control = variable;
        if (!control)
            errors.push_back({"--targets-query needs the control database to run on",
                              "pass --control-database URL or set SCHEMAC_CONTROL_DATABASE_URL"});
        else {
            std::vector<FleetTarget> more = query_targets(*control, *fleet.targets_query, errors);
            named.insert(named.end(), more.begin(), more.end());
        }
    }
    std::string option = command == "verify" ? "--from-database" : "--database";
    if ((fleet.targets_file || fleet.targets_query) && database)
        errors.push_back({fmt::format("{} names one database, --targets and --targets-query name the fleet", option),
                          fmt::format("leave {} out (with --tenant-schemas, each target's schemas are used)", option)});
    if (!fleet.targets_file && !fleet.targets_query) {
        std::optional<std::string> one = database;
        if (!one && (command == "migrate" || command == "status")) one = runtime::resolve_database_url(std::nullopt);
        if (!one)
            errors.push_back(
                {fmt::format("--tenant-schemas lists the schemas of one database, and none is named"),
                 fmt::format("pass {} URL{}, or name many with --targets FILE", option,
                             command == "migrate" || command == "status" ? " (or set DATABASE_URL)" : "")});
        else if (std::optional<FleetTarget> t = single_target(*one, option, errors))
            named.push_back(*t);
    }
    if (!errors.empty()) return std::nullopt;
    FleetPlan plan;
    for (const FleetTarget& t : named) {
        if (!fleet.tenant_schemas) {
            plan.targets.push_back(t);
            plan.failed_early.emplace_back();
            continue;
        }
        std::vector<FleetTarget> tenants;
        try {
            tenants = tenant_targets(t, *fleet.tenant_schemas);
        } catch (const std::exception& e) {
            plan.targets.push_back(t);
            plan.failed_early.push_back(
                fleet_cannot_run(t.label(), fmt::format("cannot list its schemas: {}",
                                                        runtime::redact_secrets(runtime::server_message(e.what())))));
            continue;
        }
        if (tenants.empty()) {
            plan.targets.push_back(t);
            FleetReport none = fleet_cannot_run(t.label(), fmt::format("no schema matches --tenant-schemas '{}'",
                                                                       *fleet.tenant_schemas));
            none.result = "no-tenants";
            none.exit_code = 1;
            plan.failed_early.push_back(none);
            continue;
        }
        for (const FleetTarget& tenant : tenants) {
            plan.targets.push_back(tenant);
            plan.failed_early.emplace_back();
        }
    }
    refuse_duplicate_targets(plan.targets, errors);
    if (!errors.empty()) return std::nullopt;
    return plan;
}

int fleet_refused(const std::vector<FleetTargetError>& errors) {
    for (const FleetTargetError& e : errors)
        std::cerr << fmt::format("schemac: error: {}\n{}", e.message, e.help.empty() ? "" : "help: " + e.help + "\n");
    std::cerr << "schemac: nothing ran\n";
    return cannot_run;
}

}  // namespace

void add_fleet_options(CLI::App& command, FleetOptions& options) {
    const std::string group = "Fleet (many databases; docs/fleets.md)";
    command
        .add_option("--targets", options.targets_file,
                    "run on every database of FILE: one connection string a line, # comments, ${NAME} from the "
                    "environment")
        ->group(group);
    command
        .add_option("--targets-query", options.targets_query,
                    "run on every database this query returns (one connection string a row, first column), run "
                    "read-only on --control-database")
        ->group(group);
    command
        .add_option("--control-database", options.control_database,
                    "where --targets-query runs (default: $SCHEMAC_CONTROL_DATABASE_URL)")
        ->group(group);
    command
        .add_option("--tenant-schemas", options.tenant_schemas,
                    "run once for every schema whose name matches this glob (`tenant_*`; * ? [...]) in the database, "
                    "or in each target, as with --tenant-schema NAME")
        ->group(group);
    command.add_option("--parallel", options.parallel, "targets run at the same time")
        ->check(CLI::PositiveNumber)
        ->capture_default_str()
        ->group(group);
    command.add_flag("--fail-fast", options.fail_fast, "after the first failure, start no new target")->group(group);
}

bool fleet_requested(const FleetOptions& options) {
    return options.targets_file || options.targets_query || options.tenant_schemas;
}

void remember_command_line(int argc, char** argv) { fleet_command_line().assign(argv + 1, argv + argc); }

void take_fleet_target(std::optional<std::string>& database) {
    if (database) return;  // named on the command line: a fleet never passes one to its children
    const char* target = std::getenv(fleet_target_variable);
    if (!target || !*target) return;
    runtime::remember_secrets(target);
    database = target;
}

Runner fleet_or_single(CLI::App& command, const std::string& name, const CommonOptions& common,
                       std::optional<std::string>& database, Runner single) {
    auto fleet = std::make_shared<FleetOptions>();
    add_fleet_options(command, *fleet);
    return [fleet, name, &common, &database, single] {
        if (fleet_requested(*fleet)) return run_fleet(name, *fleet, common, database);
        take_fleet_target(database);
        return single();
    };
}

int run_fleet(const std::string& command, const FleetOptions& fleet, const CommonOptions& common,
              const std::optional<std::string>& database) {
    std::vector<FleetTargetError> errors;
    const std::vector<std::string>& given = fleet_command_line();
    if (fleet.tenant_schemas && std::any_of(given.begin(), given.end(), [](const std::string& a) {
            return a == "--tenant-schema" || a.starts_with("--tenant-schema=");
        })) {
        errors.push_back(
            {"--tenant-schema names one schema, --tenant-schemas the schemas of a pattern", "leave one of them out"});
        return fleet_refused(errors);
    }
    if (fleet.tenant_schemas && command == "verify") {
        errors.push_back({"verify does not replay a tenant schema: --tenant-schemas is for migrate, status and check",
                          "verify the template once (`schemac verify`), or the databases with --targets"});
        return fleet_refused(errors);
    }
    if (common.format == "sarif") {
        errors.push_back({"--format sarif reports the findings of one database, not of many targets",
                          "use --format json for a report per target, or run `schemac " + command +
                              " --format sarif` on one database"});
        return fleet_refused(errors);
    }
    std::optional<FleetPlan> plan = fleet_targets(command, fleet, database, errors);
    if (!plan) return fleet_refused(errors);
    std::error_code ec;
    std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
    if (ec) return cannot_run_error(fmt::format("cannot find the schemac program to run: {}", ec.message()));
    std::vector<std::string> arguments = fleet_child_arguments(given);

    std::vector<FleetJob> jobs;
    std::vector<std::size_t> job_target;  // job -> target index
    std::size_t failed_early = 0;
    for (std::size_t i = 0; i < plan->targets.size(); ++i) {
        if (plan->failed_early[i]) {
            ++failed_early;
            continue;
        }
        const FleetTarget& t = plan->targets[i];
        FleetJob job;
        job.argv.push_back(self);
        job.argv.insert(job.argv.end(), arguments.begin(), arguments.end());
        if (t.tenant_schema) {
            job.argv.push_back("--tenant-schema");
            job.argv.push_back(*t.tenant_schema);
        }
        job.environment = {fmt::format("{}={}", fleet_target_variable, t.connection), "NO_COLOR=1"};
        jobs.push_back(std::move(job));
        job_target.push_back(i);
    }
    std::vector<FleetReport> reports(plan->targets.size());
    for (std::size_t i = 0; i < plan->targets.size(); ++i)
        if (plan->failed_early[i]) reports[i] = *plan->failed_early[i];
    auto label = [&](std::size_t job) { return plan->targets[job_target[job]].label(); };
    bool live = common.format == "text" && ::isatty(STDERR_FILENO);
    FleetProgress progress(label, common.quiet || common.format == "json", live);
    FleetRunCallbacks callbacks;
    callbacks.finished = [&](std::size_t job, const FleetOutcome& outcome) {
        FleetReport r = fleet_report_of(command, label(job), outcome);
        progress.finished(r);
        reports[job_target[job]] = std::move(r);
    };
    callbacks.tick = [&](const FleetRunState& s) { progress.tick(s); };
    callbacks.interrupted = [&](const FleetRunState& s) { progress.interrupted(s); };
    FleetRunResult run = run_fleet_jobs(jobs, fleet.parallel, fleet.fail_fast, callbacks, failed_early);
    progress.clear();
    for (std::size_t job = 0; job < jobs.size(); ++job)
        if (!run.outcomes[job]) reports[job_target[job]] = fleet_not_started(label(job));
    int code = fleet_exit_code(reports, run.interrupted);
    if (common.format == "json") {
        std::cout << fleet_json(command, reports, run.interrupted, code)
                         .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
    } else if (!common.quiet) {
        std::cout << fleet_summary_table(reports, run.interrupted);
    } else {
        for (const FleetReport& r : reports)
            if (r.exit_code != 0) std::cerr << fleet_target_line(r) << "\n";
    }
    return code;
}

}  // namespace schemac::cli
