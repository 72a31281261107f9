// Which PostgreSQL parser schemac was built with: libpg_query's PostgreSQL version, for
// `schemac --version` (a header of its own: pg_query.h and libpq's pg_config.h both define
// PG_VERSION, so the two are read in different translation units).
#pragma once

#include <string>

namespace schemac {

// "15.1": the PostgreSQL release whose grammar libpg_query carries.
std::string parser_postgres_version();

}  // namespace schemac
