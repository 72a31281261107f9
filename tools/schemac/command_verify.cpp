// `schemac verify`: the migration directory replayed from empty on a scratch PostgreSQL (one
// schemac starts, or a database it creates on --dev-url), compared with the snapshot through the
// planner. With --from-database, the live database's managed schema is recreated there first and
// only its pending migrations run. Exit codes as `check`.
#include <memory>

#include "tools/schemac/commands.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/scratch_options.hpp"

namespace schemac::cli {
namespace {

struct VerifyOptions : DatabaseOptions {
    std::optional<std::string> dev_url;
    std::optional<std::string> from_database;
    std::vector<std::string> schemas;
};

int run(const VerifyOptions& options) {
    std::unique_ptr<runtime::ScratchServer> scratch = start_scratch(options.dev_url, options);
    if (!scratch) return cannot_run;
    return cannot_run_error("verify is not built yet");
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
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
