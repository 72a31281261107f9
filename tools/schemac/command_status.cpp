// `schemac status`: which migrations the database has, which are pending, and what is wrong
// (an applied file changed or missing, a pending one numbered below an applied one, an INVALID
// index left by a failed concurrent build that blocks the next one). Reads
// only: it neither takes the lock nor creates the history table. Exit 1 when anything is
// pending or wrong, so CI can gate on it.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <pqxx/pqxx>

#include "runtime/apply.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/fleet.hpp"
#include "tools/schemac/tenant_target.hpp"

namespace schemac::cli {
namespace {

struct StatusOptions : DatabaseOptions {
    bool allow_newer_applied = false;
};

// A pending migration that runs outside a transaction is refused by `migrate` while an INVALID
// index it names (left by a failed concurrent build) is there: say which, and how to remove it.
void add_blocking_invalid_indexes(runtime::Session& session, const MigrationDirectory& dir,
                                  const runtime::MigrationState& state, Diagnostics& found) {
    for (const runtime::LocalMigration& m : state.pending) {
        if (!m.no_transaction) continue;
        for (const std::string& index : runtime::invalid_index_names_in(session, m.text))
            found.error("invalid-index", dir.file_span(m.name),
                        fmt::format("the INVALID index {} (left by a failed concurrent build) blocks {}: `schemac "
                                    "migrate` refuses to run it while the index is there",
                                    index, m.name),
                        fmt::format("remove it, then run `schemac migrate`: DROP INDEX CONCURRENTLY IF EXISTS {};",
                                    index));
    }
}

int run(const StatusOptions& o) {
    Diagnostics found;
    int code = success;
    std::optional<MigrationDirectory> dir = read_migration_directory(o, found, code);
    if (!dir) return code;
    std::unique_ptr<runtime::Session> session = open_session(o);
    if (!session) return cannot_run;
    std::optional<SchemaMapping> tenant;  // with --tenant-schema: its history is read from its schema
    if (!resolve_tenant(o, *session, tenant)) return cannot_run;
    std::vector<runtime::AppliedMigration> rows;
    runtime::History history(o.history_schema);
    try {
        pqxx::nontransaction tx(session->connection());
        rows = history.read(tx);
    } catch (const std::exception& e) {
        return cannot_run_error(fmt::format("cannot read {}: {}", history.table(), runtime::server_message(e.what())));
    }
    runtime::MigrationState state = runtime::compare_with_history(dir->migrations, rows, false, o.allow_newer_applied);
    add_problems(*dir, state.problems, found);
    try {
        add_blocking_invalid_indexes(*session, *dir, state, found);
    } catch (const std::exception& e) {
        return cannot_run_error(fmt::format("cannot read the indexes: {}", runtime::server_message(e.what())));
    }
    bool clean = state.pending.empty() && !found.has_errors();
    std::string database = shown_target(o);

    if (o.format == "json") {
        nlohmann::json applied = nlohmann::json::array(), pending = nlohmann::json::array();
        for (const auto& a : state.applied)
            applied.push_back(
                {{"version", a.version},
                 {"name", a.name},
                 {"checksum", a.checksum},
                 {"applied_at", a.applied_at},
                 {"execution_ms", a.execution_ms},
                 {"schemac_version", a.schemac_version},
                 {"baseline", a.baseline}});
        for (const auto& p : state.pending) pending.push_back({{"version", p.version}, {"name", p.name}});
        nlohmann::json out{{"database", shown_database(o)},
                           {"history_table", history.table()},
                           {"applied", applied},
                           {"pending", pending},
                           {"diagnostics", to_json(dir->sources, found)},
                           {"up_to_date", clean}};
        std::optional<int> version = runtime::highest_version(rows);
        out["version"] = version ? nlohmann::json(*version) : nlohmann::json(nullptr);
        out["latest_version"] = dir->migrations.empty() ? nlohmann::json(nullptr)
                                                        : nlohmann::json(dir->migrations.back().version);
        if (tenant) out["tenant_schema"] = tenant->to;
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return clean ? success : findings;
    }
    if (!o.quiet) {
        std::cout << fmt::format("{}: {} applied, {} pending\n", database, plural(state.applied.size(), "migration"),
                                 state.pending.size());
        std::size_t width = 0;
        for (const auto& a : state.applied) width = std::max(width, a.name.size());
        auto newer = [&](const runtime::AppliedMigration& a) {
            return std::any_of(state.newer_applied.begin(), state.newer_applied.end(),
                               [&](const runtime::AppliedMigration& n) { return n.version == a.version; });
        };
        for (const auto& a : state.applied)
            std::cout << fmt::format("  applied  {:<{}}  {}  {}{}\n", a.name, width, a.applied_at,
                                     a.baseline ? "baseline (recorded, not run)" : fmt::format("{} ms", a.execution_ms),
                                     newer(a) ? "  (newer than this directory)" : "");
        for (const auto& p : state.pending) std::cout << fmt::format("  pending  {}\n", p.name);
    }
    report_text(dir->sources, found, o);
    if (!o.quiet && clean)
        std::cout << "up to date\n";
    else if (!o.quiet && !found.has_errors())
        std::cout << "run `schemac migrate` to apply the pending migrations\n";
    return clean ? success : findings;
}

}  // namespace

Runner add_status_command(CLI::App& app) {
    auto options = std::make_shared<StatusOptions>();
    CLI::App* command = app.add_subcommand("status", "applied and pending migrations, and any problem");
    add_database_options(*command, *options);
    command->add_flag("--allow-newer-applied", options->allow_newer_applied,
                      "as `migrate --allow-newer-applied`: applied migrations numbered above every file of the "
                      "directory are no problem");
    return fleet_or_single(*command, "status", *options, options->database, [options] { return run(*options); });
}

}  // namespace schemac::cli
