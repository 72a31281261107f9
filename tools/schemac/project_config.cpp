#include "tools/schemac/project_config.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <vector>

#include "compiler/source/diagnostic_printer.hpp"
#include "compiler/source/file_read.hpp"
#include "compiler/source/suggest.hpp"
#include "runtime/redact.hpp"
#include "tools/schemac/cli_options.hpp"
#include "tools/schemac/fleet.hpp"

namespace schemac::cli {

namespace {

// Decisions for one run: written on the command line each time, never kept in a file.
const std::set<std::string> one_run_keys{"name",  "to",      "version",         "applied", "rolled_back", "yes",
                                         "force", "dry_run", "allow_data_loss", "check",   "from",        "emit",
                                         "env",   "help"};
// Settings that are paths: relative to the folder of schemac.toml, wherever the command runs.
const std::set<std::string> path_keys{"schema", "migrations", "targets", "output"};

std::string key_of(const std::string& long_name) {
    std::string key = long_name;
    for (char& c : key)
        if (c == '-') c = '_';
    return key;
}

// A command's configurable options by key.
std::map<std::string, CLI::Option*> options_of(CLI::App& command) {
    std::map<std::string, CLI::Option*> out;
    for (CLI::Option* option : command.get_options()) {
        if (option->get_lnames().empty()) continue;  // positional
        std::string key = key_of(option->get_lnames().front());
        if (!one_run_keys.count(key)) out.emplace(key, option);
    }
    return out;
}

bool is_flag(const CLI::Option* option) { return option->get_items_expected_max() == 0; }

struct Setting {
    Span key;
    Span value;
    const toml::node* node = nullptr;
    bool from_variable = false;  // `KEY_env = "NAME"`: the value is that environment variable's
};

class ConfigReader {
public:
    ConfigReader(CLI::App& root, const std::filesystem::path& file, const std::string& text)
        : dir_(file.parent_path()) {
        std::error_code ec;
        std::filesystem::path shown = std::filesystem::proximate(file, ec);
        sources_.add(ec ? file.string() : shown.string(), text);
        for (CLI::App* command : root.get_subcommands({})) commands_[command->get_name()] = command;
    }

    // Parses and checks the whole file (every environment and table, not only those this run
    // reads), so that a mistake shows whichever command runs.
    bool read() {
        try {
            table_ = toml::parse(sources_.file(0).text(), sources_.file(0).path());
        } catch (const toml::parse_error& e) {
            found_.error("config-syntax", span_of(e.source()), std::string(e.description()),
                         "schemac.toml is TOML: `key = \"value\"`, tables as `[check]` or `[environments.prod]`");
            return false;
        }
        for (auto&& [key, node] : table_) {
            if (key.str() == "environments") {
                check_environments(node);
            } else {
                check_entry(key, node, nullptr);
            }
        }
        return !found_.has_errors();
    }

    // The settings of `top`'s run in `env`, later layers over earlier ones.
    std::map<std::string, Setting> layers(const std::string& top, const std::optional<std::string>& env) {
        std::map<std::string, Setting> out;
        add_layer(table_, top, out);
        if (env) {
            const toml::table* environments = table_["environments"].as_table();
            const toml::table* chosen = environments ? (*environments)[*env].as_table() : nullptr;
            if (!chosen) {
                std::vector<std::string> names;
                if (environments)
                    for (auto&& [name, node] : *environments) names.push_back(std::string(name.str()));
                found_.error("config-unknown-environment", Span{},
                             fmt::format("--env {}: {} has no [environments.{}]", *env, sources_.file(0).path(), *env),
                             names.empty() ? fmt::format("add a table `[environments.{}]` to it", *env)
                                           : fmt::format("its environments are: {}", fmt::join(names, ", ")));
                return out;
            }
            add_layer(*chosen, top, out);
        }
        return out;
    }

    // Sets each unset option of `command` from `settings`.
    void apply(CLI::App& command, const std::map<std::string, Setting>& settings) {
        bool fleet_child = std::getenv(fleet_target_variable) != nullptr;
        std::map<std::string, CLI::Option*> options = options_of(command);
        for (const auto& [key, setting] : settings) {
            auto it = options.find(key);
            if (it == options.end()) continue;  // another command's setting
            CLI::Option* option = it->second;
            if (option->count() > 0) continue;  // the command line wins
            // A fleet's child is given its database by the fleet, and runs no fleet itself.
            if (fleet_child && (key == "database" || option->get_group().starts_with("Fleet"))) continue;
            std::vector<std::string> values;
            if (!values_of(key, setting, option, values)) continue;
            for (const std::string& value : values) runtime::remember_secrets(value);
            try {
                for (const std::string& value : values) option->add_result(value);
                option->run_callback();
            } catch (const CLI::Error& e) {
                found_.error("config-bad-value", setting.value, fmt::format("{}: {}", key, e.what()),
                             "write a value the option takes: `schemac " + command.get_name() + " --help`");
            }
        }
    }

