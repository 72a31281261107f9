#include "tools/schemac/role_findings.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "runtime/roles.hpp"

namespace schemac::cli {

std::size_t add_missing_role_findings(runtime::Session& session, const std::vector<ir::Role>& declared,
                                      const std::string& database, Diagnostics& found) {
    if (declared.empty()) return 0;
    std::vector<ir::Role> missing;
    {
        pqxx::read_transaction tx(session.connection());
        missing = runtime::missing_roles(tx, declared);
    }
    for (const ir::Role& role : missing)
        found.error("missing-role", role.origin.span,
                    fmt::format("role {} does not exist on {}: the schema declares it, and its grants and "
                                "policies name it",
                                role.name, database),
                    fmt::format("create it first, as a superuser or a role with CREATEROLE (schemac never creates "
                                "roles): `{}`, then run again",
                                runtime::create_role_statement(role.name)));
    return missing.size();
}

}  // namespace schemac::cli
