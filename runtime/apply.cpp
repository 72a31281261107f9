#include "runtime/apply.hpp"

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <pqxx/pqxx>

#include "compiler/ir/identifiers.hpp"
#include "compiler/migrations/sql_script.hpp"
#include "compiler/migrations/statement_rules.hpp"
#include "runtime/apply_tenant.hpp"

namespace schemac::runtime {
namespace {

std::vector<std::string> help_for(const SqlStatement& s, const std::string& sqlstate, const std::string& message,
                                  bool no_transaction) {
    if (sqlstate == "55P03") {
        if (concurrent_index_build(s.text))
            return {"CREATE INDEX CONCURRENTLY waits until every transaction older than it has ended, on any table of "
                    "the database, not only this one; one of them outlived lock_timeout. Find it in "
                    "pg_stat_activity (the oldest xact_start; `idle in transaction` sessions count), let it end, then "
                    "run `schemac migrate` again"};
        return {no_transaction ? "another session held a lock this statement needed for longer than lock_timeout; "
                                 "run `schemac migrate` again when the table is less busy"
                               : "another session held a lock this statement needed for longer than the file's "
                                 "lock_timeout; run `schemac migrate` again when the table is less busy"};
    }
    if (sqlstate == "53200" && message.find("shared memory") != std::string::npos)
        return {"the migration locks more objects in one transaction than the server's lock table holds "
                "(max_locks_per_transaction); split it into several files, or raise max_locks_per_transaction"};
    if (sqlstate == "25001" && !no_transaction)
        return {"this statement cannot run inside a transaction: make `-- schemac:no-transaction` the file's first "
                "line (a file of its own for such statements), then run `schemac hash`"};
    return {};
}

ApplyFailure failure_of(const SqlStatement& s, const pqxx::sql_error& e, bool no_transaction) {
    std::string message = server_message(e.what());
    return ApplyFailure{s.text, s.line, message, e.sqlstate(), help_for(s, e.sqlstate(), message, no_transaction)};
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) out += (out.empty() ? "" : " ") + line;
    return out;
}

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// Whether `name` occurs in `text` as a whole identifier (`t_code` is not in `t_code_idx`).
bool mentions(std::string_view text, std::string_view name) {
    for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
        bool starts = at == 0 || !identifier_char(text[at - 1]);
        bool ends = at + name.size() == text.size() || !identifier_char(text[at + name.size()]);
        if (starts && ends) return true;
    }
    return false;
}

long long elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

// The history row, its time set when it is written. Made before the file runs: its statements'
// fingerprint parses the whole file, which must not happen while the file's locks are held.
AppliedMigration finished(AppliedMigration row, std::chrono::steady_clock::time_point start) {
    row.execution_ms = elapsed_ms(start);
    return row;
}

std::optional<ApplyFailure> run_in_transaction(
    Session& session, const History& history, const std::vector<SqlStatement>& statements,
    std::chrono::steady_clock::time_point start, const AppliedMigration& row) {
    pqxx::work tx(session.connection());
    for (const SqlStatement& s : statements) {
        try {
            tx.exec(s.text);
        } catch (const pqxx::sql_error& e) {
            return failure_of(s, e, false);
        }
    }
    history.record(tx, finished(row, start));
    try {
        tx.commit();
    } catch (const pqxx::sql_error& e) {
        return ApplyFailure{"COMMIT", 0, server_message(e.what()), e.sqlstate(), {}};
    }
    return std::nullopt;
}

// The index a `CREATE INDEX CONCURRENTLY` names, as `"schema"."name"`, with the table's schema
// when the statement does not qualify it; nullopt when the statement is not one, names no index,
// or its table does not exist.
struct BuiltIndex {
    std::string qualified;
    std::string table;  // the table as written, quoted
};
std::optional<BuiltIndex> built_index(pqxx::transaction_base& tx, const SqlStatement& s) {
    std::optional<ConcurrentIndexBuild> build = concurrent_index_build(s.text);
    if (!build || build->index.empty()) return std::nullopt;
    std::string table = (build->schema.empty() ? "" : quote_identifier(build->schema) + ".") +
                        quote_identifier(build->table);
    pqxx::result r = tx.exec_params(
        "SELECT n.nspname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace WHERE t.oid = to_regclass($1)",
        table);
    if (r.empty()) return std::nullopt;
    return BuiltIndex{quote_identifier(r[0][0].as<std::string>()) + "." + quote_identifier(build->index), table};
}

