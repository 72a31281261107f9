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

// Lowering declaration by declaration, so that a large schema's syntax trees are never held
// whole: begin_file() for each file, then add() each of its declarations as soon as it is parsed
// (a table that needs nothing declared elsewhere is lowered then and there, and its syntax
// freed), finish() once every file is added. The result, and every diagnostic, is the same
// whichever order the tables are lowered in.
class SchemaLowering {
public:
    SchemaLowering(const SourceSet& sources, Diagnostics& diagnostics);
    ~SchemaLowering();
    SchemaLowering(const SchemaLowering&) = delete;
    SchemaLowering& operator=(const SchemaLowering&) = delete;

    // Room for about `count` tables (a hint: more are taken as well).
    void expect_tables(std::size_t count);
    void begin_file(std::uint32_t file);
    void add(syntax::Declaration&& declaration);
    ir::Database finish();

private:
    std::unique_ptr<lowering::Lowering> lowering_;
};

}  // namespace schemac
