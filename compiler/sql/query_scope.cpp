#include "compiler/sql/query_scope.hpp"

namespace schemac {

using nlohmann::json;

std::string string_value(const json& node) {
    if (!node.is_object() || !node.contains("String")) return {};
    return node["String"].value("sval", "");
}

void rename_columns(ColumnNames& names, const json& alias) {
    const json& colnames = alias.value("colnames", json::array());
    for (std::size_t i = 0; i < colnames.size() && i < names.size(); ++i) names[i] = string_value(colnames[i]);
}

NamedRelation named_relation(const json& range_var, const CteScope& scope, const ColumnsOf& columns_of) {
    NamedRelation out;
    if (range_var.contains("schemaname")) out.schema = range_var.value("schemaname", "");
    out.name = range_var.value("relname", "");
    if (!out.schema)
        for (const CteScope* s = &scope; s; s = s->parent)
            if (auto it = s->ctes.find(out.name); it != s->ctes.end()) {
                out.cte = true;
                out.columns = it->second;
                return out;
            }
    if (columns_of) out.columns = columns_of(out.schema, out.name);
    return out;
}

}  // namespace schemac
