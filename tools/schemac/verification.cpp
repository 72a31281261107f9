#include "tools/schemac/verification.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <set>

#include "compiler/ir/privileges.hpp"
#include "compiler/migrations/statement_origin.hpp"
#include "compiler/plan/plan.hpp"
#include "runtime/apply_plan.hpp"
#include "runtime/database_url.hpp"
#include "runtime/drift.hpp"
#include "runtime/history.hpp"
#include "runtime/introspect.hpp"
#include "runtime/replay.hpp"
#include "runtime/scratch_postgres.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/scratch_options.hpp"
#include "tools/schemac/version.hpp"

namespace schemac::cli {
namespace {

using Clock = std::chrono::steady_clock;

long long verify_ms_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// The byte offset of a 1-based line and column (columns counted in UTF-8 characters).
std::uint32_t verify_offset_of(std::string_view text, int line, int column) {
    std::size_t at = 0;
    for (int l = 1; l < line && at < text.size(); ++l) {
        std::size_t next = text.find('\n', at);
        if (next == std::string_view::npos) return static_cast<std::uint32_t>(text.size());
        at = next + 1;
    }
    for (int c = 1; c < column && at < text.size() && text[at] != '\n'; ++c) {
        std::size_t length = utf8_character_length(text, at);
        at += length == 0 ? 1 : length;
    }
    return static_cast<std::uint32_t>(at);
}

// Where PostgreSQL's error points inside the failing statement, read from the "LINE n: text"
// and caret lines libpq adds to the message: the 1-based line in the statement and the byte
// offset in the statement. nullopt when the message has none, or shows a shortened line.
struct VerifyErrorPlace {
    std::size_t statement_offset = 0;
    std::size_t caret_line = 0;  // the message's lines at the LINE and the caret, left out of the notes
};
std::optional<VerifyErrorPlace> verify_error_place(const std::string& message, std::string_view statement) {
    std::vector<std::string> lines;
    for (std::size_t at = 0; at <= message.size();) {
        std::size_t next = message.find('\n', at);
        std::string line = message.substr(at, next == std::string::npos ? std::string::npos : next - at);
        if (!lines.empty() && line.starts_with("  ")) line.erase(0, 2);  // server_message's indent
        lines.push_back(std::move(line));
        if (next == std::string::npos) break;
        at = next + 1;
    }
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const std::string& shown = lines[i];
        if (!shown.starts_with("LINE ")) continue;
        std::size_t colon = shown.find(": ");
        if (colon == std::string::npos) return std::nullopt;
        int line = std::atoi(shown.c_str() + 5);
        std::string text = shown.substr(colon + 2);
        std::size_t caret = lines[i + 1].find('^');
        if (line < 1 || caret == std::string::npos || caret < colon + 2 || text.starts_with("...")) return std::nullopt;
        std::size_t characters = caret - (colon + 2);  // libpq pads with one space per character
        std::size_t at = 0;
        for (int l = 1; l < line; ++l) {
            at = statement.find('\n', at);
            if (at == std::string_view::npos) return std::nullopt;
            ++at;
        }
        std::string_view rest = statement.substr(at);
        if (!rest.starts_with(std::string_view(text).substr(0, std::min(text.size(), rest.size()))))
            return std::nullopt;
        for (std::size_t c = 0; c < characters && at < statement.size(); ++c) {
            std::size_t length = utf8_character_length(statement, at);
            at += length == 0 ? 1 : length;
        }
        return VerifyErrorPlace{at, i};
    }
    return std::nullopt;
}

// The length of the token at `at`: a quoted literal or name, or a word.
std::size_t verify_token_length(std::string_view text, std::size_t at) {
    if (at >= text.size()) return 1;
    char quote = text[at];
    if (quote == '\'' || quote == '"') {
        std::size_t close = text.find(quote, at + 1);
        return close == std::string_view::npos || text.substr(at, close - at).find('\n') != std::string_view::npos
                   ? 1
                   : close - at + 1;
    }
    std::size_t end = at;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' ||
                                 text[end] == '.' || static_cast<unsigned char>(text[end]) >= 0x80))
        ++end;
    return end == at ? 1 : end - at;
}

