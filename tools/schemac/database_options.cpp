#include "tools/schemac/database_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <pqxx/pqxx>

#include "compiler/migration_directory.hpp"
#include "runtime/database_url.hpp"
#include "tools/schemac/plan_options.hpp"

namespace schemac::cli {

void add_database_options(CLI::App& command, DatabaseOptions& options) {
    add_common_options(command, options);
    command.add_option("--database", options.database, "PostgreSQL connection URL (default: $DATABASE_URL)");
    command.add_option("--migrations", options.migrations, "the migration directory")->capture_default_str();
    command.add_option("--history-schema", options.history_schema,
                       "the schema of the schemac_migrations history table")
        ->capture_default_str();
}

void add_schemas_option(CLI::App& command, std::vector<std::string>& schemas, const std::string& by_default) {
    command.add_option("--schemas", schemas, "the managed schemas (default: " + by_default + ")")->delimiter(',');
}

std::string shown_database(const DatabaseOptions& options) {
    auto url = runtime::resolve_database_url(options.database);
    return url ? runtime::redact_password(*url) : std::string();
}

std::unique_ptr<runtime::Session> open_session(const DatabaseOptions& options) {
    auto url = runtime::resolve_database_url(options.database);
    if (!url) {
        cannot_run_error("no database: pass --database postgresql://user@host:5432/name or set DATABASE_URL");
        return nullptr;
    }
    try {
        return std::make_unique<runtime::Session>(*url);
    } catch (const runtime::ConnectError& e) {
        cannot_run_error(e.what());
        return nullptr;
    }
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

void add_problems(const MigrationDirectory& dir, const std::vector<runtime::MigrationProblem>& problems,
                  Diagnostics& found) {
    for (const runtime::MigrationProblem& p : problems)
        found.error(std::string(runtime::problem_code(p.kind)), dir.file_span(p.file), p.message, p.help);
}

void add_unmanaged(const runtime::Introspection& live, bool strict, Diagnostics& found) {
    for (const runtime::UnmanagedObject& o : live.unmanaged) {
        std::string message = fmt::format("unmanaged: {} (schemac leaves it alone: it is not compared, written or dropped)",
                                          runtime::describe(o));
        std::string help = "manage it with your own SQL, or move it out of the managed schemas (--schemas)";
        if (strict) found.error("unmanaged", {}, message, help);
        else found.warning("unmanaged", {}, message, help);
    }
    for (const std::string& line : live.unreadable)
        found.error("cannot-compare", {}, line, "change it in the database to something the .schema language describes, "
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
        if (it == kinds.end()) kinds.push_back({o.kind, 1});
        else ++it->second;
    }
    std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> counts, names;
    for (const auto& [kind, n] : kinds) counts.push_back(n == 1 ? "1 " + kind : fmt::format("{} {}", n, kind_plural(kind)));
    constexpr std::size_t shown = 5;
    for (std::size_t i = 0; i < live.unmanaged.size() && i < shown; ++i) names.push_back(runtime::describe(live.unmanaged[i]));
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
    if (found.all().empty()) return;
    if (options.format == "github") std::cerr << format_github(sources, found);
    else std::cerr << format_text(sources, found, PrintOptions{use_color(options)});
}

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace schemac::cli
