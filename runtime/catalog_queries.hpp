// The introspector's catalog queries, one per kind of object, from runtime/catalog/*.sql
// (built into the binary). Each takes $1: the managed schema names as a text array, except
// columns, constraints and indexes, whose $1 is the oids of the managed tables (from tables);
// unmanaged takes those oids as $2; user_schemas takes the history
// table's schema and name. Every result column is named with AS (snake_case, saying what it
// holds), and is read by that name, never by its position.
#pragma once

namespace schemac::runtime::catalog {

extern const char* const schemas;
extern const char* const extensions;
extern const char* const enums;
extern const char* const tables;
extern const char* const columns;
extern const char* const constraints;
extern const char* const indexes;
extern const char* const unmanaged;
extern const char* const user_schemas;

}  // namespace schemac::runtime::catalog
