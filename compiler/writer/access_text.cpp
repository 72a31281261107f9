#include "compiler/writer/access_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/privileges.hpp"
#include "compiler/ir/types.hpp"

namespace schemac {
namespace {

std::string grantee_text(const std::string& grantee) {
    return grantee == "public" ? "public" : quote_identifier(grantee);
}

// One role's privileges (with or without grant option) as written: object privileges in
// PostgreSQL's order (`all` when every one), then column privileges, columns grouped.
std::string privileges_text(const std::vector<const ir::Grant*>& grants, std::string_view kind) {
    const std::vector<std::string>& order = ir::kind_privileges(kind);
    std::set<std::string> object;
    std::map<std::string, std::vector<std::string>> columns;  // privilege -> columns, in grant order
    for (const ir::Grant* g : grants) {
        if (g->column.empty())
            object.insert(g->privilege);
        else
            columns[g->privilege].push_back(g->column);
    }
    std::vector<std::string> parts;
    if (object.size() == order.size() && order.size() > 1) {
        parts.push_back("all");
    } else {
        for (const std::string& p : order)
            if (object.count(p)) parts.push_back(p);
        for (const std::string& p : object)  // any PostgreSQL knows and the list does not
            if (std::find(order.begin(), order.end(), p) == order.end()) parts.push_back(p);
    }
    std::vector<std::string> column_order = ir::kind_privileges("column");
    for (const auto& [privilege, list] : columns)
        if (std::find(column_order.begin(), column_order.end(), privilege) == column_order.end())
            column_order.push_back(privilege);
    for (const std::string& p : column_order) {
        auto it = columns.find(p);
        if (it == columns.end()) continue;
        std::vector<std::string> quoted;
        for (const std::string& c : it->second) quoted.push_back(quote_identifier(c));
        parts.push_back(fmt::format("{} ({})", p, fmt::join(quoted, ", ")));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

// {privileges, "to ROLES[ with grant option]"} pairs: each role's grants with and without grant
// option, roles with the same privileges together.
std::vector<std::pair<std::string, std::string>> grant_clauses(const std::vector<ir::Grant>& grants,
                                                               std::string_view kind) {
    std::map<std::pair<std::string, bool>, std::vector<const ir::Grant*>> by_role;
    for (const ir::Grant& g : grants) by_role[{g.grantee, g.grant_option}].push_back(&g);
    std::map<std::pair<std::string, bool>, std::vector<std::string>> by_privileges;  // kept sorted
    std::vector<std::pair<std::string, bool>> order;
    for (const auto& [role, list] : by_role) {
        std::pair<std::string, bool> key{privileges_text(list, kind), role.second};
        if (!by_privileges.count(key)) order.push_back(key);
        by_privileges[key].push_back(role.first);
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& key : order) {
        std::vector<std::string> roles;
        for (const std::string& r : by_privileges[key]) roles.push_back(grantee_text(r));
        out.emplace_back(key.first,
                         fmt::format("to {}{}", fmt::join(roles, ", "), key.second ? " with grant option" : ""));
    }
    return out;
}

std::string top_level_lines(const std::vector<ir::Grant>& grants, std::string_view kind, const std::string& on) {
    std::string out;
    for (const auto& [privileges, to] : grant_clauses(grants, kind))
        out += fmt::format("grant {} on {} {}\n", privileges, on, to);
    return out;
}

std::string qualified_text(const ir::QualifiedName& q) {
    if (q.schema == "public") return quote_identifier(q.name);
    return quote_identifier(q.schema) + "." + quote_identifier(q.name);
}

std::string function_target(const ir::Function& f) {
    std::vector<std::string> types;
    for (const ir::Type& t : ir::input_types(f)) types.push_back(render_type(t));
    return fmt::format("{} {}({})", f.procedure ? "procedure" : "function", qualified_text(f.name),
                       fmt::join(types, ", "));
}

}  // namespace

std::string role_lines(const ir::Database& db) {
    std::string out;
    for (const std::string& r : ir::roles_named(db)) out += "role " + quote_identifier(r) + "\n";
    return out;
}

std::vector<std::string> table_grant_lines(const ir::Table& table) {
    std::vector<std::string> out;
    for (const auto& [privileges, to] : grant_clauses(table.grants, "table"))
        out.push_back(fmt::format("grant {} {}", privileges, to));
    return out;
}

std::vector<std::string> policy_lines(const ir::Table& table) {
    std::vector<std::string> out;
    if (table.force_row_level_security)
        out.push_back("force row level security");
    else if (table.row_level_security)
        out.push_back("row level security");
    for (const ir::Policy& p : table.policies) {
        std::string line = "policy " + quote_identifier(p.name);
        if (!p.permissive) line += " as restrictive";
        line += std::string(" for ") + ir::policy_command_text(p.command);
        std::vector<std::string> roles;
        for (const std::string& r : p.roles) roles.push_back(grantee_text(r));
        line += fmt::format(" to {}", fmt::join(roles, ", "));
        if (p.using_expression) line += " using (" + *p.using_expression + ")";
        if (p.check_expression) line += " with check (" + *p.check_expression + ")";
        if (p.comment) line += " comment " + quote_literal(*p.comment);
        out.push_back(std::move(line));
    }
    return out;
}

std::string view_grant_lines(const ir::View& view) {
    return top_level_lines(view.grants, "table", "view " + qualified_text(view.name));
}

std::string schema_grant_lines(const ir::Schema& schema) {
    return top_level_lines(schema.grants, "schema", "schema " + quote_identifier(schema.name));
}

std::string sequence_grant_lines(const ir::SequenceGrants& sequence) {
    return top_level_lines(sequence.grants, "sequence", "sequence " + qualified_text(sequence.sequence));
}

std::string function_grant_lines(const ir::Function& function) {
    std::vector<ir::Grant> others;
    bool public_execute = false;
    for (const ir::Grant& g : function.grants) {
        if (g.grantee == "public" && g.privilege == "execute" && !g.grant_option)
            public_execute = true;
        else
            others.push_back(g);
    }
    std::string out;
    if (!public_execute) out += fmt::format("revoke execute on {} from public\n", function_target(function));
    return out + top_level_lines(others, "function", function_target(function));
}

std::string default_privileges_lines(const ir::DefaultPrivileges& d) {
    std::string head = "default privileges";
    if (!d.for_role.empty()) head += " for role " + quote_identifier(d.for_role);
    if (!d.schema.empty()) head += " in schema " + quote_identifier(d.schema);
    std::string kind = ir::default_privileges_kind(d.objects);
    std::string out;
    for (const auto& [privileges, to] : grant_clauses(d.grants, kind))
        out += fmt::format("{} grant {} on {} {}\n", head, privileges, ir::default_privilege_objects_text(d.objects),
                           to);
    return out;
}

}  // namespace schemac
