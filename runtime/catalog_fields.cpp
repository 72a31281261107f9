#include "runtime/catalog_fields.hpp"

#include <nlohmann/json.hpp>

namespace schemac::runtime {

std::optional<std::string> optional_text(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::string>();
}

std::vector<std::string> json_names(const pqxx::field& f) {
    std::vector<std::string> out;
    if (f.is_null()) return out;
    for (const auto& name : nlohmann::json::parse(f.c_str())) out.push_back(name.get<std::string>());
    return out;
}

}  // namespace schemac::runtime
