// The roles preflight of `migrate`, `check --database` and `push`: every role the schema declares
// that the server lacks is an error naming it, with the statement that creates it as help
// (schemac itself never creates a role), found before anything is applied.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/source/diagnostics.hpp"
#include "runtime/connection.hpp"

namespace schemac::cli {

// `database`: as shown to people; `declared`: the schema's (or the snapshot's) roles. Returns
// how many are missing.
std::size_t add_missing_role_findings(runtime::Session& session, const std::vector<ir::Role>& declared,
                                      const std::string& database, Diagnostics& found);

}  // namespace schemac::cli
