#include "tools/schemac/cli_options.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace schemac::cli {

void add_common_options(CLI::App& command, CommonOptions& options) {
    command
        .add_option("--schema", options.schema,
                    "a .schema file, or a directory whose *.schema files (subdirectories included) form one schema")
        ->capture_default_str();
    command.add_option("--format", options.format, "report format")
        ->check(CLI::IsMember({"text", "json", "github", "sarif"}))
        ->capture_default_str();
    command.add_option("--color", options.color, "colour: auto (only on a terminal), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    command.add_flag("-q,--quiet", options.quiet, "print only errors");
}

bool use_color(const CommonOptions& options) {
    if (options.color == "always") return true;
    if (options.color == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return isatty(fileno(stderr)) != 0;
}

namespace {
// Code scanning reads paths relative to the repository: the nearest folder holding `.git` (a
// folder, or a file in a worktree) from here up; the working directory outside a repository.
std::filesystem::path repository_root() {
    std::error_code ec;
    std::filesystem::path here = std::filesystem::current_path(ec);
    for (std::filesystem::path dir = here; !ec; dir = dir.parent_path()) {
        if (std::filesystem::exists(dir / ".git", ec)) return dir;
        if (!dir.has_relative_path()) break;
    }
    return here;
}
}  // namespace

SarifLog& sarif_log() {
    static SarifLog log(repository_root());
    return log;
}

void report(const SourceSet& sources, const Diagnostics& diagnostics, const CommonOptions& options,
            bool stdout_is_taken, const nlohmann::json& fields) {
    // sarif: the log for code scanning, and the findings for people on stderr, as with text.
    if (options.format == "sarif") sarif_log().add(sources, diagnostics);
    if (options.format == "json") {
        nlohmann::json out{{"diagnostics", to_json(sources, diagnostics)},
                           {"errors", diagnostics.error_count()},
                           {"warnings", diagnostics.all().size() - diagnostics.error_count()}};
        out.update(fields);
        (stdout_is_taken ? std::cerr : std::cout)
            << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return;
    }
    if (diagnostics.all().empty()) return;
    if (options.format == "github") {
        std::cerr << format_github(sources, diagnostics);
        return;
    }
    std::cerr << format_text(sources, diagnostics, PrintOptions{use_color(options)});
    std::cerr << summary_line(diagnostics) << "\n";
}

int cannot_run_error(const std::string& message) {
    std::cerr << "schemac: error: " << message << "\n";
    return cannot_run;
}

int cannot_read_snapshot(const std::string& message) {
    std::cerr << "schemac: error: " << message << "\nhelp: " << snapshot_restore_help << "\n";
    return cannot_run;
}

}  // namespace schemac::cli
