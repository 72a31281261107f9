// Helpers shared by the tests: compiling text, the project's folders, golden files.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "compiler/compile.hpp"

namespace schemac::test {

std::filesystem::path source_dir();  // the project's root
Compilation compile_text(const std::string& text, const std::string& name = "test.schema");
// Diagnostics as the CLI prints them in text form, without colour.
std::string diagnostics_text(const Compilation& c);
// The message of every diagnostic, for compact assertions.
std::vector<std::string> messages(const Compilation& c);
std::string read(const std::filesystem::path& path);
// The ```schema blocks of a document under the project's root: a name that says where each
// is ("docs/language.md block at line 12") and its text. Throws if a block is not closed.
std::vector<std::pair<std::string, std::string>> schema_blocks(const std::string& document);
void write(const std::filesystem::path& path, const std::string& text);
// Compares with a golden file; SCHEMAC_UPDATE_GOLDEN=1 rewrites it instead.
void check_golden(const std::filesystem::path& expected_file, const std::string& actual);
// Runs a shell command; returns its exit code and fills output with stdout and stderr.
int run(const std::string& command, std::string& output);
// The formatted text of a file that must parse, formatted as `schemac fmt` would.
std::string formatted(const std::string& text, const std::string& name = "test.schema");

// Runs the schemac binary from the project's root (or `directory`) with standard input
// closed: it must never need it.
int run_schemac(const std::string& arguments, std::string& output,
                const std::string& environment = "NO_COLOR=", const std::filesystem::path& directory = {});

// Like run_schemac, with standard output and standard error apart: a report that owns stdout
// (`--format sarif`) is read whole, the messages for people beside it.
int run_schemac_apart(const std::string& arguments, std::string& out, std::string& err,
                      const std::filesystem::path& directory = {});

// A temporary folder, removed with everything in it when the object goes.
struct TempDir {
    std::filesystem::path path;
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    // Writes a file in the folder (creating subfolders) and returns its path.
    std::string file(const std::string& name, const std::string& text) const;
};

}  // namespace schemac::test
