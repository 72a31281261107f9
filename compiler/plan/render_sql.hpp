// The SQL renderer: a pure function from one change to the statements that make it, each
// ending in `;`. Every name goes through quote_identifier and every string through
// quote_literal; expressions are the canonical SQL the compiler checked.
#pragma once

#include <string>
#include <vector>

#include "compiler/plan/changes.hpp"

namespace schemac::plan {

std::vector<std::string> render_statements(const Change& change);

}  // namespace schemac::plan
