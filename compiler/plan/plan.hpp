// The planner: plan(before, after) -> the ordered steps that take a database from `before`
// to `after`, with every refusal the user must settle first (data loss, a conflicting @was,
// a new NOT NULL column with nothing to fill it). Renames happen only where @was declares
// them; implicit constraint, index and identity-sequence names follow their table and column.
// After the steps run, the database equals one built from empty to `after` (column order
// aside). The steps are sorted by one rank function (order.cpp); the same inputs always give
// the same steps.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/plan/changes.hpp"
#include "compiler/source/diagnostics.hpp"

namespace schemac::plan {

inline constexpr int default_backfill_batch_rows = 10000;

struct PlanOptions {
    bool allow_data_loss = false;  // every loss (each is still listed in the migration's header)
    // The losses accepted one by one (`--allow-data-loss users.legacy_note,archive`), as Step::lost
    // names them. A name that loses nothing in the plan is an error: a typo must not pass unseen.
    std::set<std::string> allowed_losses;
    // Safe DDL on tables that already exist (docs/migrations.md); each can be switched off.
    bool concurrent_indexes = true;      // CREATE/DROP INDEX CONCURRENTLY in a no-transaction file
    bool not_valid_constraints = true;   // foreign keys and checks NOT VALID, validated later
    bool not_null_through_check = true;  // SET NOT NULL after a validated CHECK (c IS NOT NULL)
    // @backfill outside the ADD COLUMN's transaction, in committed batches of this many rows
    // (@backfill_batch overrides it per column); 0: one UPDATE in the migration's transaction.
    // Batches need the NOT NULL through the check, which is validated once they are done.
    int backfill_batch_rows = default_backfill_batch_rows;
    // What `before` is, in refusals: "the previous schema" (the snapshot), "the database" (push).
    std::string before_name = "the previous schema";
    // Whether a table of `before` holds rows, where a connected command looked (push): a new NOT
    // NULL column without a value is refused only for a table that does (or that nobody looked at).
    std::map<ir::QualifiedName, bool> table_has_rows;
};

// Plain DDL, for a database nobody else is using at the time (push, reset) and for the SQL that
// undoes drift: no CONCURRENTLY, no NOT VALID, no helper checks.
PlanOptions plain_ddl_options();

struct Plan {
    std::vector<Step> steps;  // in the order they run
    Diagnostics diagnostics;  // refusals; when there are errors nothing may be written
    // Tables (names in `before`) whose refusal depends on whether they hold rows, which a connected
    // command can look up and plan again with PlanOptions::table_has_rows.
    std::set<ir::QualifiedName> row_count_would_decide;
    bool empty() const { return steps.empty(); }
};

// The plan's steps may refer to objects of `after` (CreateTable does, instead of copying each new
// table): keep `after` alive, and unmoved, while the plan is used. A temporary `after` does not
// compile (it would leave the steps pointing at freed memory).
Plan plan_changes(const ir::Database& before, const ir::Database& after, const PlanOptions& options = {});
Plan plan_changes(const ir::Database& before, ir::Database&& after, const PlanOptions& options = {}) = delete;

// The IR without schemac's directives (@was, @backfill): what a snapshot records.
ir::Database without_directives(ir::Database db);
// The same in place, for a caller done with the directives.
void strip_directives(ir::Database& db);

}  // namespace schemac::plan
