#include "runtime/history.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "compiler/ir/identifiers.hpp"

namespace schemac::runtime {

std::string History::table() const { return quote_identifier(schema_) + "." + quote_identifier(history_table_name); }

bool History::exists(pqxx::transaction_base& tx) const {
    pqxx::result r = tx.exec("SELECT to_regclass(" + quote_literal(table()) + ") IS NOT NULL");
    return r[0][0].as<bool>();
}

namespace {
bool has_statements_column(pqxx::transaction_base& tx, const std::string& table) {
    return !tx.exec("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(" + quote_literal(table) +
                    ") AND attname = 'statements' AND NOT attisdropped")
                .empty();
}
}  // namespace

void History::create(pqxx::transaction_base& tx) const {
    if (exists(tx)) {
        if (!has_statements_column(tx, table()))
            tx.exec(fmt::format("ALTER TABLE {} ADD COLUMN statements text", table()));
        return;
    }
    if (tx.exec("SELECT 1 FROM pg_namespace WHERE nspname = " + quote_literal(schema_)).empty())
        tx.exec("CREATE SCHEMA " + quote_identifier(schema_));
    tx.exec(fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                        "  version integer PRIMARY KEY,\n"
                        "  name text NOT NULL,\n"
                        "  checksum text NOT NULL,\n"
                        "  applied_at timestamptz NOT NULL DEFAULT now(),\n"
                        "  execution_ms bigint NOT NULL,\n"
                        "  schemac_version text NOT NULL,\n"
                        "  baseline boolean NOT NULL DEFAULT false,\n"
                        "  statements text\n"
                        ")",
                        table()));
    tx.exec(
        fmt::format("COMMENT ON TABLE {} IS {}", table(),
                    quote_literal("Migrations applied by schemac (written by schemac migrate and schemac baseline)")));
}

std::optional<int> highest_version(const std::vector<AppliedMigration>& rows) {
    std::optional<int> out;
    for (const AppliedMigration& a : rows) out = std::max(out.value_or(a.version), a.version);
    return out;
}

std::vector<AppliedMigration> History::read(pqxx::transaction_base& tx) const {
    std::vector<AppliedMigration> out;
    if (!exists(tx)) return out;
    pqxx::result r = tx.exec(fmt::format(
        "SELECT version, name, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
        "execution_ms, schemac_version, baseline, {} FROM {} ORDER BY version",
        has_statements_column(tx, table()) ? "coalesce(statements, '')" : "''", table()));
    for (const auto& row : r)
        out.push_back(AppliedMigration{row[0].as<int>(), row[1].as<std::string>(), row[2].as<std::string>(),
                                       row[3].as<std::string>(), row[4].as<long long>(), row[5].as<std::string>(),
                                       row[6].as<bool>(), row[7].as<std::string>()});
    return out;
}

void History::record(pqxx::transaction_base& tx, const AppliedMigration& row) const {
    tx.exec(fmt::format("INSERT INTO {} (version, name, checksum, execution_ms, schemac_version, baseline, statements) "
                        "VALUES ({}, {}, {}, {}, {}, {}, {})",
                        table(), row.version, quote_literal(row.name), quote_literal(row.checksum), row.execution_ms,
                        quote_literal(row.schemac_version), row.baseline ? "true" : "false",
                        row.statements.empty() ? "NULL" : quote_literal(row.statements)));
}

void History::update_checksum(pqxx::transaction_base& tx, int version, const std::string& checksum) const {
    tx.exec(fmt::format("UPDATE {} SET checksum = {} WHERE version = {}", table(), quote_literal(checksum), version));
}

void History::forget(pqxx::transaction_base& tx, int version) const {
    tx.exec(fmt::format("DELETE FROM {} WHERE version = {}", table(), version));
}

}  // namespace schemac::runtime
