// The scratch PostgreSQL of `verify` and `generate --verify`: on a --dev-url server (the suite's
// own cluster) it creates new databases and roles and drops exactly those; a URL whose user may
// not create databases is refused with what to do.
#include <doctest/doctest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "runtime/scratch_postgres.hpp"
#include "tests/postgres_cluster.hpp"

using namespace schemac;

namespace {

std::string scratch_value_of(const std::string& url, const std::string& sql) {
    pqxx::connection c(runtime::connection_string(url));
    pqxx::nontransaction tx(c);
    pqxx::result r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].c_str();
}

}  // namespace

TEST_CASE("scratch on --dev-url: new databases and roles, dropped at the end, nothing else touched") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("scratch_keep");
    cluster.execute("scratch_keep", "CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)");
    cluster.execute("postgres", "DROP ROLE IF EXISTS scratch_existing_role; CREATE ROLE scratch_existing_role");

    std::string first, second;
    {
        std::unique_ptr<runtime::ScratchServer> scratch = runtime::ScratchServer::start(
            runtime::ScratchOptions{cluster.url("scratch_keep")});
        CHECK(scratch->description().starts_with("the server of --dev-url (PostgreSQL "));
        CHECK(scratch->server_version() >= 100000);
        first = scratch->create_database("app");
        second = scratch->create_database("from database!");
        std::string first_name = scratch_value_of(first, "SELECT current_database()");
        std::string second_name = scratch_value_of(second, "SELECT current_database()");
        CAPTURE(first_name);
        CAPTURE(second_name);
        CHECK(first_name.starts_with("schemac_verify_app_"));
        CHECK(first_name.size() == std::string("schemac_verify_app_").size() + 8);
        CHECK(second_name.starts_with("schemac_verify_from_database_"));
        CHECK(first_name != second_name);
        // From template0: empty, whatever template1 holds.
        CHECK(scratch_value_of(first, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace") ==
              "0");
        scratch->ensure_roles({"scratch_existing_role", "scratch_new_role"});
        CHECK(cluster.query_value("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'scratch_new_role'") ==
              "1");
        // A session still open on a scratch database does not keep it from being dropped.
        pqxx::connection open_session(runtime::connection_string(first));
        CHECK(open_session.is_open());
        scratch.reset();
    }
    CHECK(cluster.query_value("postgres",
                              "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemac\\_verify\\_%'") == "0");
    CHECK(cluster.query_value("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'scratch_new_role'") == "0");
    CHECK(cluster.query_value("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'scratch_existing_role'") ==
          "1");
    CHECK(cluster.query_value("scratch_keep", "SELECT count(*) FROM kept") == "1");
    cluster.execute("postgres", "DROP ROLE scratch_existing_role");
    cluster.drop_database("scratch_keep");
}

TEST_CASE("scratch on --dev-url: a URL without a database uses postgres to create them") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    std::string url = "postgresql://postgres@127.0.0.1:" + std::to_string(cluster.port());
    std::unique_ptr<runtime::ScratchServer> scratch = runtime::ScratchServer::start(runtime::ScratchOptions{url});
    std::string database = scratch->create_database("app");
    CHECK(scratch_value_of(database, "SELECT current_database()").starts_with("schemac_verify_app_"));
}

TEST_CASE("scratch on --dev-url: a user that may not create databases is refused with what to do") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.execute("postgres", "DROP ROLE IF EXISTS scratch_plain_user; CREATE ROLE scratch_plain_user LOGIN");
    std::string url = "postgresql://scratch_plain_user@127.0.0.1:" + std::to_string(cluster.port()) + "/postgres";
    std::string message, help;
    try {
        runtime::ScratchServer::start(runtime::ScratchOptions{url});
    } catch (const runtime::ScratchError& e) {
        message = e.what();
        help = e.help;
    }
    CHECK(message == "the user scratch_plain_user of --dev-url may not create databases");
    CHECK(help.find("ALTER ROLE scratch_plain_user CREATEDB;") != std::string::npos);
    CHECK(help.find("leave --dev-url out") != std::string::npos);
    cluster.execute("postgres", "DROP ROLE scratch_plain_user");
}

TEST_CASE("scratch on --dev-url: a server that does not answer is an error with help") {
    std::string message, help;
    try {
        runtime::ScratchServer::start(runtime::ScratchOptions{"postgresql://postgres@127.0.0.1:1/postgres"});
    } catch (const runtime::ScratchError& e) {
        message = e.what();
        help = e.help;
    }
    CHECK(message.starts_with("cannot connect to postgresql://postgres@127.0.0.1:1/postgres: "));
    CHECK(help.find("--dev-url") != std::string::npos);
}
