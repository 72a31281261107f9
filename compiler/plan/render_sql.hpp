// The SQL renderer: a pure function from one change to the statements that make it, each
// ending in `;`. Every name goes through quote_identifier and every string through
// quote_literal; expressions are the canonical SQL the compiler checked.
#pragma once

#include <string>
#include <vector>

#include "compiler/plan/changes.hpp"

namespace schemac::plan {

std::vector<std::string> render_statements(const Change& change);

// Privileges as GRANT and REVOKE list them, in PostgreSQL's order (select insert update delete
// truncate references trigger, then usage create execute): `SELECT, UPDATE ("a", "b")`.
std::string render_privileges(std::vector<ir::Grant> grants);
std::string render_privilege_names(std::vector<std::string> privileges);  // `SELECT, INSERT`
int privilege_rank(std::string_view privilege);

}  // namespace schemac::plan
