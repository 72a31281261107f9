#include "runtime/apply.hpp"

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <pqxx/pqxx>

#include "compiler/identifiers.hpp"
#include "compiler/sql_script.hpp"

namespace schemac::runtime {
namespace {

std::vector<std::string> help_for(const std::string& sqlstate, const std::string& message, bool no_transaction) {
    if (sqlstate == "55P03")
        return {"another session held a lock on the object for longer than the file's lock_timeout; nothing of this "
                "migration stayed (when in a transaction); run `schemac migrate` again when the table is less busy"};
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
    return ApplyFailure{s.text, s.line, message, e.sqlstate(), help_for(e.sqlstate(), message, no_transaction)};
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

AppliedMigration history_row(const LocalMigration& m, long long ms, std::string_view schemac_version) {
    return AppliedMigration{m.version, m.name, m.checksum, "", ms, std::string(schemac_version), false};
}

std::optional<ApplyFailure> run_in_transaction(Session& session, const History& history, const LocalMigration& m,
                                               const std::vector<SqlStatement>& statements,
                                               std::chrono::steady_clock::time_point start,
                                               std::string_view schemac_version) {
    pqxx::work tx(session.connection());
    for (const SqlStatement& s : statements) {
        try {
            tx.exec(s.text);
        } catch (const pqxx::sql_error& e) {
            return failure_of(s, e, false);
        }
    }
    history.record(tx, history_row(m, elapsed_ms(start), schemac_version));
    try {
        tx.commit();
    } catch (const pqxx::sql_error& e) {
        return ApplyFailure{"COMMIT", 0, server_message(e.what()), e.sqlstate(), {}};
    }
    return std::nullopt;
}

std::optional<ApplyFailure> run_statement_by_statement(Session& session, const History& history,
                                                       const LocalMigration& m,
                                                       const std::vector<SqlStatement>& statements,
                                                       std::chrono::steady_clock::time_point start,
                                                       std::string_view schemac_version) {
    if (std::vector<std::string> leftovers = invalid_indexes_named_in(session, m.text); !leftovers.empty())
        return ApplyFailure{"", 0, "an INVALID index named in this file is left from an earlier failed build", "",
                            {"remove it, then run `schemac migrate` again: " + join_lines(leftovers)}};
    for (const SqlStatement& s : statements) {
        try {
            pqxx::nontransaction tx(session.connection());
            tx.exec(s.text);
        } catch (const pqxx::sql_error& e) {
            ApplyFailure failure = failure_of(s, e, true);
            std::vector<std::string> leftovers = invalid_indexes_named_in(session, m.text);
            if (!leftovers.empty())
                failure.help.insert(failure.help.begin(), "the failed build left an INVALID index; remove it before "
                                                          "running again: " + join_lines(leftovers));
            failure.help.push_back("statements before this one stay applied, and no history row was written: fix "
                                   "the cause, then run `schemac migrate` again (the file runs again from its start)");
            return failure;
        }
    }
    pqxx::work tx(session.connection());
    history.record(tx, history_row(m, elapsed_ms(start), schemac_version));
    tx.commit();
    return std::nullopt;
}

}  // namespace

void prepare_session(Session& session) {
    pqxx::nontransaction tx(session.connection());
    tx.exec("RESET ALL");
    if (session.server_version() >= 140000) tx.exec("SET client_connection_check_interval = 1000");
}

ApplyOutcome apply_migration(Session& session, const History& history, const LocalMigration& migration,
                             const std::vector<SqlStatement>& statements, std::string_view schemac_version) {
    ApplyOutcome outcome;
    auto start = std::chrono::steady_clock::now();
    outcome.failure = migration.no_transaction
                          ? run_statement_by_statement(session, history, migration, statements, start, schemac_version)
                          : run_in_transaction(session, history, migration, statements, start, schemac_version);
    outcome.execution_ms = elapsed_ms(start);
    outcome.notices = session.take_notices();
    prepare_session(session);
    return outcome;
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
        for (std::string_view creates : {"CREATE TABLE ", "CREATE UNLOGGED TABLE ", "CREATE INDEX ", "CREATE UNIQUE INDEX ",
                                         "CREATE SEQUENCE ", "CREATE MATERIALIZED VIEW "})
            if (words.starts_with(creates)) ++count;
    }
    return count;
}

long long lock_table_capacity(Session& session) {
    pqxx::nontransaction tx(session.connection());
    return tx.exec("SELECT current_setting('max_locks_per_transaction')::bigint * "
                   "(current_setting('max_connections')::bigint + current_setting('max_prepared_transactions')::bigint)")
        [0][0]
        .as<long long>();
}

std::vector<std::string> invalid_indexes_named_in(Session& session, std::string_view text) {
    pqxx::nontransaction tx(session.connection());
    pqxx::result r = tx.exec(
        "SELECT n.nspname, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid ORDER BY 1, 2");
    std::vector<std::string> out;
    for (const auto& row : r) {
        std::string name = row[1].as<std::string>();
        if (!mentions(text, name) && !mentions(text, quote_identifier(name))) continue;
        out.push_back(fmt::format("DROP INDEX CONCURRENTLY IF EXISTS {}.{};", quote_identifier(row[0].as<std::string>()),
                                  quote_identifier(name)));
    }
    return out;
}

}  // namespace schemac::runtime
