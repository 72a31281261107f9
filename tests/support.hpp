// Helpers shared by the tests: compiling text, the project's folders, golden files.
#pragma once

#include <filesystem>
#include <string>
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
void write(const std::filesystem::path& path, const std::string& text);
// Compares with a golden file; SCHEMAC_UPDATE_GOLDEN=1 rewrites it instead.
void check_golden(const std::filesystem::path& expected_file, const std::string& actual);
// Runs a shell command; returns its exit code and fills output with stdout and stderr.
int run(const std::string& command, std::string& output);
// The formatted text of a file that must parse, formatted as `schemac fmt` would.
std::string formatted(const std::string& text, const std::string& name = "test.schema");

}  // namespace schemac::test
