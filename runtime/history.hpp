// The history table: which migrations a database has had, one row per migration file.
//
//   CREATE TABLE <schema>.schemac_migrations (
//     version          integer     PRIMARY KEY,        -- 4 for 0004_add_invoices.sql
//     name             text        NOT NULL,           -- the file name
//     checksum         text        NOT NULL,           -- 'sha256:<hex>' of the file's bytes
//     applied_at       timestamptz NOT NULL DEFAULT now(),
//     execution_ms     bigint      NOT NULL,           -- 0 for a baseline row
//     schemac_version  text        NOT NULL,           -- the schemac that applied it
//     baseline         boolean     NOT NULL DEFAULT false, -- recorded by `baseline`, not run
//     statements       text                            -- statements_fingerprint of the file
//   );
// `statements` was added later: a table without it gets it from create(), and read() leaves it
// empty where it is NULL or missing (a row from an older schemac).
//
// The table is created on first use by `migrate` and `baseline` (with its schema, if that does
// not exist); `status` only reads it. A row is written in the same transaction as its migration.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "runtime/connection.hpp"

namespace schemac::runtime {

inline constexpr std::string_view history_table_name = "schemac_migrations";

struct AppliedMigration {
    int version = 0;
    std::string name;
    std::string checksum;
    std::string applied_at;  // ISO 8601, UTC
    long long execution_ms = 0;
    std::string schemac_version;
    bool baseline = false;
    std::string statements;  // statements_fingerprint of the file when recorded; empty: unknown
};

// The highest version of `rows` (what a database is at); nullopt when nothing is applied.
std::optional<int> highest_version(const std::vector<AppliedMigration>& rows);

class History {
public:
    explicit History(std::string schema = "public") : schema_(std::move(schema)) {}

    std::string table() const;  // the quoted, schema-qualified name
    bool exists(pqxx::transaction_base& tx) const;
    void create(pqxx::transaction_base& tx) const;                         // if it does not exist
    std::vector<AppliedMigration> read(pqxx::transaction_base& tx) const;  // by version; empty without a table
    void record(pqxx::transaction_base& tx, const AppliedMigration& row) const;
    void forget(pqxx::transaction_base& tx, int version) const;  // removes the row, if any
    // After `schemac repair` proved the file's edit changes no statement.
    void update_checksum(pqxx::transaction_base& tx, int version, const std::string& checksum) const;

private:
    std::string schema_;
};

}  // namespace schemac::runtime
