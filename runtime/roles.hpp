// Roles on the server: which of the roles a schema declares it lacks. schemac never creates,
// alters or drops a role (roles belong to the cluster and hold secrets); commands report a
// missing one by name before they change anything.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "compiler/ir/ir.hpp"

namespace schemac::runtime {

// The declared roles the server does not have, in order of name (one catalog query).
std::vector<ir::Role> missing_roles(pqxx::transaction_base& tx, const std::vector<ir::Role>& declared);

// What to run to create one: `CREATE ROLE app NOLOGIN;` (the name quoted where it needs to be).
std::string create_role_statement(const std::string& role);

}  // namespace schemac::runtime
