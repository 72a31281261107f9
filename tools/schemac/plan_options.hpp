// What `generate`, `diff` and `check` share: the migration directory option, the planner's
// flags (data loss, safe DDL switches, lock_timeout), and loading the two sides of a plan.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "compiler/compile.hpp"
#include "compiler/migrations/migration_directory.hpp"
#include "compiler/plan/migration_text.hpp"
#include "compiler/plan/plan.hpp"
#include "tools/schemac/cli_options.hpp"

namespace schemac::cli {

struct PlanFlags {
    // --allow-data-loss: given bare, an empty name; otherwise the names of the losses accepted.
    std::vector<std::string> allow_data_loss;
    bool no_concurrent_indexes = false;
    bool no_not_valid = false;
    bool no_not_null_check = false;
    std::string ddl_lock_timeout = "5s";
    std::string wait_timeout = "30min";
    int max_locks = plan::default_lock_budget;
    plan::PlanOptions options() const;
    plan::MigrationTextOptions text_options() const;
};

void add_migrations_option(CLI::App& command, std::string& migrations);
void add_plan_flags(CLI::App& command, PlanFlags& flags);

// Compiles the schema and reports its diagnostics; nullopt when it has errors (`exit_code` 1)
// or cannot be read (`exit_code` 2, after saying why).
std::optional<Compilation> compile_reported(const std::string& path, const CommonOptions& options, int& exit_code,
                                            bool stdout_is_taken = false);

// A `schemac generate` killed between renaming its files into place (migrations, then the
// snapshot, then schemac.sum): the only differences from schemac.sum are migrations written by
// generate, numbered after every recorded one, and perhaps the snapshot. Nullopt otherwise.
struct InterruptedGenerate {
    std::vector<std::string> files;  // the unrecorded migrations
    bool snapshot_replaced = false;
    std::string message, help;
};
// `problems`: verify_sum's, for the files of `listing`.
std::optional<InterruptedGenerate> interrupted_generate(const std::string& migrations, const MigrationListing& listing,
                                                        const std::vector<SumProblem>& problems);

// The directory's findings that `check`, `migrate`, `status` and `baseline` share: schemac.sum
// that does not match the files (`current`; an interrupted generate as one finding), and .sql
// files not named like migrations. A file
// `schemac new` added and nobody recorded yet is a warning, or an error for `check`. True when
// they were those of an interrupted generate.
bool add_directory_findings(const std::string& migrations, const MigrationListing& listing, const FileHashes& current,
                            Diagnostics& found, bool unrecorded_is_error = false);

// Problems with schemac.sum as "schemac: error: ..." lines (an unrecorded file from `schemac new`
// is none); true when there were any.
bool report_sum_problems(const std::string& migrations, const FileHashes& current);

}  // namespace schemac::cli
