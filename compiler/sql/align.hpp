// Makes an introspected IR use the schema's spelling wherever the two mean the same, so that
// the planner (which compares text) finds only real differences: an expression PostgreSQL
// deparsed differently but equal by expression_fingerprint takes the schema's text; an
// extension's version or schema that the schema does not pin is dropped, and so is the schema
// its types are named with (`extensions.citext` is `citext`). Expressions include
// function argument defaults, trigger WHEN conditions and policies' USING and WITH CHECK.
#pragma once

#include "compiler/ir/ir.hpp"

namespace schemac {

void align_to(const ir::Database& schema, ir::Database& live);

}  // namespace schemac
