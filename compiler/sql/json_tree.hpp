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

}  // namespace schemac
