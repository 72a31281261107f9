#include "tools/schemac/command_tree.hpp"

#include <set>

namespace schemac::cli {

namespace {

// Options whose value names a file or folder (diff's --to too: a schema; migrate's is a number).
const std::set<std::string> path_options{"schema", "migrations", "targets", "output", "from"};

OptionInfo option_info(const CLI::Option& option, const std::string& command) {
    OptionInfo info;
    if (!option.get_lnames().empty()) info.long_name = option.get_lnames().front();
    if (!option.get_snames().empty()) info.short_name = option.get_snames().front();
    if (info.long_name.empty() && info.short_name.empty()) info.positional = option.get_name(true);
    info.description = option.get_description();
    info.takes_value = option.get_items_expected_max() > 0;
    info.many = option.get_items_expected_max() > 1;
    info.path = !info.positional.empty() || path_options.count(info.long_name) > 0 ||
                (command == "diff" && info.long_name == "to");
    // CLI11 writes an IsMember check into the type name: "TEXT:{text,json,github}".
    std::string type = option.get_type_name();
    std::size_t open = type.find(":{");
    if (open != std::string::npos && type.ends_with("}")) {
        std::string list = type.substr(open + 2, type.size() - open - 3);
        for (std::size_t start = 0; start <= list.size();) {
            std::size_t comma = list.find(',', start);
            if (comma == std::string::npos) comma = list.size();
            info.choices.push_back(list.substr(start, comma - start));
            start = comma + 1;
        }
        type.resize(open);
    }
    info.value_name = type;
    return info;
}

}  // namespace

CommandInfo command_tree(const CLI::App& app) {
    CommandInfo info;
    info.name = app.get_parent() ? app.get_name() : "";
    info.description = app.get_description();
    info.example = app.get_footer();
    for (const CLI::Option* option : app.get_options()) {
        if (option->get_lnames().size() == 1 && option->get_lnames().front() == "help") continue;
        if (option->get_group().empty()) continue;  // hidden
        info.options.push_back(option_info(*option, info.name));
    }
    for (const CLI::App* command : app.get_subcommands({})) {
        if (command->get_group().empty()) continue;  // hidden
        info.commands.push_back(command_tree(*command));
    }
    return info;
}

}  // namespace schemac::cli
