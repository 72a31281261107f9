// Lowering: syntax trees of every file of one schema -> the IR. Resolves names (types,
// referenced tables), checks and canonicalises SQL expressions with libpg_query, validates
// directives, fills in implicit names, and folds column-level constraints into table-level
// ones. Problems found on the way are reported; semantic checks of the finished IR live in
// compiler/checks/. It consumes the syntax trees, freeing each table's as it goes, so that
// a large schema is not held twice.
#pragma once

#include <memory>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/source/diagnostics.hpp"
#include "compiler/syntax/syntax.hpp"

namespace schemac {

namespace lowering {
class Lowering;
}

// Lowering file by file, so that a large schema's syntax trees are never all held at once:
// add() each file as soon as it is parsed (its tables that need nothing declared elsewhere are
// lowered then and there), finish() once every file is added. The result, and every diagnostic,
// is the same as lower() of all the files.
class SchemaLowering {
public:
    SchemaLowering(const SourceSet& sources, Diagnostics& diagnostics);
    ~SchemaLowering();
    SchemaLowering(const SchemaLowering&) = delete;
    SchemaLowering& operator=(const SchemaLowering&) = delete;

    void add(syntax::File file);
    ir::Database finish();

private:
    std::unique_ptr<lowering::Lowering> lowering_;
};

ir::Database lower(std::vector<syntax::File> files, const SourceSet& sources, Diagnostics& diagnostics);

}  // namespace schemac
