// The preflight `migrate` and `check --database` run over the pending migrations: each statement
// that would break (or, with CASCADE, silently drop) a view, materialized view or rule reading
// the column or table it changes is an error at that statement (runtime/dependents.hpp).
#pragma once

#include <filesystem>
#include <vector>

#include "compiler/migrations/sql_script.hpp"
#include "compiler/source/diagnostics.hpp"
#include "runtime/connection.hpp"
#include "runtime/migration_state.hpp"

namespace schemac::cli {

// `statements[i]`: the statements of `pending[i]` (empty when the file cannot be split: that is
// reported elsewhere). Findings point into `dir / name`, added to `sources`.
void add_dependent_findings(
    runtime::Session& session, const std::filesystem::path& dir, const std::vector<runtime::LocalMigration>& pending,
    const std::vector<std::vector<SqlStatement>>& statements, SourceSet& sources, Diagnostics& found);

}  // namespace schemac::cli