// The oid of the index `qualified` on `table` when it exists; with `invalid_only`, only when it
// is INVALID (pg_index.indisvalid is false).
std::optional<std::string> index_oid(pqxx::transaction_base& tx, const BuiltIndex& index, bool invalid_only) {
    pqxx::result r = tx.exec_params(
        "SELECT i.indexrelid::text FROM pg_index i WHERE i.indexrelid = to_regclass($1) AND i.indrelid = to_regclass($2) "
        "AND ($3 = false OR NOT i.indisvalid)",
        index.qualified, index.table, invalid_only);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::string>();
}

// After a failed `CREATE INDEX CONCURRENTLY` that this run started: PostgreSQL leaves the index
// behind, INVALID, and `IF NOT EXISTS` would skip it on the next run. Drops it when it is the one
// this statement created (it did not exist before, and it is INVALID now), and says so.
void drop_left_invalid_index(Session& session, const std::optional<BuiltIndex>& index,
                             const std::optional<std::string>& existed_before, ApplyFailure& failure) {
    if (!index || existed_before) return;
    std::optional<std::string> oid;
    {
        pqxx::nontransaction tx(session.connection());
        oid = index_oid(tx, *index, true);
    }
    if (!oid) return;
    std::string drop = fmt::format("DROP INDEX CONCURRENTLY IF EXISTS {};", index->qualified);
    try {
        pqxx::nontransaction tx(session.connection());
        tx.exec(drop);
        failure.help.push_back(fmt::format("the failed build left the INVALID index {}; schemac dropped it ({}), so "
                                           "the next run builds it anew",
                                           index->qualified, drop));
    } catch (const pqxx::sql_error& e) {
        failure.help.push_back(
            fmt::format("the failed build left the INVALID index {}, and dropping it failed too ({}); "
                        "remove it before running again: {}",
                        index->qualified, server_message(e.what()), drop));
    }
}

// Whether a statement's error means the session is gone: the server ended it (57P01 terminated
// by an administrator, 57P02/57P03 shut down), or libpq says the connection is closed.
bool session_lost(Session& session, const pqxx::sql_error& e) {
    return e.sqlstate().starts_with("57P") || e.sqlstate().starts_with("08") || !session.connection().is_open();
}

// The index the statement builds concurrently: qualified when its table was found, else as written.
std::optional<std::string> concurrent_index_name(const SqlStatement& s, const std::optional<BuiltIndex>& index) {
    if (index) return index->qualified;
    std::optional<ConcurrentIndexBuild> build = concurrent_index_build(s.text);
    if (!build || build->index.empty()) return std::nullopt;
    return (build->schema.empty() ? "" : quote_identifier(build->schema) + ".") + quote_identifier(build->index);
}

LostConnection lost_at(const std::string& what, std::size_t done, const std::vector<SqlStatement>& statements,
                       const std::optional<BuiltIndex>& index) {
    LostConnection out{server_message(what), done, statements.size(), 0, "", std::nullopt, std::nullopt};
    out.message = out.message.substr(0, out.message.find('\n'));
    // libpqxx's words when it finds the socket closed under a statement.
    if (out.message.find("not connected") != std::string::npos ||
        out.message.find("server closed") != std::string::npos)
        out.message = "the server closed the connection (it stopped, or the session was terminated)";
    if (done < statements.size()) {
        out.line = statements[done].line;
        out.statement = statements[done].text;
        out.index = concurrent_index_name(statements[done], index);
    }
    return out;
}

// The BEGIN of the transaction block a no-transaction file has open, and its index.
struct OpenBlock {
    const SqlStatement* begin = nullptr;
    std::size_t at = 0;
};

