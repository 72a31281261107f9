// Options every command shares (../docs/cli.md) and how a command reports: diagnostics in
// the chosen format, colour only where wanted, and the exit codes of DESIGN.md.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/compile.hpp"
#include "compiler/source/diagnostic_printer.hpp"
#include "compiler/source/sarif.hpp"

namespace schemac::cli {

enum Exit : int { success = 0, findings = 1, cannot_run = 2 };

struct CommonOptions {
    std::string schema = "schemas/";
    std::string format = "text";  // text | json | github | sarif
    std::string color = "auto";   // auto | always | never
    bool quiet = false;
};

void add_common_options(CLI::App& command, CommonOptions& options);
bool use_color(const CommonOptions& options);

// With `--format sarif` every report of the command gathers in this one log; main.cpp writes it
// when the command has run (on standard output, kept for it alone: all else goes to stderr).
// Its paths are relative to the repository's root (the nearest folder above with `.git`).
SarifLog& sarif_log();

// Prints diagnostics to stderr (text, github) or stdout (json, unless stdout is taken); sarif
// adds them to sarif_log() and prints them to stderr as text does. `fields`
// (an object) joins the json document: what a command adds beside its findings.
void report(const SourceSet& sources, const Diagnostics& diagnostics, const CommonOptions& options,
            bool stdout_is_taken = false, const nlohmann::json& fields = nlohmann::json::object());
// "schemac: error: ..." for problems that stop a command before it runs (exit 2).
int cannot_run_error(const std::string& message);
// What every command says when the snapshot cannot be read (exit 2): the reader's message
// (`migrations/schemac.snapshot.json: tables[1].name: ...`) and how to get a good one back.
int cannot_read_snapshot(const std::string& message);
inline constexpr const char* snapshot_restore_help =
    "the snapshot is written only by `schemac generate`: restore it from version control (`git checkout` the file)";

}  // namespace schemac::cli
