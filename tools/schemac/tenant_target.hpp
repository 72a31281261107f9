// `--tenant-schema NAME` before a command talks to the tenant: the template schema its migration
// directory is written for (the one schema the snapshot manages) mapped to the tenant's schema,
// which must exist. Refusals are one error line and a help line (exit 2).
#pragma once

#include <optional>
#include <string>

#include "compiler/ir/ir.hpp"
#include "compiler/sql/tenant_rewrite.hpp"
#include "runtime/connection.hpp"
#include "runtime/introspect.hpp"
#include "tools/schemac/database_options.hpp"

namespace schemac::cli {

// Without --tenant-schema: true, `tenant` left empty. With it: the mapping template -> tenant, or
// false after printing why not (the snapshot manages several schemas or cannot be read, the
// tenant's schema does not exist).
bool resolve_tenant(const DatabaseOptions& options, runtime::Session& session, std::optional<SchemaMapping>& tenant);

// The snapshot as the tenant's schema should hold it: the template schema renamed to the
// tenant's everywhere (compiler/ir/rename_schema.hpp), so the one planner compares the tenant
// with it and drift names the tenant's objects.
ir::Database tenant_expected(const ir::Database& snapshot, const SchemaMapping& tenant);
// How to read a tenant: the schemas `expected` names (the tenant's among them), the history in
// `history_schema` left out, and expressions printed relative to the tenant's schema where the
// template's are relative to public (bare names), else relative to public as usual.
runtime::IntrospectOptions tenant_introspect_options(const ir::Database& expected, const SchemaMapping& tenant,
                                                     const std::string& history_schema);

// The database as shown to people, with the tenant's schema when there is one:
// `postgresql://app@db/main (schema tenant_042)`.
std::string shown_target(const DatabaseOptions& options);

}  // namespace schemac::cli
