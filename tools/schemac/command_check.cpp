// `schemac check` (offline): the schema compiles, schemac.sum matches the directory, the
// snapshot parses and equals the compiled schema. Each problem is a finding (exit 1), in
// text, json or github format; a clean directory exits 0.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "compiler/migration_directory.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/plan_options.hpp"

namespace schemac::cli {
namespace {

struct CheckOptions : CommonOptions {
    std::string migrations = "migrations/";
};

int run(const CheckOptions& options) {
    Compilation c;
    try {
        c = compile_path(options.schema);
    } catch (const LoadError& e) {
        return cannot_run_error(e.what());
    }
    if (!c.ok()) {
        report(c.sources, c.diagnostics, options);
        return findings;
    }
    Diagnostics found;
    for (const SumProblem& p : verify_sum(options.migrations, hash_directory(options.migrations))) found.error("sum-mismatch", {}, p.message());
    MigrationListing listing = list_migrations(options.migrations);
    for (const std::string& stray : listing.strays)
        found.error("not-a-migration", {}, fmt::format("{} is not named like a migration (NNNN_name.sql)", stray),
                    "rename it, or create migrations with `schemac new --name <name>`");
    std::optional<ir::Database> snapshot;
    try {
        snapshot = read_snapshot(options.migrations);
    } catch (const SnapshotError& e) {
        found.error("corrupt-snapshot", {}, e.what(),
                    "restore it from version control (`git checkout` the file); it is written only by `schemac generate`");
    }
    if (snapshot) {
        plan::PlanOptions plan_options;
        plan_options.allow_data_loss = true;  // list every pending change, refused ones included
        plan::Plan plan = plan::plan_changes(*snapshot, c.database, plan_options);
        for (const Diagnostic& d : plan.diagnostics.all()) found.error(d.code, d.span, d.message, d.help);
        // One finding per .schema declaration; its further steps become notes.
        struct Pending {
            Span origin;
            std::string title;
            std::vector<std::string> then;
        };
        std::vector<Pending> pending;
        for (const plan::Step& s : plan.steps) {
            auto same = [&](const Pending& p) {
                return p.title == s.title || (s.origin.known() && p.origin.known() && p.origin.file == s.origin.file &&
                                              p.origin.begin == s.origin.begin);
            };
            auto it = std::find_if(pending.begin(), pending.end(), same);
            if (it == pending.end()) pending.push_back({s.origin, s.title, {}});
            else if (it->title != s.title && std::find(it->then.begin(), it->then.end(), s.title) == it->then.end())
                it->then.push_back(s.title);
        }
        for (const Pending& p : pending) {
            Diagnostic& d = found.error("schema-changed", p.origin,
                                        fmt::format("schema changed without a migration: {}", p.title),
                                        "run `schemac generate --name <what changed>`");
            for (const std::string& t : p.then) d.notes.push_back({{}, "and: " + t});
        }
    }
    report(c.sources, found, options);
    if (found.has_errors()) return findings;
    if (!options.quiet && options.format == "text")
        std::cout << fmt::format("schemac check: ok: {} migration{}, snapshot current, {} intact\n",
                                 listing.migrations.size(), listing.migrations.size() == 1 ? "" : "s", sum_file_name);
    return success;
}

}  // namespace

Runner add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* command = app.add_subcommand("check", "CI gate: schema compiles, snapshot current, sum file intact");
    add_common_options(*command, *options);
    add_migrations_option(*command, options->migrations);
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
