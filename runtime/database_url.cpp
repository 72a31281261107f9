#include "runtime/database_url.hpp"

#include <cstdlib>

namespace schemac::runtime {

std::optional<std::string> resolve_database_url(const std::optional<std::string>& option) {
    if (const char* password = std::getenv("PGPASSWORD"); password && *password) remember_secret(password);
    std::optional<std::string> url;
    if (option && !option->empty())
        url = option;
    else if (const char* env = std::getenv("DATABASE_URL"); env && *env)
        url = std::string(env);
    if (url) remember_secrets(*url);
    return url;
}

}  // namespace schemac::runtime
