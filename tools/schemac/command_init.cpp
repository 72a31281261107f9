// `schemac init [DIR]`: a new project in DIR (default: here): schemac.toml, schemas/ with a first
// file to write tables in, migrations/. Refuses when DIR already has a schemac.toml, never
// replaces a file, and says what to run next.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "compiler/source/file_write.hpp"
#include "tools/schemac/cli_options.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/project_config.hpp"

namespace schemac::cli {

namespace {

struct InitOptions {
    std::string directory = ".";
    bool quiet = false;
};

constexpr const char* config_template =
    R"(# schemac's configuration. Every schemac command finds this file by walking up from the folder
# it runs in, so commands work from any folder of the project. A setting is a command's long
# option written with `_` (`history_schema = "ops"` is `--history-schema ops`); paths are
# relative to this file; what the command line gives wins over everything here.

schema = "schemas/"
migrations = "migrations/"

# Settings of one command:
# [check]
# strict = true            # with --database: objects schemac does not manage are findings

# Environments, chosen with `--env NAME`. `KEY_env = "VARIABLE"` takes the option's value from an
# environment variable, so that no password is written here:
# [environments.prod]
# database_env = "PROD_DATABASE_URL"
# [environments.prod.verify]
# dev_url_env = "SCRATCH_DATABASE_URL"
)";

constexpr const char* schema_template =
    R"(// The tables of the application, in schemac's language (the manual: docs/language.md).
// Every *.schema file in this folder and its subfolders is part of one schema. For example:
//
// table users {
//   id         bigint primary key generated always as identity
//   email      text not null unique
//   created_at timestamptz not null default now()
// }
)";

int run(const InitOptions& options) {
    std::filesystem::path dir = options.directory;
    std::error_code ec;
    if (std::filesystem::exists(dir / config_file_name, ec))
        return cannot_run_error(
            fmt::format("{} exists: {} is a schemac project already; nothing written",
                        (dir / config_file_name).lexically_normal().string(), dir.lexically_normal().string()));
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
        return cannot_run_error(fmt::format("{} is not a directory; nothing written", dir.string()));
    std::filesystem::path schemas = dir / "schemas", migrations = dir / "migrations";
    // A schemas/ that already holds .schema files keeps them, without a first file beside them.
    bool has_schema_files = false;
    if (std::filesystem::is_directory(schemas, ec))
        for (const auto& entry : std::filesystem::recursive_directory_iterator(schemas, ec))
            if (entry.path().extension() == ".schema") has_schema_files = true;
    std::vector<std::string> created;
    try {
        std::filesystem::create_directories(migrations);
        StagedFiles written;
        if (!has_schema_files) {
            std::filesystem::create_directories(schemas);
            written.add(schemas / "app.schema", schema_template);
        }
        written.add(dir / config_file_name, config_template);
        written.commit();
    } catch (const std::exception& e) {
        return cannot_run_error(fmt::format("{}; nothing written", e.what()));
    }
    if (options.quiet) return success;
    auto shown = [&](const std::filesystem::path& p) { return p.lexically_normal().string(); };
    std::cout << fmt::format("created {}\n", shown(dir / config_file_name));
    std::cout << (has_schema_files ? fmt::format("kept {} (it has .schema files)\n", shown(schemas) + "/")
                                   : fmt::format("created {}\n", shown(schemas / "app.schema")));
    std::cout << fmt::format("created {}\n", shown(migrations) + "/");
    std::cout << "\nnext:\n"
                 "  write your tables in schemas/ (docs/language.md), then\n"
                 "  schemac generate --name init              write the first migration\n"
                 "  schemac migrate --database URL            apply it (or set DATABASE_URL)\n"
                 "  schemac check                             what CI runs on every change\n"
                 "from an existing database instead:\n"
                 "  schemac pull --database URL               write schemas/ from it\n"
                 "  schemac baseline --database URL --to 1    after the first `generate`: record it as applied\n";
    return success;
}

}  // namespace

Runner add_init_command(CLI::App& app) {
    auto options = std::make_shared<InitOptions>();
    CLI::App* command = app.add_subcommand(
        "init", "create schemac.toml, schemas/ and migrations/ for a new project, and say what to run next");
    command->add_option("directory", options->directory, "the project's folder (created when missing)")
        ->capture_default_str();
    command->add_flag("-q,--quiet", options->quiet, "print nothing");
    command->footer("Examples:\n"
                    "  schemac init                            # here\n"
                    "  schemac init db && cd db && schemac generate --name init\n");
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
