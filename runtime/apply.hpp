// Applying one migration file. A transactional file runs statement by statement inside one
// transaction that also writes its history row, so it is applied entirely or not at all. A
// `-- schemac:no-transaction` file runs each statement on its own and writes its history row
// after the last one; when a statement fails, the ones before it stay and no row is written.
// When that statement is a `CREATE INDEX CONCURRENTLY` of a named index that did not exist
// before it, the INVALID index PostgreSQL leaves (pg_index.indisvalid false) is dropped and the
// failure says so; any other INVALID index the file names is reported with the command that
// removes it. When the connection is lost in such a file, the outcome says what stayed applied
// and which index a cut-off concurrent build was making.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/migrations/sql_script.hpp"
#include "compiler/sql/tenant_rewrite.hpp"
#include "runtime/connection.hpp"
#include "runtime/history.hpp"
#include "runtime/migration_state.hpp"

namespace schemac::runtime {

struct ApplyFailure {
    std::string statement;  // as written in the file
    int line = 0;           // where it starts in the file; 0 for the commit
    std::string message;    // PostgreSQL's, DETAIL and HINT lines included
    std::string sqlstate;
    std::vector<std::string> help;  // what to do about it (and what schemac cleaned up)
};

// The connection broke (the server stopped, the backend was terminated) while a no-transaction
// file ran: what stayed applied. (A transactional file is rolled back by the server: pqxx's
// broken_connection or in_doubt_error is thrown as it is.)
struct LostConnection {
    std::string message;               // libpq's or the server's, one line
    std::size_t statements_done = 0;   // ran to the end, so they stay applied
    std::size_t statements_total = 0;  // statements_done == statements_total: lost at the history row
    int line = 0;                      // where the statement cut off starts; 0 for the history row
    std::string statement;             // as written
    // The index a cut-off CREATE INDEX CONCURRENTLY was building, "schema"."name": PostgreSQL
    // leaves it INVALID.
    std::optional<std::string> index;
    // The line of the BEGIN whose transaction block the file had open: the server rolled the
    // block back, so statements_done counts the statements before it.
    std::optional<int> block_line;
};

struct ApplyOutcome {
    long long execution_ms = 0;
    std::optional<ApplyFailure> failure;
    std::optional<LostConnection> lost;  // only for a no-transaction file
    std::vector<std::string> notices;    // the server's notices while it ran
};

// Settings every migration starts from: after each file, `RESET ALL` undoes its SETs, and the
// server is asked to notice a vanished client within a second (so a killed runner's
// transaction is rolled back at once, not when its statement ends). For a tenant, the search_path
// is the tenant's schema (runtime/apply_tenant.hpp).
void prepare_session(Session& session, const std::optional<SchemaMapping>& tenant = std::nullopt);

// `statements`: the migration's text split by split_sql_statements (for a tenant, then moved to
// its schema by tenant_statements); `tenant`, as for prepare_session.
ApplyOutcome apply_migration(Session& session, const History& history, const LocalMigration& migration,
                             const std::vector<SqlStatement>& statements, std::string_view schemac_version,
                             const std::optional<SchemaMapping>& tenant = std::nullopt);

// Why the server takes no writes, asked before anything runs: a hot standby (pg_is_in_recovery())
// or a read-only session (transaction_read_only, from default_transaction_read_only set on the
// database, the role or the URL's options). Nullopt for a writable server.
struct ReadOnlyServer {
    std::string what;  // "a hot standby (in recovery)", ...
    std::string help;  // what to do about it
};
std::optional<ReadOnlyServer> read_only_server(Session& session);

// Relations the file creates (CREATE TABLE, INDEX, SEQUENCE, MATERIALIZED VIEW statements): a
// lower bound on the objects its transaction locks until it commits.
int created_relations(const std::vector<SqlStatement>& statements);
// The server's lock table: max_locks_per_transaction x (max_connections + max_prepared_transactions).
long long lock_table_capacity(Session& session);

// The INVALID indexes whose names the text mentions, as "schema"."name".
std::vector<std::string> invalid_index_names_in(Session& session, std::string_view text);
// `DROP INDEX CONCURRENTLY IF EXISTS ...;` for each of them.
std::vector<std::string> invalid_indexes_named_in(Session& session, std::string_view text);

}  // namespace schemac::runtime
