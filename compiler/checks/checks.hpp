// Semantic checks of a lowered IR. Each is one small unit that appends diagnostics and
// changes nothing; run_all calls them all. Problems that only the syntax tree can show
// (unknown types and directives, SQL syntax, a second primary key) are reported by lowering.
#pragma once

#include <map>
#include <string>

#include "compiler/ir/ir.hpp"
#include "compiler/source/diagnostics.hpp"

namespace schemac::checks {

// Two tables, enums, indexes, constraints, columns, enum values, schemas or extensions with one name.
void duplicate_names(const ir::Database& db, Diagnostics& out);
// A default on an enum column that is not one of the enum's values.
void enum_defaults(const ir::Database& db, Diagnostics& out);
// Referenced table or columns missing, not a key, column count or type mismatch.
void foreign_keys(const ir::Database& db, Diagnostics& out);
// Columns named by keys, indexes, checks and generated columns that the table does not have.
void constraint_columns(const ir::Database& db, Diagnostics& out);
void tables_have_columns(const ir::Database& db, Diagnostics& out);
// Identity only on smallint/integer/bigint; not together with a default or a generation expression.
void identity_columns(const ir::Database& db, Diagnostics& out);
// A generated column that refers to itself or to another generated column, or has a default.
void generated_columns(const ir::Database& db, Diagnostics& out);
// Names longer than PostgreSQL's 63 bytes (it would cut them silently).
void identifier_lengths(const ir::Database& db, Diagnostics& out);
// Two declarations whose @was names the same old object.
void was_claims(const ir::Database& db, Diagnostics& out);
// @backfill on a column that is nullable, an identity or generated.
void backfills(const ir::Database& db, Diagnostics& out);
// An extension placed in a schema that nothing declares (no migration would create it).
void extension_schemas(const ir::Database& db, Diagnostics& out);
// A gist exclusion constraint comparing a btree-only type (integer, text, ...) without btree_gist.
void exclusion_extensions(const ir::Database& db, Diagnostics& out);
// `replica identity using index` naming no index of the table, or one PostgreSQL refuses.
void replica_identity_indexes(const ir::Database& db, Diagnostics& out);

// A view that reads itself, directly or through other views.
void view_cycles(const ir::Database& db, Diagnostics& out);

// Two functions (or procedures) with one name and the same input argument types.
void duplicate_signatures(const ir::Database& db, Diagnostics& out);
// A trigger whose function is not declared, takes arguments, is a procedure or does not return trigger.
void trigger_functions(const ir::Database& db, Diagnostics& out);
// `update of COLUMN` naming a column the table does not have.
void trigger_columns(const ir::Database& db, Diagnostics& out);

// Calls of a declared function's name (from defaults, checks, generated columns, index
// expressions, trigger conditions, view bodies) that no overload of it takes, or that call a procedure.
void function_calls(const ir::Database& db, Diagnostics& out);

// Partitions of one table whose literal bounds overlap: two default partitions, a list value in
// two partitions, one hash remainder twice, intersecting ranges of numbers or ISO dates.
void partition_overlaps(const ir::Database& db, Diagnostics& out);
// Free sequences: a name another relation of its schema has, values outside the type or its
// bounds, an unknown `owned by` column; defaults calling nextval on a sequence nothing declares.
void sequences(const ir::Database& db, Diagnostics& out);
// Every sequence the IR makes, by name: the free ones and those of serial and identity columns,
// with a few words on each ("sequence", "the sequence of serial column t.id").
std::map<ir::QualifiedName, std::string> known_sequences(const ir::Database& db);

void run_all(const ir::Database& db, Diagnostics& out);

// Relations (tables, views) and their columns that a view's query names and no declaration
// gives, in schemas the project manages. Reads the queries as written (spans into `sources`),
// so that each error points at the name in the .schema file.
void view_reads(const ir::Database& db, const SourceSet& sources, Diagnostics& out);

// A function body (sql, plpgsql) that PostgreSQL's parser refuses, reported at the line and
// column inside the body where it stops.
void function_bodies(const ir::Database& db, const SourceSet& sources, Diagnostics& out);

}  // namespace schemac::checks
