#include "runtime/libpq_version.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <pg_config.h>

namespace schemac::runtime {

std::string libpq_built_version() { return PG_VERSION; }

std::string libpq_loaded_version() {
    int version = PQlibVersion();  // 150018 since PostgreSQL 10: major * 10000 + minor
    return fmt::format("{}.{}", version / 10000, version % 10000);
}

}  // namespace schemac::runtime
