#include "runtime/roles.hpp"

#include <algorithm>

#include "compiler/ir/identifiers.hpp"
#include "runtime/catalog_queries.hpp"
#include "runtime/connection.hpp"

namespace schemac::runtime {

std::vector<ir::Role> missing_roles(pqxx::transaction_base& tx, const std::vector<ir::Role>& declared) {
    if (declared.empty()) return {};
    std::vector<std::string> names;
    for (const ir::Role& role : declared) names.push_back(role.name);
    std::vector<ir::Role> out;
    for (const auto& row : tx.exec_params(catalog::missing_roles, text_array_literal(names))) {
        std::string name = row["role_name"].as<std::string>();
        auto it = std::find_if(declared.begin(), declared.end(), [&](const ir::Role& r) { return r.name == name; });
        if (it != declared.end()) out.push_back(*it);
    }
    return out;
}

std::string create_role_statement(const std::string& role) {
    return "CREATE ROLE " + quote_identifier(role) + " NOLOGIN;";
}

}  // namespace schemac::runtime