    const SourceSet& sources() const { return sources_; }
    Diagnostics& found() { return found_; }

private:
    Span span_of(const toml::source_region& region) const {
        const SourceFile& file = sources_.file(0);
        auto offset = [&](const toml::source_position& at) {
            const std::string& text = file.text();
            std::size_t i = file.content_begin();
            for (std::uint32_t line = 1; line < at.line && i < text.size(); ++i)
                if (text[i] == '\n') ++line;
            for (std::uint32_t column = 1; column < at.column && i < text.size() && text[i] != '\n'; ++column) {
                ++i;  // past one code point: its first byte and its continuation bytes
                while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
            }
            return static_cast<std::uint32_t>(i);
        };
        std::uint32_t begin = offset(region.begin);
        std::uint32_t end = region.end.line ? std::max(begin, offset(region.end)) : begin;
        return Span{0, begin, end};
    }

    void check_environments(const toml::node& node) {
        const toml::table* environments = node.as_table();
        if (!environments) {
            found_.error("config-bad-value", span_of(node.source()), "environments must be a table of environments",
                         "write each as a table: `[environments.prod]`");
            return;
        }
        for (auto&& [name, environment] : *environments) {
            const toml::table* settings = environment.as_table();
            if (!settings) {
                found_.error("config-bad-value", span_of(environment.source()),
                             fmt::format("environment '{}' must be a table of settings", name.str()),
                             fmt::format("write `[environments.{}]` and its settings below it", name.str()));
                continue;
            }
            for (auto&& [k, v] : *settings) check_entry(k, v, nullptr);
        }
    }

    // One entry of a layer: a command's table (when `command` is null) or a setting.
    void check_entry(const toml::key& key, const toml::node& node, CLI::App* command) {
        std::string name(key.str());
        if (!command && commands_.count(name) && node.is_table()) {
            CLI::App* sub = commands_.at(name);
            for (auto&& [k, v] : *node.as_table()) check_entry(k, v, sub);
            return;
        }
        Span where = span_of(key.source());
        if (one_run_keys.count(name)) {
            found_.error("config-one-run", where, fmt::format("'{}' cannot be set in {}", name, config_file_name),
                         fmt::format("it is a decision for one run: give --{} on the command line", dashed(name)));
            return;
        }
        bool from_variable = false;
        CLI::Option* option = find_option(name, command);
        if (!option && name.ends_with("_env")) {
            option = find_option(name.substr(0, name.size() - 4), command);
            from_variable = option != nullptr;
        }
        if (!option) {
            std::vector<std::string> known = known_keys(command);
            std::vector<std::string_view> candidates(known.begin(), known.end());
            std::optional<std::string> closest = closest_name(name, candidates);
            std::string where_known = command ? fmt::format("`schemac {}` has no option --{}", command->get_name(),
                                                            dashed(name))
                                              : fmt::format("no command has an option --{}", dashed(name));
            found_.error("config-unknown-key", where, fmt::format("unknown setting '{}': {}", name, where_known),
                         closest
                             ? fmt::format("did you mean '{}'?", *closest)
                             : "a setting is a command's long option, written with `_`: `history_schema = \"ops\"`");
            return;
        }
        std::string problem = type_problem(node, option, from_variable);
        if (!problem.empty())
            found_.error("config-bad-value", span_of(node.source()), fmt::format("{}: {}", name, problem),
                         from_variable     ? fmt::format("write the variable's name: `{} = \"NAME\"`", name)
                         : is_flag(option) ? fmt::format("write `{} = true`", name)
                                           : fmt::format("write `{} = \"...\"`", name));
    }

    static std::string dashed(std::string key) {
        for (char& c : key)
            if (c == '_') c = '-';
        return key;
    }

    CLI::Option* find_option(const std::string& key, CLI::App* command) const {
        if (command) {
            auto options = options_of(*command);
            auto it = options.find(key);
            return it == options.end() ? nullptr : it->second;
        }
        for (const auto& [name, sub] : commands_) {
            auto options = options_of(*sub);
            if (auto it = options.find(key); it != options.end()) return it->second;
        }
        return nullptr;
    }

    std::vector<std::string> known_keys(CLI::App* command) const {
        std::set<std::string> keys;
        for (const auto& [name, sub] : commands_) {
            if (command && sub != command) continue;
            for (const auto& [key, option] : options_of(*sub)) keys.insert(key);
        }
        if (!command)
            for (const auto& [name, sub] : commands_) keys.insert(name);
        return {keys.begin(), keys.end()};
    }

