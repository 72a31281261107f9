// A throwaway PostgreSQL for the tests: a copy, in a temporary folder, of a data folder that
// initdb made once for all test processes (one template a PostgreSQL version), started as the
// `postgres` user when the suite runs as root (PostgreSQL refuses root), listening on a free
// loopback port; stopped and removed when the test process exits. A test may start more of them
// (start_another), each stopped and removed when it goes. When PostgreSQL cannot be
// started the test fails with the reason: it never skips.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace schemac::test {

class PostgresCluster {
public:
    // The cluster of this test process, started on first use.
    static PostgresCluster& shared();
    // One more cluster of its own (a fleet's second server), stopped and removed with the object.
    static std::unique_ptr<PostgresCluster> start_another();

    std::string url(const std::string& database = "postgres") const;  // postgresql://postgres@127.0.0.1:PORT/db
    int port() const { return port_; }
    // The one role that must log in with a password (scram-sha-256); every other is trusted.
    static constexpr const char* password_role = "schemac_password_test";

    void create_database(const std::string& name);  // dropped first if it exists
    void drop_database(const std::string& name);
    void execute(const std::string& database, const std::string& sql);  // one transaction
    // Runs a migration file as the runner will: in one transaction, or statement by statement
    // when its first line is `-- schemac:no-transaction`.
    void apply_migration(const std::string& database, const std::string& script);
    std::string query_value(const std::string& database, const std::string& sql);
    // pg_dump --schema-only, normalised for comparison: comments, SET lines and blank lines
    // removed, and the lines inside each CREATE TABLE sorted (column order may differ where
    // PostgreSQL cannot reorder columns).
    std::string schema_dump(const std::string& database) const;
    // pg_dump --schema-only with privileges, owners and schemac's history table left out, its
    // lines sorted, without comments, settings and psql's meta-commands: what two databases built
    // alike must share (an ACL keeps its entries in the order they were granted, and pg_dump
    // writes a GRANT for each in that order).
    std::vector<std::string> sorted_dump_lines(const std::string& database) const;
    // pg_dump's own output, untouched, with the extra options given (`--schema-only`).
    std::string pg_dump(const std::string& database, const std::string& options) const;

    ~PostgresCluster();

private:
    PostgresCluster();
    std::string dir_, bin_, run_as_;
    int port_ = 0;
};

}  // namespace schemac::test
