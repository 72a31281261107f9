// Where the PostgreSQL server programs (initdb, postgres) are, looked for in this order: the
// folder `pg_config --bindir` names, the folders of PATH, then the usual ones — Debian's
// /usr/lib/postgresql/<major>/bin (highest major first), Homebrew's opt/postgresql*/bin, and
// /usr/local/pgsql/bin. A folder counts only when it holds both programs.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace schemac::runtime {

struct PostgresBinaries {
    std::string bin_dir;  // /usr/lib/postgresql/16/bin
    std::string version;  // "16.4", from `postgres --version`
};

// The folders looked in, in order (for the error when none holds the programs).
std::vector<std::string> postgres_bin_candidates();
std::optional<PostgresBinaries> find_postgres_binaries();

}  // namespace schemac::runtime
