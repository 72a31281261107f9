// An expression PostgreSQL stored, as a person writes it: the casts PostgreSQL added itself are
// dropped, and `x = ANY (ARRAY[...])` becomes `x IN (...)` (`<> ALL` becomes NOT IN). A cast is
// dropped only where the column types around it prove that PostgreSQL adds it again, with the
// same meaning, when the simpler text is created:
// - a constant cast to the type of the column it is the default of (`'draft'::request_status`);
// - a constant cast to the type of the column on the other side of an operator or IN
//   (`amount >= (0)::numeric`, `status = 'a'::request_status`);
// - a varchar column cast to text as an operand of an operator or of a few text functions
//   (`(name)::text`; varchar has no operators of its own, so text's are chosen again).
// The result is kept only when its expression_fingerprint equals the original's and it parses
// to exactly the tree intended; otherwise the stored text is returned unchanged.
#pragma once

#include <string>

#include "compiler/ir/ir.hpp"

namespace schemac {

struct ExpressionPlace {
    const ir::Table* table = nullptr;  // whose columns the expression names
    const ir::Type* target = nullptr;  // the type the expression's value is stored as (a default)
};

std::string as_written(const std::string& expression, const ExpressionPlace& place);

}  // namespace schemac
