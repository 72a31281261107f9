// The migration preflight for dependents: before pending migrations run, the statements that
// change a column under the objects that read it (a type change, a drop, a rename, a generated
// expression dropped) or drop a table are matched with the views, materialized views and rules
// that pg_depend says read that column or table, the triggers whose `update of` columns or WHEN
// condition name the column (for a type change or a drop: PostgreSQL refuses both), and the
// functions whose SQL-standard body reads it (a type change, a drop, a dropped table). A dependent the pending migrations drop
// themselves, in an earlier statement, is theirs to recreate; every other one blocks the run
// before anything is applied: PostgreSQL would refuse the statement half-way ("cannot alter type
// of a column used by a view or rule"), or, with CASCADE, drop the object without a word.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "compiler/ir/ir.hpp"
#include "compiler/migrations/sql_script.hpp"
#include "compiler/migrations/statement_rules.hpp"

namespace schemac::runtime {

// One pending migration, split into statements (sql_script.hpp), in the order they will run.
struct PendingMigration {
    std::string name;  // 0004_retype_email.sql
    const std::vector<SqlStatement>* statements = nullptr;
};

// A statement that would break (or silently drop) an object reading what it changes.
struct BlockingDependent {
    std::string migration;  // its file name
    const SqlStatement* statement = nullptr;
    ColumnChange change;         // as the statement names the table and column
    std::string kind;            // "view", "materialized view", "rule", "trigger", "function" or "procedure"
    ir::QualifiedName relation;  // the view, the table of the rule or trigger, or `name(argument types)`
    std::string rule;            // the rule's or the trigger's name
    std::string column;          // the column the dependent reads ("" for a dropped table)
};
// "view active_users", "materialized view billing.totals", "rule keep_log on users",
// "trigger users_touch on users", "function billing.total(bigint)"
std::string dependent_text(const BlockingDependent& blocking);

// The blocking dependents, in statement order. Names resolve with the session's search path, as
// the statements will; a table a pending migration creates is not there yet and has none.
std::vector<BlockingDependent> blocking_dependents(pqxx::transaction_base& tx,
                                                   const std::vector<PendingMigration>& pending);

// "migration 0004_x.sql changes the type of column public.users.email, which view
// public.active_users reads" style message and its help, for every command that reports one.
std::string blocking_dependent_message(const BlockingDependent& blocking);
std::string blocking_dependent_help(const BlockingDependent& blocking);

}  // namespace schemac::runtime
