// A free-standing sequence as a .schema line, as `pull` writes it and the formatter prints it:
// `sequence invoice_no as integer start 1000 owned by invoices.number comment '...'`. Options
// the IR leaves unset (PostgreSQL's defaults) are left out; so is `as bigint`.
#pragma once

#include <string>

#include "compiler/ir/ir.hpp"

namespace schemac {

std::string sequence_text(const ir::Sequence& sequence);

}  // namespace schemac
