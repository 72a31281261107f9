#include "compiler/ir/privileges.hpp"

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

}  // namespace schemac::ir
