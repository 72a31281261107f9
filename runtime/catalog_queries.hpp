// The introspector's catalog queries, one per kind of object, from runtime/catalog/*.sql
// (built into the binary). Each takes $1: the managed schema names as a text array, except
// columns and constraints, whose $1 is the oids of the managed tables (from tables), and indexes,
// whose $1 is those and the oids of the materialized views (from views), and triggers, whose $1
// is the managed tables' and every view's oids; policies takes the tables' oids; grants takes
// the tables' and views' oids and, as $2, the schema names; missing_roles takes role names
// (runtime/roles.hpp); unmanaged takes the
// tables' oids as $2; user_schemas takes the history
// table's schema and name; view_dependents and dropped_dependents (the migration preflight,
// runtime/dependents.hpp) take two parallel text arrays; sequences takes the schema names. Every result column is named with AS (snake_case, saying what it
// holds), and is read by that name, never by its position.
#pragma once

namespace schemac::runtime::catalog {

extern const char* const schemas;
extern const char* const extensions;
extern const char* const enums;
extern const char* const domains;
extern const char* const composite_types;
extern const char* const tables;
extern const char* const views;
extern const char* const columns;
extern const char* const sequences;
extern const char* const constraints;
extern const char* const indexes;
extern const char* const functions;
extern const char* const triggers;
extern const char* const policies;
extern const char* const grants;
extern const char* const default_privileges;
extern const char* const missing_roles;
extern const char* const unmanaged;
extern const char* const user_schemas;
extern const char* const view_dependents;
extern const char* const dropped_dependents;

}  // namespace schemac::runtime::catalog
