// The parser: .schema text -> syntax tree. Syntax errors become diagnostics with the exact
// position and what was found there; parsing resumes at the next declaration so that one
// run reports every broken declaration once.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "compiler/source/diagnostics.hpp"
#include "compiler/source/source.hpp"
#include "compiler/syntax/syntax.hpp"

namespace schemac {

syntax::File parse_file(const SourceSet& sources, std::uint32_t file, Diagnostics& diagnostics);
// The same, with each declaration handed to `take` as soon as it is read, in order, instead of
// kept in the file returned (which then holds only the comments and whether it is complete):
// a large file's tree is never held whole.
syntax::File parse_file(const SourceSet& sources, std::uint32_t file, Diagnostics& diagnostics,
                        const std::function<void(syntax::Declaration&&)>& take);

// About how many tables `text` declares, before it is parsed: the lines whose first word is
// `table` or `unlogged` (in any letter case, as the grammar reads them). Only a hint for the room
// of the table list: a line in a comment or a string counts too, and a table written otherwise
// (`table` at a line's end) is not counted.
std::size_t count_table_lines(std::string_view text);

}  // namespace schemac
