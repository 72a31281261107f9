// schemac: the command line. Parses the command and its options, runs it, exits with
// 0 (success), 1 (findings) or 2 (could not run). Never reads standard input; never prints a
// password (redacted_output.hpp).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "compiler/source/suggest.hpp"
#include "compiler/sql/parser_version.hpp"
#include "runtime/libpq_version.hpp"
#include "tools/schemac/cli_options.hpp"
#include "tools/schemac/command_examples.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/fleet.hpp"
#include "tools/schemac/malloc_tuning.hpp"
#include "tools/schemac/project_config.hpp"
#include "tools/schemac/redacted_output.hpp"
#include "tools/schemac/version.hpp"

namespace {

// Runs a command. An exception that escapes it is a bug in schemac (bad input is reported by
// the commands themselves): it is said so, with exit 2, instead of the abort of an uncaught
// exception. The tests' runner fails on this message; SCHEMAC_INTERNAL_ERRORS=abort restores
// the abort, for a debugger or a core dump.
int run_guarded(const schemac::cli::Runner& runner) {
    const char* mode = std::getenv("SCHEMAC_INTERNAL_ERRORS");
    if (mode && std::string_view(mode) == "abort") return runner();
    std::string what;
    try {
        return runner();
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {
        what = "an exception that is not a std::exception";
    }
    std::cerr << "schemac: internal error: " << what
              << "\nhelp: this is a bug in schemac: please report it with the command and the files it read\n";
    return schemac::cli::cannot_run;
}

// `schemac --version`: schemac's release, then what it reads SQL and talks to PostgreSQL with.
std::string version_text() {
    return "schemac " + std::string(schemac::cli::schemac_version) + "\nSQL parser: libpg_query, PostgreSQL " +
           schemac::parser_postgres_version() + " grammar\nlibpq: " + schemac::runtime::libpq_loaded_version() +
           ", built against " + schemac::runtime::libpq_built_version();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace schemac::cli;
    tune_malloc(argv);                    // may start schemac again, with huge pages
    RedactedOutput redacted(argc, argv);  // no password reaches stdout or stderr
    remember_command_line(argc, argv);    // a fleet's children get the same arguments
    CLI::App app{"schemac: a schema-as-code compiler for PostgreSQL", "schemac"};
    app.set_version_flag("--version", version_text, "print schemac's version and the PostgreSQL libraries it uses");
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
        {"verify", add_verify_command(app)},
        {"lsp", add_lsp_command(app)},
        {"docs", add_docs_command(app)},
        {"init", add_init_command(app)},
        {"completion", add_completion_command(app)},
        {"man", add_man_command(app)},
    };
    add_examples(app);
    // `--env NAME` on every command: the environment of schemac.toml whose settings it takes.
    std::optional<std::string> env;
    std::vector<CLI::App*> all_commands = app.get_subcommands({});
    for (std::size_t i = 0; i < all_commands.size(); ++i) {
        for (CLI::App* nested : all_commands[i]->get_subcommands({})) all_commands.push_back(nested);
        std::string name = all_commands[i]->get_name();
        if (name == "init" || name == "completion" || name == "man") continue;
        all_commands[i]->add_option("--env", env, "take the settings of [environments.NAME] in schemac.toml");
    }
    // No command: the list of commands (exit 2, nothing ran). A word that is no command: the
    // closest command's name, instead of CLI11's "A subcommand is required".
    if (argc < 2) {
        std::cerr << app.help() << "\nschemac: error: no command given; the commands are listed above\n";
        return cannot_run;
    }
    std::string_view first = argv[1];
    if (first == "help") {  // `schemac help [COMMAND]`
        if (argc > 2 && runners.count(argv[2]))
            std::cout << app.get_subcommand(argv[2])->help();
        else
            std::cout << app.help();
        return success;
    }
    if (!first.starts_with("-") && !runners.count(std::string(first))) {
        std::vector<std::string_view> names;
        for (const auto& [name, runner] : runners) names.push_back(name);
        std::optional<std::string> suggestion = schemac::closest_name(first, names);
        std::cerr << "schemac: error: unknown command '" << first << "'";
        if (suggestion) std::cerr << "; did you mean '" << *suggestion << "'?";
        std::cerr << "\nhelp: "
                  << (first == "version" ? "the version is `schemac --version`"
                                         : "run `schemac --help` for the list of commands")
                  << "\n";
        return cannot_run;
    }
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
        CLI::App* deepest = command;
        while (!deepest->get_subcommands().empty()) deepest = deepest->get_subcommands().front();
        // Not for init (it writes schemac.toml: one above is not its configuration), completion
        // and man (they describe the options, not a project).
        bool configured = command->get_option_no_throw("--env") != nullptr;
        if (configured && !apply_project_config(*command, *deepest, env)) return cannot_run;
        // `--format sarif`: standard output holds the log alone, written once the command has
        // run; no log when it could not run (an empty one would tell code scanning "all fixed").
        bool sarif = false;
        for (CLI::App* c = command; c; c = c->get_subcommands().empty() ? nullptr : c->get_subcommands().front())
            if (const CLI::Option* format = c->get_option_no_throw("--format"); format && format->count() > 0)
                sarif = format->as<std::string>() == "sarif";
        std::ostream* log = sarif ? &redacted.reserve_stdout() : nullptr;
        int code = run_guarded(runners.at(command->get_name()));
        if (log && code != cannot_run)
            *log << sarif_log().document(schemac_version).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                 << "\n";
        return code;
    }
    return cannot_run;
}