// Runs statement `i` of a no-transaction file on its own; its failure, with what stayed applied
// and the INVALID index a failed concurrent build left (dropped when this run left it). A
// failure inside the file's own transaction block ends the block (ROLLBACK), so that the session
// can go on and the statements in it are undone, as psql would leave them. A lost session is
// thrown on to the caller.
std::optional<ApplyFailure> run_one(
    Session& session, const LocalMigration& m, const std::vector<SqlStatement>& statements, std::size_t i,
    const std::optional<BuiltIndex>& index, const std::optional<std::string>& existed_before, const OpenBlock& block) {
    const SqlStatement& s = statements[i];
    try {
        pqxx::nontransaction tx(session.connection());
        tx.exec(s.text);
        return std::nullopt;
    } catch (const pqxx::sql_error& e) {
        if (session_lost(session, e)) throw;
        ApplyFailure failure = failure_of(s, e, true);
        if (block.begin) {
            try {
                pqxx::nontransaction tx(session.connection());
                tx.exec("ROLLBACK");
            } catch (const pqxx::sql_error&) {
            }
        }
        std::size_t stayed = block.begin ? block.at : i;
        std::string before = block.begin ? fmt::format("the BEGIN at line {}", block.begin->line) : "this one";
        failure.help.push_back(fmt::format(
            "{} runs outside a transaction, statement by statement: {}{}no history row was written. Fix the cause, "
            "then run `schemac migrate` again: the file runs again from its start, and its generated statements "
            "(IF NOT EXISTS, IF EXISTS) skip what is already there",
            m.name,
            stayed == 0   ? ""
            : stayed == 1 ? fmt::format("the statement before {} stays applied, {}", before, block.begin ? "" : "and ")
                          : fmt::format("the {} statements before {} stay applied, {}", stayed, before,
                                        block.begin ? "" : "and "),
            block.begin ? fmt::format("the transaction block begun at line {} was rolled back, and ", block.begin->line)
                        : ""));
        drop_left_invalid_index(session, index, existed_before, failure);
        std::vector<std::string> leftovers = invalid_indexes_named_in(session, m.text);
        if (!leftovers.empty())
            failure.help.push_back("an INVALID index named in this file is left from a failed build; remove it "
                                   "before running again: " +
                                   join_lines(leftovers));
        return failure;
    }
}

struct StatementByStatement {
    std::optional<ApplyFailure> failure;
    std::optional<LostConnection> lost;
};

StatementByStatement run_statement_by_statement(
    Session& session, const History& history, const LocalMigration& m, const std::vector<SqlStatement>& statements,
    std::chrono::steady_clock::time_point start, const AppliedMigration& row) {
    if (std::vector<std::string> leftovers = invalid_indexes_named_in(session, m.text); !leftovers.empty())
        return {ApplyFailure{"",
                             0,
                             "an INVALID index named in this file is left from an earlier failed build",
                             "",
                             {"remove it, then run `schemac migrate` again: " + join_lines(leftovers)}},
                std::nullopt};
    std::size_t i = 0;
    std::optional<BuiltIndex> index;
    OpenBlock block;
    // The connection is gone: what stayed applied. A block the file had open is rolled back by
    // the server with the session, so what ran inside it is undone.
    auto lost = [&](const std::string& what) {
        LostConnection l = lost_at(what, i, statements, index);
        if (block.begin) {
            l.statements_done = block.at;
            l.block_line = block.begin->line;
        }
        return StatementByStatement{std::nullopt, l};
    };
    try {
        for (; i < statements.size(); ++i) {
            const SqlStatement& s = statements[i];
            index.reset();
            std::optional<std::string> existed_before;
            {
                pqxx::nontransaction tx(session.connection());
                index = built_index(tx, s);
                if (index) existed_before = index_oid(tx, *index, false);
            }
            if (std::optional<ApplyFailure> failure = run_one(session, m, statements, i, index, existed_before, block))
                return {failure, std::nullopt};
            std::optional<TransactionControl> control = statement_facts(s.text).transaction_control;
            if (control && control->opens && !block.begin) block = {&s, i};
            if (control && control->closes) block = {};
        }
        pqxx::work tx(session.connection());
        history.record(tx, finished(row, start));
        tx.commit();
    } catch (const pqxx::broken_connection& e) {
        return lost(e.what());
    } catch (const pqxx::in_doubt_error& e) {
        return lost(e.what());
    } catch (const pqxx::sql_error& e) {
        if (!session_lost(session, e)) throw;
        return lost(e.what());
    }
    return {};
}

}  // namespace

