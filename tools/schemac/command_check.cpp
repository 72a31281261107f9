// `schemac check`: the schema compiles, schemac.sum matches the directory, no two migrations
// share a number, every file parses as SQL, no transactional file holds transaction control or
// a statement PostgreSQL refuses in a transaction block, the snapshot is the one `generate`
// wrote after the migrations (schemac.sum's snapshot records), parses and equals the compiled schema; with `--database`, every migration is applied, the history
// agrees with the files, no pending statement would break a view or rule reading what it
// changes, and the live database does not drift from the snapshot. Each problem
// is a finding (exit 1), in text, json or github format; a clean directory exits 0.
#include <fmt/format.h>

#include <cstdlib>
#include <exception>
#include <future>
#include <iostream>
#include <memory>

#include <pqxx/pqxx>

#include "compiler/ir/ir_json.hpp"
#include "compiler/migrations/migration_directory.hpp"
#include "runtime/apply_tenant.hpp"
#include "runtime/database_url.hpp"
#include "runtime/drift.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/dependent_findings.hpp"
#include "tools/schemac/fleet.hpp"
#include "tools/schemac/kept_until_exit.hpp"
#include "tools/schemac/migration_findings.hpp"
#include "tools/schemac/plan_options.hpp"
#include "tools/schemac/preflight_findings.hpp"
#include "tools/schemac/role_findings.hpp"
#include "tools/schemac/scratch_options.hpp"
#include "tools/schemac/tenant_target.hpp"
#include "tools/schemac/verification.hpp"

