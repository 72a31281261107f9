// Parser-internal: the actions of access declarations and table lines: `role`, `grant`, the
// `revoke` of PUBLIC's execute, `default privileges`, `row level security` and `policy`.
#pragma once

#include <tao/pegtl.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/syntax/parser_actions_tables.hpp"
#include "compiler/syntax/parser_builder.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

// ------------------------------------------------------------------ privileges and grantees
template <>
struct action<g::privilege_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.privilege = Privilege{};
    }
};
template <>
struct action<g::privilege_word> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        std::string word = lower_ascii(in.string_view());
        b.privilege.word = word.starts_with("all") ? "all" : word;
        b.privilege.span = b.span(in);
    }
};
template <>
struct action<g::privilege_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.privilege.columns.push_back(b.name(in));
    }
};
template <>
struct action<g::privilege> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.privileges.push_back(std::exchange(b.privilege, Privilege{}));
    }
};
template <>
struct action<g::grantee> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.grantees.push_back(b.name(in));
    }
};
template <>
struct action<g::grant_option> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.grant_option = true;
    }
};

// ------------------------------------------------------------------ table lines
template <>
struct action<g::rls_force> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.rls_force = true;
    }
};
template <>
struct action<g::table_row_level_security> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(RowLevelSecurity{std::exchange(b.rls_force, false), item_span(b, in)});
    }
};
template <>
struct action<g::table_grant_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.clear_access();
    }
};
template <>
struct action<g::table_grant> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(TableGrant{std::exchange(b.privileges, {}), std::exchange(b.grantees, {}),
                                           std::exchange(b.grant_option, false), item_span(b, in)});
    }
};
template <>
struct action<g::policy_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.policy = Policy{};
        b.clear_access();
        b.directives.clear();
    }
};
template <>
struct action<g::policy_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.policy.name = b.name(in);
    }
};
template <>
struct action<g::policy_permissive> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.policy.permissive = true;
    }
};
template <>
struct action<g::policy_restrictive> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.policy.permissive = false;
    }
};
template <ir::PolicyCommand Command>
struct command_action {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.policy.command = Command;
        b.policy.command_span = b.span(in);
    }
};
template <>
struct action<g::command_all> : command_action<ir::PolicyCommand::all> {};
template <>
struct action<g::command_select> : command_action<ir::PolicyCommand::select> {};
template <>
struct action<g::command_insert> : command_action<ir::PolicyCommand::insert> {};
template <>
struct action<g::command_update> : command_action<ir::PolicyCommand::update> {};
template <>
struct action<g::command_delete> : command_action<ir::PolicyCommand::delete_> {};
template <>
struct action<g::policy_using_expression> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.policy.using_expression = Expression{in.string(), b.span(in)};
    }
};
template <>
struct action<g::policy_check_expression> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.policy.check_expression = Expression{in.string(), b.span(in)};
    }
};
template <>
struct action<g::policy_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.policy.comment = Comment{b.string_value, b.span(in)};
    }
};
template <>
struct action<g::table_policy> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.policy.directives = b.take_directives();
        b.policy.roles = std::exchange(b.grantees, {});
        b.policy.span = item_span(b, in);
        b.table.items.push_back(std::exchange(b.policy, Policy{}));
    }
};

// ------------------------------------------------------------------ roles
template <>
struct action<g::role_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.role = Role{b.name(in), {}};
    }
};
template <>
struct action<g::role_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.role.span = item_span(b, in);
        b.out.declarations.emplace_back(std::exchange(b.role, Role{}));
    }
};

// ------------------------------------------------------------------ top-level grants and the revoke
template <GrantObject Object>
struct object_action {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.grant.object = Object;
    }
};
template <>
struct action<g::object_schema> : object_action<GrantObject::schema> {};
template <>
struct action<g::object_sequence> : object_action<GrantObject::sequence> {};
template <>
struct action<g::object_table> : object_action<GrantObject::table> {};
template <>
struct action<g::object_view> : object_action<GrantObject::view> {};
template <>
struct action<g::object_function> : object_action<GrantObject::function> {};
template <>
struct action<g::object_procedure> : object_action<GrantObject::procedure> {};
template <>
struct action<g::grant_target_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.target = GrantTarget{};
    }
};
template <>
struct action<g::grant_target_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.target.name = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::target_arguments_text> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.target.arguments = Expression{in.string(), b.span(in)};
    }
};
template <>
struct action<g::grant_target> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.target.span = b.span(in);
        b.targets.push_back(std::exchange(b.target, GrantTarget{}));
    }
};
template <>
struct action<g::revoke_execute> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.clear_access();
        b.grant = Grant{};
        b.privileges.push_back(Privilege{"execute", {}, b.span(in)});
    }
};
template <>
struct action<g::revoke_public> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.grantees.push_back(b.name(in));
    }
};
template <typename Input>
void take_grant(const Input& in, Builder& b, bool revoke) {
    b.grant.revoke = revoke;
    b.grant.privileges = std::exchange(b.privileges, {});
    b.grant.targets = std::exchange(b.targets, {});
    b.grant.grantees = std::exchange(b.grantees, {});
    b.grant.grant_option = std::exchange(b.grant_option, false);
    b.grant.span = item_span(b, in);
    b.out.declarations.emplace_back(std::exchange(b.grant, Grant{}));
}
template <>
struct action<g::grant_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        take_grant(in, b, false);
    }
};
template <>
struct action<g::revoke_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        take_grant(in, b, true);
    }
};

// ------------------------------------------------------------------ default privileges
template <>
struct action<g::default_for_role> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.default_privileges.for_role = b.name(in);
    }
};
template <>
struct action<g::default_in_schema> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.default_privileges.schema = b.name(in);
    }
};
template <>
struct action<g::default_objects> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        std::string word = lower_ascii(in.string_view());
        using O = ir::DefaultPrivilegeObjects;
        b.default_privileges.objects = word == "sequences"   ? O::sequences
                                       : word == "functions" ? O::functions
                                       : word == "types"     ? O::types
                                       : word == "schemas"   ? O::schemas
                                                             : O::tables;
        b.default_privileges.objects_span = b.span(in);
    }
};
template <>
struct action<g::default_privileges_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        DefaultPrivileges& d = b.default_privileges;
        d.privileges = std::exchange(b.privileges, {});
        d.grantees = std::exchange(b.grantees, {});
        d.grant_option = std::exchange(b.grant_option, false);
        d.span = item_span(b, in);
        b.out.declarations.emplace_back(std::exchange(b.default_privileges, DefaultPrivileges{}));
    }
};

}  // namespace schemac::parsing
