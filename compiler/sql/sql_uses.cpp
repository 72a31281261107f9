#include "compiler/sql/sql_uses.hpp"

#include <algorithm>

#include "compiler/sql/json_tree.hpp"
#include "compiler/sql/sequence_calls.hpp"

namespace schemac {
namespace {

using nlohmann::json;

std::vector<std::string> names_of(const json& list) {
    std::vector<std::string> out;
    for (const json& item : list)
        if (item.contains("String")) out.push_back(item["String"].value("sval", ""));
    return out;
}

}  // namespace

void SqlUses::add_tree(const json& tree) { walk(tree, {}); }

void SqlUses::add_relation(std::optional<std::string> schema, std::string name) {
    relations_.emplace(std::move(schema), std::move(name));
}

// Walks each CTE's query with the names in scope there (a recursive WITH's every name; otherwise
// those declared before it), and leaves every name in `ctes` for the rest of the statement.
void SqlUses::with_clause(const json& with, std::vector<std::string>& ctes) {
    const json& list = with.value("ctes", json::array());
    std::vector<std::string> declared;
    for (const json& cte : list) declared.push_back(cte.value("CommonTableExpr", json::object()).value("ctename", ""));
    bool recursive = with.value("recursive", false);
    std::vector<std::string> visible = ctes;
    if (recursive) visible.insert(visible.end(), declared.begin(), declared.end());
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& cte = list[i].value("CommonTableExpr", json::object());
        if (cte.contains("ctequery")) walk(cte["ctequery"], visible);
        if (!recursive) visible.push_back(declared[i]);
    }
    ctes.insert(ctes.end(), declared.begin(), declared.end());
}

void SqlUses::walk(const json& node, const std::vector<std::string>& ctes) {
    if (node.is_array()) {
        for (const json& item : node) walk(item, ctes);
        return;
    }
    if (!node.is_object()) return;
    std::vector<std::string> scope = ctes;
    if (node.contains("withClause") && node["withClause"].is_object()) with_clause(node["withClause"], scope);
    for (auto it = node.begin(); it != node.end(); ++it) {
        const json& value = it.value();
        if (it.key() == "withClause") continue;
        // A RangeVar or FuncCall node, or the fields of one where the tree holds them bare: the
        // target of INSERT, UPDATE and DELETE (`relation`), CALL's procedure (`funccall`).
        if (it.key() == "RangeVar" || (it.key() == "relation" && value.is_object() && value.contains("relname")))
            range_var(value, scope);
        else if (it.key() == "FuncCall" || (it.key() == "funccall" && value.is_object() && value.contains("funcname")))
            func_call(value);
        else if ((it.key() == "TypeName" || it.key() == "typeName") && value.is_object() && value.contains("names")) {
            std::vector<std::string> name = names_of(value.value("names", json::array()));
            if (name.size() == 1)
                add_type(std::nullopt, name[0]);
            else if (name.size() == 2 && name[0] != "pg_catalog")
                add_type(name[0], name[1]);
        }
        walk(value, scope);
    }
}

void SqlUses::add_type(std::optional<std::string> schema, std::string name) {
    types_.insert(TypeUse{std::move(schema), std::move(name)});
}

std::vector<TypeUse> SqlUses::types() const { return {types_.begin(), types_.end()}; }

void SqlUses::range_var(const json& fields, const std::vector<std::string>& ctes) {
    std::string name = fields.value("relname", "");
    if (!fields.contains("schemaname") && std::find(ctes.begin(), ctes.end(), name) != ctes.end()) return;
    std::optional<std::string> schema = fields.contains("schemaname")
                                            ? std::optional<std::string>(fields.value("schemaname", ""))
                                            : std::nullopt;
    const json& location = fields.value("location", json());
    if (location.is_number_integer() && location.get<long long>() >= 0)
        mentions_.push_back({schema, name, static_cast<std::size_t>(location.get<long long>())});
    add_relation(std::move(schema), std::move(name));
}

void SqlUses::func_call(const json& fields) {
    std::vector<std::string> name = names_of(fields.value("funcname", json::array()));
    if (name.empty()) return;
    FunctionCall call;
    call.name = name.back();
    if (name.size() >= 2) call.schema = name[name.size() - 2];
    call.argument_count = fields.value("args", json::array()).size();
    calls_.insert(std::move(call));
    if (std::optional<std::string> text = sequence_call_argument(fields))
        if (std::optional<ir::QualifiedName> sequence = regclass_name(*text)) sequences_.insert(std::move(*sequence));
}

std::vector<ir::QualifiedName> SqlUses::sequences() const { return {sequences_.begin(), sequences_.end()}; }

std::vector<RelationRead> SqlUses::relations() const {
    std::vector<RelationRead> out;
    for (const auto& [schema, name] : relations_) out.push_back(RelationRead{schema, name, {}, false});
    return out;
}

std::vector<FunctionCall> SqlUses::calls() const { return {calls_.begin(), calls_.end()}; }

}  // namespace schemac
