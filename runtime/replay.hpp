// Replaying migration files on a scratch database the way `migrate` applies them: each file in
// version order through apply_migration (one transaction with its history row, or statement by
// statement for a `-- schemac:no-transaction` file), from a session prepared as migrate's is.
// The first failing file stops the replay; what ran before it stays.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/migrations/sql_script.hpp"
#include "runtime/apply.hpp"
#include "runtime/connection.hpp"
#include "runtime/history.hpp"
#include "runtime/migration_state.hpp"

namespace schemac::runtime {

struct ReplayFailure {
    std::string migration;  // its file name
    int line = 0;           // where the failing statement starts (1-based); 0: the commit
    int column = 0;         // 1-based
    ApplyFailure failure;
    std::optional<LostConnection> lost;
};

struct ReplayOutcome {
    std::size_t applied = 0;  // files applied before the failure (all of them without one)
    long long execution_ms = 0;
    std::optional<ReplayFailure> failure;
};

// `migrations` in version order; a file whose text cannot be split into statements is a failure
// at the place the splitter names. The history table is created first when missing.
ReplayOutcome replay_migrations(Session& session, const History& history, const std::vector<LocalMigration>& migrations,
                                std::string_view schemac_version);

}  // namespace schemac::runtime
