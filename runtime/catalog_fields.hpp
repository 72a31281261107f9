// Reading the catalog queries' columns: a text that may be NULL, JSON the server built (an
// array of names, an array of objects) read without a tree of nlohmann values.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/json_document.hpp"

namespace schemac::runtime {

std::optional<std::string> optional_text(const pqxx::field& f);  // nullopt for NULL
std::vector<std::string> json_names(const pqxx::field& f);       // a JSON array of strings; empty for NULL

// The JSON text of a field that is not NULL; the document views the field's text, which lives
// as long as the query's result.
inline std::string_view json_text(const pqxx::field& f) { return {f.c_str(), f.size()}; }
// Each element of a JSON array, in order; a value that is no array is thrown as
// std::runtime_error (the server built it: a mistake in the query).
void expect_json_array(JsonValue value);
template <class Each>
void for_each_element(JsonValue array, const Each& each) {
    expect_json_array(array);
    JsonValue item = array.first_child();
    for (std::uint32_t i = 0; i < array.size(); ++i, item = item.next_sibling()) each(item);
}
// An object's member: a string that may be absent or null (std::nullopt), a string, a boolean,
// an integer. The server built the object: a member missing or of another kind is a mistake in
// the query, thrown as std::runtime_error naming the member.
std::optional<std::string> json_member_text(JsonValue object, std::string_view key);
std::string json_member_string(JsonValue object, std::string_view key);
bool json_member_boolean(JsonValue object, std::string_view key);
long long json_member_integer(JsonValue object, std::string_view key);

}  // namespace schemac::runtime
