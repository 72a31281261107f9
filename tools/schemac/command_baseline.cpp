// `schemac baseline --to N`: for a database that already has the schema (production
// before schemac), records the migrations up to N as applied without running them. Only on a
// database whose history is empty and whose schema matches the snapshot (the last migration;
// `--force` records anyway, and says so); under the migration lock, in one transaction.
#include <fmt/format.h>

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

struct BaselineOptions : DatabaseOptions {
    int version = 0;
    std::string version_option = "--to";  // as written: --to, or the old --version
    double lock_timeout = 60;
    bool force = false;
    std::vector<std::string> schemas;
};

// The database must already be what the migrations up to N make it: compared with the
// snapshot, which describes the last migration. Prints the drift; success when it may record, else the exit code.
int verify(const BaselineOptions& o, runtime::Session& session, const MigrationDirectory& dir) {
    int last = dir.migrations.back().version;
    if (o.version != last) {
        if (o.force) return success;
        std::cerr << fmt::format(
            "schemac: error: the snapshot describes migration {}, not {}: baseline can only verify the database at the "
            "last migration\nhelp: baseline --to {} (if the database has everything), or --force to record "
            "without verifying\n",
            last, o.version, last);
        return findings;
    }
    ir::Database snapshot;
    try {
        snapshot = read_snapshot(o.migrations);
    } catch (const SnapshotError& e) {
        return cannot_read_snapshot(e.what());
    }
    runtime::Drift drift = runtime::find_drift(
        session, snapshot, runtime::IntrospectOptions{runtime::managed_schemas(o.schemas, snapshot), o.history_schema});
    for (const std::string& line : drift.live.unreadable) std::cerr << "warning: cannot compare: " << line << "\n";
    if (drift.plan.steps.empty()) return success;
    std::vector<runtime::DriftItem> items = runtime::drift_items(drift, snapshot);
    for (const runtime::DriftItem& item : items)
        std::cerr << fmt::format("{}: drift: {}\n", o.force ? "warning" : "error", item.title);
    if (o.force) {
        std::cerr << "schemac baseline: the database does not match the snapshot; recording anyway (--force)\n";
        return success;
    }
    std::cerr << fmt::format("schemac: error: the database does not match migrations 1 to {} ({} above); nothing "
                             "recorded\nhelp: bring the database to the schema first (or the schema to the "
                             "database), or pass --force to record anyway\n",
                             o.version, plural(items.size(), "difference"));
    return findings;
}

int run(const BaselineOptions& o) {
    int code = success;
    std::optional<MigrationDirectory> dir = read_sound_migration_directory(o, code);
    if (!dir) return code;
    std::vector<runtime::LocalMigration> recorded;
    for (const auto& m : dir->migrations)
        if (m.version <= o.version) recorded.push_back(m);
    if (std::none_of(recorded.begin(), recorded.end(), [&](const auto& m) { return m.version == o.version; }))
        return cannot_run_error(
            fmt::format("{} {}: no migration has that number in {}", o.version_option, o.version, o.migrations));
    std::unique_ptr<runtime::Session> session = open_session(o);
    if (!session) return cannot_run;
    std::string database = shown_database(o);
    runtime::History history(o.history_schema);
    try {
        auto lock = take_migration_lock(*session, o, o.lock_timeout);
        if (!lock) {
            std::cerr << "schemac: error: another schemac migrate holds the lock; nothing recorded\n";
            return findings;
        }
        if (int code = verify(o, *session, *dir); code != success) return code;
        pqxx::work tx(session->connection());
        history.create(tx);
        std::vector<runtime::AppliedMigration> rows = history.read(tx);
        if (!rows.empty()) {
            std::cerr << fmt::format(
                "schemac: error: {} already has {} in {} (the last {}); baseline is only for a database schemac has "
                "never migrated\n"
                "help: run `schemac status` to see where it stands, and `schemac migrate` to apply the rest\n",
                database, plural(rows.size(), "migration"), history.table(), rows.back().name);
            return findings;
        }
        for (const auto& m : recorded) history.record(tx, runtime::applied_row(m, 0, schemac_version, true));
        tx.commit();
    } catch (const pqxx::broken_connection& e) {
        return cannot_run_error(
            fmt::format("lost the connection to {}: {}", database, runtime::server_message(e.what())));
    } catch (const pqxx::sql_error& e) {
        return cannot_run_error(fmt::format("{}: {}", database, runtime::server_message(e.what())));
    }
    if (!o.quiet)
        std::cerr << fmt::format("schemac baseline: recorded {} as applied without running them ({} to {}); "
                                 "`schemac migrate` applies the ones after\n",
                                 plural(recorded.size(), "migration"), recorded.front().name, recorded.back().name);
    return success;
}

}  // namespace

Runner add_baseline_command(CLI::App& app) {
    auto options = std::make_shared<BaselineOptions>();
    CLI::App* command = app.add_subcommand(
        "baseline", "record migrations up to a version as applied, without running them (database already has them)");
    add_database_options(*command, *options);
    CLI::Option* to = command->add_option("--to", options->version,
                                          "the number of the last migration the database already has");
    // The first spelling, which read like the global --version: still accepted, with a warning.
    CLI::Option* old = command->add_option("--version", options->version)->group("")->excludes(to);
    command->add_flag("--force", options->force,
                      "record even when the database does not match the snapshot (or cannot be compared with it)");
    add_schemas_option(*command, options->schemas, "those the snapshot names");
    add_lock_timeout_option(*command, options->lock_timeout);
    return [options, to, old] {
        if (old->count() > 0) {
            options->version_option = "--version";
            std::cerr << fmt::format("warning: baseline --version is deprecated (it reads like the global --version); "
                                     "write baseline --to {}\n",
                                     options->version);
        } else if (to->count() == 0) {
            return cannot_run_error("baseline needs --to N, the number of the last migration the database already has");
        }
        return run(*options);
    };
}

}  // namespace schemac::cli