// Copies files into the report's source set once each: the migration a finding points into, and
// the .schema file of a declaration's note.
class VerifySources {
public:
    explicit VerifySources(SourceSet& sources) : sources_(sources) {}
    std::uint32_t add(const std::string& path, const std::string& text) {
        auto it = by_path_.find(path);
        if (it != by_path_.end()) return it->second;
        return by_path_[path] = sources_.add(path, text);
    }
    Span copied(const SourceSet& from, Span span) {
        if (!span.known() || &from == &sources_) return span;  // `check --verify` reports into the schema's set
        std::string path = from.file(span.file).path();
        std::string text = from.file(span.file).text();
        span.file = add(path, text);
        return span;
    }

private:
    SourceSet& sources_;
    std::map<std::string, std::uint32_t> by_path_;
};

// Every role the schema names: those it declares, those it grants to, those its policies and
// default privileges name. PUBLIC is nobody's.
class VerifyRun {
public:
    VerifyRun(const VerificationInput& input, SourceSet& sources, Diagnostics& found)
        : in_(input), sources_(sources), found_(found) {}
    VerificationResult run();

private:
    void replay_and_compare();
    bool check_extensions(runtime::Session& session, const std::vector<ir::Extension>& needed);
    bool recreate_live(runtime::Session& scratch, std::vector<runtime::LocalMigration>& pending);
    void replay_failed(const runtime::ReplayFailure& failure, const std::vector<runtime::LocalMigration>& ran);
    void compare(runtime::Session& session);
    std::string migration_path(const std::string& name) const {
        return (std::filesystem::path(in_.migrations_dir) / name).string();
    }

    const VerificationInput& in_;
    VerifySources sources_;
    Diagnostics& found_;
    VerificationResult result_;
    std::unique_ptr<runtime::ScratchServer> server_;
    bool live_ = false;       // --from-database: the scratch database holds the live schema
    std::string live_shown_;  // its URL as it may be shown
};

bool VerifyRun::check_extensions(runtime::Session& session, const std::vector<ir::Extension>& needed) {
    std::vector<std::string> names;
    for (const ir::Extension& e : needed)
        if (std::find(names.begin(), names.end(), e.name) == names.end()) names.push_back(e.name);
    if (names.empty()) return true;
    std::vector<runtime::MissingExtension> missing = runtime::missing_extensions(session, names);
    for (const runtime::MissingExtension& m : missing)
        found_.error("missing-extension", {}, runtime::missing_extension_message(m, server_->description()),
                     runtime::missing_extension_help(m));
    return missing.empty();
}

// --from-database: the live database's managed schema (read in one READ ONLY transaction, its
// data never) made on the scratch database with plain DDL, and its history rows copied; the
// migrations it lacks are returned in `pending`.
bool VerifyRun::recreate_live(runtime::Session& scratch, std::vector<runtime::LocalMigration>& pending) {
    std::string url = runtime::resolve_database_url(in_.from_database).value_or(*in_.from_database);
    std::string shown = runtime::redact_password(url);
    runtime::Introspection live;
    std::vector<runtime::AppliedMigration> rows;
    runtime::History history(in_.history_schema);
    {
        std::unique_ptr<runtime::Session> source;
        try {
            source = std::make_unique<runtime::Session>(url);
        } catch (const runtime::ConnectError& e) {
            found_.error("cannot-connect", {}, fmt::format("--from-database {}: {}", shown, e.what()),
                         "check the URL, and that the server accepts connections from here");
            result_.exit_code = cannot_run;
            return false;
        }
        pqxx::read_transaction tx(source->connection());
        live = runtime::introspect(tx, runtime::IntrospectOptions{runtime::managed_schemas(in_.schemas, *in_.snapshot),
                                                                  in_.history_schema});
        rows = history.read(tx);
    }
    for (const runtime::UnmanagedObject& o : live.unmanaged)
        found_.warning("not-recreated", {},
                       fmt::format("{} has {}, which schemac does not manage: it is not recreated on the scratch "
                                   "database",
                                   shown, runtime::describe(o)),
                       "a pending migration that uses it fails here but may pass on the real database; manage it "
                       "in the .schema files to have it verified");
    for (const std::string& line : live.unreadable)
        found_.warning("not-recreated", {}, fmt::format("{}: not recreated on the scratch database: {}", shown, line),
                       "");
    std::set<std::string> roles;
    for (std::string& role : ir::roles_named(live.database)) roles.insert(std::move(role));
    server_->ensure_roles({roles.begin(), roles.end()});
    // The planner grants only to roles a schema declares: every role the live grants name is
    // declared here, so that its privileges are recreated as they are.
    for (std::string& role : ir::roles_named(*in_.snapshot)) roles.insert(std::move(role));
    for (const std::string& role : roles) live.database.roles.push_back(ir::Role{role, {}});
    if (!check_extensions(scratch, live.database.extensions)) {
        result_.exit_code = cannot_run;
        return false;
    }
    plan::Plan plan = plan::plan_changes(ir::Database{}, live.database, plan::plain_ddl_options());
    runtime::PlanOutcome made = runtime::apply_plan(scratch, plan);
    if (made.failure) {
        Diagnostic& d = found_.error(
            "cannot-recreate", {},
            fmt::format("could not recreate the schema of {} on the scratch database: {} [{}]", shown,
                        made.failure->message.substr(0, made.failure->message.find('\n')), made.failure->sqlstate),
            "the live database holds something schemac recreates differently; verify without --from-database, "
            "or report it");
        d.notes.push_back({{}, "statement: " + made.failure->statement});
        result_.exit_code = cannot_run;
        return false;
    }
    {
        pqxx::work tx(scratch.connection());
        history.create(tx);
        for (const runtime::AppliedMigration& row : rows) history.record(tx, row);
        tx.commit();
    }
    result_.recreated = rows.size();
    live_ = true;
    live_shown_ = shown;
    runtime::MigrationState state = runtime::compare_with_history(*in_.migrations, rows, false);
    for (const runtime::MigrationProblem& p : state.problems)
        found_.error(std::string(runtime::problem_code(p.kind)), {}, fmt::format("{}: {}", shown, p.message), p.help);
    pending = state.pending;
    return true;
}

