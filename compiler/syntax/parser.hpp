// The parser: .schema text -> syntax tree. Syntax errors become diagnostics with the exact
// position and what was found there; parsing resumes at the next declaration so that one
// run reports every broken declaration once.
#pragma once

#include "compiler/source/diagnostics.hpp"
#include "compiler/source/source.hpp"
#include "compiler/syntax/syntax.hpp"

namespace schemac {

syntax::File parse_file(const SourceSet& sources, std::uint32_t file, Diagnostics& diagnostics);

}  // namespace schemac
