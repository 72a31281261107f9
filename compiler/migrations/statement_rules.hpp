// What PostgreSQL 15 does with one SQL statement of a migration file, read from libpg_query's
// parse tree (never from the text): whether it refuses to run inside a transaction block, and
// whether it builds an index CONCURRENTLY (and which one), whether it is transaction control,
// whether only psql can run it, which columns and tables it changes under the views and rules
// that read them, and which views, rules, triggers and functions it drops. A statement that does not parse answers "no" to every
// question: running it reports the syntax error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

// A statement that starts, ends or shapes a transaction: TransactionStmt (BEGIN, START
// TRANSACTION, COMMIT and END, ROLLBACK and ABORT, SAVEPOINT, RELEASE, ROLLBACK TO, PREPARE
// TRANSACTION, COMMIT PREPARED, ROLLBACK PREPARED) and SET TRANSACTION (a VariableSetStmt named
// TRANSACTION or TRANSACTION SNAPSHOT). `name` is PostgreSQL's name of the kind ("COMMIT" for
// END too); `opens` and `closes` say what it does to a transaction block.
struct TransactionControl {
    std::string name;
    bool opens = false;   // BEGIN, START TRANSACTION
    bool closes = false;  // COMMIT, ROLLBACK, PREPARE TRANSACTION
};

// A statement whose data only psql carries: `COPY ... FROM STDIN` and `COPY ... TO STDOUT`.
// The name says which.
struct ClientCopy {
    std::string name;  // "COPY ... FROM STDIN" or "COPY ... TO STDOUT"
};

// What a statement changes under the views, materialized views and rules that read a table: a
// column's type, a column dropped or renamed, a generated column made plain (DROP EXPRESSION), a
// table dropped. PostgreSQL refuses most of them while such an object reads the column ("cannot
// alter type of a column used by a view or rule"), or drops the object with CASCADE.
struct ColumnChange {
    enum Kind { type, drop_column, rename_column, drop_expression, drop_table };
    Kind kind = type;
    std::string schema;  // empty when the table's name is not qualified
    std::string table;
    std::string column;  // empty for drop_table
};
// "changes the type of", "drops", "renames", "drops the generation expression of", "drops table"
std::string_view column_change_verb(ColumnChange::Kind kind);

// A view, materialized view, rule, trigger or function the statement drops (DROP VIEW, DROP
// MATERIALIZED VIEW, DROP RULE, DROP TRIGGER, DROP FUNCTION / PROCEDURE / ROUTINE).
struct DroppedDependent {
    std::string schema;     // empty when not qualified
    std::string relation;   // the view, the table of the rule or trigger, or the function's name
    std::string rule;       // a rule's name; empty for the others
    std::string trigger;    // a trigger's name; empty for the others
    bool function = false;  // a function or procedure: every overload of that name (the arguments are not read)
};

// Every answer about one statement, from one parse.
struct StatementFacts {
    // The statement as PostgreSQL names it in "cannot run inside a transaction block" (e.g.
    // "CREATE INDEX CONCURRENTLY", "VACUUM", "REINDEX SCHEMA") when it is one of those, from the
    // callers of PreventInTransactionBlock in PostgreSQL 15 that a statement's text decides:
    // CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and REINDEX SCHEMA/SYSTEM/DATABASE,
    // VACUUM (not ANALYZE alone), CLUSTER without a table, ALTER TABLE ... DETACH PARTITION ...
    // CONCURRENTLY, CREATE/DROP DATABASE, ALTER DATABASE ... SET TABLESPACE, CREATE/DROP
    // TABLESPACE, ALTER SYSTEM, DISCARD ALL. Transaction control (BEGIN, COMMIT, ...) is answered
    // by transaction_control.
    std::optional<std::string> refused_in_transaction_block;
    std::optional<TransactionControl> transaction_control;
    std::optional<ClientCopy> client_copy;
    std::vector<ColumnChange> column_changes;  // in the order of the statement's commands
    std::vector<DroppedDependent> dropped_dependents;
};
StatementFacts statement_facts(std::string_view statement);
// The same answers, always from a parse: without the two shortcuts statement_facts takes for the
// bulk of a migration (its first words, then PostgreSQL's scanner), which must never change an
// answer. For the test that holds them to it.
StatementFacts statement_facts_from_parse(std::string_view statement);

// The message and help for a client COPY in a migration, for every place that refuses one.
std::string client_copy_message(const ClientCopy& copy);
std::string client_copy_help(const ClientCopy& copy);

// A `CREATE [UNIQUE] INDEX CONCURRENTLY name ON table`: the index schemac can look for when
// the build fails. `schema` is empty when the table's name is not qualified; `index` is empty
// when the statement names no index (PostgreSQL then picks the name).
struct ConcurrentIndexBuild {
    std::string schema, table, index;
};
std::optional<ConcurrentIndexBuild> concurrent_index_build(std::string_view statement);

}  // namespace schemac
