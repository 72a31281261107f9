// What a function's body is and what it uses, decided on PostgreSQL's own parse trees
// (libpg_query's SQL parser, and its PL/pgSQL parser for plpgsql bodies), never on the text:
//  - whether the body parses, and where it does not (a byte offset into the body as written,
//    so that the compiler can point at the `.schema` line and column inside it);
//  - the relations it reads and the functions it calls, embedded SQL of PL/pgSQL statements
//    included: what orders a function after what it uses;
//  - a canonical form of the body, equal for two bodies that differ only in layout, comments
//    and letter case of keywords: what decides whether a body changed.
// Other languages (C, internal, plperl, ...) are opaque: not checked, compared as text.
// The functions called by an expression (a default, a check, an index expression, a generated
// column, a trigger's WHEN, a view's body) come from its parse tree too: what orders those
// after the functions they call.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/sql/select_reads.hpp"

namespace schemac {

// A call of a function by name, as written: `billing.invoice_total(id)` is
// {"billing", "invoice_total", 1}. Built-in functions are listed too (`now()`); whoever
// resolves calls against the schema's functions ignores names that resolve to none.
struct FunctionCall {
    std::optional<std::string> schema;  // nullopt when unqualified
    std::string name;                   // folded as PostgreSQL folds it
    std::size_t argument_count = 0;
    auto operator<=>(const FunctionCall&) const = default;
    bool operator==(const FunctionCall&) const = default;
};

// A type named by a body (a cast, a declaration): `billing.kind` is {"billing", "kind"}. Types
// PostgreSQL's grammar spells itself (`integer`, `pg_catalog.int4`) are left out.
struct TypeUse {
    std::optional<std::string> schema;  // nullopt when unqualified
    std::string name;
    auto operator<=>(const TypeUse&) const = default;
    bool operator==(const TypeUse&) const = default;
};

struct BodyFacts {
    bool checked = false;  // the language is one schemac reads: sql or plpgsql
    bool valid = true;     // it parses (always true when not checked)
    std::string error;     // PostgreSQL's message when it does not
    // Byte offset of the error in the text it was found in: `ir::Function::body`, or
    // `sql_body` for an SQL-standard body.
    std::size_t error_offset = 0;
    std::vector<RelationRead> relations;  // relations read, each once, sorted (as select_reads)
    std::vector<FunctionCall> calls;      // functions called, each once, sorted
    std::vector<TypeUse> types;           // types named, each once, sorted
    // Sequences named in nextval('s'), currval and setval, each once, sorted: PostgreSQL reads the
    // constant as a regclass, so an SQL body's sequence must exist when the function is created.
    std::vector<ir::QualifiedName> sequences;
};

BodyFacts function_body_facts(const ir::Function& function);

// The functions an SQL expression (or a query: a view's body) calls; empty when it does not parse.
std::vector<FunctionCall> sql_calls(std::string_view sql);

// An SQL-standard body (`begin atomic ... end`, `return expr`) as libpg_query's deparser writes
// it (`BEGIN ATOMIC SELECT a + 1; END`, `RETURN a * 2`): what `ir::Function::sql_body` holds,
// from the text as written and from what PostgreSQL shows back (pg_get_function_sqlbody) alike.
// nullopt when it does not parse as one.
std::optional<std::string> canonical_sql_body(std::string_view written);

// The canonical form of a function's body: for sql, the deparsed statements; for plpgsql, its
// parse tree without source positions; for other languages the text itself.
std::string function_body_fingerprint(const ir::Function& function);
bool same_function_body(const ir::Function& a, const ir::Function& b);

}  // namespace schemac
