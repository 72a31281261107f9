// `schemac generate --name NAME`: plan the snapshot -> the schema and write the next numbered
// migration(s), the new snapshot and schemac.sum. Refusals (data loss, a new NOT NULL column
// without a value, a conflicting @was) exit 1 and write nothing. Never asks.
#include <fmt/format.h>

#include <exception>
#include <iostream>
#include <memory>
#include <vector>

#include "compiler/migrations/migration_directory.hpp"
#include "compiler/migrations/sha256.hpp"
#include "compiler/source/file_write.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/generate_verification.hpp"
#include "tools/schemac/kept_until_exit.hpp"
#include "tools/schemac/plan_options.hpp"

namespace schemac::cli {
namespace {

struct GenerateOptions : CommonOptions {
    std::string migrations = "migrations/";
    std::string name;
    PlanFlags flags;
    GenerateVerifyFlags verify;
};

int run(const GenerateOptions& options) {
    std::string slug = plan::make_slug(options.name);
    if (slug.empty()) return cannot_run_error("--name needs at least one letter or digit, e.g. --name add_invoices");
    // The directory is read and the snapshot parsed before the schema is compiled, so that the
    // snapshot's text and its parse are given back before the compiler takes its memory (the two
    // peaks no longer add up). What goes wrong is reported in the order it was: the schema first,
    // then the directory, the sum file and the snapshot.
    std::exception_ptr directory_error;
    FileHashes hashes;
    ir::Database before;
    std::optional<std::string> snapshot_error;
    try {
        HashedDirectory read = hash_directory_and_read_snapshot(options.migrations);
        hashes = std::move(read.hashes);
        if (read.snapshot) before = std::move(*read.snapshot);
        snapshot_error = std::move(read.snapshot_error);
    } catch (...) {
        directory_error = std::current_exception();
    }
    int exit_code = success;
    // The process exits next: the IR is not freed node by node.
    std::optional<Compilation>& c = kept_until_exit<std::optional<Compilation>>();
    c = compile_reported(options.schema, options, exit_code);
    if (!c) return exit_code;
    if (directory_error) std::rethrow_exception(directory_error);
    if (report_sum_problems(options.migrations, hashes)) {
        std::cerr << "schemac: nothing written\n";
        return findings;
    }
    if (snapshot_error) return cannot_read_snapshot(*snapshot_error);
    // The room the table list grew into while the schema was lowered (8,192 tables of 536 bytes
    // for 5,000 declared) is given back before the plan and the snapshot are made beside it. Done
    // here, not by the compiler, whose own peak is its end: there a new list would add to it.
    c->database.tables.shrink_to_fit();
    plan::Plan plan = plan::plan_changes(before, c->database, options.flags.options());
    // With --verify, a plan that can be tried is reported with its refusals, in one report.
    bool verifying = verification_wanted(options.verify) && !plan.diagnostics.has_errors() && !plan.empty();
    if (!verifying) report(c->sources, plan.diagnostics, options);
    if (plan.diagnostics.has_errors()) {
        std::cerr << "schemac: nothing written\n";
        return findings;
    }
    if (plan.empty()) {
        if (!options.quiet)
            std::cerr << fmt::format("schemac: no changes: the schema matches {}; nothing written\n",
                                     (std::filesystem::path(options.migrations) / snapshot_file_name).string());
        return success;
    }
    // Before anything is written: PostgreSQL must accept the new steps on top of the directory.
    std::string verified_on;
    if (verifying) {
        GenerateVerification verified = verify_generated_plan(*c, before, plan, options.migrations, options.verify,
                                                              options);
        if (verified.exit_code != success) return verified.exit_code;
        verified_on = verified.verified_on;
    }
    MigrationListing listing = list_migrations(options.migrations);
    std::size_t step_count = plan.steps.size(), loss = 0;
    for (const plan::Step& s : plan.steps) loss += (s.hazards & plan::Hazard::data_loss) ? 1 : 0;
    std::filesystem::path dir = options.migrations;
    SnapshotRecords records = carried_records(dir, hashes);
    auto before_hash = hashes.find(std::string(snapshot_file_name));
    std::string from = before_hash == hashes.end() ? "" : before_hash->second;
    std::vector<std::string> written_names;
    // Every file is written to its temporary first: a full disk leaves the directory as it was.
    // Then they are renamed into place, the migrations first and schemac.sum last, so that a run
    // killed in between leaves migrations that schemac.sum does not record, which `check` and
    // `generate` report as an interrupted generate (interrupted_generate).
    try {
        StagedFiles written;
        // Each migration is written and hashed as soon as it is rendered, and let go: the texts
        // (6 MB at 5,000 new tables) are never all held at once.
        plan::render_migrations(plan, listing.next_version(), slug, options.flags.text_options(),
                                [&](plan::MigrationFile&& f) {
                                    written.add(dir / f.name, f.text);
                                    hashes[f.name] = sha256_hex(f.text);
                                    written_names.push_back(std::move(f.name));
                                });
        // The steps' memory and the schema before are given back before the snapshot is written
        // (which moves the new IR the steps refer to).
        plan.steps = std::vector<plan::Step>();  // a new vector: `= {}` would keep the room (27 MiB at 5,000 tables)
        before = ir::Database();
        // The snapshot (8.9 MB at 5,000 tables) goes to its file and its hash piece by piece as
        // it is written, never held whole. The IR is not used after this, nor freed.
        Sha256Stream snapshot_hash;
        written.add(dir / snapshot_file_name, [&](const std::function<void(std::string_view)>& write) {
            write_snapshot(c->database, [&](std::string_view piece) {
                snapshot_hash.update(piece);
                write(piece);
            });
        });
        hashes[std::string(snapshot_file_name)] = snapshot_hash.hex();
        for (const std::string& name : written_names)
            records[name] = SnapshotRecord{from, hashes[std::string(snapshot_file_name)]};
        written.add(dir / sum_file_name, sum_text(hashes, records, carried_unrecorded(dir, hashes)));
        written.commit();
    } catch (const std::exception& e) {
        return cannot_run_error(fmt::format("{}; nothing written", e.what()));
    }
    if (!options.quiet) {
        for (const std::string& name : written_names) std::cout << (dir / name).string() << "\n";
        if (!verified_on.empty()) std::cerr << "schemac: verified on " << verified_on << "\n";
        std::cerr << fmt::format("schemac: {} step{} in {} file{}{}; review, then commit\n", step_count,
                                 step_count == 1 ? "" : "s", written_names.size(), written_names.size() == 1 ? "" : "s",
                                 loss ? fmt::format(" ({} with DATA LOSS)", loss) : "");
    }
    return success;
}

}  // namespace

Runner add_generate_command(CLI::App& app) {
    auto options = std::make_shared<GenerateOptions>();
    CLI::App* command = app.add_subcommand("generate",
                                           "write the next numbered migration, the snapshot and the sum file");
    add_common_options(*command, *options);
    add_migrations_option(*command, options->migrations);
    command->add_option("--name", options->name, "what the migration does, e.g. add_invoices (made into a slug)")
        ->required();
    add_plan_flags(*command, options->flags);
    add_generate_verify_flags(*command, options->verify);
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
