// The parser: .schema text -> syntax tree. Syntax errors become diagnostics with the exact
// position and what was found there; parsing resumes at the next declaration so that one
// run reports every broken declaration once.
#pragma once

#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"
#include "compiler/syntax.hpp"

namespace schemac {

syntax::File parse_file(const SourceSet& sources, std::uint32_t file, Diagnostics& diagnostics);

// Identifier helpers shared with the formatter and lowering.
// `"Order Items"` -> `Order Items`; `Users` -> `users` (PostgreSQL folds unquoted names to lower case).
std::string identifier_value(std::string_view written);
// 'it''s' -> it's
std::string unescape_string_literal(std::string_view written);

}  // namespace schemac
