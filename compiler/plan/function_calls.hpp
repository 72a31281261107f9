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

// The schemas an unqualified name in `function`'s body is looked up in when PostgreSQL resolves
// it: the schemas of its `set search_path` (`$user`, pg_temp and pg_catalog left out), else
// public, the search path schemac's migrations run with.
std::vector<std::string> body_search_path(const ir::Function& function);

// function_body_facts, with each unqualified call, relation and type given the first schema of
// the body's search path that holds a function, a relation (table or view) or a type (enum or
// row type) of that name in `db`; left unqualified when none does (public, or not managed).
BodyFacts resolved_body_facts(const ir::Function& function, const ir::Database& db);

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
