// The IR read from a live database, in the form a person writes it, as `schemac pull` writes
// it: an extension's version and schema are left out where they are what CREATE EXTENSION
// picks by itself, a schema an extension is placed in is declared (so that the migration
// creates it before the extension), and every expression (policies' USING and WITH CHECK too)
// loses the casts PostgreSQL added
// (written_expression.hpp). The files written compile back to exactly this IR.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "compiler/ir/ir.hpp"

namespace schemac {

// What CREATE EXTENSION picks for an extension when neither its version nor its schema is given.
struct ExtensionDefaults {
    std::optional<std::string> version;  // the control file's default_version (none: not available)
    std::optional<std::string> schema;   // the schema the control file fixes (none: the search path's first)
};

void to_pulled_form(ir::Database& db, const std::map<std::string, ExtensionDefaults>& extension_defaults);

}  // namespace schemac
