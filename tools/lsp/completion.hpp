// Completion in a .schema file: what may be written where the cursor is, read from the line
// being typed and the declarations around it. Directives after `@`; declaration keywords at
// the start of a top-level line and item keywords at the start of a table's line; types after
// a column's name (built-in, enums, domains, composite types); column modifiers after its
// type; tables after `references`; columns inside `references T(...)` and inside a key's,
// index's or include list's parentheses; an enum column's values after `default`.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tools/lsp/symbol_index.hpp"

namespace schemac::lsp {

// `index` is the schema's symbols with the line being typed left out (so that a half-written
// line does not hide the table around it); `text` is file `file`'s.
nlohmann::json completion_items(const SymbolIndex& index, std::uint32_t file, std::string_view text,
                                std::size_t offset);

}  // namespace schemac::lsp
