#include "compiler/sql/parser_version.hpp"

#include <pg_query.h>

namespace schemac {

std::string parser_postgres_version() { return PG_VERSION; }

}  // namespace schemac
