// Small helpers for walking libpg_query's JSON parse trees.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace schemac {

// A new array of each item of `array` through `f`.
template <class F>
nlohmann::json mapped(const nlohmann::json& array, F&& f) {
    nlohmann::json out = nlohmann::json::array();
    for (const nlohmann::json& item : array) out.push_back(f(item));
    return out;
}

// The text of a string constant, cast or not: `'s'`, `'s'::regclass`.
inline std::optional<std::string> string_constant(const nlohmann::json& value) {
    const nlohmann::json* node = &value;
    if (node->contains("TypeCast")) node = &(*node)["TypeCast"]["arg"];
    if (node->contains("A_Const") && (*node)["A_Const"].contains("sval"))
        return (*node)["A_Const"]["sval"].value("sval", "");
    return std::nullopt;
}

// The sequence's text in a call of nextval('s'), currval('s'::regclass) or pg_catalog.setval('s', 1)
// (the fields of a FuncCall node); nullopt for any other call, or one whose argument is not a constant.
inline std::optional<std::string> sequence_call_argument(const nlohmann::json& call) {
    const auto& name = call.value("funcname", nlohmann::json::array());
    if (name.empty() || !name.back().contains("String")) return std::nullopt;
    std::string function = name.back()["String"].value("sval", "");
    if (name.size() > 1 && name[0].contains("String") && name[0]["String"].value("sval", "") != "pg_catalog")
        return std::nullopt;
    if (function != "nextval" && function != "currval" && function != "setval") return std::nullopt;
    const auto& args = call.value("args", nlohmann::json::array());
    if (args.empty()) return std::nullopt;
    return string_constant(args[0]);
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
