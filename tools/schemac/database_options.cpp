#include "tools/schemac/database_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <pqxx/pqxx>

#include "compiler/migrations/migration_directory.hpp"
#include "runtime/database_url.hpp"
#include "tools/schemac/plan_options.hpp"

namespace schemac::cli {

void add_database_options(CLI::App& command, DatabaseOptions& options) {
    add_common_options(command, options);
    command.add_option("--database", options.database, "PostgreSQL connection URL (default: $DATABASE_URL)");
    command.add_option("--migrations", options.migrations, "the migration directory")->capture_default_str();
    command
        .add_option("--history-schema", options.history_schema, "the schema of the schemac_migrations history table")
        ->capture_default_str();
    // The history of a tenant is kept in its own schema unless --history-schema says otherwise.
    command
        .add_option("--tenant-schema", options.tenant_schema,
                    "apply to, read and compare this schema instead of the one the migrations manage (one tenant "
                    "of a schema-per-tenant database); its history is kept in it")
        ->check(CLI::Validator([](std::string& name) { return name.empty() ? "an empty schema name" : ""; }, "NAME",
                               "schema name"))
        ->each([&command, &options](const std::string& name) {
            if (command.count("--history-schema") == 0) options.history_schema = name;
        });
}

void add_schemas_option(CLI::App& command, std::vector<std::string>& schemas, const std::string& by_default) {
    command.add_option("--schemas", schemas, "the managed schemas (default: " + by_default + ")")->delimiter(',');
}

std::string shown_database(const DatabaseOptions& options) {
    auto url = runtime::resolve_database_url(options.database);
    return url ? runtime::redact_password(*url) : std::string();
}

namespace {

// What is wrong with the form of a connection string libpq would refuse with a puzzling
// "missing "=" after ..." (a mistyped or foreign scheme); nothing for the forms it accepts.
std::optional<std::string> url_form_problem(std::string_view url) {
    std::size_t scheme_end = url.find("://");
    if (scheme_end != std::string_view::npos) {
        std::string_view scheme = url.substr(0, scheme_end);
        if (scheme == "postgresql" || scheme == "postgres") return std::nullopt;
        if (scheme.find_first_of(" =") == std::string_view::npos)
            return fmt::format("'{}://' is not a PostgreSQL URL", scheme);
    }
    if (url.find('=') == std::string_view::npos) return std::string("it is neither a URL nor key=value pairs");
    return std::nullopt;
}

}  // namespace

std::unique_ptr<runtime::Session> open_session(const DatabaseOptions& options) {
    auto url = runtime::resolve_database_url(options.database);
    if (!url) {
        cannot_run_error("no database: pass --database postgresql://user@host:5432/name or set DATABASE_URL");
        return nullptr;
    }
    if (auto problem = url_form_problem(*url)) {
        cannot_run_error(
            fmt::format("cannot use the database URL {}: {}\nhelp: expected postgresql://user@host:port/name "
                        "(or postgres://...), or key=value pairs such as 'host=localhost port=5432 "
                        "dbname=name user=app'",
                        runtime::redact_password(*url), *problem));
        return nullptr;
    }
    try {
        return std::make_unique<runtime::Session>(*url);
    } catch (const runtime::ConnectError& e) {
        cannot_run_error(e.what());
        return nullptr;
    }
}

bool has_explicit_database(const DatabaseOptions& options, std::string_view command) {
    if (options.database) return true;
    std::optional<std::string> environment = runtime::resolve_database_url(std::nullopt);
    std::cerr << fmt::format(
        "schemac: error: {} changes the database outside the migrations, so it needs --database; it never uses "
        "DATABASE_URL{}\nhelp: name the development database: `schemac {} --database "
        "postgresql://USER@HOST:5432/DEV_DATABASE`\n",
        command,
        environment ? fmt::format(" (set here, to {}: deploys and CI point it at the databases migrate manages)",
                                  runtime::redact_password(*environment))
                    : "",
        command);
    return false;
}

std::uint32_t MigrationDirectory::source_of(const std::string& file_name) const {
    for (std::size_t i = 0; i < migrations.size(); ++i)
        if (migrations[i].name == file_name) return static_cast<std::uint32_t>(i);
    return no_file;
}

Span MigrationDirectory::file_span(const std::string& file_name) const { return line_span(file_name, 1); }

Span MigrationDirectory::line_span(const std::string& file_name, int line) const {
    std::uint32_t file = source_of(file_name);
    if (file == no_file) return {};
    const SourceFile& source = sources.file(file);
    std::string_view text = source.line_text(static_cast<std::uint32_t>(line));
    if (text.data() == nullptr) return Span{file, 0, 0};
    auto begin = static_cast<std::uint32_t>(text.data() - source.text().data());
    return Span{file, begin, begin + static_cast<std::uint32_t>(text.size())};
}

std::optional<MigrationDirectory> read_migration_directory(const DatabaseOptions& options, Diagnostics& found,
                                                           int& exit_code) {
    std::filesystem::path dir = options.migrations;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        exit_code = cannot_run_error(fmt::format("{}: no such directory (set --migrations)", dir.string()));
        return std::nullopt;
    }
    MigrationDirectory out;
    MigrationListing listing = list_migrations(dir);
    FileHashes hashes = hash_directory(dir);
    try {
        out.migrations = runtime::read_local_migrations(dir, listing, hashes);
    } catch (const LoadError& e) {
        exit_code = cannot_run_error(e.what());
        return std::nullopt;
    }
    for (const runtime::LocalMigration& m : out.migrations) out.sources.add((dir / m.name).string(), m.text);
    add_directory_findings(options.migrations, listing, hashes, found);
    exit_code = found.has_errors() ? findings : success;
    return out;
}

