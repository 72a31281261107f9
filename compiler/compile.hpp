// The compiler driver, top to bottom: read the schema's files -> parse each -> lower to the
// IR -> run the semantic checks. Lowering and checks run only when every file parsed, so one
// mistake gives one error; checks skip what lowering could not resolve.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/source/diagnostics.hpp"
#include "compiler/source/file_read.hpp"
#include "compiler/source/source.hpp"
#include "compiler/syntax/syntax.hpp"

namespace schemac {

struct Compilation {
    SourceSet sources;  // the files read, in order; diagnostics point into them
    ir::Database database;
    Diagnostics diagnostics;
    bool ok() const { return !diagnostics.has_errors(); }
};

// A .schema file, or the *.schema files inside a directory and its subdirectories, sorted by
// path. Directories whose name starts with a dot are not entered; symbolic links are followed,
// but a directory or file reached a second time (a link loop, two links to one place) is not
// read again.
std::vector<std::filesystem::path> schema_files(const std::filesystem::path& path);

// Compiles (file name, text) pairs from memory. Any bytes at all: every problem is a
// diagnostic (a file that is not UTF-8 or holds a NUL is refused before it is parsed);
// nothing is thrown but std::bad_alloc.
Compilation compile_sources(std::vector<std::pair<std::string, std::string>> named_texts);
Compilation compile_path(const std::filesystem::path& path);  // throws LoadError

}  // namespace schemac
