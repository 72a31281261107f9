// Drift's words for functions, procedures and triggers: what the database has against what the
// snapshot expects, naming a function by its signature (`function billing.invoice_total(bigint)`)
// and a trigger by its table. One line per object: the first property that differs, in the order
// a reader looks for it (what it is, its signature's names and defaults, what it returns, its
// attributes, its body last: a body edited by hand in production is `body differs`).
#pragma once

#include <string>

#include "compiler/ir/ir.hpp"

namespace schemac::runtime {

// "+ function f(integer): missing in the database", "- procedure p(): only in the database",
// "~ function billing.invoice_total(bigint): body differs"; empty when both are absent or equal.
std::string function_difference(const ir::Function* live, const ir::Function* expected);

// "+ trigger users_touch on users: missing in the database", "~ trigger users_touch on users:
// when (...) in the database, none expected"; empty when both are absent or equal.
std::string trigger_difference(const ir::QualifiedName& table, const ir::Trigger* live, const ir::Trigger* expected);

}  // namespace schemac::runtime
