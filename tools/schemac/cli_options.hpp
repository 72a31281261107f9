// Options every command shares (../docs/cli.md) and how a command reports: diagnostics in
// the chosen format, colour only where wanted, and the exit codes of DESIGN.md.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "compiler/compile.hpp"
#include "compiler/diagnostic_printer.hpp"

namespace schemac::cli {

enum Exit : int { success = 0, findings = 1, cannot_run = 2 };

struct CommonOptions {
    std::string schema = "schemas/";
    std::string format = "text";  // text | json | github
    std::string color = "auto";   // auto | always | never
    bool quiet = false;
};

void add_common_options(CLI::App& command, CommonOptions& options);
bool use_color(const CommonOptions& options);

// Prints diagnostics to stderr (text, github) or stdout (json, unless stdout is taken).
void report(const SourceSet& sources, const Diagnostics& diagnostics, const CommonOptions& options,
            bool stdout_is_taken = false);
// "schemac: error: ..." for problems that stop a command before it runs (exit 2).
int cannot_run_error(const std::string& message);

}  // namespace schemac::cli
