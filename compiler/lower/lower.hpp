// Lowering: syntax trees of every file of one schema -> the IR. Resolves names (types,
// referenced tables), checks and canonicalises SQL expressions with libpg_query, validates
// directives, fills in implicit names, and folds column-level constraints into table-level
// ones. Problems found on the way are reported; semantic checks of the finished IR live in
// compiler/checks/. It consumes the syntax trees, freeing each table's as it goes, so that
// a large schema is not held twice.
#pragma once

#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/source/diagnostics.hpp"
#include "compiler/syntax/syntax.hpp"

namespace schemac {

ir::Database lower(std::vector<syntax::File> files, const SourceSet& sources, Diagnostics& diagnostics);

}  // namespace schemac
