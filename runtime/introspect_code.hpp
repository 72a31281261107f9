// The introspector's reading of code: functions and procedures (functions.sql) and triggers
// (triggers.sql), each with one set-based query, into the IR as its comments describe them
// (compiler/ir/ir.hpp): argument types in canonical spelling without modifiers, defaults and WHEN
// conditions in libpg_query's canonical text, a body exactly as PostgreSQL keeps it (prosrc),
// cost and rows only where they differ from PostgreSQL's defaults. Aggregates and window
// functions are not read (they stay unmanaged). What the IR cannot hold (a trigger that is
// disabled, or fires only in replica sessions) is reported beside it, not guessed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "compiler/ir/ir.hpp"

namespace schemac::runtime {

// `text` (an expression PostgreSQL printed) in libpg_query's canonical text; `text` itself, with a
// line in `unreadable` naming `what`, when it does not parse.
std::string canonical_expression(const std::string& text, const std::string& what,
                                 std::vector<std::string>& unreadable);

// The functions and procedures in `rows` (functions.sql's result, its $1 the managed schemas as a
// text array literal), sorted by function_key as the IR keeps them. The caller runs the query
// (when it suits the connection: see introspect.cpp).
std::vector<ir::Function> read_functions(const pqxx::result& rows, std::vector<std::string>& unreadable);

// The triggers in `rows` (triggers.sql's result, its $1 the relations' oids as an array
// literal), each with its table or view, by table and then by name.
std::vector<std::pair<ir::QualifiedName, ir::Trigger>> read_triggers(const pqxx::result& rows,
                                                                     std::vector<std::string>& unreadable);

}  // namespace schemac::runtime
