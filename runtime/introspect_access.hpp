// The introspector's reading of access: row-level security policies (policies.sql), privileges
// (grants.sql, and the `grants` column of functions.sql) and default privileges
// (default_privileges.sql), each with one set-based query, into the IR as compiler/ir/ir.hpp
// describes them: policy expressions in the canonical text lowering gives, grants one privilege
// a row, sorted (sort_grants), never the owner's own, "public" for PUBLIC.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "compiler/ir/ir.hpp"

namespace schemac::runtime {

// The policies in `rows` (policies.sql's result, its $1 the tables' oids as an array literal), by
// table, each table's sorted by name. The caller runs this file's queries (when it suits the
// connection: see introspect.cpp).
std::map<ir::QualifiedName, std::vector<ir::Policy>> read_policies(const pqxx::result& rows,
                                                                   std::vector<std::string>& unreadable);

// The privileges grants.sql reads, by what they are on.
struct AccessGrants {
    std::map<ir::QualifiedName, std::vector<ir::Grant>> relations;  // tables, views, their columns
    std::map<std::string, std::vector<ir::Grant>> schemas;
    std::vector<ir::SequenceGrants> sequences;  // sorted by sequence; only those with a grant
};
// `rows`: grants.sql's result, its $1 the managed tables', views' and materialized views' oids
// (an array literal), its $2 the managed schemas' names (a text array literal).
AccessGrants read_grants(const pqxx::result& rows);

// A JSON array of {grantee, privilege, grantable} (functions.sql's `grants`), sorted.
std::vector<ir::Grant> grants_of_json(const pqxx::field& f);

// The default privileges in `rows` (default_privileges.sql's result, its $1 the managed schemas'
// names), global or of those schemas, sorted by (for_role, schema, objects); entries whose only
// privileges are the creator's own or PUBLIC's are left out.
std::vector<ir::DefaultPrivileges> read_default_privileges(const pqxx::result& rows);

}  // namespace schemac::runtime
