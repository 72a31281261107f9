#include "runtime/catalog_fields.hpp"

#include <charconv>
#include <stdexcept>

namespace schemac::runtime {
namespace {

[[noreturn]] void unexpected_member(std::string_view key, std::string_view expected) {
    throw std::runtime_error(
        "a catalog query's JSON object has no " + std::string(expected) + " member \"" + std::string(key) + "\"");
}

JsonValue member(JsonValue object, std::string_view key, std::string_view expected) {
    std::optional<JsonValue> v = object.find(key);
    if (!v) unexpected_member(key, expected);
    return *v;
}

}  // namespace

std::optional<std::string> optional_text(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::string>();
}

std::vector<std::string> json_names(const pqxx::field& f) {
    std::vector<std::string> out;
    if (f.is_null()) return out;
    JsonDocument doc(json_text(f));
    out.reserve(doc.root().size());
    for_each_element(doc.root(), [&](JsonValue name) {
        if (!name.is_string()) throw std::runtime_error("a catalog query's list of names holds a non-string");
        out.emplace_back(name.string());
    });
    return out;
}

void expect_json_array(JsonValue value) {
    if (!value.is_array()) throw std::runtime_error("a catalog query's JSON value is not the array it should be");
}

std::optional<std::string> json_member_text(JsonValue object, std::string_view key) {
    std::optional<JsonValue> v = object.find(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string()) unexpected_member(key, "string");
    return std::string(v->string());
}

std::string json_member_string(JsonValue object, std::string_view key) {
    std::optional<std::string> text = json_member_text(object, key);
    if (!text) unexpected_member(key, "string");
    return std::move(*text);
}

bool json_member_boolean(JsonValue object, std::string_view key) {
    JsonValue v = member(object, key, "boolean");
    if (!v.is_boolean()) unexpected_member(key, "boolean");
    return v.boolean();
}

long long json_member_integer(JsonValue object, std::string_view key) {
    JsonValue v = member(object, key, "integer");
    long long out = 0;
    std::string_view text = v.is_number() ? v.number() : std::string_view();
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) unexpected_member(key, "integer");
    return out;
}

}  // namespace schemac::runtime