void VerifyRun::replay_failed(const runtime::ReplayFailure& f, const std::vector<runtime::LocalMigration>& ran) {
    auto m = std::find_if(ran.begin(), ran.end(), [&](const runtime::LocalMigration& x) {
        return x.name == f.migration;
    });
    const runtime::ApplyFailure& a = f.failure;
    std::optional<VerifyErrorPlace> place = verify_error_place(a.message, a.statement);
    Span where;
    if (m != ran.end()) {
        where.file = sources_.add(migration_path(m->name), m->text);
        where.begin = f.line > 0 ? verify_offset_of(m->text, f.line, f.column) : 0;
        std::size_t length = a.statement.empty() ? 0 : a.statement.find('\n');
        if (length == std::string::npos) length = a.statement.size();
        // The statement as written starts where the replay says: PostgreSQL's place is inside it.
        if (place && m->text.compare(where.begin, a.statement.size(), a.statement) == 0) {
            where.begin += static_cast<std::uint32_t>(place->statement_offset);
            length = verify_token_length(a.statement, place->statement_offset);
        } else {
            place.reset();
        }
        where.end = static_cast<std::uint32_t>(
            std::min<std::size_t>(where.begin + std::max<std::size_t>(length, 1), m->text.size()));
    }
    if (f.lost) {
        found_.error("connection-lost", where,
                     fmt::format("lost the connection to the scratch PostgreSQL while {} ran: {}", f.migration,
                                 f.lost->message),
                     "the statement stopped the server: run verify again; if it happens again, report it");
        return;
    }
    std::string first = a.message.substr(0, a.message.find('\n'));
    Diagnostic& d = found_.error(
        "migration-failed", where,
        fmt::format("{} fails on {}: {}{}", f.migration, live_ ? "the schema of " + live_shown_ : "a fresh database",
                    first, a.sqlstate.empty() ? "" : " [" + a.sqlstate + "]"),
        live_ ? fmt::format("{} differs from what the migrations before {} build (`schemac check --database` lists the "
                            "drift): undo the drift, or change the migration so that it runs on both",
                            live_shown_, f.migration)
              : "fix the .schema declaration and generate the migration again, or correct the migration and "
                "re-record it with `schemac hash`");
    std::size_t index = 0;
    for (std::size_t at = a.message.find('\n'); at != std::string::npos; ++index) {  // DETAIL, HINT, CONTEXT
        std::size_t next = a.message.find('\n', at + 1);
        std::string line = a.message.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
        std::size_t text = line.find_first_not_of(' ');
        bool shown_by_caret = place && (index + 1 == place->caret_line || index == place->caret_line);
        if (text != std::string::npos && !shown_by_caret) d.notes.push_back({{}, line.substr(text)});
        at = next;
    }
    // What migrate would advise about the cause (a lock, a statement refused in a transaction),
    // not what it says about running migrate again: nothing of the scratch database is kept.
    for (const std::string& help : a.help)
        if (help.find("schemac migrate` again") == std::string::npos) d.notes.push_back({{}, help});
    if (in_.schema && !a.statement.empty()) {
        Span origin = place ? statement_origin(in_.schema->database, a.statement, place->statement_offset)
                            : statement_origin(in_.schema->database, a.statement);
        if (origin.known())
            d.notes.push_back({sources_.copied(in_.schema->sources, origin), "generated from this declaration"});
    }
    std::vector<std::string> not_run;
    for (auto it = m == ran.end() ? ran.end() : m + 1; it != ran.end(); ++it) not_run.push_back(it->name);
    if (!not_run.empty()) d.notes.push_back({{}, fmt::format("not replayed: {}", fmt::join(not_run, ", "))});
}

