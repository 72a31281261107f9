// The databases and roles schemac makes on a scratch server (its own or --dev-url's), through one
// maintenance session: each database is new (`schemac_verify_<purpose>_<random hex>`, from
// template0 so nothing a server's template1 holds leaks in), each role is made only when missing,
// and drop_all() drops exactly what was made here — never anything else — databases first.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/connection.hpp"

namespace schemac::runtime {

// `schemac_verify_<purpose>_<8 random hex digits>`, the purpose folded to [a-z0-9_] and
// shortened so that the name fits PostgreSQL's 63 bytes.
std::string scratch_database_name(std::string_view purpose);

class ScratchCatalog {
public:
    // `maintenance_url`: a database of the server to connect to for CREATE/DROP DATABASE.
    explicit ScratchCatalog(std::string maintenance_url);  // throws ConnectError
    ~ScratchCatalog();

    Session& session() { return *session_; }
    // "16.2": the server's version as PostgreSQL writes it (`SHOW server_version`, first word).
    std::string version_text();
    // Creates a new database and returns its URL (the maintenance URL with the database replaced).
    std::string create_database(std::string_view purpose);
    void ensure_roles(const std::vector<std::string>& roles);
    const std::vector<std::string>& databases() const { return databases_; }
    const std::vector<std::string>& roles() const { return roles_; }
    // Drops what was created; the reasons it could not, one line each (empty when all went).
    std::vector<std::string> drop_all();

private:
    std::string maintenance_url_;
    std::unique_ptr<Session> session_;
    std::vector<std::string> databases_, roles_;
};

// Drops `databases` then `roles` through `session` (DROP DATABASE ... WITH (FORCE) from
// PostgreSQL 13 on, earlier after ending their sessions); the reasons it could not, one a line.
std::vector<std::string> drop_scratch_objects(Session& session, const std::vector<std::string>& databases,
                                              const std::vector<std::string>& roles);

}  // namespace schemac::runtime
