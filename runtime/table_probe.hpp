// A CREATE TABLE that PostgreSQL refused, tried part by part so that every mistake it holds is
// found in one run, not only the first: the columns with their types alone, then each column's
// default, generated expression or identity, each check, primary key, unique and exclusion
// constraint on its own, each in a savepoint that is rolled back. Each part PostgreSQL refuses is
// named with its own `.schema` location. The table is then created without those parts (and
// kept), so that the steps after it (its indexes, foreign keys, views) are tried too.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "compiler/ir/ir.hpp"
#include "compiler/source/source.hpp"

namespace schemac::runtime {

struct RefusedPart {
    std::string part;       // "the default of column users.age"
    Span origin;            // where the schema declares it
    std::string statement;  // the CREATE TABLE that tried it
    // The step's CREATE TABLE cut down to its first line and the lines of this part (the rest
    // elided), for the report: "CREATE TABLE public.users (\n    ...\n    age integer DEFAULT 'abc',\n    ...".
    std::string excerpt;
    std::string message;
    std::string sqlstate;
};

struct TableProbe {
    std::vector<RefusedPart> refused;  // empty: no single part is to blame (the table as a whole is)
    bool repaired = false;             // the table now exists without the refused parts
};

TableProbe probe_refused_table(pqxx::dbtransaction& tx, const ir::Table& table);

// The same for a refused ADD COLUMN with a default or a generated expression: when the column
// is accepted without it, that expression is the part refused (and the bare column is kept, so
// that the steps after it find the column).
TableProbe probe_refused_column(pqxx::dbtransaction& tx, const ir::QualifiedName& table, const ir::Column& column,
                                RefusedPart refusal);

}  // namespace schemac::runtime
