// What the IR's partitioning fields imply: a partition's columns are its root table's, a table's
// partitions, and the depth of a partition in its tree. Pure functions of a Database.
#pragma once

#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac::ir {

// The table at the top of `table`'s partition tree (`table` itself when it is not a partition, or
// when a parent is missing from `db` or the tree has a cycle).
const Table& partition_root(const Database& db, const Table& table);

// The columns `table` has: its own, or for a partition its root table's.
const std::vector<Column>& columns_of(const Database& db, const Table& table);

// How many parents above `table` (0 for a table that is not a partition).
int partition_depth(const Database& db, const Table& table);

// The partitions of `parent` in `db`, by name.
std::vector<const Table*> partitions_of(const Database& db, const QualifiedName& parent);

}  // namespace schemac::ir
