// Renames made in the editor that stay renames: every place the symbol is named gets the new
// name, and the declaration gets `@was(old)` so that `generate` writes a RENAME, never a drop
// and an add, unless the old name is new since the last snapshot (nothing to rename in any
// database) or the declaration already says what it was. Renamable: tables, views, columns,
// enums and their values, indexes, named constraints, sequences, domains and composite types.
// An enum value is also renamed in the defaults of the enum's columns (`default 'draft'`).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "compiler/ir/ir.hpp"
#include "tools/lsp/symbol_index.hpp"
#include "tools/lsp/workspace.hpp"

namespace schemac::lsp {

bool renamable(SymbolKind kind);

// The new name as the user typed it, as it is written in a .schema file and as PostgreSQL
// names it: `Orders` -> orders; a name that is not one identifier is quoted.
struct NewName {
    std::string written;
    std::string value;
};
std::optional<NewName> new_name(std::string_view typed);  // nothing for an empty name or one with a NUL
// A new enum value: a label is a value, kept exactly as typed; written as a word when it is one,
// else as a string (`On Hold` -> 'On Hold'). Nothing for one with a NUL.
std::optional<NewName> new_label(std::string_view typed);

// The WorkspaceEdit of a rename. `snapshot`: the schema after the last migration (empty when
// there is none yet); nothing when it could not be read, and then `@was` is always written.
nlohmann::json rename_edit(const Workspace& workspace, std::size_t symbol, const NewName& name,
                           const ir::Database* snapshot);

}  // namespace schemac::lsp
