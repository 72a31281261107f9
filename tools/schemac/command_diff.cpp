// `schemac diff [--from snapshot|empty|FILE.json] [--to PATH]`: print the SQL that takes one
// state to another (or, with --format json, the list of changes with their hazards and the
// .schema location that caused each). Writes nothing.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "compiler/ir/ir_json.hpp"
#include "compiler/migrations/migration_directory.hpp"
#include "compiler/plan/render_sql.hpp"
#include "compiler/source/diagnostic_printer.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/plan_options.hpp"

namespace schemac::cli {
namespace {

struct DiffOptions : CommonOptions {
    std::string migrations = "migrations/";
    std::string from = "snapshot";
    std::string to;
    PlanFlags flags;
};

nlohmann::ordered_json change_json(const SourceSet& sources, const plan::Step& step) {
    nlohmann::ordered_json j;
    j["kind"] = plan::change_kind(step.change);
    j["title"] = step.title;
    j["phase"] = plan::phase_name(step.phase);
    nlohmann::ordered_json hazards = nlohmann::ordered_json::array();
    for (std::string_view h : plan::hazard_list(step.hazards)) hazards.push_back(h);
    j["hazards"] = hazards;
    j["data_loss"] = (step.hazards & plan::Hazard::data_loss) != 0;
    if (!step.lost.empty()) j["loses"] = step.lost;  // as --allow-data-loss names them
    j["sql"] = plan::render_statements(step.change);
    if (step.origin.known()) {
        const SourceFile& file = sources.file(step.origin.file);
        LineColumn lc = file.line_column(step.origin.begin);
        j["location"] = {{"file", file.path()}, {"line", lc.line}, {"column", lc.column}};
    } else {
        j["location"] = nullptr;
    }
    return j;
}

int run(const DiffOptions& options) {
    ir::Database before;
    int first_number = 1;
    try {
        if (options.from == "snapshot") {
            before = read_snapshot(options.migrations);
            first_number = list_migrations(options.migrations).next_version();
        } else if (options.from != "empty") {
            before = ir_from_json_text(read_file(options.from));
        }
    } catch (const SnapshotError& e) {
        return cannot_read_snapshot(e.what());
    } catch (const LoadError& e) {
        return cannot_run_error(e.what());
    } catch (const IrJsonError& e) {
        return cannot_run_error(fmt::format("{}: {}", options.from, e.what()));
    }
    bool json = options.format == "json";
    int exit_code = success;
    std::optional<Compilation> c = compile_reported(options.to.empty() ? options.schema : options.to, options,
                                                    exit_code);
    if (!c) return exit_code;
    plan::Plan plan = plan::plan_changes(before, c->database, options.flags.options());
    if (json) {
        nlohmann::ordered_json out;
        nlohmann::ordered_json changes = nlohmann::ordered_json::array();
        for (const plan::Step& s : plan.steps) changes.push_back(change_json(c->sources, s));
        out["changes"] = changes;
        out["diagnostics"] = to_json(c->sources, plan.diagnostics);
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return plan.diagnostics.has_errors() ? findings : success;
    }
    report(c->sources, plan.diagnostics, options);
    if (plan.diagnostics.has_errors()) return findings;
    if (plan.empty()) {
        if (!options.quiet) std::cerr << "schemac: no changes\n";
        return success;
    }
    auto files = plan::render_migrations(plan, first_number, "diff", options.flags.text_options());
    for (std::size_t i = 0; i < files.size(); ++i)
        std::cout << (i ? "\n" : "") << "-- file: " << files[i].name << "\n" << files[i].text;
    return success;
}

}  // namespace

Runner add_diff_command(CLI::App& app) {
    auto options = std::make_shared<DiffOptions>();
    CLI::App* command = app.add_subcommand("diff", "print the SQL that would take one state to another; write nothing");
    add_common_options(*command, *options);
    add_migrations_option(*command, options->migrations);
    command
        ->add_option("--from", options->from,
                     "snapshot (the migration directory's), empty, or an IR/snapshot .json file")
        ->capture_default_str();
    command->add_option("--to", options->to, "the schema to reach (default: --schema)");
    add_plan_flags(*command, options->flags);
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
