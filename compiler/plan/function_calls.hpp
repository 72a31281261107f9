// Which managed functions a call names, and who in a schema calls them. A call is matched as
// PostgreSQL would resolve it without types: the same name (an unqualified call is in public,
// the schema of the search path schemac writes for), and an argument count the function
// accepts (its input arguments, fewer where trailing ones have defaults, more for a variadic
// one). Overloads with the same count all match: the planner treats each as called.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/source/source.hpp"
#include "compiler/sql/function_body.hpp"

namespace schemac::plan {

bool call_names(const FunctionCall& call, const ir::Function& function);
bool calls_function(const std::vector<FunctionCall>& calls, const ir::Function& function);

// Something of a schema that calls functions: a column default or generated expression, a
// check, an index, a view, a trigger (its function and its WHEN), a function's body.
struct Caller {
    enum class Kind { column_default, generated_column, check, index, view, trigger, function } kind;
    ir::QualifiedName relation;  // the table or view (nothing for a function)
    std::string name;            // the column, check, index or trigger; a function's signature
    std::string description;     // "the default of column users.code", "view open_invoices", ...
    Span origin;
    std::vector<FunctionCall> calls;
};

// Every caller of `db`, each with the calls it makes (parsed once here).
std::vector<Caller> callers_of(const ir::Database& db);

}  // namespace schemac::plan
