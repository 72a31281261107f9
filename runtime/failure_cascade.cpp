#include "runtime/failure_cascade.hpp"

#include <algorithm>
#include <set>

#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/sql_uses.hpp"

namespace schemac::runtime {
namespace {

using nlohmann::json;
using plan::CreatedName;

// Unqualified names in schemac's SQL are in public: the search path its migrations run with.
std::string cascade_schema_or_public(const std::optional<std::string>& schema) { return schema.value_or("public"); }

// The names a parse tree mentions: relations, types and functions (SqlUses); qualified names
// written as lists (`COMMENT ON COLUMN s.t.c`, a function's identity in GRANT or COMMENT); and
// member names (a column reference's last field, an index element, a constraint's key columns, an
// ALTER TABLE subcommand's name), which belong to each relation the statement names.
struct CascadeTreeNames {
    std::set<CreatedName> named;
    std::set<std::string> bare_members;

    void add_object(const std::string& schema, const std::string& name) {
        named.insert(CreatedName{CreatedName::Kind::object, schema, name, {}});
        named.insert(CreatedName{CreatedName::Kind::schema, schema, {}, {}});
    }

    static std::vector<std::string> strings_of(const json& list) {
        std::vector<std::string> out;
        if (!list.is_array()) return out;
        for (const json& item : list) {
            if (!item.is_object() || !item.contains("String")) return {};
            out.push_back(item["String"].value("sval", ""));
        }
        return out;
    }

    void walk(const json& node) {
        if (node.is_array()) {
            std::vector<std::string> name = strings_of(node);
            if (name.size() == 2) add_object(name[0], name[1]);
            if (name.size() == 3) {
                add_object(name[0], name[1]);
                named.insert(CreatedName{CreatedName::Kind::member, name[0], name[1], name[2]});
            }
            for (const json& item : node) walk(item);
            return;
        }
        if (!node.is_object()) return;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const json& value = it.value();
            if (it.key() == "ColumnRef") {
                std::vector<std::string> fields = strings_of(value.value("fields", json::array()));
                if (!fields.empty()) bare_members.insert(fields.back());
            } else if (it.key() == "IndexElem" && value.contains("name")) {
                bare_members.insert(value.value("name", ""));
            } else if (it.key() == "Constraint") {
                for (const char* key : {"keys", "fk_attrs", "pk_attrs", "including"})
                    for (std::string& column : strings_of(value.value(key, json::array())))
                        bare_members.insert(std::move(column));
            } else if ((it.key() == "AlterTableCmd" || it.key() == "RenameStmt") && value.is_object()) {
                for (const char* key : {"name", "subname"})
                    if (value.contains(key) && value[key].is_string()) bare_members.insert(value.value(key, ""));
            }
            walk(value);
        }
    }
};

}  // namespace

bool missing_object_state(std::string_view sqlstate) {
    return sqlstate == "42P01" || sqlstate == "42703" || sqlstate == "42704" || sqlstate == "42883" ||
           sqlstate == "3F000";
}

bool names_any(const std::vector<std::string>& statements, const std::vector<CreatedName>& created) {
    if (created.empty()) return false;
    CascadeTreeNames names;
    SqlUses uses;
    for (const std::string& statement : statements) {
        PgParse parsed = pg_parse(statement);
        if (!parsed.ok()) continue;
        json tree = json::parse(*parsed.tree);
        uses.add_tree(tree);
        names.walk(tree);
    }
    std::vector<std::pair<std::string, std::string>> relations;
    for (const RelationRead& r : uses.relations()) {
        relations.emplace_back(cascade_schema_or_public(r.schema), r.name);
        names.add_object(relations.back().first, r.name);
    }
    for (const TypeUse& t : uses.types()) names.add_object(cascade_schema_or_public(t.schema), t.name);
    for (const FunctionCall& f : uses.calls()) names.add_object(cascade_schema_or_public(f.schema), f.name);
    for (const auto& [schema, table] : relations)
        for (const std::string& member : names.bare_members)
            names.named.insert(CreatedName{CreatedName::Kind::member, schema, table, member});
    return std::any_of(created.begin(), created.end(), [&](const CreatedName& c) { return names.named.count(c) > 0; });
}

}  // namespace schemac::runtime
