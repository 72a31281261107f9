// schemac: the command line. Parses the command and its options, runs it, exits with
// 0 (success), 1 (findings) or 2 (could not run). Never reads standard input.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "tools/schemac/cli_options.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/version.hpp"

int main(int argc, char** argv) {
    using namespace schemac::cli;
    CLI::App app{"schemac: a schema-as-code compiler for PostgreSQL", "schemac"};
    app.set_version_flag("--version", "schemac " + std::string(schemac_version));
    app.require_subcommand(1);
    app.fallthrough(false);

    std::map<std::string, Runner> runners{
        {"compile", add_compile_command(app)},
        {"fmt", add_fmt_command(app)},
        {"diff", add_diff_command(app)},
        {"generate", add_generate_command(app)},
        {"new", add_new_command(app)},
        {"hash", add_hash_command(app)},
        {"check", add_check_command(app)},
        {"migrate", add_migrate_command(app)},
        {"status", add_status_command(app)},
        {"baseline", add_baseline_command(app)},
        {"pull", add_pull_command(app)},
        {"push", add_push_command(app)},
        {"reset", add_reset_command(app)},
        {"repair", add_repair_command(app)},
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return cannot_run;
    }
    for (CLI::App* command : app.get_subcommands()) {
        return runners.at(command->get_name())();
    }
    return cannot_run;
}