namespace schemac::cli {
namespace {

struct CheckOptions : DatabaseOptions {
    std::vector<std::string> schemas;  // managed schemas; default: those the schema names
    bool strict = false;               // unmanaged objects are findings, not warnings
    bool verify = false;               // also replay the migrations on a scratch PostgreSQL (`schemac verify`)
    std::optional<std::string> dev_url;
    PreflightSettings preflight;  // with --database: probe the rows the pending migrations meet
};

// Without --database, check stays offline even when DATABASE_URL is set (a CI job's variable
// must not turn the offline gate into one that needs the database): the ok line says so.
std::string not_checked_note() {
    const char* url = std::getenv("DATABASE_URL");
    return url && *url ? "; database not checked (pass --database)" : "";
}

// What the early read of the live database brought: the connection it read on, which check's
// other queries then use (one connection fewer: a fleet checks many databases at once), and
// what it read, or the error that stopped it (raised where the drift needs the read).
struct EarlyRead {
    std::unique_ptr<runtime::Session> session;  // none when it could not connect
    std::optional<runtime::Introspection> live;
    std::exception_ptr error;
};

// With --database, the live database's catalogs are read on a connection of their own while the
// schema compiles and the files are checked: the server answers the catalog queries while the
// client parses and plans. Not for a tenant (its schemas are found in the database first). When
// migrations are pending (drift is not checked then) or the schema does not compile, its result
// is not used, though the command still waits for it to end (std::async's future does); a
// connection that fails is reported by the one check_database then opens itself.
std::future<EarlyRead> read_live_early(const CheckOptions& options, const ir::Database& snapshot) {
    if (!options.database || options.tenant_schema) return {};
    std::optional<std::string> url = runtime::resolve_database_url(options.database);
    if (!url) return {};
    runtime::IntrospectOptions read{runtime::managed_schemas(options.schemas, snapshot), options.history_schema};
    return std::async(std::launch::async, [url = *url, read] {
        EarlyRead out;
        try {
            out.session = std::make_unique<runtime::Session>(url);
            out.live = runtime::introspect(*out.session, read);
        } catch (...) {
            out.error = std::current_exception();
        }
        return out;
    });
}

// With --database: migrations not applied or whose history is wrong, and drift — the changes
// that would take the live database to the snapshot. Returns false when it could not connect.
bool check_database(const CheckOptions& options, const std::vector<runtime::LocalMigration>& local,
                    const SplitMigrations& split, const std::optional<ir::Database>& snapshot,
                    std::future<EarlyRead>& early, const std::vector<ir::Role>& roles, SourceSet& sources,
                    Diagnostics& found, std::string& summary, std::optional<int>& version) {
    std::optional<EarlyRead> early_read;
    if (early.valid()) early_read = early.get();
    // The early read's connection when the read went well; a connection of its own otherwise
    // (it reports a failure to connect, and the read's own error is raised where it was).
    std::unique_ptr<runtime::Session> session = early_read && early_read->live ? std::move(early_read->session)
                                                                               : open_session(options);
    if (!session) return false;
    std::optional<SchemaMapping> tenant;  // --tenant-schema: the snapshot's template schema is the tenant's
    if (!resolve_tenant(options, *session, tenant)) return false;
    std::string database = shown_target(options);
    add_missing_role_findings(*session, roles, database, found);
    runtime::History history(options.history_schema);
    std::vector<runtime::AppliedMigration> rows;
    {
        pqxx::nontransaction tx(session->connection());
        rows = history.read(tx);
    }
    version = runtime::highest_version(rows);
    runtime::MigrationState state = runtime::compare_with_history(local, rows, false);
    for (const runtime::MigrationProblem& p : state.problems)
        found.error(std::string(runtime::problem_code(p.kind)), {}, p.message, p.help);
    for (const runtime::LocalMigration& m : state.pending)
        found.error("pending-migration", {}, fmt::format("{} is not applied to {}", m.name, database),
                    "run `schemac migrate` (the deploy step)");
    // What migrate would refuse before running them: a view or rule reading what they change.
    std::vector<std::vector<SqlStatement>> statements;
    for (const runtime::LocalMigration& m : state.pending) {
        // As the file findings split it (the same text read again is the same file).
        auto it = split.find(m.name);
        if (it != split.end() && it->second.text == m.text) {
            statements.push_back(it->second.statements);
        } else {
            try {
                statements.push_back(split_sql_statements(m.text));
            } catch (const SqlScriptError&) {  // reported with the file's findings
                statements.emplace_back();
            }
        }
        if (tenant) statements.back() = runtime::tenant_statements(statements.back(), *tenant);
    }
    add_dependent_findings(*session, options.migrations, state.pending, statements, sources, found);
    std::string preflight;  // --preflight: probes only with pending migrations (with none, drift is checked)
    if (options.preflight.enabled && !state.pending.empty())
        if (std::optional<runtime::PreflightReport> report = run_preflight_probes(
                *session, options.schema, options.schemas, options.history_schema, options.preflight, sources, found))
            preflight = preflight_summary(*report);
    if (!snapshot) return true;
    if (!state.pending.empty()) {
        summary = fmt::format("drift not checked: {} pending{}", plural(state.pending.size(), "migration"),
                              preflight.empty() ? "" : "; " + preflight);
        return true;
    }
    // The snapshot itself unless a tenant's schema stands for its template (not a copy of it).
    std::optional<ir::Database> tenant_snapshot;
    if (tenant) tenant_snapshot = tenant_expected(*snapshot, *tenant);
    const ir::Database& expected = tenant_snapshot ? *tenant_snapshot : *snapshot;
    runtime::Drift& drift = kept_until_exit<runtime::Drift>();  // the process exits next: not freed node by node
    if (early_read && early_read->error) std::rethrow_exception(early_read->error);
    drift = early_read ? runtime::find_drift(std::move(*early_read->live), expected)
                       : runtime::find_drift(
                             *session, expected,
                             tenant ? tenant_introspect_options(expected, *tenant, options.history_schema)
                                    : runtime::IntrospectOptions{runtime::managed_schemas(options.schemas, *snapshot),
                                                                 options.history_schema});
    add_unmanaged(drift.live, options.strict, found);
    for (const std::string& bad : runtime::live_text_not_utf8(drift.live))
        found.error("not-utf8", {}, fmt::format("{}: not UTF-8 in the database: {}", database, bad),
                    "a SQL_ASCII database stores any bytes; .schema files and snapshots are UTF-8: rename the object "
                    "(or fix the text) in the database, in UTF-8");
    for (const runtime::DriftItem& item : runtime::drift_items(drift, expected)) {
        Diagnostic& d = found.error(
            "drift", {}, fmt::format("drift: {}", item.title),
            "someone changed the database by hand, or a migration was skipped: write the change "
            "into the .schema files and generate a migration, or undo it in the database");
        for (const std::string& statement : item.sql) d.notes.push_back({{}, "undo: " + statement});
    }
    summary = drift.plan.steps.empty() ? "no drift" : "";
    return true;
}

int run(const CheckOptions& options) {
    // The migrations and the snapshot are read before the schema is compiled, so that the
    // catalog read (which needs the snapshot's schemas) starts while the client compiles. What
    // goes wrong reading them is raised after the schema's own errors and the options' checks,
    // where it was raised when they were read after them.
    MigrationListing listing;
    FileHashes hashes;
    // The process exits next: not freed node by node.
    std::optional<ir::Database>& snapshot = kept_until_exit<std::optional<ir::Database>>();
    std::optional<std::string> corrupt_snapshot;
    std::exception_ptr directory_error;
    try {
        listing = list_migrations(options.migrations);
        HashedDirectory read = hash_directory_and_read_snapshot(options.migrations);
        hashes = std::move(read.hashes);
        snapshot = std::move(read.snapshot);
        corrupt_snapshot = std::move(read.snapshot_error);
    } catch (...) {
        directory_error = std::current_exception();
    }
    std::future<EarlyRead> early = snapshot && !directory_error ? read_live_early(options, *snapshot)
                                                                : std::future<EarlyRead>();
    Compilation& c = kept_until_exit<Compilation>();  // the process exits next: not freed node by node
    try {
        c = compile_path(options.schema);
    } catch (const LoadError& e) {
        return cannot_run_error(e.what());
    }
    if (!c.ok()) {
        report(c.sources, c.diagnostics, options);
        return findings;
    }
    if (options.preflight.enabled && !options.database)
        return cannot_run_error("--preflight probes a database's rows: pass --database URL too");
    if (options.tenant_schema && !options.database)
        return cannot_run_error("--tenant-schema names a schema of a database: pass --database URL too");
    if (options.tenant_schema && (options.preflight.enabled || options.verify))
        return cannot_run_error(fmt::format("--tenant-schema does not go with {} yet: check the tenant without it",
                                            options.preflight.enabled ? "--preflight" : "--verify"));
    if (directory_error) std::rethrow_exception(directory_error);
    Diagnostics found;
    // After an interrupted generate, its unrecorded migration has no snapshot record either: one finding says both.
    bool interrupted = add_directory_findings(options.migrations, listing, hashes, found, true);
    const SplitMigrations split = add_migration_file_findings(options.migrations, listing, hashes,
                                                              MigrationFileChecks{!interrupted}, c.sources, found);
    if (corrupt_snapshot) found.error("corrupt-snapshot", {}, *corrupt_snapshot, snapshot_restore_help);
    if (snapshot) {
        plan::PlanOptions plan_options;
        plan_options.allow_data_loss = true;  // list every pending change, refused ones included
        plan::Plan plan = plan::plan_changes(*snapshot, c.database, plan_options);
        for (const Diagnostic& d : plan.diagnostics.all()) found.error(d.code, d.span, d.message, d.help);
        // One finding per .schema declaration; its further steps become notes.
        struct Pending {
            Span origin;
            std::string title;
            std::vector<std::string> then;
        };
        std::vector<Pending> pending;
        for (const plan::Step& s : plan.steps) {
            auto same = [&](const Pending& p) {
                return p.title == s.title || (s.origin.known() && p.origin.known() && p.origin.file == s.origin.file &&
                                              p.origin.begin == s.origin.begin);
            };
            auto it = std::find_if(pending.begin(), pending.end(), same);
            if (it == pending.end())
                pending.push_back({s.origin, s.title, {}});
            else if (it->title != s.title && std::find(it->then.begin(), it->then.end(), s.title) == it->then.end())
                it->then.push_back(s.title);
        }
        for (const Pending& p : pending) {
            Diagnostic& d = found.error("schema-changed", p.origin,
                                        fmt::format("schema changed without a migration: {}", p.title),
                                        "run `schemac generate --name <what changed>`");
            for (const std::string& t : p.then) d.notes.push_back({{}, "and: " + t});
        }
    }
    std::string database_summary;
    nlohmann::json fields = nlohmann::json::object();  // json: the versions a fleet's report shows
    if (options.database) {
        std::optional<int> version;
        int code = with_database_errors([&]() -> int {
            try {
                return check_database(options, runtime::read_local_migrations(options.migrations, listing, hashes),
                                      split, snapshot, early, c.database.roles, c.sources, found, database_summary,
                                      version)
                           ? success
                           : cannot_run;
            } catch (const LoadError& e) {
                return cannot_run_error(e.what());
            }
        });
        if (code != success) return code;
        fields["version"] = version ? nlohmann::json(*version) : nlohmann::json(nullptr);
        fields["latest_version"] = listing.migrations.empty() ? nlohmann::json(nullptr)
                                                              : nlohmann::json(listing.migrations.back().version);
    }
    std::optional<VerificationResult> verified;
    if (options.verify && snapshot) {
        int code = with_database_errors([&]() -> int {
            std::vector<runtime::LocalMigration> local;
            try {
                local = runtime::read_local_migrations(options.migrations, listing, hashes);
            } catch (const LoadError& e) {
                return cannot_run_error(e.what());
            }
            verified = run_verification(
                VerificationInput{options.migrations,
                                  &local,
                                  &*snapshot,
                                  &c,
                                  options.history_schema,
                                  options.schemas,
                                  options.dev_url,
                                  {}},
                c.sources, found);
            return success;
        });
        if (code != success) return code;
        if (verified->exit_code == cannot_run) {
            report(c.sources, found, options);
            return cannot_run;
        }
    }
    report(c.sources, found, options, false, fields);
    if (!snapshot) return cannot_run;  // the schema could not be compared with it: reported above
    if (!database_summary.empty() && (found.has_errors() || database_summary != "no drift") && !options.quiet &&
        options.format == "text")
        std::cerr << "schemac check: " << database_summary << "\n";
    if (found.has_errors()) return findings;
    if (!options.quiet && options.format == "text")
        std::cout << fmt::format(
            "schemac check: ok: {} migration{}, snapshot current, {} intact{}{}\n", listing.migrations.size(),
            listing.migrations.size() == 1 ? "" : "s", sum_file_name,
            verified ? fmt::format(", replayed on PostgreSQL {} in {} ms matching the snapshot",
                                   postgres_version_text(verified->server_version), verified->total_ms)
                     : "",
            options.database ? ", database up to date with no drift" : not_checked_note());
    return success;
}

}  // namespace

Runner add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* command = app.add_subcommand("check", "CI gate: schema compiles, snapshot current, sum file intact");
    add_database_options(*command, *options);
    command->get_option("--database")
        ->description(
            "PostgreSQL connection URL; check connects only when it is given (it does not read $DATABASE_URL)");
    command->add_flag("--strict", options->strict, "with --database: objects schemac does not manage are findings");
    add_schemas_option(*command, options->schemas, "with --database, those the schema names");
    command->add_flag("--verify", options->verify,
                      "also replay the migrations on a scratch PostgreSQL and compare the result with the snapshot "
                      "(`schemac verify`)");
    add_dev_url_option(*command, options->dev_url);
    add_preflight_options(*command, options->preflight, "with --database and pending migrations");
    return fleet_or_single(*command, "check", *options, options->database, [options] { return run(*options); });
}

}  // namespace schemac::cli
