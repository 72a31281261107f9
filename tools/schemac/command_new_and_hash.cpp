// `schemac new --name NAME` adds an empty numbered migration for hand-written SQL, listed in
// schemac.sum as unrecorded (its name, not its content), so it can be edited without `schemac
// hash` each time; `check` refuses it until `hash` records it;
// `schemac hash` re-records schemac.sum after a reviewed hand edit, keeping the snapshot records
// `generate` wrote, and refuses (writing nothing) two migrations with one number, a file
// PostgreSQL's parser cannot read (a syntax error, a NUL byte, a psql meta-command), a client
// COPY, or transaction control or a statement PostgreSQL refuses in a transaction block in a
// file that runs in one.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "compiler/migrations/migration_directory.hpp"
#include "compiler/migrations/sha256.hpp"
#include "compiler/source/file_write.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/migration_findings.hpp"
#include "tools/schemac/plan_options.hpp"

namespace schemac::cli {
namespace {

struct DirectoryOptions : CommonOptions {
    std::string migrations = "migrations/";
    std::string name;
};

int write_sum(const std::filesystem::path& dir, const FileHashes& hashes) {
    try {
        write_text_file(dir / sum_file_name, sum_text(hashes, carried_records(dir, hashes)));
    } catch (const std::exception& e) {
        return cannot_run_error(fmt::format("{}; {} is unchanged", e.what(), (dir / sum_file_name).string()));
    }
    return success;
}

int run_new(const DirectoryOptions& options) {
    std::string slug = plan::make_slug(options.name);
    if (slug.empty()) return cannot_run_error("--name needs at least one letter or digit, e.g. --name fill_totals");
    FileHashes hashes = hash_directory(options.migrations);
    if (report_sum_problems(options.migrations, hashes)) {
        std::cerr << "schemac: nothing written\n";
        return findings;
    }
    std::filesystem::path dir = options.migrations;
    std::string stem = fmt::format("{:04}_{}", list_migrations(dir).next_version(), slug);
    std::string text = fmt::format(
        "-- {}: written by hand (schemac new).\n"
        "-- The runner wraps this file in a transaction. To run it statement by statement outside a\n"
        "-- transaction instead, make `-- schemac:no-transaction` its first line.\n"
        "-- It stays unrecorded in schemac.sum while you edit it: run `schemac hash` once it is ready\n"
        "-- (`schemac check` refuses it until then).\n\n",
        stem);
    hashes[stem + ".sql"] = sha256_hex(text);
    UnrecordedFiles unrecorded = carried_unrecorded(dir, hashes);
    unrecorded.insert(stem + ".sql");
    try {  // the file, then schemac.sum; neither when either cannot be written
        StagedFiles written;
        written.add(dir / (stem + ".sql"), text);
        written.add(dir / sum_file_name, sum_text(hashes, carried_records(dir, hashes), unrecorded));
        written.commit();
    } catch (const std::exception& e) {
        return cannot_run_error(fmt::format("{}; nothing written", e.what()));
    }
    if (!options.quiet) std::cout << (dir / (stem + ".sql")).string() << "\n";
    return success;
}

int run_hash(const DirectoryOptions& options) {
    std::filesystem::path dir = options.migrations;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return cannot_run_error(fmt::format("{}: no such directory", dir.string()));
    FileHashes hashes = hash_directory(dir);
    Diagnostics found;
    SourceSet sources;
    add_migration_file_findings(dir, list_migrations(dir), hashes, MigrationFileChecks{false}, sources, found);
    if (found.has_errors()) {
        report(sources, found, options);
        std::cerr << fmt::format("schemac: nothing recorded; {} is unchanged\n", (dir / sum_file_name).string());
        return findings;
    }
    if (int code = write_sum(dir, hashes); code != success) return code;
    if (options.quiet) return success;
    std::cerr << fmt::format("schemac: recorded {}\n", (dir / sum_file_name).string());
    // Recorded as asked; but say now what `check` will refuse about the snapshot.
    for (const DirectoryProblem& p : verify_snapshot_chain(dir, list_migrations(dir), hashes))
        std::cerr << fmt::format("warning: {} (`schemac check` refuses this)\nhelp: {}\n", p.message, p.help);
    return success;
}

}  // namespace

Runner add_new_command(CLI::App& app) {
    auto options = std::make_shared<DirectoryOptions>();
    CLI::App* command = app.add_subcommand("new", "add an empty numbered migration for hand-written SQL");
    add_common_options(*command, *options);
    add_migrations_option(*command, options->migrations);
    command->add_option("--name", options->name, "what the migration does (made into a slug)")->required();
    return [options] { return run_new(*options); };
}

Runner add_hash_command(CLI::App& app) {
    auto options = std::make_shared<DirectoryOptions>();
    CLI::App* command = app.add_subcommand("hash", "re-record schemac.sum after a reviewed hand edit");
    add_common_options(*command, *options);
    add_migrations_option(*command, options->migrations);
    return [options] { return run_hash(*options); };
}

}  // namespace schemac::cli
