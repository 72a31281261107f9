// One tenant of a schema-per-tenant database: a migration directory written for one schema (its
// template, `public` or another) applied to, and compared with, another schema of the same
// database. Says which schema is the template, whether the tenant's schema is there, how each
// statement reads in the tenant's schema, and the session's search_path there.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/migrations/sql_script.hpp"
#include "compiler/sql/tenant_rewrite.hpp"
#include "runtime/connection.hpp"

namespace schemac::runtime {

// The schemas a snapshot manages, extensions' own schemas aside (a schema that only holds an
// extension is left out): one name for a directory a tenant can take, with `public` when it
// manages none; several (sorted) when it cannot.
std::vector<std::string> template_schemas(const ir::Database& snapshot);

// Whether the database has a schema of that name.
bool schema_exists(Session& session, const std::string& schema);

// The statements as they run in the tenant's schema: a CREATE SCHEMA of the template is left out
// (the tenant's schema exists), every other is rewritten (compiler/sql/tenant_rewrite.hpp); lines
// and offsets stay those of the file.
std::vector<SqlStatement> tenant_statements(const std::vector<SqlStatement>& statements, const SchemaMapping& tenant);

// `SET search_path = "tenant", pg_catalog`: unqualified names, in statements and in function
// bodies run by the migrations, are the tenant's.
std::string tenant_search_path(const SchemaMapping& tenant);

}  // namespace schemac::runtime
