// The IR's JSON form (docs/ir-json.md): versioned, keys in a fixed order, optional fields
// written only when set and booleans only when true, so that equal IRs give byte-identical
// text and read(write(ir)) == ir. The snapshot file uses this form.
//
// Reading is strict, because a snapshot can be damaged by hand or by a merge and must never
// silently become a migration: a syntax error, a key repeated in one object, an unknown key,
// a value of the wrong type, a NUL character or a name given twice in one list is refused
// with `where: what` (`tables[3].columns[1].not_null: expected true or false, found "yes"`).
// Lists whose order carries no meaning (schemas, extensions, enums, tables, and a table's
// uniques, checks, foreign keys and indexes) are sorted by name on reading, as the IR keeps
// them; columns and enum values keep the document's order.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac {

// What is wrong with a document, and where: `tables[0].name: expected a string, found 7`.
struct IrJsonError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Two-space indent, final newline. Never throws: a byte that is not UTF-8 (only a name read
// from a SQL_ASCII database can hold one) is written as U+FFFD.
std::string ir_to_json_text(const ir::Database& db);
// The same text, handed to `sink` in pieces of about 256 KiB as it is written.
void ir_to_json_pieces(const ir::Database& db, const std::function<void(std::string_view)>& sink);
// Every text of the IR that is not valid UTF-8 (possible only in what was read from a
// SQL_ASCII database), as `tables[0].columns[1].name "caf\xE9"`; empty when there is none.
std::vector<std::string> ir_text_not_utf8(const ir::Database& db);
// Any text at all: the IR, or IrJsonError (and nothing else, std::bad_alloc aside).
ir::Database ir_from_json_text(std::string_view text);

}  // namespace schemac
