// `schemac completion bash|zsh|fish` prints a completion script; `schemac man DIR` (not listed:
// the build runs it) writes the manual pages. Both read the command tree of the running binary.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "compiler/source/file_write.hpp"
#include "tools/schemac/cli_options.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/completion.hpp"
#include "tools/schemac/man_page.hpp"
#include "tools/schemac/version.hpp"

namespace schemac::cli {

Runner add_completion_command(CLI::App& app) {
    auto shell = std::make_shared<std::string>();
    CLI::App* command = app.add_subcommand("completion", "print a shell completion script");
    command->add_option("shell", *shell, "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    command->footer("Examples:\n"
                    "  schemac completion bash > ~/.local/share/bash-completion/completions/schemac\n"
                    "  source <(schemac completion bash)                            # this bash session only\n"
                    "  schemac completion zsh > \"${fpath[1]}/_schemac\"\n"
                    "  schemac completion fish > ~/.config/fish/completions/schemac.fish\n");
    return [shell, &app]() -> int {
        std::cout << *completion_script(command_tree(app), *shell);
        return success;
    };
}

Runner add_man_command(CLI::App& app) {
    auto dir = std::make_shared<std::string>();
    CLI::App* command = app.add_subcommand("man", "write the manual pages (schemac.1, schemac-COMMAND.1) into DIR");
    command->group("");  // for the build and packagers, not in the list of commands
    command->add_option("dir", *dir, "the folder to write them in")->required();
    return [dir, &app]() -> int {
        try {
            std::filesystem::create_directories(*dir);
            StagedFiles written;
            for (const auto& [name, page] : man_pages(command_tree(app), std::string(schemac_version)))
                written.add(std::filesystem::path(*dir) / name, page);
            written.commit();
        } catch (const std::exception& e) {
            return cannot_run_error(fmt::format("{}; nothing written", e.what()));
        }
        return success;
    };
}

}  // namespace schemac::cli
