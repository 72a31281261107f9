// PostgreSQL types: canonical spelling of built-in types and their aliases, which extension
// provides a known non-built-in type, and how a type is written back as SQL.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac {

// `int4` -> `integer`, `varchar` -> `character varying`, `timestamptz` -> `timestamp with time zone`.
// nullopt when the name is not a built-in type. `parameters` may be rewritten (float(p), char).
std::optional<std::string> canonical_builtin_type(std::string_view name, std::vector<std::string>& parameters);

// The extension that provides a type we know of (`citext` -> "citext", `geometry` -> "postgis").
std::optional<std::string> extension_for_type(std::string_view name);
// The schema an extension's type is named with, given the schema its extension lives in: none
// for public (on the search path every migration runs with) and pg_catalog, else that schema
// (`extensions.citext`), so that the SQL finds the type on a fresh database whatever its search path.
std::string extension_type_schema(const std::optional<std::string>& extension_schema);
// Whether a type is one an extension provides, qualified or not (`citext`, `extensions.citext`).
bool is_extension_type(const ir::Type& type);
// Calls `visit` on every type the database names: columns, domains' base types, composite
// types' attributes, functions' arguments, results and result columns.
void for_each_type(ir::Database& db, const std::function<void(ir::Type&)>& visit);
// A snapshot written before extensions' types were named with their extension's schema gets
// that schema, as lowering gives it now (`citext` of `extension citext schema extensions`).
void name_extension_types_with_their_schema(ir::Database& db);

bool is_integer_type(const ir::Type& type);  // smallint, integer, bigint (no arrays)
bool is_serial_type(const ir::Type& type);   // smallserial, serial, bigserial (no arrays)
// The column type behind a serial type (`serial` -> `integer`); any other type is returned as is.
ir::Type serial_column_type(const ir::Type& type);
// Whether lowering could resolve the type: built in, from a known extension, or a declared enum.
bool type_is_resolved(const ir::Database& db, const ir::Type& type);
// Whether a foreign key column of type `from` may reference a column of type `to`.
bool types_compatible_for_reference(const ir::Type& from, const ir::Type& to);

// SQL for a type: `numeric(12,2)`, `timestamp(3) with time zone`, `billing.kind[]`.
std::string render_type(const ir::Type& type);

// Every built-in type name and alias schemac knows (`integer`, `int4`, `timestamptz`, ...), for
// an editor's completion.
std::vector<std::string_view> builtin_type_names();

// The closest known built-in type name to a misspelt one, for a "did you mean" help.
std::optional<std::string> suggest_type(std::string_view name);

}  // namespace schemac
