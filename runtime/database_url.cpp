#include "runtime/database_url.hpp"

#include <cstdlib>

namespace schemac::runtime {

std::optional<std::string> resolve_database_url(const std::optional<std::string>& option) {
    if (option && !option->empty()) return option;
    if (const char* env = std::getenv("DATABASE_URL"); env && *env) return std::string(env);
    return std::nullopt;
}

std::string redact_password(std::string_view connection) {
    std::string out(connection);
    auto scheme = out.find("://");
    if (scheme != std::string::npos) {
        auto at = out.find('@', scheme + 3);
        auto colon = out.find(':', scheme + 3);
        if (at != std::string::npos && colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
    for (std::size_t key = out.find("password="); key != std::string::npos; key = out.find("password=", key + 1)) {
        std::size_t begin = key + 9;
        std::size_t end = begin;
        if (end < out.size() && out[end] == '\'') {
            end = out.find('\'', end + 1);
            end = end == std::string::npos ? out.size() : end + 1;
        } else {
            while (end < out.size() && out[end] != ' ' && out[end] != '&') ++end;
        }
        out.replace(begin, end - begin, "***");
    }
    return out;
}

}  // namespace schemac::runtime
