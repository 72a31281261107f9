// `generate --verify`: a new plan's steps tried on top of the replayed migration directory,
// each failing step in its own savepoint so that one run finds every mistake PostgreSQL lets it
// find (six SQL mistakes: six failures in one run). Steps run phase by phase as the migration
// file would run them (added enum values committed first; no-transaction steps on their own);
// nothing is kept: the scratch database is thrown away afterwards.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/source/source.hpp"
#include "runtime/connection.hpp"

namespace schemac::runtime {

struct StepFailureReport {
    std::size_t step = 0;   // index into plan.steps
    std::string statement;  // the SQL as rendered
    std::string message;    // PostgreSQL's, DETAIL and HINT lines included
    std::string sqlstate;
    // The failure only follows from an earlier one (a table whose CREATE failed is missing for
    // its index): the index of that earlier step. Reported as a note under it, not on its own.
    std::optional<std::size_t> follows_from;
    // Where the mistake is, when it is narrower than the step's own origin (Step::origin): a
    // refused CREATE TABLE tried part by part names the column default, generated expression or
    // check PostgreSQL refuses, and `part` says which ("the default of column users.age").
    // Unknown span and empty `part`: the whole step.
    Span origin;
    std::string part;
};

std::vector<StepFailureReport> try_plan_steps(Session& session, const plan::Plan& plan);

}  // namespace schemac::runtime
