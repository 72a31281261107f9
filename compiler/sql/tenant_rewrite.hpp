// Moving SQL text from one schema to another (one tenant of a schema-per-tenant database): every
// reference to the schema `from` in a statement becomes `to`, found through PostgreSQL's own
// scanner tokens, never by searching the text. What counts as a reference:
//  - the schema of a qualified name: `from.t`, `"from".t` (an identifier followed by `.`, and
//    not itself after a `.`);
//  - the name after SCHEMA: `GRANT ... ON SCHEMA from`, `IN SCHEMA from`, `COMMENT ON SCHEMA
//    from`, `SET SCHEMA from` (CREATE/ALTER EXTENSION ... SCHEMA excepted: an extension belongs to
//    the whole database);
//  - a string constant that holds exactly a qualified name of `from`: `'from.t_id_seq'::regclass`,
//    `'from.f(integer)'::regprocedure` (a comment's text, after IS, excepted);
//  - a function or DO body (a string after AS or DO), rewritten by the same rules inside;
//  - a search_path setting's list: `SET search_path = from, pg_temp`.
// Comments, other strings, `from` as a column or table name, and everything else stay as they
// are, byte for byte.
#pragma once

#include <string>
#include <string_view>

namespace schemac {

struct SchemaMapping {
    std::string from;  // the schema the text was written for (the template schema)
    std::string to;    // the schema it is moved to (the tenant's)
};

// The text with every reference to `mapping.from` rewritten to `mapping.to` (quoted only when it
// must be); unchanged when the scanner refuses it.
std::string rewrite_schema_references(std::string_view sql, const SchemaMapping& mapping);

// Whether the statement is `CREATE SCHEMA [IF NOT EXISTS] schema ...`.
bool creates_schema(std::string_view statement, std::string_view schema);

}  // namespace schemac
