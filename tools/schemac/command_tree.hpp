// What the command line offers, read from the option parser's own tree: the commands, their
// options, what each option's value is (a path, one of a few words, free text). Completion
// scripts and man pages are written from it, so they never lag behind an option.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace schemac::cli {

struct OptionInfo {
    std::string long_name;   // "schema" (without the dashes); empty for a positional
    std::string short_name;  // "q"; empty when none
    std::string positional;  // the name of a positional argument ("paths")
    std::string description;
    bool takes_value = false;
    bool many = false;                 // it takes several values
    bool path = false;                 // its value is a file or folder
    std::vector<std::string> choices;  // the words it takes, when it takes only some
    std::string value_name;            // "TEXT", "INT", ...
};

struct CommandInfo {
    std::string name;  // "" for schemac itself
    std::string description;
    std::string example;  // the help's footer
    std::vector<OptionInfo> options;
    std::vector<CommandInfo> commands;  // `migrate resolve`
};

// The tree below `app`, hidden commands (an empty group) left out, in the order they were added.
CommandInfo command_tree(const CLI::App& app);

}  // namespace schemac::cli
