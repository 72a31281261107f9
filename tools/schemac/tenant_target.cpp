#include "tools/schemac/tenant_target.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/rename_schema.hpp"
#include "compiler/migrations/migration_directory.hpp"
#include "runtime/apply_tenant.hpp"
#include "runtime/drift.hpp"

namespace schemac::cli {

bool resolve_tenant(const DatabaseOptions& options, runtime::Session& session, std::optional<SchemaMapping>& tenant) {
    tenant.reset();
    if (!options.tenant_schema) return true;
    const std::string& name = *options.tenant_schema;
    ir::Database snapshot;
    try {
        snapshot = read_snapshot(options.migrations);
    } catch (const SnapshotError& e) {
        cannot_read_snapshot(fmt::format("--tenant-schema {}: {}", name, e.what()));
        return false;
    }
    std::vector<std::string> templates = runtime::template_schemas(snapshot);
    if (templates.size() != 1) {
        cannot_run_error(fmt::format(
            "--tenant-schema {}: the migrations in {} manage {} schemas ({}), so there is no one schema to "
            "put in the tenant's place\nhelp: a tenant's migration directory describes one tenant in one schema: "
            "declare every table, type, view and function of it in one schema (public, or one of your own), and "
            "manage what the tenants share with another directory",
            name, options.migrations, templates.size(), fmt::join(templates, ", ")));
        return false;
    }
    if (!runtime::schema_exists(session, name)) {
        cannot_run_error(fmt::format("--tenant-schema {}: {} has no schema named {}\nhelp: create the tenant's "
                                     "schema first (CREATE SCHEMA {};), or check the name: schemac moves the "
                                     "migrations into a tenant's schema but never creates it",
                                     name, shown_database(options), quote_identifier(name), quote_identifier(name)));
        return false;
    }
    tenant = SchemaMapping{templates.front(), name};
    return true;
}

ir::Database tenant_expected(const ir::Database& snapshot, const SchemaMapping& tenant) {
    ir::Database out = snapshot;
    ir::rename_schema(out, tenant.from, tenant.to,
                      [&](const std::string& sql) { return rewrite_schema_references(sql, tenant); });
    return out;
}

runtime::IntrospectOptions tenant_introspect_options(const ir::Database& expected, const SchemaMapping& tenant,
                                                     const std::string& history_schema) {
    runtime::IntrospectOptions out{runtime::managed_schemas({}, expected), history_schema};
    if (tenant.from == "public") out.search_path = tenant.to;
    return out;
}

std::string shown_target(const DatabaseOptions& options) {
    std::string database = shown_database(options);
    return options.tenant_schema ? fmt::format("{} (schema {})", database, *options.tenant_schema) : database;
}

}  // namespace schemac::cli
