// `schemac migrate`: applies the pending migrations of the directory to the database, in order,
// each exactly once, under the migration lock. Refuses to start when the directory or the
// history is not as it should be, or when a pending statement would break a view or rule that
// reads what it changes (tools/schemac/dependent_findings.hpp); stops at the first failure. Progress on stderr; with
// `--format json` a summary on stdout; `--dry-run` prints what would run and changes nothing.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <pqxx/pqxx>

#include "compiler/ir/identifiers.hpp"
#include "compiler/migrations/migration_directory.hpp"
#include "compiler/migrations/sql_script.hpp"
#include "runtime/apply.hpp"
#include "runtime/apply_tenant.hpp"
#include "runtime/database_url.hpp"
#include "runtime/drift.hpp"
#include "runtime/migration_lock.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/dependent_findings.hpp"
#include "tools/schemac/fleet.hpp"
#include "tools/schemac/migration_findings.hpp"
#include "tools/schemac/preflight_findings.hpp"
#include "tools/schemac/role_findings.hpp"
#include "tools/schemac/tenant_target.hpp"
#include "tools/schemac/version.hpp"

namespace schemac::cli {
namespace {

struct MigrateOptions : DatabaseOptions {
    std::optional<int> to;
    bool dry_run = false;
    double lock_timeout = 60;
    bool allow_out_of_order = false;
    bool allow_newer_applied = false;
    PreflightSettings preflight;
};

struct Summary {
    std::string result;  // up-to-date, applied, would-apply, failed, refused, lock-timeout, connection-lost
    nlohmann::json applied = nlohmann::json::array();  // by this run
    std::vector<std::string> pending;                  // before this run; those it applied are left out
    std::optional<int> version_before;                 // the highest applied before this run, once read
};

using Statements = std::vector<SqlStatement>;

// What runs in a tenant's schema, as --dry-run shows it: its search_path, then each statement.
std::string tenant_text(const Statements& statements, const SchemaMapping& tenant) {
    std::string out = runtime::tenant_search_path(tenant) + ";\n";
    for (const SqlStatement& s : statements) out += s.text + ";\n";
    return out;
}

class Migrate {
public:
    explicit Migrate(const MigrateOptions& options) : o_(options) {}
    int run();

private:
    int finish(int code);
    void progress(const std::string& line) const {
        if (!o_.quiet && o_.format != "json") std::cerr << line << std::flush;
    }
    std::vector<Statements> split_statements(const std::vector<runtime::LocalMigration>& to_run);
    void check_lock_capacity(runtime::Session& session, const std::vector<runtime::LocalMigration>& to_run,
                             const std::vector<Statements>& statements);
    int apply(runtime::Session& session, const runtime::History& history,
              const std::vector<runtime::LocalMigration>& to_run, const std::vector<Statements>& statements,
              bool history_was_empty);
    std::optional<std::string> baseline_hint(runtime::Session& session);
    std::vector<ir::Role> declared_roles() const;
    void fail(const runtime::LocalMigration& m, const runtime::ApplyFailure& f,
              const std::vector<runtime::LocalMigration>& not_run);
    void lost(const runtime::LocalMigration& m, const Statements& statements, const runtime::LostConnection& l);

