// `schemac repair --database URL`: re-records in the history the checksum of an applied
// migration whose file changed since only in comments, whitespace or keyword case. What changed
// is decided by PostgreSQL's parser, not guessed: the history keeps, beside the checksum, the
// fingerprint of the file's statements (parse trees without source positions, and whether it
// runs in a transaction), and the file's fingerprint now must be the same. A row without one
// (recorded by an older schemac) cannot be proven and is refused. All or nothing: when one file
// cannot be repaired, nothing is re-recorded. Under the migration lock.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <pqxx/pqxx>

#include "compiler/migrations/sql_script.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/database_options.hpp"

namespace schemac::cli {
namespace {

struct RepairOptions : DatabaseOptions {
    double lock_timeout = 60;
};

int run(const RepairOptions& o) {
    int code = success;
    std::optional<MigrationDirectory> dir = read_sound_migration_directory(o, code);
    if (!dir) return code;
    Diagnostics found;
    std::unique_ptr<runtime::Session> session = open_session(o);
    if (!session) return cannot_run;
    std::string database = shown_database(o);
    return with_database_errors([&]() -> int {
        auto lock = take_migration_lock(*session, o, o.lock_timeout);
        if (!lock) {
            std::cerr << "schemac: error: another schemac migrate holds the lock; nothing re-recorded\n";
            return findings;
        }
        runtime::History history(o.history_schema);
        pqxx::work tx(session->connection());
        std::vector<runtime::AppliedMigration> rows = history.read(tx);
        std::vector<std::pair<const runtime::AppliedMigration*, const runtime::LocalMigration*>> repairs;
        for (const runtime::AppliedMigration& a : rows) {
            auto m = std::find_if(dir->migrations.begin(), dir->migrations.end(), [&](const auto& l) {
                return l.version == a.version && l.name == a.name;
            });
            if (m == dir->migrations.end() || m->checksum == a.checksum) continue;
            std::optional<std::string> now = statements_fingerprint(m->text);
            if (a.statements.empty())
                found.error(
                    "cannot-repair", dir->file_span(m->name),
                    fmt::format("{} changed since it was applied, and its history row (from an older schemac or "
                                "an older history table) has no fingerprint of its statements, so nothing "
                                "shows the change is only comments or whitespace",
                                m->name),
                    "restore the file as it was applied (`git log -p` of it); change the database with a new "
                    "migration");
            else if (!now || *now != a.statements)
                found.error(
                    "cannot-repair", dir->file_span(m->name),
                    fmt::format("{} changed since it was applied on {} in what it does, not only in comments or "
                                "whitespace: {}",
                                m->name, a.applied_at,
                                now ? "its statements read differently by PostgreSQL's parser"
                                    : "a statement does not parse"),
                    "restore the file as it was applied (`git log -p` of it); to change the database, add a "
                    "migration with `schemac generate` or `schemac new`");
            else
                repairs.emplace_back(&a, &*m);
        }
        if (found.has_errors()) {
            report_text(dir->sources, found, o);
            std::cerr << fmt::format("schemac repair: nothing re-recorded in {}\n", history.table());
            return findings;
        }
        for (const auto& [a, m] : repairs) history.update_checksum(tx, a->version, m->checksum);
        tx.commit();
        if (!o.quiet) {
            for (const auto& [a, m] : repairs)
                std::cerr << fmt::format(
                    "schemac repair: {}: only comments or whitespace changed since it was applied; "
                    "re-recorded its checksum ({} -> {})\n",
                    m->name, a->checksum, m->checksum);
            if (repairs.empty())
                std::cerr << fmt::format("schemac repair: nothing to repair: every applied migration of {} matches its "
                                         "file\n",
                                         database);
        }
        return success;
    });
}

}  // namespace

Runner add_repair_command(CLI::App& app) {
    auto options = std::make_shared<RepairOptions>();
    CLI::App* command = app.add_subcommand(
        "repair", "re-record the checksum of an applied migration whose file changed only in comments or whitespace");
    add_database_options(*command, *options);
    add_lock_timeout_option(*command, options->lock_timeout);
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
