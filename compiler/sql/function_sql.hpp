// The one SQL rendering of a function or procedure: its CREATE [OR REPLACE] statement, and its
// identity as DROP / ALTER / COMMENT ON FUNCTION name it. Every identifier goes through the
// quoting helper, every literal through the escaping helper, every type through render_type;
// the body reaches PostgreSQL exactly as written, in dollar quotes whose tag it does not hold.
// The planner renders functions with it, and compiler/sql hands the statement to libpg_query's
// PL/pgSQL parser, so what is checked is what is run.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac {

struct FunctionSql {
    std::string text;  // `CREATE ... AS $schemac$body$schemac$;`, ending with the semicolon
    // Byte offset in `text` of the first byte of `ir::Function::body` (inside the quotes), or of
    // the SQL-standard body (`BEGIN ATOMIC ...`, `RETURN ...`) when there is one.
    std::size_t body_offset = 0;
};

// `CREATE [OR REPLACE] FUNCTION|PROCEDURE schema.name(args) [RETURNS ...] LANGUAGE ... <options>
// AS $tag$body$tag$;`. Options at PostgreSQL's defaults (volatile, called on null input,
// security invoker, not leakproof, parallel unsafe, no cost or rows) are left out, so that
// CREATE OR REPLACE resets them as the declaration says.
FunctionSql create_function_sql(const ir::Function& function, bool or_replace);
std::string create_function_statement(const ir::Function& function, bool or_replace);

// `billing.invoice_total(bigint)`: the name and input argument types (in, inout, variadic), as
// `DROP FUNCTION`, `ALTER FUNCTION` and `COMMENT ON FUNCTION` take them.
std::string function_identity_sql(const ir::Function& function);

// "FUNCTION" or "PROCEDURE": the word DROP, ALTER and COMMENT ON need before the identity.
const char* function_kind_sql(const ir::Function& function);

// Settings PostgreSQL keeps as a list of quoted names (GUC_LIST_QUOTE: `search_path`, ...).
bool list_setting(std::string_view name);
// The elements of such a setting's value as proconfig keeps it: `"$user", public` -> {$user, public}.
std::vector<std::string> setting_list_elements(std::string_view value);

}  // namespace schemac
