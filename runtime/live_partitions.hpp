// Partitions that are someone else's: under a table whose schema says `partitions unmanaged`,
// the live database's partitions that the target does not declare (pg_partman's, a cron job's)
// are taken out of the live IR and listed as unmanaged, so that they are never drift and never dropped.
#pragma once

#include "compiler/ir/ir.hpp"
#include "runtime/introspect.hpp"

namespace schemac::runtime {

void set_aside_unmanaged_partitions(const ir::Database& target, Introspection& live);

}  // namespace schemac::runtime
