// Small helpers for walking libpg_query's JSON parse trees.
#pragma once

#include <nlohmann/json.hpp>

namespace schemac {

// A new array of each item of `array` through `f`.
template <class F>
nlohmann::json mapped(const nlohmann::json& array, F&& f) {
    nlohmann::json out = nlohmann::json::array();
    for (const nlohmann::json& item : array) out.push_back(f(item));
    return out;
}

// Removes every "location" from a parse tree: two texts that mean the same give the same tree.
inline void drop_locations(nlohmann::json& node) {
    if (node.is_object()) {
        node.erase("location");
        for (auto& [key, value] : node.items()) drop_locations(value);
    } else if (node.is_array()) {
        for (auto& value : node) drop_locations(value);
    }
}

}  // namespace schemac
