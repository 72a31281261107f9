#include "compiler/sql/target_text.hpp"

#include <algorithm>
#include <cctype>

#include "compiler/sql/json_tree.hpp"
#include "compiler/sql/pg_parse.hpp"

namespace schemac {
namespace {

using nlohmann::json;

void locations(const json& node, std::vector<long>& out) {
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == "location" && it.value().is_number_integer())
                out.push_back(it.value().get<long>());
            else
                locations(it.value(), out);
        }
    } else if (node.is_array()) {
        for (const json& child : node) locations(child, out);
    }
}

// The expression `SELECT <text>` parses to when it is one unnamed target, locations dropped;
// null otherwise.
json single_expression(std::string_view text) {
    PgParse parsed = pg_parse("SELECT " + std::string(text));
    if (!parsed.ok()) return nullptr;
    json tree = json::parse(*parsed.tree, nullptr, false);
    if (!tree.is_object() || tree.value("stmts", json::array()).size() != 1) return nullptr;
    const json& select = tree["stmts"][0]["stmt"].value("SelectStmt", json::object());
    const json& targets = select.value("targetList", json::array());
    if (select.size() != 3 || targets.size() != 1) return nullptr;  // targetList, limitOption, op
    const json& target = targets[0].value("ResTarget", json::object());
    if (target.contains("name") || !target.contains("val")) return nullptr;
    return without_locations(target["val"]);
}

}  // namespace

json without_locations(const json& node) {
    if (node.is_array()) return mapped(node, without_locations);
    if (!node.is_object()) return node;
    json out = json::object();
    for (auto it = node.begin(); it != node.end(); ++it)
        if (it.key() != "location") out[it.key()] = without_locations(it.value());
    return out;
}

std::optional<std::string> written_text(std::string_view sql, const json& tree, const json& value) {
    std::vector<long> all, own;
    locations(tree, all);
    locations(value, own);
    if (own.empty()) return std::nullopt;
    long first = *std::min_element(own.begin(), own.end());
    if (first < 0 || static_cast<std::size_t>(first) >= sql.size()) return std::nullopt;
    // It ends before the first place the tree names after its start that is not its own.
    long bound = static_cast<long>(sql.size());
    for (long at : all)
        if (at > first && at < bound && std::find(own.begin(), own.end(), at) == own.end()) bound = at;
    json wanted = without_locations(value);
    // Its first token has a location, unless it opens with parentheses: step back over them.
    auto start = static_cast<std::size_t>(first);
    for (int opened = 0; opened < 8; ++opened) {
        std::string_view rest = sql.substr(start, static_cast<std::size_t>(bound) - start);
        for (std::size_t end = rest.size(); end > 0; --end) {
            if (std::isspace(static_cast<unsigned char>(rest[end - 1]))) continue;
            if (single_expression(rest.substr(0, end)) == wanted) return std::string(rest.substr(0, end));
        }
        while (start > 0 && std::isspace(static_cast<unsigned char>(sql[start - 1]))) --start;
        if (start == 0 || sql[start - 1] != '(') break;
        --start;
    }
    return std::nullopt;
}

}  // namespace schemac
