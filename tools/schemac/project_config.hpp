// schemac.toml, the project's configuration: found by walking up from the working directory, so
// that every command works from any folder of the project. Its settings are the long options of
// the commands, written with `_` (`history_schema = "ops"` is `--history-schema ops`):
//
//   schema = "schemas/"                    # every command that has the option
//   [check]                                # one command
//   strict = true
//   [environments.prod]                    # `--env prod`
//   database_env = "PROD_DATABASE_URL"     # `KEY_env`: the option's value from that variable
//   [environments.prod.verify]
//   dev_url_env = "SCRATCH_URL"
//
// A later layer wins: the file's top level, its command table, the environment, the
// environment's command table, then the command line. Paths are relative to the file. A key no
// command has, a value of the wrong type and a decision for one run (`yes`, `force`,
// `allow_data_loss`, ...) are errors at their line and column.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>

namespace schemac::cli {

inline constexpr const char* config_file_name = "schemac.toml";

// The nearest schemac.toml in `start` or a folder above it.
std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& start);

// Gives every option of `command` (the command that runs, `top` the top-level command naming its
// table) that the command line left unset its value from the configuration file, for
// environment `env` when given. Options already counted keep theirs. Prints the problems (in
// the command's --format) and returns false when the file is wrong or `env` is not in it.
bool apply_project_config(CLI::App& top, CLI::App& command, const std::optional<std::string>& env);

}  // namespace schemac::cli
