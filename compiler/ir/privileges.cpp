#include "compiler/ir/privileges.hpp"

#include <set>

namespace schemac::ir {

const std::vector<std::string>& kind_privileges(std::string_view kind) {
    static const std::vector<std::string> relation = {"select",   "insert",     "update", "delete",
                                                      "truncate", "references", "trigger"};
    static const std::vector<std::string> column = {"select", "insert", "update", "references"};
    static const std::vector<std::string> sequence = {"usage", "select", "update"};
    static const std::vector<std::string> routine = {"execute"};
    static const std::vector<std::string> schema = {"usage", "create"};
    static const std::vector<std::string> type = {"usage"};
    static const std::vector<std::string> none;
    if (kind == "table" || kind == "view") return relation;
    if (kind == "column") return column;
    if (kind == "sequence") return sequence;
    if (kind == "function" || kind == "procedure") return routine;
    if (kind == "schema") return schema;
    if (kind == "type") return type;
    return none;
}

const char* default_privileges_kind(DefaultPrivilegeObjects objects) {
    switch (objects) {
        case DefaultPrivilegeObjects::tables: return "table";
        case DefaultPrivilegeObjects::sequences: return "sequence";
        case DefaultPrivilegeObjects::functions: return "function";
        case DefaultPrivilegeObjects::types: return "type";
        case DefaultPrivilegeObjects::schemas: return "schema";
    }
    return "table";
}

std::vector<std::string> roles_named(const Database& db) {
    std::set<std::string> roles;
    auto add_role = [&](const std::string& role) {
        if (!role.empty() && role != "public") roles.insert(role);
    };
    auto add_grants = [&](const std::vector<Grant>& grants) {
        for (const Grant& g : grants) add_role(g.grantee);
    };
    for (const Role& r : db.roles) add_role(r.name);
    for (const Schema& s : db.schemas) add_grants(s.grants);
    for (const Table& t : db.tables) {
        add_grants(t.grants);
        for (const Policy& p : t.policies)
            for (const std::string& r : p.roles) add_role(r);
    }
    for (const View& v : db.views) add_grants(v.grants);
    for (const Function& f : db.functions) add_grants(f.grants);
    for (const SequenceGrants& s : db.sequence_grants) add_grants(s.grants);
    for (const Sequence& s : db.sequences) add_grants(s.grants);
    for (const DefaultPrivileges& d : db.default_privileges) {
        add_role(d.for_role);
        add_grants(d.grants);
    }
    return {roles.begin(), roles.end()};
}

}  // namespace schemac::ir
