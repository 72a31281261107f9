#include "runtime/scratch_databases.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <pqxx/pqxx>
#include <random>

#include "compiler/ir/identifiers.hpp"
#include "runtime/roles.hpp"
#include "runtime/scratch_postgres.hpp"

namespace schemac::runtime {

std::string scratch_database_name(std::string_view purpose) {
    std::random_device random;
    std::string suffix = fmt::format("_{:08x}", static_cast<unsigned>(random()));
    std::string name = "schemac_verify_";
    for (char c : lower_ascii(purpose)) name += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
    if (name.back() == '_') name.pop_back();
    name.resize(std::min(name.size(), max_identifier_bytes - suffix.size()));
    return name + suffix;
}

ScratchCatalog::ScratchCatalog(std::string maintenance_url, Announce before_create)
    : maintenance_url_(std::move(maintenance_url)),
      before_create_(std::move(before_create)),
      session_(std::make_unique<Session>(maintenance_url_)) {}

ScratchCatalog::~ScratchCatalog() = default;

std::string ScratchCatalog::version_text() {
    pqxx::nontransaction tx(session_->connection());
    std::string version = tx.exec("SHOW server_version")[0][0].as<std::string>();
    return version.substr(0, version.find(' '));
}

std::string ScratchCatalog::create_database(std::string_view purpose) {
    std::string name = scratch_database_name(purpose);
    if (before_create_) before_create_("database", name);
    pqxx::nontransaction tx(session_->connection());
    tx.exec("CREATE DATABASE " + quote_identifier(name) + " TEMPLATE template0");
    return with_database(maintenance_url_, name);
}

void ScratchCatalog::ensure_roles(const std::vector<std::string>& roles) {
    pqxx::nontransaction tx(session_->connection());
    for (const std::string& role : roles) {
        if (std::find(roles_.begin(), roles_.end(), role) != roles_.end()) continue;
        if (!tx.exec_params("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", role).empty()) continue;
        if (before_create_) before_create_("role", role);
        try {
            tx.exec(create_role_statement(role));
        } catch (const pqxx::sql_error& e) {
            throw ScratchError(fmt::format("cannot create the role {} on the scratch PostgreSQL: {}", role,
                                           server_message(e.what())),
                               fmt::format("create it there first (`{}`), or use a --dev-url whose user has CREATEROLE",
                                           create_role_statement(role)));
        }
        roles_.push_back(role);
    }
}

std::vector<std::string> drop_scratch_objects(Session& session, const std::vector<std::string>& databases,
                                              const std::vector<std::string>& roles) {
    std::vector<std::string> problems;
    auto attempt = [&](const std::string& what, const std::vector<std::string>& statements) {
        try {
            for (const std::string& sql : statements) {
                pqxx::nontransaction tx(session.connection());
                tx.exec(sql);
            }
        } catch (const std::exception& e) {
            problems.push_back(fmt::format("could not drop the scratch {}: {}", what, server_message(e.what())));
        }
    };
    for (const std::string& database : databases) {
        std::string name = quote_identifier(database);
        if (session.server_version() >= 130000)
            attempt("database " + database, {"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"});
        else
            attempt("database " + database,
                    {"SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE datname = " +
                         quote_literal(database),
                     "DROP DATABASE IF EXISTS " + name});
    }
    for (const std::string& role : roles) attempt("role " + role, {"DROP ROLE IF EXISTS " + quote_identifier(role)});
    return problems;
}

}  // namespace schemac::runtime
