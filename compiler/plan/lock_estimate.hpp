// How many objects a transaction holds locks on, estimated per step. PostgreSQL keeps every lock
// of a transaction until it commits, in a shared table of max_locks_per_transaction ×
// (max_connections + max_prepared_transactions) entries — 6,400 by default. A migration that
// creates thousands of tables (each with its indexes, sequences and TOAST table) in one
// transaction runs out of it ("out of shared memory"); render_migrations splits such a
// migration into files that each stay within a budget.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "compiler/plan/changes.hpp"

namespace schemac::plan {

inline constexpr int default_lock_budget = 4000;

// Keys of the objects a step locks ("r:public.users", "i:public.users_pkey", ...); the same
// object gives the same key, so a set of them counts a transaction's objects. An empty key is
// one object no other step shares.
std::vector<std::string> locked_objects(const Change& change);

}  // namespace schemac::plan
