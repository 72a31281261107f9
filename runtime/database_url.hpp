// Where the database commands connect: `--database URL`, else $DATABASE_URL. The URL's
// passwords (and $PGPASSWORD) are remembered as secrets that output never shows (redact.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/redact.hpp"

namespace schemac::runtime {

// Remembers the passwords of the URL it returns, and $PGPASSWORD, with remember_secrets.
std::optional<std::string> resolve_database_url(const std::optional<std::string>& option);

}  // namespace schemac::runtime
