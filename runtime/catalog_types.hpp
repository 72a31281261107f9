// Types as the catalog queries give them (format_type's text, the type's schema and name) put
// into the IR's canonical form: built-in types under their canonical name with their modifiers
// split out (`character varying(20)` -> {"character varying", {"20"}}).
#pragma once

#include <string>

#include "compiler/ir/ir.hpp"

namespace schemac::runtime {

// format_type's text split into a name and its modifiers, the name kept as given.
ir::Type formatted_type(const std::string& formatted);
// A type of pg_catalog, under the canonical name the compiler gives it (`int4` -> `integer`).
ir::Type builtin_type(const std::string& formatted);

}  // namespace schemac::runtime
