// Reading the catalog queries' columns: a text that may be NULL, a JSON array of names.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace schemac::runtime {

std::optional<std::string> optional_text(const pqxx::field& f);  // nullopt for NULL
std::vector<std::string> json_names(const pqxx::field& f);       // a JSON array of strings; empty for NULL

}  // namespace schemac::runtime
