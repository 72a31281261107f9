// SHA-256 (FIPS 180-4) of a byte string, as 64 lower-case hex digits. Used for the
// checksums of migration files (schemac.sum and the migration history).
#pragma once

#include <string>
#include <string_view>

namespace schemac {

std::string sha256_hex(std::string_view data);

}  // namespace schemac
