#include "compiler/checks/checks.hpp"

namespace schemac::checks {

void run_all(const ir::Database& db, Diagnostics& out) {
    duplicate_names(db, out);
    tables_have_columns(db, out);
    identifier_lengths(db, out);
    constraint_columns(db, out);
    foreign_keys(db, out);
    enum_defaults(db, out);
    identity_columns(db, out);
    generated_columns(db, out);
    was_claims(db, out);
    backfills(db, out);
    extension_schemas(db, out);
    exclusion_extensions(db, out);
    replica_identity_indexes(db, out);
    sequences(db, out);
    view_cycles(db, out);
    duplicate_signatures(db, out);
    trigger_functions(db, out);
    trigger_columns(db, out);
    function_calls(db, out);
    partition_overlaps(db, out);
}

}  // namespace schemac::checks
