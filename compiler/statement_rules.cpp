#include "compiler/statement_rules.hpp"

#include <pg_query.h>

#include <nlohmann/json.hpp>

namespace schemac {
namespace {

using json = nlohmann::json;

// The statement's node ({"IndexStmt": {...}}), or null when it does not parse to one statement.
json statement_node(std::string_view statement) {
    std::string text(statement);
    PgQueryParseResult parsed = pg_query_parse(text.c_str());
    json out;
    if (!parsed.error) {
        json tree = json::parse(parsed.parse_tree, nullptr, false);
        if (tree.is_object() && tree.contains("stmts") && tree["stmts"].size() == 1 &&
            tree["stmts"][0].contains("stmt"))
            out = tree["stmts"][0]["stmt"];
    }
    pg_query_free_parse_result(parsed);
    return out;
}

// A DefElem option's truth as PostgreSQL's defGetBoolean reads it: no value is true.
bool option_true(const json& def_elem) {
    if (!def_elem.contains("arg")) return true;
    const json& arg = def_elem["arg"];
    if (arg.contains("Integer")) return arg["Integer"].value("ival", 0) != 0;
    if (arg.contains("Boolean")) return arg["Boolean"].value("boolval", false);
    if (arg.contains("String")) {
        std::string v = arg["String"].value("sval", "");
        return v == "true" || v == "on" || v == "1" || v == "yes";
    }
    return true;
}

// The options list `key` of `node` has an option `name` that is true.
bool has_option(const json& node, const char* key, std::string_view name) {
    if (!node.contains(key)) return false;
    for (const json& item : node[key])
        if (item.contains("DefElem") && item["DefElem"].value("defname", "") == name && option_true(item["DefElem"]))
            return true;
    return false;
}

}  // namespace

std::optional<std::string> refused_in_transaction_block(std::string_view statement) {
    json node = statement_node(statement);
    if (!node.is_object() || node.empty()) return std::nullopt;
    const std::string kind = node.begin().key();
    const json& s = node.begin().value();
    if (kind == "IndexStmt" && s.value("concurrent", false)) return "CREATE INDEX CONCURRENTLY";
    if (kind == "DropStmt" && s.value("concurrent", false)) return "DROP INDEX CONCURRENTLY";
    if (kind == "ReindexStmt") {
        if (has_option(s, "params", "concurrently")) return "REINDEX CONCURRENTLY";
        std::string object = s.value("kind", "");
        if (object == "REINDEX_OBJECT_SCHEMA") return "REINDEX SCHEMA";
        if (object == "REINDEX_OBJECT_SYSTEM") return "REINDEX SYSTEM";
        if (object == "REINDEX_OBJECT_DATABASE") return "REINDEX DATABASE";
    }
    if (kind == "VacuumStmt" && s.value("is_vacuumcmd", false)) return "VACUUM";
    if (kind == "ClusterStmt" && !s.contains("relation")) return "CLUSTER";
    if (kind == "AlterTableStmt" && s.contains("cmds"))
        for (const json& cmd : s["cmds"]) {
            const json& c = cmd.value("AlterTableCmd", json::object());
            if (c.value("subtype", "") == "AT_DetachPartition" && c.contains("def") && c["def"].contains("PartitionCmd") &&
                c["def"]["PartitionCmd"].value("concurrent", false))
                return "ALTER TABLE ... DETACH CONCURRENTLY";
        }
    if (kind == "CreatedbStmt") return "CREATE DATABASE";
    if (kind == "DropdbStmt") return "DROP DATABASE";
    if (kind == "AlterDatabaseStmt" && s.contains("options"))
        for (const json& item : s["options"])
            if (item.contains("DefElem") && item["DefElem"].value("defname", "") == "tablespace")
                return "ALTER DATABASE SET TABLESPACE";
    if (kind == "CreateTableSpaceStmt") return "CREATE TABLESPACE";
    if (kind == "DropTableSpaceStmt") return "DROP TABLESPACE";
    if (kind == "AlterSystemStmt") return "ALTER SYSTEM";
    if (kind == "DiscardStmt" && s.value("target", "") == "DISCARD_ALL") return "DISCARD ALL";
    return std::nullopt;
}

std::optional<ConcurrentIndexBuild> concurrent_index_build(std::string_view statement) {
    json node = statement_node(statement);
    if (!node.is_object() || !node.contains("IndexStmt")) return std::nullopt;
    const json& s = node["IndexStmt"];
    if (!s.value("concurrent", false) || !s.contains("relation")) return std::nullopt;
    ConcurrentIndexBuild out;
    out.schema = s["relation"].value("schemaname", "");
    out.table = s["relation"].value("relname", "");
    out.index = s.value("idxname", "");
    out.if_not_exists = s.value("if_not_exists", false);
    return out;
}

}  // namespace schemac
