// The formatter behind `schemac fmt`: prints a parsed .schema file in the one canonical
// layout. Declarations and table items keep their order; column modifiers take a fixed
// order; columns are aligned; keywords are lower case; names, types and SQL are kept as
// written; comments stay with the line they were on (or the item they preceded), and one
// blank line is kept wherever the source had any. Formatting is idempotent and never changes
// the IR. Only complete files (no syntax errors) can be formatted.
#pragma once

#include <string>

#include "compiler/source/source.hpp"
#include "compiler/syntax/syntax.hpp"

namespace schemac {

std::string format_schema_file(const SourceSet& sources, const syntax::File& file);

}  // namespace schemac
