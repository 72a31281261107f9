#include "runtime/apply_tenant.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>
#include <set>

#include "compiler/ir/identifiers.hpp"
#include "runtime/drift.hpp"

namespace schemac::runtime {

std::vector<std::string> template_schemas(const ir::Database& snapshot) {
    std::set<std::string> holding = schemas_holding_objects(snapshot);
    std::set<std::string> extension_schemas;
    for (const ir::Extension& e : snapshot.extensions)
        if (e.schema) extension_schemas.insert(*e.schema);
    for (const ir::Schema& s : snapshot.schemas)
        if (!extension_schemas.contains(s.name)) holding.insert(s.name);
    if (holding.empty()) holding.insert("public");
    return {holding.begin(), holding.end()};
}

bool schema_exists(Session& session, const std::string& schema) {
    pqxx::nontransaction tx(session.connection());
    return !tx.exec_params("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema).empty();
}

std::vector<SqlStatement> tenant_statements(const std::vector<SqlStatement>& statements, const SchemaMapping& tenant) {
    std::vector<SqlStatement> out;
    for (const SqlStatement& s : statements)
        if (!creates_schema(s.text, tenant.from))
            out.push_back(SqlStatement{rewrite_schema_references(s.text, tenant), s.line, s.offset});
    return out;
}

std::string tenant_search_path(const SchemaMapping& tenant) {
    return fmt::format("SET search_path = {}, pg_catalog", quote_identifier(tenant.to));
}

}  // namespace schemac::runtime
