// The SQL of free-standing sequences: CREATE SEQUENCE with the options the IR sets (the others
// are PostgreSQL's defaults), and ALTER SEQUENCE with exactly the options that change, an unset
// one written as the default it returns to. Never RESTART: the next value stays.
#pragma once

#include <string>
#include <vector>

#include "compiler/plan/changes.hpp"

namespace schemac::plan {

// The options the IR sets, as CREATE SEQUENCE and an identity's parentheses write them.
std::vector<std::string> sequence_option_clauses(const ir::SequenceOptions& options);
std::string create_sequence_sql(const ir::Sequence& sequence);
std::string alter_sequence_sql(const AlterSequence& change);

}  // namespace schemac::plan
