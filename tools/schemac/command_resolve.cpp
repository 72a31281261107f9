// `schemac migrate resolve --applied N | --rolled-back N`: after a migration was finished or
// undone by hand, records it in the history as applied without running it, or forgets it.
// `--applied` takes only the next pending migration, in order, whose file is in the
// directory, and when N is the last migration, only on a database that matches the snapshot
// (the drift check of `check --database`). `--rolled-back` takes only a recorded migration,
// and says what it removed. Under the migration lock, in one transaction.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <pqxx/pqxx>

#include "compiler/migrations/migration_directory.hpp"
#include "runtime/drift.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/version.hpp"

namespace schemac::cli {
namespace {

struct ResolveOptions : DatabaseOptions {
    std::optional<int> applied, rolled_back;
    double lock_timeout = 60;
    std::vector<std::string> schemas;
};

int refuse(const std::string& message, const std::string& help) {
    std::cerr << fmt::format("schemac: error: {}; nothing recorded\nhelp: {}\n", message, help);
    return findings;
}

// When N is the last migration the snapshot describes the database after it: it must match.
// Returns the refusal's exit code, or success.
int verify_last(const ResolveOptions& o, runtime::Session& session, const runtime::LocalMigration& m) {
    ir::Database snapshot;
    try {
        snapshot = read_snapshot(o.migrations);
    } catch (const SnapshotError& e) {
        return cannot_read_snapshot(e.what());
    }
    runtime::Drift drift = runtime::find_drift(
        session, snapshot, runtime::IntrospectOptions{runtime::managed_schemas(o.schemas, snapshot), o.history_schema});
    std::vector<runtime::DriftItem> items = runtime::drift_items(drift, snapshot);
    for (const std::string& line : drift.live.unreadable) std::cerr << "error: cannot compare: " << line << "\n";
    for (const runtime::DriftItem& item : items) std::cerr << fmt::format("error: drift: {}\n", item.title);
    if (items.empty() && drift.live.unreadable.empty()) return success;
    return refuse(fmt::format("the database does not match what {} leaves ({} above)", m.name,
                              plural(items.size() + drift.live.unreadable.size(), "difference")),
                  fmt::format("finish what {} does in the database (the drift above, `schemac check --database` "
                              "shows the SQL), then run this again; or run `schemac migrate` to apply it",
                              m.name));
}

int resolve_applied(const ResolveOptions& o, runtime::Session& session, const MigrationDirectory& dir,
                    const std::string& database) {
    int n = *o.applied;
    auto file = std::find_if(dir.migrations.begin(), dir.migrations.end(), [&](const auto& m) {
        return m.version == n;
    });
    if (file == dir.migrations.end())
        return cannot_run_error(fmt::format("--applied {}: no migration has that number in {}", n, o.migrations));
    runtime::History history(o.history_schema);
    {
        pqxx::work tx(session.connection());
        history.create(tx);
        tx.commit();
    }
    std::vector<runtime::AppliedMigration> rows;
    {
        pqxx::nontransaction tx(session.connection());
        rows = history.read(tx);
    }
    for (const runtime::AppliedMigration& a : rows)
        if (a.version == n)
            return refuse(fmt::format("{} is already recorded as applied to {} (on {})", a.name, database,
                                      a.applied_at),
                          "nothing to resolve; `schemac status` shows the history");
    runtime::MigrationState state = runtime::compare_with_history(dir.migrations, rows, true);
    for (const runtime::MigrationProblem& p : state.problems)
        std::cerr << fmt::format("error: {}\nhelp: {}\n", p.message, p.help);
    if (!state.problems.empty())
        return refuse(fmt::format("the history of {} does not agree with the directory (above)", database),
                      "fix that first (`schemac status` shows it), then resolve");
    if (state.pending.empty())
        return refuse(fmt::format("{} is not pending on {}", file->name, database),
                      "`schemac status` shows the history");
    const runtime::LocalMigration& next = state.pending.front();
    if (next.version != n)
        return refuse(fmt::format("{} is not the next pending migration of {}: {} is", file->name, database, next.name),
                      fmt::format("migrations are recorded in order: apply {} first (`schemac migrate --to {}`), or "
                                  "resolve it first if it was applied by hand",
                                  next.name, next.version));
    bool last = n == dir.migrations.back().version;
    if (last)
        if (int code = verify_last(o, session, *file); code != success) return code;
    pqxx::work tx(session.connection());  // the migration lock keeps the history as it was read
    history.record(tx, runtime::applied_row(*file, 0, schemac_version, true));
    tx.commit();
    if (!o.quiet)
        std::cerr << fmt::format("schemac migrate resolve: recorded {} as applied to {} without running it ({})\n",
                                 file->name, database,
                                 last ? "the database matches the snapshot"
                                      : fmt::format("not verified: the snapshot describes {}, not this migration",
                                                    dir.migrations.back().name));
    return success;
}

int resolve_rolled_back(const ResolveOptions& o, runtime::Session& session, const std::string& database) {
    int n = *o.rolled_back;
    runtime::History history(o.history_schema);
    pqxx::work tx(session.connection());
    std::vector<runtime::AppliedMigration> rows = history.read(tx);
    auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& a) { return a.version == n; });
    if (row == rows.end())
        return refuse(fmt::format("no migration numbered {} is recorded in the history of {}{}", n, database,
                                  rows.empty() ? "" : fmt::format(" (the last is {})", rows.back().name)),
                      "`schemac status` lists what is recorded");
    history.forget(tx, n);
    tx.commit();
    if (!o.quiet) {
        std::cerr << fmt::format("schemac migrate resolve: removed {} from the history of {} (it was {} on {}, {}); "
                                 "`schemac migrate` runs it again\n",
                                 row->name, database, row->baseline ? "recorded without running" : "applied",
                                 row->applied_at, row->checksum);
        if (n != rows.back().version)
            std::cerr << fmt::format("warning: {} is applied after it: running {} again needs `schemac migrate "
                                     "--allow-out-of-order`\n",
                                     rows.back().name, row->name);
    }
    return success;
}

int run(const ResolveOptions& o) {
    if (o.applied.has_value() == o.rolled_back.has_value())
        return cannot_run_error("migrate resolve needs one of --applied N or --rolled-back N");
    int code = success;
    std::optional<MigrationDirectory> dir = read_sound_migration_directory(o, code);
    if (!dir) return code;
    std::unique_ptr<runtime::Session> session = open_session(o);
    if (!session) return cannot_run;
    std::string database = shown_database(o);
    return with_database_errors([&]() -> int {
        auto lock = take_migration_lock(*session, o, o.lock_timeout);
        if (!lock) return refuse("another schemac migrate holds the lock", "let it finish, then run this again");
        return o.applied ? resolve_applied(o, *session, *dir, database) : resolve_rolled_back(o, *session, database);
    });
}

}  // namespace

Runner add_migrate_resolve_command(CLI::App& migrate) {
    auto options = std::make_shared<ResolveOptions>();
    CLI::App* command = migrate.add_subcommand("resolve",
                                               "record or forget one migration in the history after a manual fix");
    add_database_options(*command, *options);
    auto* applied = command->add_option("--applied", options->applied,
                                        "record migration N as applied without running it (the next pending one)");
    command->add_option("--rolled-back", options->rolled_back, "forget migration N: `migrate` runs it again")
        ->excludes(applied);
    add_schemas_option(*command, options->schemas, "those the snapshot names");
    add_lock_timeout_option(*command, options->lock_timeout);
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
