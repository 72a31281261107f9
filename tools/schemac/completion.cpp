#include "tools/schemac/completion.hpp"

#include <fmt/format.h>

namespace schemac::cli {

namespace {

// Every command to complete, by the words that name it: {"migrate"}, {"migrate", "resolve"}.
struct NamedCommand {
    std::string words;  // "migrate resolve"
    const CommandInfo* info;
};

void collect(const CommandInfo& command, const std::string& prefix, std::vector<NamedCommand>& out) {
    for (const CommandInfo& sub : command.commands) {
        std::string words = prefix.empty() ? sub.name : prefix + " " + sub.name;
        out.push_back({words, &sub});
        collect(sub, words, out);
    }
}

std::vector<std::string> option_words(const CommandInfo& command) {
    std::vector<std::string> words;
    for (const OptionInfo& o : command.options) {
        if (!o.short_name.empty()) words.push_back("-" + o.short_name);
        if (!o.long_name.empty()) words.push_back("--" + o.long_name);
    }
    words.push_back("--help");
    return words;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// Text inside a single-quoted shell word.
std::string single_quoted(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out;
}

std::string bash(const CommandInfo& tree) {
    std::vector<NamedCommand> commands;
    collect(tree, "", commands);
    std::string out = "# bash completion for schemac (written by `schemac completion bash`)\n"
                      "_schemac() {\n"
                      "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                      "    local command=\"${COMP_WORDS[1]}\"\n"
                      "    if ((COMP_CWORD == 1)); then\n";
    std::vector<std::string> top;
    for (const CommandInfo& c : tree.commands) top.push_back(c.name);
    out += fmt::format("        COMPREPLY=($(compgen -W '{} --help --version' -- \"$cur\"))\n        return\n    fi\n",
                       fmt::join(top, " "));
    // A command's own commands come second: `migrate resolve`.
    out += "    case \"$command\" in\n";
    for (const CommandInfo& c : tree.commands) {
        if (c.commands.empty()) continue;
        std::vector<std::string> names;
        for (const CommandInfo& s : c.commands) names.push_back(s.name);
        out += fmt::format(
            "    {})\n"
            "        if ((COMP_CWORD == 2)) && [[ \"$cur\" != -* ]]; then\n"
            "            COMPREPLY=($(compgen -W '{}' -- \"$cur\"))\n"
            "            return\n"
            "        fi\n"
            "        if [[ \" {} \" == *\" ${{COMP_WORDS[2]}} \"* ]]; then command=\"$command ${{COMP_WORDS[2]}}\"; fi\n"
            "        ;;\n",
            c.name, fmt::join(names, " "), fmt::join(names, " "));
    }
    out += "    esac\n";
    // The value of the option before the cursor: words, a path, or free text (nothing offered).
    out += "    local values=\"\"\n    case \"$command $prev\" in\n";
    for (const NamedCommand& c : commands)
        for (const OptionInfo& o : c.info->options) {
            if (!o.takes_value || !o.positional.empty()) continue;
            std::string what = !o.choices.empty() ? fmt::format("{}", fmt::join(o.choices, " "))
                               : o.path           ? "@path"
                                                  : "@text";
            std::vector<std::string> patterns;
            if (!o.long_name.empty()) patterns.push_back(fmt::format("\"{} --{}\"", c.words, o.long_name));
            if (!o.short_name.empty()) patterns.push_back(fmt::format("\"{} -{}\"", c.words, o.short_name));
            out += fmt::format("    {}) values='{}' ;;\n", fmt::join(patterns, "|"), what);
        }
    out += "    esac\n"
           "    case \"$values\" in\n"
           "    '') ;;\n"
           "    @path) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
           "    @text) COMPREPLY=(); return ;;\n"
           "    *) COMPREPLY=($(compgen -W \"$values\" -- \"$cur\")); return ;;\n"
           "    esac\n"
           "    local options=\"\" paths=0\n"
           "    case \"$command\" in\n";
    for (const NamedCommand& c : commands) {
        bool positional = false;
        for (const OptionInfo& o : c.info->options) positional = positional || !o.positional.empty();
        out += fmt::format("    '{}') options='{}'{} ;;\n", c.words, fmt::join(option_words(*c.info), " "),
                           positional ? "; paths=1" : "");
    }
    out += "    esac\n"
           "    if [[ \"$cur\" != -* ]] && ((paths)); then\n"
           "        compopt -o filenames 2>/dev/null\n"
           "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
           "    else\n"
           "        COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
           "    fi\n"
           "}\n"
           "complete -F _schemac schemac\n";
    return out;
}

// Text inside a zsh _arguments spec's brackets: `[`, `]`, `:` and `\` escaped.
std::string zsh_escaped(const std::string& text) {
    std::string out;
    for (char c : first_line(text)) {
        if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
        out += c;
    }
    return single_quoted(out);
}

std::string zsh_arguments(const CommandInfo& command) {
    std::string out;
    for (const OptionInfo& o : command.options) {
        std::string action;
        if (o.takes_value) {
            std::string what = o.positional.empty() ? o.long_name : o.positional;
            action = !o.choices.empty() ? fmt::format(":{}:({})", what, fmt::join(o.choices, " "))
                     : o.path           ? fmt::format(":{}:_files", what)
                                        : fmt::format(":{}: ", what);
        }
        std::string help = zsh_escaped(o.description);
        if (!o.positional.empty()) {
            out += fmt::format(" \\\n            '*{}'", action);
        } else if (!o.short_name.empty() && !o.long_name.empty()) {
            out += fmt::format(" \\\n            '(-{0} --{1})'{{-{0},--{1}}}'[{2}]{3}'", o.short_name, o.long_name,
                               help, action);
        } else {
            std::string name = o.long_name.empty() ? "-" + o.short_name : "--" + o.long_name;
            out += fmt::format(" \\\n            '{}[{}]{}'", name, help, action);
        }
    }
    return out;
}

void zsh_command(const CommandInfo& command, const std::string& function, std::string& out) {
    out += fmt::format("{}() {{\n", function);
    if (!command.commands.empty()) {
        out += "    if ((CURRENT == 2)); then\n        local -a commands=(\n";
        for (const CommandInfo& s : command.commands)
            out += fmt::format("            '{}:{}'\n", s.name, single_quoted(first_line(s.description)));
        out += "        )\n        _describe -t commands command commands\n";
        out += "    fi\n    case $words[2] in\n";
        for (const CommandInfo& s : command.commands)
            out += fmt::format("    {0}) shift words; ((CURRENT--)); {1}_{0}; return ;;\n", s.name, function);
        out += "    esac\n";
    }
    out += fmt::format("    _arguments -s{}\n}}\n", zsh_arguments(command));
    for (const CommandInfo& s : command.commands) zsh_command(s, function + "_" + s.name, out);
}

std::string zsh(const CommandInfo& tree) {
    std::string out = "#compdef schemac\n# zsh completion for schemac (written by `schemac completion zsh`)\n\n";
    out += "_schemac() {\n    if ((CURRENT == 2)); then\n        local -a commands=(\n";
    for (const CommandInfo& c : tree.commands)
        out += fmt::format("            '{}:{}'\n", c.name, single_quoted(first_line(c.description)));
    out += "        )\n        _describe -t commands command commands\n        return\n    fi\n"
           "    local command=$words[2]\n    shift words\n    ((CURRENT--))\n    case $command in\n";
    for (const CommandInfo& c : tree.commands) out += fmt::format("    {0}) _schemac_{0} ;;\n", c.name);
    out += "    esac\n}\n\n";
    for (const CommandInfo& c : tree.commands) zsh_command(c, "_schemac_" + c.name, out);
    out += "\nif [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n    _schemac \"$@\"\nelse\n"
           "    compdef _schemac schemac\nfi\n";
    return out;
}

std::string fish(const CommandInfo& tree) {
    std::string out = "# fish completion for schemac (written by `schemac completion fish`)\n"
                      "complete -c schemac -f\n";
    std::vector<std::string> top;
    for (const CommandInfo& c : tree.commands) top.push_back(c.name);
    for (const CommandInfo& c : tree.commands)
        out += fmt::format("complete -c schemac -n __fish_use_subcommand -a {} -d '{}'\n", c.name,
                           single_quoted(first_line(c.description)));
    out += "complete -c schemac -n __fish_use_subcommand -l version -d 'print the version'\n";
    auto options = [&](const CommandInfo& c, const std::string& condition) {
        for (const OptionInfo& o : c.options) {
            if (!o.positional.empty()) {
                out += fmt::format("complete -c schemac -n '{}' -F\n", condition);
                continue;
            }
            std::string line = fmt::format("complete -c schemac -n '{}'", condition);
            if (!o.long_name.empty()) line += " -l " + o.long_name;
            if (!o.short_name.empty()) line += " -s " + o.short_name;
            if (o.takes_value) {
                if (!o.choices.empty())
                    line += fmt::format(" -x -a '{}'", fmt::join(o.choices, " "));
                else if (o.path)
                    line += " -r -F";
                else
                    line += " -x";
            }
            line += fmt::format(" -d '{}'", single_quoted(first_line(o.description)));
            out += line + "\n";
        }
    };
    for (const CommandInfo& c : tree.commands) {
        if (c.commands.empty()) {
            options(c, "__fish_seen_subcommand_from " + c.name);
            continue;
        }
        std::vector<std::string> names;
        for (const CommandInfo& s : c.commands) names.push_back(s.name);
        std::string own = fmt::format("__fish_seen_subcommand_from {}; and not __fish_seen_subcommand_from {}", c.name,
                                      fmt::join(names, " "));
        for (const CommandInfo& s : c.commands)
            out += fmt::format("complete -c schemac -n '{}' -a {} -d '{}'\n", own, s.name,
                               single_quoted(first_line(s.description)));
        options(c, own);
        for (const CommandInfo& s : c.commands)
            options(s,
                    fmt::format("__fish_seen_subcommand_from {}; and __fish_seen_subcommand_from {}", c.name, s.name));
    }
    return out;
}

}  // namespace

std::optional<std::string> completion_script(const CommandInfo& tree, const std::string& shell) {
    if (shell == "bash") return bash(tree);
    if (shell == "zsh") return zsh(tree);
    if (shell == "fish") return fish(tree);
    return std::nullopt;
}

}  // namespace schemac::cli