    const MigrateOptions& o_;
    std::optional<MigrationDirectory> dir_;
    Diagnostics found_;
    Summary summary_;
    std::optional<runtime::PreflightReport> preflight_;  // with --preflight, when it ran
    std::optional<SchemaMapping> tenant_;                // with --tenant-schema
};

int Migrate::finish(int code) {
    const SourceSet empty;
    const SourceSet& sources = dir_ ? dir_->sources : empty;
    if (o_.format == "json") {
        std::vector<std::string> pending;
        for (const std::string& name : summary_.pending)
            if (std::none_of(summary_.applied.begin(), summary_.applied.end(),
                             [&](const nlohmann::json& a) { return a["name"] == name; }))
                pending.push_back(name);
        nlohmann::json out{
            {"database", shown_database(o_)}, {"result", summary_.result}, {"dry_run", o_.dry_run},
            {"applied", summary_.applied},    {"pending", pending},        {"diagnostics", to_json(sources, found_)}};
        // The versions a fleet's report shows: null when the history was not read, or is empty.
        std::optional<int> after = summary_.version_before;
        for (const nlohmann::json& a : summary_.applied) after = std::max(after.value_or(0), a["version"].get<int>());
        auto version = [](const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
        out["version_before"] = version(summary_.version_before);
        out["version_after"] = version(after);
        out["latest_version"] = dir_ && !dir_->migrations.empty() ? nlohmann::json(dir_->migrations.back().version)
                                                                  : nlohmann::json(nullptr);
        if (o_.tenant_schema) out["tenant_schema"] = *o_.tenant_schema;
        if (preflight_) out["preflight"] = preflight_json(*preflight_);
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        report_text(sources, found_, o_);
    }
    return code;
}

void Migrate::fail(const runtime::LocalMigration& m, const runtime::ApplyFailure& f,
                   const std::vector<runtime::LocalMigration>& not_run) {
    std::string first = f.message.substr(0, f.message.find('\n'));
    Span where = f.line > 0 ? dir_->line_span(m.name, f.line) : dir_->file_span(m.name);
    std::string message = f.statement.empty() ? fmt::format("{} not applied: {}", m.name, first)
                                              : fmt::format("migration failed{}: {}{}", f.line > 0 ? "" : " at COMMIT",
                                                            first, f.sqlstate.empty() ? "" : " [" + f.sqlstate + "]");
    Diagnostic& d = found_.error("migration-failed", where, message, f.help.empty() ? "" : f.help.front());
    for (std::size_t at = f.message.find('\n'); at != std::string::npos;) {  // DETAIL, HINT, CONTEXT
        std::size_t next = f.message.find('\n', at + 1);
        std::string line = f.message.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
        d.notes.push_back({{}, line.substr(line.find_first_not_of(' '))});
        at = next;
    }
    for (std::size_t i = 1; i < f.help.size(); ++i) d.notes.push_back({{}, f.help[i]});
    if (!m.no_transaction)
        d.notes.push_back(
            {{}, fmt::format("rolled back: nothing of {} was applied, and it has no history row", m.name)});
    if (!not_run.empty()) {
        std::string names;
        for (const auto& n : not_run) names += (names.empty() ? "" : ", ") + n.name;
        d.notes.push_back({{}, fmt::format("not run: {}", names)});
    }
}

// The connection broke in a no-transaction file: what stayed applied (the statements before the
// one cut off) and the INVALID index a cut-off concurrent build leaves, looked up on a new
// connection when the server is back (or named as possible when it is not).
void Migrate::lost(const runtime::LocalMigration& m, const Statements& statements, const runtime::LostConnection& l) {
    std::string database = shown_target(o_);
    Span where = l.line > 0 ? dir_->line_span(m.name, l.line) : dir_->file_span(m.name);
    Diagnostic& d = found_.error("connection-lost", where,
                                 fmt::format("lost the connection to {} while {} ran{}: {}", database, m.name,
                                             l.line > 0 ? "" : ", writing its history row", l.message),
                                 "");
    if (l.statements_done == l.statements_total) {
        d.help = fmt::format(
            "every statement of {} ran, but its history row may not have been written: run `schemac "
            "status`; if it lists {} as pending, record it with `schemac migrate resolve --applied {}`",
            m.name, m.name, m.version);
        return;
    }
    std::string stayed;
    if (l.statements_done == 0)
        stayed = "none of its statements had finished";
    else if (l.statements_done == 1)
        stayed = fmt::format("its first statement (line {}) stayed applied", statements[0].line);
    else
        stayed = fmt::format("its first {} statements (lines {} to {}) stayed applied", l.statements_done,
                             statements[0].line, statements[l.statements_done - 1].line);
    d.help = fmt::format(
        "{} runs outside a transaction, statement by statement: {}, the one at line {} was cut off{}, "
        "and no history row was written. When the server is back, run `schemac migrate` again: the file "
        "runs again from its start, and its generated statements (IF NOT EXISTS, IF EXISTS) skip what "
        "is already there",
        m.name, stayed, l.line,
        l.block_line ? fmt::format(", the transaction block begun at line {} was rolled back with the "
                                   "session",
                                   *l.block_line)
                     : "");
    std::optional<std::vector<std::string>> invalid;  // nullopt: the server cannot be asked
    try {
        if (std::optional<std::string> url = runtime::resolve_database_url(o_.database)) {
            runtime::Session again(*url);
            invalid = runtime::invalid_index_names_in(again, m.text);
        }
    } catch (const std::exception&) {
    }
    if (invalid) {
        for (const std::string& index : *invalid)
            d.notes.push_back(
                {{},
                 fmt::format("{} is left INVALID{}; remove it before running again: DROP INDEX "
                             "CONCURRENTLY IF EXISTS {};",
                             index, l.index == index ? " by the cut-off CREATE INDEX CONCURRENTLY" : "", index)});
    } else if (l.index) {
        d.notes.push_back({{},
                           fmt::format("the cut-off CREATE INDEX CONCURRENTLY may have left the INVALID index {} "
                                       "(`schemac status` names it); remove it before running again: DROP INDEX "
                                       "CONCURRENTLY IF EXISTS {};",
                                       *l.index, *l.index)});
    }
}

// Every file to run is split into statements once, before the first one runs: one that cannot
// be (a syntax error, a NUL byte, a psql meta-command) is a finding, and so are a client COPY,
// transaction control or a statement PostgreSQL refuses in a transaction block in a file that
// runs in one, and a transaction block a no-transaction file leaves open: all refused before
// anything runs.
std::vector<Statements> Migrate::split_statements(const std::vector<runtime::LocalMigration>& to_run) {
    std::vector<Statements> out;
    for (const runtime::LocalMigration& m : to_run) {
        out.push_back(add_statement_findings((std::filesystem::path(o_.migrations) / m.name).string(), m.text,
                                             dir_->sources, found_)
                          .value_or(Statements{}));
        if (tenant_) out.back() = runtime::tenant_statements(out.back(), *tenant_);
    }
    return out;
}

// A transaction that creates more relations than the server's lock table holds fails with "out
// of shared memory" after all its work; refuse it before anything runs.
void Migrate::check_lock_capacity(runtime::Session& session, const std::vector<runtime::LocalMigration>& to_run,
                                  const std::vector<Statements>& statements) {
    long long capacity = 0;
    for (std::size_t i = 0; i < to_run.size(); ++i) {
        const runtime::LocalMigration& m = to_run[i];
        if (m.no_transaction) continue;
        int created = runtime::created_relations(statements[i]);
        if (created < 1000) continue;  // far below any lock table; spare the query
        if (capacity == 0) capacity = runtime::lock_table_capacity(session);
        if (created <= capacity) continue;
        found_.error(
            "too-many-locks", dir_->file_span(m.name),
            fmt::format("{} creates {} tables, indexes and sequences in one transaction, but the server's lock "
                        "table holds {} locks (max_locks_per_transaction x (max_connections + "
                        "max_prepared_transactions)): it would fail with \"out of shared memory\"",
                        m.name, created, capacity),
            "split it into several migrations (`schemac generate` does so by itself, see --max-locks), or "
            "raise max_locks_per_transaction in postgresql.conf and restart the server");
    }
}

// The roles the migrations expect: those the snapshot (the schema they build) declares. An
// unreadable snapshot is reported by the directory's checks; it declares none here.
std::vector<ir::Role> Migrate::declared_roles() const {
    try {
        return read_snapshot(o_.migrations).roles;
    } catch (const SnapshotError&) {
        return {};
    }
}

// When the first migration fails on a database without history: whether the managed schemas
// already hold objects (a database built by `push`, by hand or from a dump), and what to run.
std::optional<std::string> Migrate::baseline_hint(runtime::Session& session) {
    ir::Database snapshot;
    try {
        snapshot = read_snapshot(o_.migrations);
    } catch (const SnapshotError&) {
    }
    std::vector<std::string> schemas = tenant_ ? std::vector<std::string>{tenant_->to}
                                               : runtime::managed_schemas({}, snapshot);
    pqxx::nontransaction tx(session.connection());
    std::vector<std::string> literals;
    for (const std::string& schema : schemas) literals.push_back(quote_literal(schema));
    pqxx::result r = tx.exec_params(
        fmt::format("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ({}) "
                    "AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT (n.nspname = $1 AND c.relname = $2) ORDER BY 1",
                    fmt::join(literals, ", ")),
        o_.history_schema, std::string(runtime::history_table_name));
    if (r.empty()) return std::nullopt;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < r.size() && i < 3; ++i) names.push_back(r[static_cast<int>(i)][0].as<std::string>());
    int last = dir_->migrations.back().version;
    return fmt::format("the database already has objects in the managed schemas ({}{}) but no schemac history: if it "
                       "was built another way (`schemac push`, by hand, from a dump), record the migrations it already "
                       "has instead of running them: `schemac baseline --to {}` (it first checks the database "
                       "against the snapshot)",
                       fmt::join(names, ", "),
                       r.size() > names.size() ? fmt::format(" and {} more", r.size() - names.size()) : "", last);
}

int Migrate::apply(runtime::Session& session, const runtime::History& history,
                   const std::vector<runtime::LocalMigration>& to_run, const std::vector<Statements>& statements,
                   bool history_was_empty) {
    runtime::prepare_session(session, tenant_);
    // On a terminal, notices show as they come: a long backfill reports its progress.
    bool live = !o_.quiet && o_.format != "json" && isatty(fileno(stderr));
    bool noticed = false;  // a notice of this file was shown already
    if (live)
        session.listen_to_notices([&](const std::string& notice) {
            progress(fmt::format("{}    notice: {}\n", noticed ? "" : "\n", notice));
            noticed = true;
        });
    for (std::size_t i = 0; i < to_run.size(); ++i) {
        const runtime::LocalMigration& m = to_run[i];
        progress(fmt::format("  applying {}{} ... ", m.name, m.no_transaction ? " (no transaction)" : ""));
        noticed = false;
        runtime::ApplyOutcome outcome = runtime::apply_migration(session, history, m, statements[i], schemac_version,
                                                                 tenant_);
        if (noticed) progress(fmt::format("  {} ... ", m.name));
        progress(outcome.failure || outcome.lost ? "FAILED\n" : fmt::format("{} ms\n", outcome.execution_ms));
        for (const std::string& notice : outcome.notices) progress(fmt::format("    notice: {}\n", notice));
        if (outcome.lost) {
            lost(m, statements[i], *outcome.lost);
            summary_.result = "connection-lost";
            return finish(cannot_run);
        }
        if (outcome.failure) {
            if (i == 0 && history_was_empty)
                if (std::optional<std::string> hint = baseline_hint(session))
                    outcome.failure->help.insert(outcome.failure->help.begin(), *hint);
            fail(m, *outcome.failure, {to_run.begin() + static_cast<long>(i) + 1, to_run.end()});
            summary_.result = "failed";
            return finish(findings);
        }
        summary_.applied.push_back({{"version", m.version}, {"name", m.name}, {"execution_ms", outcome.execution_ms}});
    }
    summary_.result = to_run.empty() ? "up-to-date" : "applied";
    return success;
}

int Migrate::run() {
    int code = success;
    dir_ = read_migration_directory(o_, found_, code);
    if (!dir_) return code;
    if (found_.has_errors()) {
        summary_.result = "refused";
        return finish(findings);
    }
    if (o_.to && std::none_of(dir_->migrations.begin(), dir_->migrations.end(), [&](const auto& m) {
            return m.version == *o_.to;
        }))
        return cannot_run_error(fmt::format("--to {}: no migration has that number in {}", *o_.to, o_.migrations));
    if (o_.tenant_schema && o_.preflight.enabled)
        return cannot_run_error("--preflight does not probe a tenant's schema yet: run `schemac migrate "
                                "--tenant-schema NAME` without it");
    std::unique_ptr<runtime::Session> session = open_session(o_);
    if (!session) return cannot_run;
    if (!resolve_tenant(o_, *session, tenant_)) return cannot_run;
    runtime::History history(o_.history_schema);
    std::string database = shown_target(o_);
    try {
        std::unique_ptr<runtime::MigrationLock> lock;
        if (!o_.dry_run) {
            if (std::optional<runtime::ReadOnlyServer> read_only = runtime::read_only_server(*session)) {
                found_.error("read-only", {}, fmt::format("{} is {}; nothing applied", database, read_only->what),
                             read_only->help);
                summary_.result = "refused";
                return finish(cannot_run);
            }
            int holder = 0;
            auto timeout = std::chrono::milliseconds(static_cast<long long>(o_.lock_timeout * 1000));
            lock = runtime::MigrationLock::acquire(
                *session, runtime::migration_lock_key(o_.history_schema), timeout, [&](int pid) {
                    holder = pid;
                    progress(fmt::format("schemac migrate: waiting up to {} s for "
                                         "the migration lock (held by backend pid {})\n",
                                         o_.lock_timeout, pid));
                });
            if (!lock) {
                found_.error("lock-timeout", {},
                             fmt::format("another schemac migrate holds the lock on {} (backend pid {}); gave up after "
                                         "{} s, nothing applied",
                                         database, holder, o_.lock_timeout),
                             "let it finish, then run again (it may already have applied everything), or wait longer "
                             "with --lock-timeout SECONDS");
                summary_.result = "lock-timeout";
                return finish(findings);
            }
            pqxx::work tx(session->connection());
            history.create(tx);
            tx.commit();
        }
        std::vector<runtime::AppliedMigration> rows;
        {
            pqxx::nontransaction tx(session->connection());
            rows = history.read(tx);
        }
        summary_.version_before = runtime::highest_version(rows);
        runtime::MigrationState state = runtime::compare_with_history(dir_->migrations, rows, o_.allow_out_of_order,
                                                                      o_.allow_newer_applied);
        if (o_.allow_newer_applied && !state.newer_applied.empty()) {
            std::vector<std::string> names;
            for (const runtime::AppliedMigration& a : state.newer_applied) names.push_back(a.name);
            progress(fmt::format("schemac migrate: {} also has {}, newer than this directory (--allow-newer-applied)\n",
                                 database, fmt::join(names, ", ")));
        }
        add_problems(*dir_, state.problems, found_);
        std::vector<runtime::LocalMigration> to_run;
        for (const runtime::LocalMigration& m : state.pending)
            if (!o_.to || m.version <= *o_.to) to_run.push_back(m);
        for (const runtime::LocalMigration& m : state.pending) summary_.pending.push_back(m.name);
        std::vector<Statements> statements = split_statements(to_run);
        // The roles the schema declares (the snapshot's): a missing one would fail a GRANT or a
        // CREATE POLICY half-way; every one is named before anything runs.
        std::size_t missing_roles = to_run.empty()
                                        ? 0
                                        : add_missing_role_findings(*session, declared_roles(), database, found_);
        if (!found_.has_errors()) check_lock_capacity(*session, to_run, statements);
        // A view or rule reading a column a pending statement changes would stop it half-way.
        if (!found_.has_errors())
            add_dependent_findings(*session, o_.migrations, to_run, statements, dir_->sources, found_);
        // --preflight: what in the rows would make the pending migrations fail, before any runs.
        bool preflight_not_run = false;  // the schema could not be read or compiled: exit 2
        if (o_.preflight.enabled && !found_.has_errors()) {
            if (to_run.empty()) {
                progress("schemac migrate: preflight: nothing pending\n");
            } else {
                preflight_ = run_preflight_probes(*session, o_.schema, {}, o_.history_schema, o_.preflight,
                                                  dir_->sources, found_);
                if (preflight_) progress(fmt::format("schemac migrate: {}\n", preflight_summary(*preflight_)));
                preflight_not_run = !preflight_;
            }
        }
        if (found_.has_errors()) {
            summary_.result = "refused";
            found_.error("nothing-applied", {},
                         fmt::format("schemac migrate refused to run: nothing applied to {}", database),
                         "fix the problems above, then run again");
            return finish(missing_roles > 0 || preflight_not_run ? cannot_run : findings);
        }
        if (o_.dry_run) {
            summary_.result = to_run.empty() ? "up-to-date" : "would-apply";
            if (o_.format != "json") {
                std::cout << fmt::format("-- schemac migrate --dry-run: {} would run on {}\n",
                                         plural(to_run.size(), "migration"), database);
                for (std::size_t i = 0; i < to_run.size(); ++i)
                    std::cout << fmt::format("\n-- {} ({})\n{}", to_run[i].name,
                                             to_run[i].no_transaction ? "statement by statement, outside a transaction"
                                                                      : "in one transaction, with its history row",
                                             tenant_ ? tenant_text(statements[i], *tenant_) : to_run[i].text);
            }
            return finish(success);
        }
        if (!to_run.empty())
            progress(fmt::format("schemac migrate: {} pending on {}\n", plural(to_run.size(), "migration"), database));
        if (int failed = apply(*session, history, to_run, statements, rows.empty()); failed != success) return failed;
        std::string at = !to_run.empty() ? to_run.back().name : rows.empty() ? "no migration" : rows.back().name;
        if (to_run.empty())
            progress(fmt::format("schemac migrate: nothing to apply; {} at {} ({} applied)\n", database, at,
                                 plural(rows.size(), "migration")));
        else
            progress(fmt::format("schemac migrate: applied {}; {} is at {}\n", plural(to_run.size(), "migration"),
                                 database, at));
        return finish(success);
    } catch (const pqxx::broken_connection& e) {
        summary_.result = "connection-lost";
        found_.error(
            "connection-lost", {},
            fmt::format("lost the connection to {}: {}", database, runtime::server_message(e.what())),
            "run `schemac status` to see what was applied: a migration is applied with its history row or not at all");
        return finish(cannot_run);
    } catch (const pqxx::in_doubt_error& e) {
        summary_.result = "connection-lost";
        found_.error("commit-in-doubt", {},
                     fmt::format("lost the connection to {} while committing: {}", database, e.what()),
                     "run `schemac status`: the last migration is applied with its history row, or not at all");
        return finish(cannot_run);
    } catch (const pqxx::sql_error& e) {
        summary_.result = "failed";
        found_.error("database-error", {}, fmt::format("{}: {}", database, runtime::server_message(e.what())),
                     e.sqlstate() == "25006"
                         ? std::string("the server became read-only while migrate ran (a failover to a standby, or "
                                       "default_transaction_read_only): run `schemac status` against the primary")
                         : fmt::format("the history table is {}: the role needs the right to create and write it "
                                       "(or pick another schema with --history-schema)",
                                       history.table()));
        return finish(cannot_run);
    }
}

}  // namespace

Runner add_migrate_command(CLI::App& app) {
    auto options = std::make_shared<MigrateOptions>();
    CLI::App* command = app.add_subcommand("migrate", "apply pending migrations");
    add_database_options(*command, *options);
    command->add_option("--to", options->to, "stop after the migration with this number");
    command->add_flag("--dry-run", options->dry_run, "print what would run; change nothing");
    command
        ->add_option("--lock-timeout", options->lock_timeout,
                     "seconds to wait for another schemac migrate to release the lock")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    command->add_flag("--allow-out-of-order", options->allow_out_of_order,
                      "apply pending migrations numbered below the highest applied one");
    command->add_flag("--allow-newer-applied", options->allow_newer_applied,
                      "accept applied migrations this directory does not have when all of them are numbered above "
                      "its every file (an application rolled back to an older release); a pending file numbered "
                      "below one of them is still refused as out of order");
    add_preflight_options(*command, options->preflight, "before applying anything, and refuse to apply on a finding");
    Runner run_migrate = fleet_or_single(*command, "migrate", *options, options->database, [options] {
        return Migrate(*options).run();
    });
    Runner run_resolve = add_migrate_resolve_command(*command);
    CLI::App* resolve = command->get_subcommand("resolve");
    return [resolve, run_resolve, run_migrate] { return resolve->parsed() ? run_resolve() : run_migrate(); };
}

}  // namespace schemac::cli
