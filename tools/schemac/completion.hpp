// Shell completion scripts for bash, zsh and fish, written from the command tree: the commands
// (and `migrate resolve`), each command's options, the words an option takes (`--format`), file
// names where a value is a path. `schemac completion SHELL` prints one; an install puts each
// where its shell looks.
#pragma once

#include <optional>
#include <string>

#include "tools/schemac/command_tree.hpp"

namespace schemac::cli {

// The script for `shell` ("bash", "zsh", "fish"); nullopt for another shell.
std::optional<std::string> completion_script(const CommandInfo& tree, const std::string& shell);

}  // namespace schemac::cli
