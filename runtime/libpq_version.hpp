// Which libpq schemac talks to PostgreSQL with, for `schemac --version`: the release it was
// compiled against and the one loaded when it runs (a newer libpq5 may have been installed since).
#pragma once

#include <string>

namespace schemac::runtime {

std::string libpq_built_version();   // "15.18 (Debian 15.18-0+deb12u1)"
std::string libpq_loaded_version();  // "15.18", from PQlibVersion()

}  // namespace schemac::runtime
