// An extension placed in a schema nothing declares: CREATE EXTENSION ... WITH SCHEMA would fail
// on a database where that schema does not exist yet (a fresh one, replaying the migrations).
#include <fmt/format.h>

#include <algorithm>

#include "compiler/checks/checks.hpp"
#include "compiler/ir/identifiers.hpp"

namespace schemac::checks {

void extension_schemas(const ir::Database& db, Diagnostics& out) {
    for (const ir::Extension& x : db.extensions) {
        if (!x.schema || *x.schema == "public" || *x.schema == "pg_catalog") continue;
        bool declared = std::any_of(db.schemas.begin(), db.schemas.end(), [&](const ir::Schema& s) {
            return s.name == *x.schema;
        });
        if (declared) continue;
        out.error("extension-schema-undeclared", x.origin.span,
                  fmt::format("extension {} is placed in schema {}, which nothing declares, so no migration creates it",
                              x.name, *x.schema),
                  fmt::format("add a line: schema {} (it is then created before the extension)",
                              quote_identifier(*x.schema)));
    }
}

}  // namespace schemac::checks
