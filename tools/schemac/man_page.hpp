// Manual pages (roff, section 1) written from the command tree: schemac(1) with the commands,
// the configuration file, the environment and the exit codes, and schemac-COMMAND(1) for each
// command with its options and example. No date in them: the same tree gives the same bytes.
#pragma once

#include <map>
#include <string>

#include "tools/schemac/command_tree.hpp"

namespace schemac::cli {

// File name ("schemac.1", "schemac-migrate-resolve.1") -> page.
std::map<std::string, std::string> man_pages(const CommandInfo& tree, const std::string& version);

}  // namespace schemac::cli
