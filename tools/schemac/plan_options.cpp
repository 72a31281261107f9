#include "tools/schemac/plan_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "compiler/compile.hpp"
#include "compiler/migrations/migration_directory.hpp"

namespace schemac::cli {

plan::PlanOptions PlanFlags::options() const {
    plan::PlanOptions out;
    for (const std::string& name : allow_data_loss) {
        if (name.empty())
            out.allow_data_loss = true;
        else
            out.allowed_losses.insert(name);
    }
    out.concurrent_indexes = !no_concurrent_indexes;
    out.not_valid_constraints = !no_not_valid;
    out.not_null_through_check = !no_not_null_check;
    return out;
}

plan::MigrationTextOptions PlanFlags::text_options() const {
    plan::MigrationTextOptions out;
    out.lock_timeout = ddl_lock_timeout == "0" ? "" : ddl_lock_timeout;
    out.wait_timeout = wait_timeout;
    out.lock_budget = max_locks;
    return out;
}

void add_migrations_option(CLI::App& command, std::string& migrations) {
    command.add_option("--migrations", migrations, "the migration directory")->capture_default_str();
}

void add_plan_flags(CLI::App& command, PlanFlags& flags) {
    command
        .add_option("--allow-data-loss", flags.allow_data_loss,
                    "accept these losses (drops, narrowing type changes), as the refusal names them: "
                    "--allow-data-loss users.legacy_note,archive; bare: every loss (each is listed in the header)")
        ->expected(0, 1)
        ->delimiter(',')
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    command.add_flag("--no-concurrent-indexes", flags.no_concurrent_indexes,
                     "build indexes on existing tables inside the migration's transaction, not CONCURRENTLY");
    command.add_flag("--no-not-valid", flags.no_not_valid,
                     "add foreign keys and checks on existing tables validated at once, not NOT VALID + VALIDATE");
    command.add_flag("--no-not-null-check", flags.no_not_null_check,
                     "SET NOT NULL directly (a scan under an ACCESS EXCLUSIVE lock), not through a validated check");
    command
        .add_option("--ddl-lock-timeout", flags.ddl_lock_timeout,
                    "lock_timeout set at the top of every migration (PostgreSQL syntax, e.g. 5s; 0: not set)")
        ->capture_default_str();
    command
        .add_option("--wait-timeout", flags.wait_timeout,
                    "lock_timeout for waits that block no other session: concurrent index builds (which wait for "
                    "every older transaction), validations, backfill batches (0: no limit)")
        ->capture_default_str();
    command
        .add_option("--max-locks", flags.max_locks,
                    "split a migration into parts that each lock at most this many objects (0: never split)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
}

std::optional<Compilation> compile_reported(const std::string& path, const CommonOptions& options, int& exit_code,
                                            bool stdout_is_taken) {
    Compilation c;
    try {
        c = compile_path(path);
    } catch (const LoadError& e) {
        exit_code = cannot_run_error(e.what());
        return std::nullopt;
    }
    if (!c.ok()) {
        report(c.sources, c.diagnostics, options, stdout_is_taken);
        exit_code = findings;
        return std::nullopt;
    }
    return c;
}

std::optional<InterruptedGenerate> interrupted_generate(const std::string& migrations, const MigrationListing& listing,
                                                        const std::vector<SumProblem>& problems) {
    std::filesystem::path dir = migrations;
    // A migration schemac.sum lists (recorded, edited or unrecorded) is every one not "added".
    std::set<std::string> added;
    for (const SumProblem& p : problems)
        if (p.kind == SumProblem::added) added.insert(std::filesystem::path(p.file).filename().string());
    int highest_recorded = 0;
    for (const MigrationFileEntry& m : listing.migrations)
        if (!added.count(m.file_name)) highest_recorded = std::max(highest_recorded, m.version);
    InterruptedGenerate out;
    for (const SumProblem& p : problems) {
        std::string name = std::filesystem::path(p.file).filename().string();
        if (p.kind == SumProblem::edited && name == snapshot_file_name) {
            out.snapshot_replaced = true;
            continue;
        }
        if (p.kind == SumProblem::unrecorded) continue;
        if (p.kind != SumProblem::added) return std::nullopt;
        auto entry = std::find_if(listing.migrations.begin(), listing.migrations.end(),
                                  [&](const MigrationFileEntry& m) { return m.file_name == name; });
        if (entry == listing.migrations.end() || entry->version <= highest_recorded) return std::nullopt;
        std::string text;
        try {
            text = read_file(dir / name);
        } catch (const LoadError&) {
            return std::nullopt;
        }
        if (!written_by_generate(text)) return std::nullopt;
        out.files.push_back(name);
    }
    if (out.files.empty()) return std::nullopt;
    std::string names = fmt::format("{}", fmt::join(out.files, ", "));
    std::string snapshot = (dir / snapshot_file_name).string();
    out.message = fmt::format("`schemac generate` was interrupted before it recorded {} in {}{}", names, sum_file_name,
                              out.snapshot_replaced ? fmt::format(", after it had replaced {}", snapshot_file_name)
                                                    : "");
    out.help = out.snapshot_replaced
                   ? fmt::format(
                         "undo the interrupted run: delete {}, restore {} from version control (`git checkout -- "
                         "{}`), then run `schemac generate` again",
                         names, snapshot, snapshot)
                   : fmt::format("undo the interrupted run: delete {} ({} and {} are still those of the last complete "
                                 "run), then run `schemac generate` again",
                                 names, snapshot_file_name, sum_file_name);
    return out;
}

bool add_directory_findings(const std::string& migrations, const MigrationListing& listing, const FileHashes& current,
                            Diagnostics& found, bool unrecorded_is_error) {
    std::vector<SumProblem> problems = verify_sum(migrations, current);
    std::optional<InterruptedGenerate> interrupted = interrupted_generate(migrations, listing, problems);
    if (interrupted)
        found.error("interrupted-generate", {}, interrupted->message, interrupted->help);
    else
        for (const SumProblem& p : problems)
            if (p.kind == SumProblem::unrecorded && !unrecorded_is_error)
                found.warning("unrecorded", {}, p.message());
            else if (p.kind == SumProblem::unrecorded)
                found.error("unrecorded", {}, p.message(),
                            "review the file, then run `schemac hash` to record it (and commit schemac.sum)");
            else
                found.error(
                    "sum-mismatch", {}, p.message(),
                    "review the change; if it is intended, run `schemac hash` to record it (and commit schemac.sum)");
    for (const std::string& stray : listing.strays)
        found.error("not-a-migration", {}, fmt::format("{} is not named like a migration (NNNN_name.sql)", stray),
                    "rename it, or create migrations with `schemac new --name <name>`");
    return interrupted.has_value();
}

bool report_sum_problems(const std::string& migrations, const FileHashes& current) {
    std::vector<SumProblem> problems = verify_sum(migrations, current);
    if (std::optional<InterruptedGenerate> interrupted = interrupted_generate(migrations, list_migrations(migrations),
                                                                              problems)) {
        std::cerr << fmt::format("schemac: error: {}\nhelp: {}\n", interrupted->message, interrupted->help);
        return true;
    }
    bool any = false;
    for (const SumProblem& p : problems) {
        if (p.kind == SumProblem::unrecorded) continue;  // may be edited until `schemac hash`
        std::cerr << fmt::format("schemac: error: {}\n", p.message());
        any = true;
    }
    return any;
}

}  // namespace schemac::cli
