#include "runtime/drift_access.hpp"

#include <fmt/format.h>

#include "compiler/plan/render_sql.hpp"
#include "runtime/drift_words.hpp"

namespace schemac::runtime {
namespace {

std::string role_text(const std::string& grantee) { return grantee == "public" ? "PUBLIC" : "role " + grantee; }

// "billing.invoices", "view billing.totals", "schema billing", "function billing.settle(bigint)".
std::string object_text(const plan::AccessObject& object) {
    switch (object.kind) {
        case plan::AccessKind::table: return ir::display_name(object.name);
        case plan::AccessKind::view: return "view " + ir::display_name(object.name);
        case plan::AccessKind::materialized_view: return "materialized view " + ir::display_name(object.name);
        case plan::AccessKind::sequence: return "sequence " + ir::display_name(object.name);
        case plan::AccessKind::schema: return "schema " + object.name.schema;
        case plan::AccessKind::function:
            return (object.function && object.function->procedure ? "procedure " : "function ") +
                   (object.function ? ir::function_signature(*object.function) : ir::display_name(object.name));
    }
    return ir::display_name(object.name);
}

// "default privileges on tables in schema billing", "... for role owner ...": what an entry is.
std::string default_target_text(const plan::DefaultPrivilegesTarget& target) {
    return fmt::format("default privileges on {}{}{}", ir::default_privilege_objects_text(target.objects),
                       target.schema.empty() ? "" : " in schema " + target.schema,
                       target.for_role.empty() ? "" : " created by " + target.for_role);
}

// An expression as code, or "none".
std::string code_or_none(const std::optional<std::string>& text) { return text ? "`" + *text + "`" : "none"; }

}  // namespace

std::string row_level_security_difference(const plan::SetRowLevelSecurity& c) {
    return fmt::format("~ table {}: row level security is {} {}; the schema turns it {}", ir::display_name(c.table),
                       c.enabled ? "off" : "on", in_database, c.enabled ? "on" : "off");
}

std::string force_row_level_security_difference(const plan::SetForceRowLevelSecurity& c) {
    return fmt::format("~ table {}: row level security is {} {}; the schema {}", ir::display_name(c.table),
                       c.forced ? "not forced" : "forced", in_database, c.forced ? "forces it" : "does not force it");
}

std::string policy_difference(const ir::QualifiedName& table, const ir::Policy* live, const ir::Policy* expected) {
    if (!live && !expected) return {};
    std::string what = fmt::format("policy {} on {}", (expected ? expected : live)->name, ir::display_name(table));
    if (!live) return fmt::format("+ {}: missing {}", what, in_database);
    if (!expected) return fmt::format("- {}: only {}", what, in_database);
    auto roles = [](const ir::Policy& p) { return fmt::format("{}", fmt::join(p.roles, ", ")); };
    auto kind = [](const ir::Policy& p) { return p.permissive ? "permissive" : "restrictive"; };
    if (live->permissive != expected->permissive)
        return fmt::format("~ {}: {} {}, {} expected", what, kind(*live), in_database, kind(*expected));
    if (live->command != expected->command)
        return fmt::format("~ {}: for {} {}, for {} expected", what, ir::policy_command_text(live->command),
                           in_database, ir::policy_command_text(expected->command));
    std::vector<std::string> differing, details;
    if (live->roles != expected->roles) {
        differing.push_back("roles");
        details.push_back(fmt::format("to {} {}, to {} expected", roles(*live), in_database, roles(*expected)));
    }
    if (live->using_expression != expected->using_expression) {
        differing.push_back("using");
        details.push_back(fmt::format("using {} {}, {} expected", code_or_none(live->using_expression), in_database,
                                      code_or_none(expected->using_expression)));
    }
    if (live->check_expression != expected->check_expression) {
        differing.push_back("with check");
        details.push_back(fmt::format("with check {} {}, {} expected", code_or_none(live->check_expression),
                                      in_database, code_or_none(expected->check_expression)));
    }
    if (live->comment != expected->comment) {
        differing.push_back("comment");
        details.push_back(fmt::format("comment {} {}, {} expected", quoted_or_none(live->comment), in_database,
                                      quoted_or_none(expected->comment)));
    }
    if (differing.empty()) return {};
    std::string list = differing.size() == 1
                           ? differing[0]
                           : fmt::format("{} and {}", fmt::join(differing.begin(), differing.end() - 1, ", "),
                                         differing.back());
    return fmt::format("~ {}: {} differ{} ({})", what, list, differing.size() == 1 ? "s" : "",
                       fmt::join(details, "; "));
}

std::string grant_difference(const plan::GrantPrivileges& c) {
    return fmt::format("+ {} cannot {}{} on {} {}; the schema grants it", role_text(c.grantee),
                       plan::render_privileges(c.grants), c.grant_option ? " with grant option" : "",
                       object_text(c.object), in_database);
}

std::string grant_difference(const plan::RevokePrivileges& c) {
    if (c.grant_option_only)
        return fmt::format("- {} can grant {} on {} to others {}; not in the schema", role_text(c.grantee),
                           plan::render_privileges(c.grants), object_text(c.object), in_database);
    return fmt::format("- {} can {} on {} {}; not in the schema", role_text(c.grantee),
                       plan::render_privileges(c.grants), object_text(c.object), in_database);
}

std::string grant_difference(const plan::GrantDefaultPrivileges& c) {
    return fmt::format("+ {}: {} does not get {}{} {}; the schema grants it", default_target_text(c.target),
                       role_text(c.grantee), plan::render_privilege_names(c.privileges),
                       c.grant_option ? " with grant option" : "", in_database);
}

std::string grant_difference(const plan::RevokeDefaultPrivileges& c) {
    return fmt::format("- {}: {} gets {}{} {}; not in the schema", default_target_text(c.target), role_text(c.grantee),
                       plan::render_privilege_names(c.privileges), c.grant_option_only ? " with grant option" : "",
                       in_database);
}

}  // namespace schemac::runtime
