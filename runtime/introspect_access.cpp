#include "runtime/introspect_access.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "runtime/catalog_fields.hpp"
#include "runtime/catalog_rows.hpp"
#include "runtime/introspect_code.hpp"

namespace schemac::runtime {
namespace {

ir::PolicyCommand policy_command(const std::string& code) {
    if (code == "r") return ir::PolicyCommand::select;
    if (code == "a") return ir::PolicyCommand::insert;
    if (code == "w") return ir::PolicyCommand::update;
    if (code == "d") return ir::PolicyCommand::delete_;
    return ir::PolicyCommand::all;
}

ir::DefaultPrivilegeObjects default_privilege_objects(const std::string& code) {
    if (code == "S") return ir::DefaultPrivilegeObjects::sequences;
    if (code == "f") return ir::DefaultPrivilegeObjects::functions;
    if (code == "T") return ir::DefaultPrivilegeObjects::types;
    if (code == "n") return ir::DefaultPrivilegeObjects::schemas;
    return ir::DefaultPrivilegeObjects::tables;
}

ir::Grant grant_of(const CatalogRow& row, std::string column = {}) {
    ir::Grant g;
    g.grantee = row["grantee"].as<std::string>();
    g.privilege = row["privilege"].as<std::string>();
    g.column = std::move(column);
    g.grant_option = row["grantable"].as<bool>();
    return g;
}

}  // namespace

std::map<ir::QualifiedName, std::vector<ir::Policy>> read_policies(const pqxx::result& rows,
                                                                   std::vector<std::string>& unreadable) {
    std::map<ir::QualifiedName, std::vector<ir::Policy>> out;
    for (const auto& row : CatalogRows(rows)) {
        ir::QualifiedName table{row["schema_name"].as<std::string>(), row["table_name"].as<std::string>()};
        ir::Policy p;
        p.name = row["policy_name"].as<std::string>();
        p.permissive = row["permissive"].as<bool>();
        p.command = policy_command(row["command"].as<std::string>());
        p.roles = json_names(row["roles"]);
        std::string what = fmt::format("policy {} on {}", p.name, ir::display_name(table));
        if (auto text = optional_text(row["using_expression"]))
            p.using_expression = canonical_expression(*text, "using of " + what, unreadable);
        if (auto text = optional_text(row["check_expression"]))
            p.check_expression = canonical_expression(*text, "with check of " + what, unreadable);
        p.comment = optional_text(row["comment"]);
        out[table].push_back(std::move(p));  // in name order: policies.sql sorts them
    }
    return out;
}

AccessGrants read_grants(const pqxx::result& rows) {
    AccessGrants out;
    std::map<ir::QualifiedName, std::vector<ir::Grant>> sequences;
    for (const auto& row : CatalogRows(rows)) {
        std::string kind = row["object_kind"].as<std::string>();
        ir::QualifiedName name{row["schema_name"].as<std::string>(), row["object_name"].as<std::string>()};
        if (kind == "relation")
            out.relations[name].push_back(grant_of(row));
        else if (kind == "column")
            out.relations[name].push_back(grant_of(row, row["column_name"].as<std::string>()));
        else if (kind == "schema")
            out.schemas[name.schema].push_back(grant_of(row));
        else if (kind == "sequence")
            sequences[name].push_back(grant_of(row));
    }
    for (auto& [name, grants] : out.relations) ir::sort_grants(grants);
    for (auto& [name, grants] : out.schemas) ir::sort_grants(grants);
    for (auto& [name, grants] : sequences) {
        ir::sort_grants(grants);
        out.sequences.push_back(ir::SequenceGrants{name, std::move(grants), {}});
    }
    return out;
}

std::vector<ir::Grant> grants_of_json(const pqxx::field& f) {
    std::vector<ir::Grant> out;
    const JsonDocument grants(json_text(f));
    for_each_element(grants.root(), [&](JsonValue g) {
        out.push_back(ir::Grant{json_member_string(g, "grantee"),
                                json_member_string(g, "privilege"),
                                {},
                                json_member_boolean(g, "grantable"),
                                {}});
    });
    ir::sort_grants(out);
    return out;
}

std::vector<ir::DefaultPrivileges> read_default_privileges(const pqxx::result& rows) {
    std::vector<ir::DefaultPrivileges> out;
    for (const auto& row : CatalogRows(rows)) {
        ir::DefaultPrivileges d;
        d.for_role = row["for_role"].as<std::string>();
        d.schema = row["schema_name"].as<std::string>();
        d.objects = default_privilege_objects(row["object_type"].as<std::string>());
        if (out.empty() || std::tie(out.back().for_role, out.back().schema, out.back().objects) !=
                               std::tie(d.for_role, d.schema, d.objects))
            out.push_back(std::move(d));
        out.back().grants.push_back(grant_of(row));
    }
    for (ir::DefaultPrivileges& d : out) ir::sort_grants(d.grants);
    std::sort(out.begin(), out.end(), [](const ir::DefaultPrivileges& a, const ir::DefaultPrivileges& b) {
        return std::tie(a.for_role, a.schema, a.objects) < std::tie(b.for_role, b.schema, b.objects);
    });
    return out;
}

}  // namespace schemac::runtime
