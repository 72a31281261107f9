// `schemac verify`: the migration directory replayed from empty on a scratch PostgreSQL (one
// schemac starts, or a database it creates on --dev-url), compared with the snapshot through the
// planner. With --from-database, the live database's managed schema is recreated there first and
// only its pending migrations run. Exit codes as `check`.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "compiler/migrations/migration_directory.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/fleet.hpp"
#include "tools/schemac/scratch_options.hpp"
#include "tools/schemac/verification.hpp"

namespace schemac::cli {
namespace {

struct VerifyOptions : DatabaseOptions {
    std::optional<std::string> dev_url;
    std::optional<std::string> from_database;
    std::vector<std::string> schemas;
};

// The compiled .schema files, for the notes at a failing statement's declaration; nullopt when
// they do not load or compile (verify checks the migrations, not the schema: `check` does).
std::optional<Compilation> verify_schema_for_notes(const std::string& path) {
    try {
        Compilation c = compile_path(path);
        if (c.ok()) return c;
    } catch (const LoadError&) {
    }
    return std::nullopt;
}

int run(const VerifyOptions& options) {
    Diagnostics found;
    int code = success;
    std::optional<MigrationDirectory> dir = read_migration_directory(options, found, code);
    if (!dir) return code;
    ir::Database snapshot;
    try {
        snapshot = read_snapshot(options.migrations);
    } catch (const SnapshotError& e) {
        return cannot_read_snapshot(e.what());
    }
    std::optional<Compilation> schema = verify_schema_for_notes(options.schema);
    VerificationInput input{options.migrations,     &dir->migrations, &snapshot,       schema ? &*schema : nullptr,
                            options.history_schema, options.schemas,  options.dev_url, options.from_database};
    VerificationResult result;
    code = with_database_errors([&] {
        result = run_verification(input, dir->sources, found);
        return success;
    });
    if (code != success) return code;
    if (result.exit_code == cannot_run && found.all().empty()) return cannot_run;  // printed already
    int exit = result.exit_code != success ? result.exit_code : found.has_errors() ? findings : success;
    std::string version = postgres_version_text(result.server_version);
    if (options.format == "json") {
        nlohmann::json out{
            {"result", exit == success    ? "ok"
                       : exit == findings ? "findings"
                                          : "cannot-run"},
            {"server", result.server},
            {"postgres_version", version},
            {"from_database", options.from_database.has_value()},
            {"migrations", dir->migrations.size()},
            {"replayed", result.replayed},
            {"recreated_history_rows", result.recreated},
            {"replay_ms", result.replay_ms},
            {"total_ms", result.total_ms},
            {"compared_with_snapshot", result.compared},
            {"diagnostics", to_json(dir->sources, found)}};
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return exit;
    }
    report_text(dir->sources, found, options);
    if (exit == success && !options.quiet && options.format == "text")
        std::cout << fmt::format("schemac verify: ok: {}{} replayed on PostgreSQL {} in {} ms, matches the snapshot\n",
                                 options.from_database
                                     ? fmt::format("schema of the database recreated ({} in its history), ",
                                                   plural(result.recreated, "migration"))
                                     : "",
                                 plural(result.replayed, "migration"), version, result.total_ms);
    return exit;
}

}  // namespace

Runner add_verify_command(CLI::App& app) {
    auto options = std::make_shared<VerifyOptions>();
    CLI::App* command = app.add_subcommand(
        "verify", "replay the migrations on a scratch PostgreSQL and compare the result with the snapshot");
    add_common_options(*command, *options);
    command->add_option("--migrations", options->migrations, "the migration directory")->capture_default_str();
    command->add_option("--history-schema", options->history_schema, "the schema of the history table")
        ->capture_default_str();
    add_dev_url_option(*command, options->dev_url);
    command->add_option("--from-database", options->from_database,
                        "recreate this database's managed schema (read-only on it) and apply its pending migrations");
    add_schemas_option(*command, options->schemas, "those the snapshot names");
    return fleet_or_single(*command, "verify", *options, options->from_database, [options] { return run(*options); });
}

}  // namespace schemac::cli
