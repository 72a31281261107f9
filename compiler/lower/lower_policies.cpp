// Lowering of roles and of row-level security policies: who a policy applies to (declared roles
// or PUBLIC), its expressions canonicalised as check constraints are, and the rules PostgreSQL's
// CREATE POLICY applies, reported where they are written.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/ir/identifiers.hpp"
#include "compiler/lower/lowering.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::lowering {

void Lowering::lower_role(const syntax::Role& r) {
    auto [previous, fresh] = declared_roles_.emplace(r.name.value, r.name.span);
    if (!fresh) {
        diagnostics_
            .error("duplicate-role", r.name.span, fmt::format("role {} is declared twice", r.name.written),
                   "keep one `role " + r.name.written + "` declaration")
            .notes.push_back({previous->second, "first declared here"});
        return;
    }
    db_.roles.push_back(ir::Role{r.name.value, origin(r.name.span)});
}

bool Lowering::check_grantee(const syntax::Grantee& grantee, bool public_allowed, std::string_view where) {
    bool quoted = !grantee.written.empty() && grantee.written.front() == '"';
    const std::string& name = grantee.value;
    if (!quoted && name == "public") {
        if (public_allowed) return true;
        diagnostics_.error("public-not-allowed", grantee.span, fmt::format("{} cannot be given to public", where),
                           "PostgreSQL keeps no default privileges for PUBLIC that schemac could manage; name the "
                           "roles that need them");
        return false;
    }
    if (!quoted && (name == "current_user" || name == "session_user" || name == "current_role")) {
        diagnostics_.error("role-not-named", grantee.span,
                           fmt::format("{} names {}, which is a different role for each session", where, name),
                           "name the role itself (declare it with `role NAME`)");
        return false;
    }
    if (declared_roles_.count(name)) return true;
    std::vector<std::string_view> names;
    for (const auto& [role, span] : declared_roles_) names.push_back(role);
    std::string help = fmt::format("declare it: role {} (roles are created outside schemac)", grantee.written);
    if (auto similar = closest_name(name, names))
        help = fmt::format("did you mean '{}'? else declare it: role {}", *similar, grantee.written);
    diagnostics_.error("undeclared-role", grantee.span,
                       fmt::format("{} names role {}, which is not declared", where, grantee.written), help);
    return false;
}

void Lowering::lower_policy(const syntax::Policy& p, ir::Table& table) {
    std::string shown = fmt::format("policy {} on {}", p.name.written, ir::display_name(table.name));
    ir::Policy out;
    out.name = p.name.value;
    out.permissive = p.permissive.value_or(true);
    out.command = p.command.value_or(ir::PolicyCommand::all);
    for (const syntax::Grantee& role : p.roles) {
        check_grantee(role, true, shown);
        if (std::find(out.roles.begin(), out.roles.end(), role.value) == out.roles.end())
            out.roles.push_back(role.value);
    }
    if (out.roles.empty()) out.roles.push_back("public");
    std::sort(out.roles.begin(), out.roles.end());
    if (p.comment) out.comment = p.comment->text;
    out.was = lower_directives(p.directives, Target::policy).was;
    out.origin = ir::Origin{p.name.span, p.using_expression   ? p.using_expression->span
                                         : p.check_expression ? p.check_expression->span
                                                              : Span{}};

    // The unqualified columns outside subqueries are the table's row: they must be its columns.
    std::vector<std::string_view> column_names;
    for (const ir::Column& c : table.columns) column_names.push_back(c.name);
    auto lower = [&](const syntax::Expression& e, const char* role) -> std::optional<std::string> {
        auto canonical = lower_expression(e, role, true);
        if (!canonical) return e.text;
        std::set<std::string> reported;
        for (const auto& [column, offset] : analyze_sql_expression(e.text).outer_column_refs) {
            if (ir::find_column(table, column) || !reported.insert(column).second) continue;
            auto begin = e.span.begin + static_cast<std::uint32_t>(offset);
            std::size_t length = identifier_length(std::string_view(e.text).substr(offset));
            std::string help = fmt::format("add the column to table {}, or name one it has (qualify a column of "
                                           "another table: t.{})",
                                           ir::display_name(table.name), column);
            if (auto similar = closest_name(column, column_names)) help = fmt::format("did you mean '{}'?", *similar);
            diagnostics_.error(
                "unknown-column",
                Span{e.span.file, begin, begin + static_cast<std::uint32_t>(std::max<std::size_t>(length, 1))},
                fmt::format("{} names column '{}', which table {} does not have", shown, column,
                            ir::display_name(table.name)),
                help);
        }
        return canonical;
    };
    if (p.using_expression) out.using_expression = lower(*p.using_expression, "a policy's using expression");
    if (p.check_expression) out.check_expression = lower(*p.check_expression, "a policy's with check expression");
    if (out.command == ir::PolicyCommand::insert && p.using_expression)
        diagnostics_.error("policy", p.using_expression->span,
                           fmt::format("{}: only a with check expression is allowed for insert", shown),
                           "write the condition as with check (...): new rows are checked, none are read");
    if ((out.command == ir::PolicyCommand::select || out.command == ir::PolicyCommand::delete_) && p.check_expression)
        diagnostics_.error("policy", p.check_expression->span,
                           fmt::format("{}: with check cannot be applied to {}", shown,
                                       ir::policy_command_text(out.command)),
                           "write the condition as using (...): existing rows are filtered, none are written");

    for (const ir::Policy& other : table.policies) {
        if (other.name != out.name) continue;
        diagnostics_
            .error("duplicate-policy", p.name.span,
                   fmt::format("table {} has two policies named {}", ir::display_name(table.name), p.name.written),
                   "rename one of them: a policy's name is unique in its table")
            .notes.push_back({other.origin.span, "the first one is here"});
        return;
    }
    table.policies.push_back(std::move(out));
}

}  // namespace schemac::lowering
