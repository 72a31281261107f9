// The schemac commands. Each registers its subcommand and options, and runs when chosen,
// returning the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace schemac::cli {

using Runner = std::function<int()>;

Runner add_compile_command(CLI::App& app);
Runner add_fmt_command(CLI::App& app);
Runner add_diff_command(CLI::App& app);
Runner add_generate_command(CLI::App& app);
Runner add_new_command(CLI::App& app);
Runner add_hash_command(CLI::App& app);
Runner add_check_command(CLI::App& app);
Runner add_migrate_command(CLI::App& app);  // with its `resolve` subcommand
Runner add_migrate_resolve_command(CLI::App& migrate);
Runner add_status_command(CLI::App& app);
Runner add_baseline_command(CLI::App& app);
Runner add_pull_command(CLI::App& app);
Runner add_push_command(CLI::App& app);
Runner add_reset_command(CLI::App& app);
Runner add_repair_command(CLI::App& app);
Runner add_verify_command(CLI::App& app);
Runner add_lsp_command(CLI::App& app);
Runner add_init_command(CLI::App& app);
Runner add_docs_command(CLI::App& app);
Runner add_completion_command(CLI::App& app);  // the runners read `app`'s whole tree
Runner add_man_command(CLI::App& app);

}  // namespace schemac::cli