void VerifyRun::compare(runtime::Session& session) {
    runtime::Drift drift = runtime::find_drift(
        session, *in_.snapshot,
        runtime::IntrospectOptions{runtime::managed_schemas(in_.schemas, *in_.snapshot), in_.history_schema});
    for (const runtime::UnmanagedObject& o : drift.live.unmanaged)
        found_.warning("unmanaged", {},
                       fmt::format("the migrations make {}, which the snapshot does not manage (not compared)",
                                   runtime::describe(o)),
                       "declare it in the .schema files, or keep it as hand-written SQL in the migrations");
    for (const std::string& line : drift.live.unreadable)
        found_.error("cannot-compare", {},
                     fmt::format("the replayed migrations make what schemac cannot read: {}", line),
                     "write it in a form the .schema language describes");
    for (const runtime::DriftItem& item : runtime::drift_items(drift, *in_.snapshot)) {
        // Drift's words say "in the database": here that is the database the migrations built.
        std::string title = item.title;
        for (std::size_t at = title.find(" in the database"); at != std::string::npos;
             at = title.find(" in the database", at + 1))
            title.replace(at, 16, " after the migrations");
        Diagnostic& d = found_.error(
            "verify-drift", {},
            live_ ? fmt::format("verify: {} with its pending migrations differs from the snapshot: {}", live_shown_,
                                title)
                  : fmt::format("verify: the replayed migrations differ from the snapshot: {}", title),
            live_ ? "the database drifted from its migrations (`schemac check --database` lists the drift): undo the "
                    "change in the database, or write it into the .schema files and generate a migration"
                  : "a migration was edited by hand so that it means something else, or PostgreSQL named something "
                    "differently: restore the migration, or write the change into the .schema files and generate a "
                    "migration");
        for (const std::string& statement : item.sql) d.notes.push_back({{}, "to agree: " + statement});
    }
    result_.compared = true;
}

VerificationResult VerifyRun::run() {
    Clock::time_point start = Clock::now();
    server_ = start_scratch(in_.dev_url, CommonOptions{});
    if (!server_) {
        result_.exit_code = cannot_run;
        return result_;
    }
    result_.server = server_->description();
    result_.server_version = server_->server_version();
    try {
        replay_and_compare();
    } catch (const runtime::ScratchError& e) {
        found_.error("no-scratch-database", {}, e.what(), e.help);
        result_.exit_code = cannot_run;
    } catch (const runtime::ConnectError& e) {
        found_.error("no-scratch-database", {}, fmt::format("cannot connect to the scratch database: {}", e.what()),
                     "run again; if it happens again, pass --dev-url URL for a server of your own");
        result_.exit_code = cannot_run;
    }
    result_.total_ms = verify_ms_since(start);
    if (result_.exit_code == success && found_.has_errors()) result_.exit_code = findings;
    return result_;
}

void VerifyRun::replay_and_compare() {
    server_->ensure_roles(ir::roles_named(*in_.snapshot));
    runtime::Session session(server_->create_database(in_.from_database ? "from_database" : "replay"));
    if (!check_extensions(session, in_.snapshot->extensions)) {
        result_.exit_code = cannot_run;
        return;
    }
    std::vector<runtime::LocalMigration> to_run = *in_.migrations;
    if (in_.from_database && !recreate_live(session, to_run)) return;
    runtime::History history(in_.history_schema);
    runtime::ReplayOutcome outcome = runtime::replay_migrations(session, history, to_run, schemac_version);
    result_.replayed = outcome.applied;
    result_.replay_ms = outcome.execution_ms;
    if (outcome.failure)
        replay_failed(*outcome.failure, to_run);
    else
        compare(session);
}

}  // namespace

VerificationResult run_verification(const VerificationInput& input, SourceSet& sources, Diagnostics& found) {
    return VerifyRun(input, sources, found).run();
}

std::string postgres_version_text(int server_version) {
    if (server_version >= 100000) return fmt::format("{}.{}", server_version / 10000, server_version % 10000);
    return fmt::format("{}.{}.{}", server_version / 10000, server_version / 100 % 100, server_version % 100);
}

}  // namespace schemac::cli