void prepare_session(Session& session, const std::optional<SchemaMapping>& tenant) {
    pqxx::nontransaction tx(session.connection());
    tx.exec("RESET ALL");
    if (session.server_version() >= 140000) tx.exec("SET client_connection_check_interval = 1000");
    if (tenant) tx.exec(tenant_search_path(*tenant));
}

ApplyOutcome apply_migration(Session& session, const History& history, const LocalMigration& migration,
                             const std::vector<SqlStatement>& statements, std::string_view schemac_version,
                             const std::optional<SchemaMapping>& tenant) {
    ApplyOutcome outcome;
    AppliedMigration row = applied_row(migration, 0, schemac_version, false);
    auto start = std::chrono::steady_clock::now();
    if (migration.no_transaction) {
        StatementByStatement ran = run_statement_by_statement(session, history, migration, statements, start, row);
        outcome.failure = std::move(ran.failure);
        outcome.lost = std::move(ran.lost);
    } else {
        outcome.failure = run_in_transaction(session, history, statements, start, row);
    }
    outcome.execution_ms = elapsed_ms(start);
    outcome.notices = session.take_notices();
    if (!outcome.lost) prepare_session(session, tenant);
    return outcome;
}

std::optional<ReadOnlyServer> read_only_server(Session& session) {
    pqxx::nontransaction tx(session.connection());
    pqxx::row r = tx.exec("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on', "
                          "current_database()")[0];
    if (r[0].as<bool>())
        return ReadOnlyServer{"a hot standby (pg_is_in_recovery() is true): it takes no writes",
                              "run it against the primary server; the standby replays what is applied there"};
    if (r[1].as<bool>())
        return ReadOnlyServer{
            "read-only (transaction_read_only is on, from default_transaction_read_only set on the database, the "
            "role or the URL's options)",
            fmt::format("point --database at a writable server; if the database was made read-only on purpose, "
                        "make it writable again first (ALTER DATABASE {} SET default_transaction_read_only = off, "
                        "or ALTER ROLE ... RESET default_transaction_read_only; it holds for new sessions)",
                        quote_identifier(r[2].as<std::string>()))};
    return std::nullopt;
}

int created_relations(const std::vector<SqlStatement>& statements) {
    int count = 0;
    for (const SqlStatement& s : statements) {
        std::string words;  // the first words, upper case, single spaces
        for (char c : std::string_view(s.text).substr(0, 48)) {
            if (std::isspace(static_cast<unsigned char>(c))) {
                if (!words.empty() && words.back() != ' ') words += ' ';
            } else {
                words += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
        }
        for (std::string_view creates : {"CREATE TABLE ", "CREATE UNLOGGED TABLE ", "CREATE INDEX ",
                                         "CREATE UNIQUE INDEX ", "CREATE SEQUENCE ", "CREATE MATERIALIZED VIEW "})
            if (words.starts_with(creates)) ++count;
    }
    return count;
}

long long lock_table_capacity(Session& session) {
    pqxx::nontransaction tx(session.connection());
    return tx
        .exec(
            "SELECT current_setting('max_locks_per_transaction')::bigint * "
            "(current_setting('max_connections')::bigint + current_setting('max_prepared_transactions')::bigint)")[0][0]
        .as<long long>();
}

std::vector<std::string> invalid_index_names_in(Session& session, std::string_view text) {
    pqxx::nontransaction tx(session.connection());
    pqxx::result r = tx.exec("SELECT n.nspname, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid ORDER BY 1, 2");
    std::vector<std::string> out;
    for (const auto& row : r) {
        std::string name = row[1].as<std::string>();
        if (!mentions(text, name) && !mentions(text, quote_identifier(name))) continue;
        out.push_back(quote_identifier(row[0].as<std::string>()) + "." + quote_identifier(name));
    }
    return out;
}

std::vector<std::string> invalid_indexes_named_in(Session& session, std::string_view text) {
    std::vector<std::string> out;
    for (const std::string& index : invalid_index_names_in(session, text))
        out.push_back(fmt::format("DROP INDEX CONCURRENTLY IF EXISTS {};", index));
    return out;
}

}  // namespace schemac::runtime
