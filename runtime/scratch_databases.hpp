// The databases and roles schemac makes on a scratch server (its own or --dev-url's), through one
// maintenance session: each database is new (`schemac_verify_<purpose>_<random hex>`, from
// template0 so nothing a server's template1 holds leaks in), each role is made only when missing;
// each name is told to `before_create` first, so that whoever drops them at the end (the guardian)
// drops exactly what was made here and never anything else.
#pragma once

#include <functional>
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
    using Announce = std::function<void(std::string_view kind, const std::string& name)>;  // "database" / "role"
    ScratchCatalog(std::string maintenance_url, Announce before_create);                   // throws ConnectError
    ~ScratchCatalog();

    Session& session() { return *session_; }
    // "16.2": the server's version as PostgreSQL writes it (`SHOW server_version`, first word).
    std::string version_text();
    // Creates a new database and returns its URL (the maintenance URL with the database replaced).
    std::string create_database(std::string_view purpose);
    void ensure_roles(const std::vector<std::string>& roles);

private:
    std::string maintenance_url_;
    Announce before_create_;
    std::unique_ptr<Session> session_;
    std::vector<std::string> roles_;
};

// Drops `databases` then `roles` through `session` (DROP DATABASE ... WITH (FORCE) from
// PostgreSQL 13 on, earlier after ending their sessions); the reasons it could not, one a line.
std::vector<std::string> drop_scratch_objects(Session& session, const std::vector<std::string>& databases,
                                              const std::vector<std::string>& roles);

}  // namespace schemac::runtime
