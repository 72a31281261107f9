// Where the database commands connect: `--database URL`, else $DATABASE_URL; and the URL
// as it may be shown to people (the password never appears in output).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace schemac::runtime {

std::optional<std::string> resolve_database_url(const std::optional<std::string>& option);
// postgresql://app:secret@db/x -> postgresql://app:***@db/x ; password=... in key/value form too.
std::string redact_password(std::string_view connection);

}  // namespace schemac::runtime
