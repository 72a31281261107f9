// Which `.schema` declaration a migration statement acts on, for reports of a statement
// PostgreSQL refused: the statement's parse tree (libpg_query) names its object — the table and
// column of an ALTER TABLE ... ADD/ALTER COLUMN, the constraint it adds, the index, view,
// function, type, sequence, trigger or policy it creates — and the compiled schema says where
// that object is declared. An unknown span when the statement does not parse or names nothing
// the schema declares.
#pragma once

#include <cstddef>
#include <string_view>

#include "compiler/ir/ir.hpp"
#include "compiler/source/source.hpp"

namespace schemac {

Span statement_origin(const ir::Database& schema, std::string_view statement);
// The same, narrowed by where PostgreSQL's error points (a byte offset into `statement`): in a
// CREATE TABLE or ALTER TABLE, the column or constraint whose definition holds that place.
Span statement_origin(const ir::Database& schema, std::string_view statement, std::size_t error_offset);

}  // namespace schemac