    static std::string type_problem(const toml::node& node, const CLI::Option* option, bool from_variable) {
        if (from_variable) return node.is_string() ? "" : "expected the name of an environment variable";
        if (is_flag(option)) return node.is_boolean() ? "" : "expected true or false";
        if (node.is_array()) {
            if (option->get_items_expected_max() <= 1) return "expected one value, found a list";
            for (const toml::node& item : *node.as_array())
                if (!item.is_string() && !item.is_integer()) return "expected a list of strings";
            return "";
        }
        if (node.is_string() || node.is_integer() || node.is_floating_point()) return "";
        return "expected a string";
    }

    void add_layer(const toml::table& table, const std::string& top, std::map<std::string, Setting>& out) {
        auto add = [&](const toml::table& settings) {
            for (auto&& [key, node] : settings) {
                std::string name(key.str());
                if (node.is_table()) continue;
                bool from_variable = name.ends_with("_env") && !known(name);
                if (from_variable) name.resize(name.size() - 4);
                out[name] = Setting{span_of(key.source()), span_of(node.source()), &node, from_variable};
            }
        };
        add(table);
        if (const toml::table* command = table[top].as_table()) add(*command);
    }

    bool known(const std::string& key) const { return find_option(key, nullptr) != nullptr; }

    // The option's values for a setting; false (with an error) when a variable is not set.
    bool values_of(const std::string& key, const Setting& setting, const CLI::Option* option,
                   std::vector<std::string>& values) {
        if (setting.from_variable) {
            std::string variable = setting.node->value<std::string>().value_or("");
            const char* value = std::getenv(variable.c_str());
            if (!value || !*value) {
                found_.error("config-variable-unset", setting.value,
                             fmt::format("{}_env: the environment variable {} is not set", key, variable),
                             fmt::format("set {} (in CI: from a secret), or give --{} on the command line", variable,
                                         dashed(key)));
                return false;
            }
            values.push_back(value);
            return true;
        }
        if (is_flag(option)) {
            if (setting.node->value<bool>().value_or(false)) values.push_back("true");
            return !values.empty();
        }
        auto text = [](const toml::node& node) {
            if (node.is_string()) return *node.value<std::string>();
            if (node.is_integer()) return std::to_string(*node.value<std::int64_t>());
            return fmt::format("{}", *node.value<double>());
        };
        if (const toml::array* list = setting.node->as_array())
            for (const toml::node& item : *list) values.push_back(text(item));
        else
            values.push_back(text(*setting.node));
        if (path_keys.count(key))
            for (std::string& value : values) {
                std::filesystem::path path = dir_ / value;
                std::error_code ec;
                std::filesystem::path shown = std::filesystem::proximate(path, ec);
                value = (ec ? path : shown).lexically_normal().string();
            }
        return true;
    }

    std::filesystem::path dir_;
    SourceSet sources_;
    Diagnostics found_;
    toml::table table_;
    std::map<std::string, CLI::App*> commands_;
};

CommonOptions report_options(CLI::App& command) {
    CommonOptions options;
    const CLI::Option* format = command.get_option_no_throw("--format");
    // The configuration's errors are for people whatever the format: a SARIF log is written
    // only by a command that ran.
    if (format && format->count() > 0 && format->as<std::string>() != "sarif")
        options.format = format->as<std::string>();
    if (const CLI::Option* color = command.get_option_no_throw("--color"); color && color->count() > 0)
        options.color = color->as<std::string>();
    return options;
}

}  // namespace

std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& start) {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::absolute(start, ec);
    if (ec) return std::nullopt;
    for (;;) {
        std::filesystem::path candidate = dir / config_file_name;
        if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
        if (!dir.has_relative_path()) return std::nullopt;  // the root
        dir = dir.parent_path();
    }
}

bool apply_project_config(CLI::App& top, CLI::App& command, const std::optional<std::string>& env) {
    std::error_code ec;
    std::optional<std::filesystem::path> file = find_config_file(std::filesystem::current_path(ec));
    if (!file) {
        if (!env) return true;
        cannot_run_error(
            fmt::format("--env {}: there is no {} in this folder or a folder above it", *env, config_file_name));
        std::cerr << "help: `schemac init` writes one; environments are its [environments.NAME] tables\n";
        return false;
    }
    std::string text;
    try {
        text = read_file(*file);
    } catch (const LoadError& e) {
        cannot_run_error(e.what());
        return false;
    }
    CLI::App* root = &top;
    while (root->get_parent()) root = root->get_parent();
    ConfigReader reader(*root, *file, text);
    if (reader.read()) {
        std::map<std::string, Setting> settings = reader.layers(top.get_name(), env);
        if (!reader.found().has_errors()) reader.apply(command, settings);
    }
    if (!reader.found().has_errors()) return true;
    reader.found().sort();
    report(reader.sources(), reader.found(), report_options(command));
    return false;
}

}  // namespace schemac::cli
