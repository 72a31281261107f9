// What PostgreSQL 15 does with one SQL statement of a migration file, read from libpg_query's
// parse tree (never from the text): whether it refuses to run inside a transaction block, and
// whether it builds an index CONCURRENTLY (and which one). A statement that does not parse
// answers "no" to every question: running it reports the syntax error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace schemac {

// The statement as PostgreSQL names it in "cannot run inside a transaction block" (e.g.
// "CREATE INDEX CONCURRENTLY", "VACUUM", "REINDEX SCHEMA") when it is one of those, from the
// callers of PreventInTransactionBlock in PostgreSQL 15 that a statement's text decides:
// CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and REINDEX SCHEMA/SYSTEM/DATABASE,
// VACUUM (not ANALYZE alone), CLUSTER without a table, ALTER TABLE ... DETACH PARTITION ...
// CONCURRENTLY, CREATE/DROP DATABASE, ALTER DATABASE ... SET TABLESPACE, CREATE/DROP
// TABLESPACE, ALTER SYSTEM, DISCARD ALL. Transaction control (BEGIN, COMMIT, ...) is not
// answered here.
std::optional<std::string> refused_in_transaction_block(std::string_view statement);

// A `CREATE [UNIQUE] INDEX CONCURRENTLY name ON table`: the index schemac can look for when
// the build fails. `schema` is empty when the table's name is not qualified; `index` is empty
// when the statement names no index (PostgreSQL then picks the name).
struct ConcurrentIndexBuild {
    std::string schema, table, index;
    bool if_not_exists = false;
};
std::optional<ConcurrentIndexBuild> concurrent_index_build(std::string_view statement);

}  // namespace schemac
