// JSON text read strictly, for files people may edit by hand: a syntax error says where it is
// (line and column), and a key given twice in one object, which a plain parse resolves to its
// last value without a word, is an error naming the key and the object (`tables[2]`).
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace schemac {

struct StrictJsonError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

nlohmann::json parse_json_strictly(std::string_view text);  // throws StrictJsonError only

// A value as a message shows it: a string quoted and escaped (cut after 40 characters),
// a number or literal as written, "an object", "an array".
std::string describe_json_value(const nlohmann::json& value);

}  // namespace schemac