std::optional<MigrationDirectory> read_sound_migration_directory(const DatabaseOptions& options, int& exit_code) {
    Diagnostics found;
    std::optional<MigrationDirectory> dir = read_migration_directory(options, found, exit_code);
    if (dir && found.has_errors()) {
        report_text(dir->sources, found, options);
        exit_code = findings;
        return std::nullopt;
    }
    return dir;
}

void add_lock_timeout_option(CLI::App& command, double& seconds) {
    command.add_option("--lock-timeout", seconds, "seconds to wait for the migration lock")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
}

std::unique_ptr<runtime::MigrationLock> take_migration_lock(runtime::Session& session, const DatabaseOptions& options,
                                                            double seconds) {
    return runtime::MigrationLock::acquire(session, runtime::migration_lock_key(options.history_schema),
                                           std::chrono::milliseconds(static_cast<long long>(seconds * 1000)), {});
}

void add_problems(const MigrationDirectory& dir, const std::vector<runtime::MigrationProblem>& problems,
                  Diagnostics& found) {
    for (const runtime::MigrationProblem& p : problems)
        found.error(std::string(runtime::problem_code(p.kind)), dir.file_span(p.file), p.message, p.help);
}

void add_unmanaged(const runtime::Introspection& live, bool strict, Diagnostics& found) {
    for (const runtime::UnmanagedObject& o : live.unmanaged) {
        std::string message = fmt::format(
            "unmanaged: {} (schemac leaves it alone: it is not compared, written or dropped)", runtime::describe(o));
        std::string help = "manage it with your own SQL, or move it out of the managed schemas (--schemas)";
        if (strict)
            found.error("unmanaged", {}, message, help);
        else
            found.warning("unmanaged", {}, message, help);
    }
    for (const std::string& line : live.unreadable)
        found.error("cannot-compare", {}, line,
                    "change it in the database to something the .schema language describes, "
                    "or leave its schema out of --schemas");
}

namespace {

// "views", "policies", "tables with row level security".
std::string kind_plural(const std::string& kind) {
    if (kind == "row level security") return "tables with row level security";
    if (kind == "extended statistics") return kind;
    if (kind == "policy") return "policies";
    return kind + "s";
}

}  // namespace

void add_unmanaged_summary(const runtime::Introspection& live, Diagnostics& found) {
    if (live.unmanaged.empty()) return;
    std::vector<std::pair<std::string, std::size_t>> kinds;  // in order of first appearance
    for (const runtime::UnmanagedObject& o : live.unmanaged) {
        auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == o.kind; });
        if (it == kinds.end())
            kinds.push_back({o.kind, 1});
        else
            ++it->second;
    }
    std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> counts, names;
    for (const auto& [kind, n] : kinds)
        counts.push_back(n == 1 ? "1 " + kind : fmt::format("{} {}", n, kind_plural(kind)));
    constexpr std::size_t shown = 5;
    for (std::size_t i = 0; i < live.unmanaged.size() && i < shown; ++i)
        names.push_back(runtime::describe(live.unmanaged[i]));
    if (live.unmanaged.size() > shown) names.push_back(fmt::format("and {} more", live.unmanaged.size() - shown));
    found.warning("unmanaged", {},
                  fmt::format("{} left out (not managed): {}", fmt::join(counts, ", "), fmt::join(names, ", ")),
                  "schemac leaves them alone: they are not compared, written or dropped; --verbose names each one");
}

int with_database_errors(const std::function<int()>& body) {
    try {
        return body();
    } catch (const pqxx::broken_connection& e) {
        return cannot_run_error(fmt::format("lost the connection: {}", runtime::server_message(e.what())));
    } catch (const pqxx::sql_error& e) {
        return cannot_run_error(fmt::format("cannot read the database: {}", runtime::server_message(e.what())));
    }
}

void report_text(const SourceSet& sources, const Diagnostics& found, const CommonOptions& options) {
    if (options.format == "sarif") sarif_log().add(sources, found);  // and as text, for people
    if (found.all().empty()) return;
    if (options.format == "github")
        std::cerr << format_github(sources, found);
    else
        std::cerr << format_text(sources, found, PrintOptions{use_color(options)});
}

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace schemac::cli
