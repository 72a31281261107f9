// Reads a live database's catalogs into the IR the parser builds, for the managed schemas
// only, with one set-based query per kind of object (runtime/catalog/*.sql) — never one query
// per table. Types come out in PostgreSQL's canonical spelling, expressions in libpg_query's
// canonical text of PostgreSQL's own deparse (align_expressions then matches them with the
// schema's), identity options only where they differ from PostgreSQL's defaults. The history
// table is left out. Objects schemac does not manage are listed beside the IR; whatever
// cannot be put into the IR faithfully is reported, not guessed.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <pqxx/pqxx>
#include "compiler/ir/ir.hpp"
#include "compiler/sql/pulled_form.hpp"

#include "runtime/connection.hpp"

namespace schemac::runtime {

struct IntrospectOptions {
    std::vector<std::string> schemas{"public"};  // the managed schemas
    std::string history_schema = "public";       // where schemac_migrations is (left out)
    // The schema expressions and view bodies are printed relative to (bare names are in it):
    // public, or one tenant's schema in place of its template public.
    std::string search_path = "public";
};

// An object in the managed schemas that schemac does not manage (a view, a trigger, a
// function, ...): listed, never dropped.
struct UnmanagedObject {
    std::string kind;  // "view", "trigger", "function", ...
    std::string schema;
    std::string name;    // "active_users", "touch(integer)"
    std::string detail;  // "on requests", "of events", "collate \"C\"" or empty
};
std::string describe(const UnmanagedObject& object);  // "trigger touch_updated_at on requests"

struct Introspection {
    ir::Database database;
    std::vector<UnmanagedObject> unmanaged;
    // What could not be read into the IR without guessing, one line each ("column t.c: ..."):
    // the database cannot be compared or pulled faithfully until it is settled.
    std::vector<std::string> unreadable;
    std::map<std::string, ExtensionDefaults> extension_defaults;  // per installed extension
    // The database and the connection are UTF8: PostgreSQL checked every text on its way in.
    bool text_is_utf8 = false;
};
// Each text of the introspected IR that is not UTF-8 (ir_text_not_utf8's lines): none to look
// for when PostgreSQL already checked them all (a SQL_ASCII database stores any bytes).
std::vector<std::string> live_text_not_utf8(const Introspection& live);

Introspection introspect(Session& session, const IntrospectOptions& options);
// The schemas a person made, sorted: all but PostgreSQL's own, those an extension created, and
// `history_schema` when schemac's history table is all it holds.
std::vector<std::string> user_schemas(Session& session, const std::string& history_schema);
// The same inside a transaction the caller holds (it sees that transaction's own changes).
Introspection introspect(pqxx::transaction_base& tx, const IntrospectOptions& options);

}  // namespace schemac::runtime
