// The read-back property on PostgreSQL: a database built from a schema introspects to an IR
// that has no drift from it, and what `schemac pull` writes of that IR is fmt-clean and
// compiles back to exactly what was read, in both layouts, as read and in pull's own form.
#pragma once

#include <string>

#include "compiler/ir/ir.hpp"
#include "tests/postgres_cluster.hpp"

namespace schemac::test {

// What `schemac pull` writes of `live` compiles back to it, in both layouts, and is exactly what
// `schemac fmt` would write.
void check_pull(const ir::Database& live);

// Checks the property on `database`, already built to `expected` on the cluster.
void check_reads_back(PostgresCluster& cluster, const std::string& database, const ir::Database& expected);

}  // namespace schemac::test
