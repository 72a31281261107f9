// A plan written as migration files a reviewer can read: one file per phase that has steps
// (new enum values; the main transaction; batched backfills and concurrent index builds, each
// outside a transaction; validation), numbered in the order they run. A transactional phase that would lock more
// objects than the lock budget is split into parts (`0002_init_part_2.sql`), each its own
// transaction; a change's steps stay in one part. Each starts with a header listing its changes
// and their hazards (access changes, row-level security, policies, grants and default
// privileges, in a section of their own; and the data losses accepted), then gives each step under its own `-- `
// heading, with lock_timeout set to the short limit or, for waits that block no one, the long one.
// No BEGIN/COMMIT: the runner adds them, except for a file whose first line is
// `-- schemac:no-transaction`.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/plan/lock_estimate.hpp"
#include "compiler/plan/plan.hpp"

namespace schemac::plan {

inline constexpr std::string_view no_transaction_marker = "-- schemac:no-transaction";

struct MigrationFile {
    std::string name;  // "0004_add_invoices.sql"
    std::string text;  // starts with no_transaction_marker when it must run outside a transaction
};

struct MigrationTextOptions {
    std::string lock_timeout = "5s";  // empty: not set
    // lock_timeout for statements whose wait blocks no other session (see migration_text.cpp);
    // "0": wait as long as it takes. Only set where lock_timeout is.
    std::string wait_timeout = "30min";
    // The most objects one transactional file may lock (see lock_estimate.hpp); a phase that
    // would lock more is split into numbered parts. 0: never split.
    int lock_budget = default_lock_budget;
};

// `slug` is already a slug (see make_slug); files are numbered from `first_number`.
std::vector<MigrationFile> render_migrations(const Plan& plan, int first_number, std::string_view slug,
                                             const MigrationTextOptions& options);
// The same files handed to `take` one at a time, in order, each as soon as it is rendered: a
// caller that writes each and lets it go never holds them all (6 MB of SQL at 5,000 new tables).
void render_migrations(const Plan& plan, int first_number, std::string_view slug, const MigrationTextOptions& options,
                       const std::function<void(MigrationFile&&)>& take);

// "Add invoices!" -> "add_invoices": lower case letters, digits and single underscores.
std::string make_slug(std::string_view name);

}  // namespace schemac::plan
