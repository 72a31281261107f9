// The steps PostgreSQL refused while `generate --verify` tried a plan (try_plan_steps), as
// diagnostics: one error ("verify-refused") at the `.schema` location of each refused step or
// part of one, "PostgreSQL refuses <what>: <its message>", PostgreSQL's DETAIL and HINT lines
// and the refused SQL as notes, and a help line saying what to write instead. A failure that
// only follows from an earlier one is a note under that one's error, at its own declaration.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/source/diagnostics.hpp"
#include "runtime/try_steps.hpp"

namespace schemac::runtime {

Diagnostics refusal_diagnostics(const plan::Plan& plan, const std::vector<StepFailureReport>& failures);

// A server message split into its first line and the lines after it (DETAIL, HINT), unindented.
std::pair<std::string, std::vector<std::string>> split_server_message(const std::string& message);

}  // namespace schemac::runtime
