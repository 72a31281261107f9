// Reads a live database's catalogs into the IR the parser builds, for the managed schemas
// only, with one set-based query per kind of object (runtime/catalog/*.sql) — never one query
// per table. Types come out in PostgreSQL's canonical spelling, expressions in libpg_query's
// canonical text of PostgreSQL's own deparse (align_expressions then matches them with the
// schema's), identity options only where they differ from PostgreSQL's defaults. The history
// table is left out.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/connection.hpp"

namespace schemac::runtime {

struct IntrospectOptions {
    std::vector<std::string> schemas{"public"};  // the managed schemas
    std::string history_schema = "public";       // where schemac_migrations is (left out)
};

ir::Database introspect(Session& session, const IntrospectOptions& options);

}  // namespace schemac::runtime
