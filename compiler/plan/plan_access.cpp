// Grants and default privileges, as set differences between `before` and `after`, for the roles
// ir::managed_role says are managed (never REVOKE ALL: a role the schema does not declare keeps
// whatever it has). Per object and grantee: the privileges `after` adds are granted in one GRANT
// (one more WITH GRANT OPTION for those given with it), those it takes away revoked in one REVOKE,
// and a grant option alone taken back with REVOKE GRANT OPTION FOR.
// What an object has before this plan: its grants in `before`, where it is kept (PostgreSQL
// moves privileges with a rename, so a renamed table, column, view or function compares under
// its new names and plans nothing); what a new or recreated object starts with when it is
// created: nothing, PUBLIC's EXECUTE for a function or procedure, and in every case what the
// default privileges of `after` give objects the migrating role creates. A column dropped or
// rebuilt loses its privileges, a dropped object all of them: no REVOKE is planned for those.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "compiler/ir/types.hpp"
#include "compiler/plan/plan_context.hpp"
#include "compiler/plan/render_sql.hpp"
#include "compiler/sql/implicit_names.hpp"

namespace schemac::plan {
namespace {

using Name = ir::QualifiedName;
using Grants = std::vector<ir::Grant>;

std::string access_title(const AccessObject& o) {
    switch (o.kind) {
        case AccessKind::table: return "table " + ir::display_name(o.name);
        case AccessKind::view: return "view " + ir::display_name(o.name);
        case AccessKind::materialized_view: return "materialized view " + ir::display_name(o.name);
        case AccessKind::sequence: return "sequence " + ir::display_name(o.name);
        case AccessKind::schema: return "schema " + o.name.schema;
        case AccessKind::function:
            if (!o.function) return "function " + ir::display_name(o.name);
            return (o.function->procedure ? "procedure " : "function ") + ir::function_signature(*o.function);
    }
    return ir::display_name(o.name);
}

std::string grantee_title(const std::string& grantee) { return grantee == "public" ? "PUBLIC" : grantee; }

// One privilege of one grantee on one object or column: what a set difference compares.
using GrantKey = std::tuple<std::string, std::string, std::string>;  // grantee, column, privilege
// (grantee, flag) -> privileges: for grants the flag is WITH GRANT OPTION, for revokes GRANT OPTION FOR.
using GrantGroups = std::map<std::pair<std::string, bool>, Grants>;

// What turns `before` into `after` for the grantees `managed` accepts: the privileges to grant
// and those to revoke, grouped by grantee and option.
template <class Managed>
std::pair<GrantGroups, GrantGroups> differences(const Grants& before, const Grants& after, const Managed& managed) {
    std::map<GrantKey, bool> was, now;  // -> grant option
    for (const ir::Grant& g : before)
        if (managed(g.grantee)) was[{g.grantee, g.column, g.privilege}] |= g.grant_option;
    for (const ir::Grant& g : after)
        if (managed(g.grantee)) now[{g.grantee, g.column, g.privilege}] |= g.grant_option;
    auto privilege = [](const GrantKey& key) {
        ir::Grant g;
        g.grantee = std::get<0>(key);
        g.column = std::get<1>(key);
        g.privilege = std::get<2>(key);
        return g;
    };
    GrantGroups grant, revoke;
    for (const auto& [key, option] : now) {
        auto old = was.find(key);
        if (old == was.end() || (option && !old->second))
            grant[{std::get<0>(key), option}].push_back(privilege(key));
        else if (!option && old->second)
            revoke[{std::get<0>(key), true}].push_back(privilege(key));
    }
    for (const auto& [key, option] : was)
        if (!now.count(key)) revoke[{std::get<0>(key), false}].push_back(privilege(key));
    // PostgreSQL's REVOKE (or REVOKE GRANT OPTION FOR) of a privilege on a whole object takes it
    // off every column too: the column privileges `after` keeps are granted again after it.
    for (const auto& [who, revoked] : revoke)
        for (const ir::Grant& r : revoked) {
            if (!r.column.empty()) continue;
            for (const auto& [key, option] : now) {
                const auto& [grantee, column, name] = key;
                if (grantee != r.grantee || column.empty() || name != r.privilege) continue;
                if (who.second && !option) continue;  // only the option went: a column without one keeps it
                auto old = was.find(key);
                bool planned = old == was.end() || (option && !old->second);
                if (!planned) grant[{grantee, option}].push_back(privilege(key));
            }
        }
    return {std::move(grant), std::move(revoke)};
}

std::vector<std::string> privilege_names(const Grants& grants) {
    std::vector<std::string> out;
    for (const ir::Grant& g : grants) out.push_back(g.privilege);
    return out;
}

class AccessPlanner {
public:
    explicit AccessPlanner(PlanContext& ctx) : ctx_(ctx) {
        for (const Step& s : ctx.plan.steps) {
            if (const auto* drop = s.change.get_if<DropView>()) dropped_views_.insert(drop->name);
            if (const auto* rename = s.change.get_if<RenameSequence>())
                sequence_renames_[rename->from] = Name{rename->from.schema, rename->to};
        }
    }

    void run() {
        default_privileges();
        schemas();
        tables();
        views();
        functions();
        sequences();
    }

private:
    PlanContext& ctx_;
    std::set<Name> dropped_views_;           // before names: views dropped in this plan (perhaps to be recreated)
    std::map<Name, Name> sequence_renames_;  // before name -> after name

    bool managed(const std::string& grantee) const { return ir::managed_role(ctx_.before, ctx_.after, grantee); }

    // What the default privileges of `after` give a new object of `objects` in `schema`.
    Grants defaults(ir::DefaultPrivilegeObjects objects, const std::string& schema) const {
        Grants out;
        for (const ir::DefaultPrivileges& d : ctx_.after.default_privileges)
            if (d.for_role.empty() && d.objects == objects && (d.schema.empty() || d.schema == schema))
                out.insert(out.end(), d.grants.begin(), d.grants.end());
        return out;
    }

    // The grants `after` adds to `before` and takes from it, as GRANT and REVOKE steps on `object`.
    void difference(const AccessObject& object, const Grants& before, const Grants& after, Span origin,
                    const std::string& note = {}, bool public_unmanaged = false) {
        auto [grant, revoke] = differences(before, after, [&](const std::string& grantee) {
            return managed(grantee) && !(public_unmanaged && grantee == "public");
        });
        std::string what = access_title(object);
        for (auto& [who, grants] : revoke) {
            const auto& [grantee, option_only] = who;
            std::string title = fmt::format("- revoke {}{} on {} from {}{}", option_only ? "grant option for " : "",
                                            render_privileges(grants), what, grantee_title(grantee), note);
            ctx_.add(RevokePrivileges{object, grantee, std::move(grants), option_only}, std::move(title), origin);
        }
        for (auto& [who, grants] : grant) {
            const auto& [grantee, option] = who;
            std::string title = fmt::format("+ grant {} on {} to {}{}{}", render_privileges(grants), what,
                                            grantee_title(grantee), option ? " with grant option" : "", note);
            ctx_.add(GrantPrivileges{object, grantee, std::move(grants), option}, std::move(title), origin);
        }
    }

    void default_privileges() {
        using Target = std::tuple<std::string, std::string, ir::DefaultPrivilegeObjects>;
        std::map<Target, std::pair<const ir::DefaultPrivileges*, const ir::DefaultPrivileges*>> sides;
        for (const ir::DefaultPrivileges& d : ctx_.before.default_privileges)
            sides[{d.for_role, d.schema, d.objects}].first = &d;
        for (const ir::DefaultPrivileges& d : ctx_.after.default_privileges)
            sides[{d.for_role, d.schema, d.objects}].second = &d;
        for (const auto& [key, side] : sides) {
            DefaultPrivilegesTarget target{std::get<0>(key), std::get<1>(key), std::get<2>(key)};
            static const Grants none;
            auto [grant, revoke] = differences(side.first ? side.first->grants : none,
                                               side.second ? side.second->grants : none,
                                               [&](const std::string& grantee) { return managed(grantee); });
            std::string where = default_privileges_title(target);
            Span origin = side.second ? side.second->origin.span : Span{};
            for (auto& [who, grants] : revoke) {
                std::vector<std::string> privileges = privilege_names(grants);
                ctx_.add(RevokeDefaultPrivileges{target, who.first, privileges, who.second},
                         fmt::format("- {}: revoke {}{} on {} from {}", where, who.second ? "grant option for " : "",
                                     render_privilege_names(privileges),
                                     ir::default_privilege_objects_text(target.objects), grantee_title(who.first)),
                         origin);
            }
            for (auto& [who, grants] : grant) {
                std::vector<std::string> privileges = privilege_names(grants);
                ctx_.add(GrantDefaultPrivileges{target, who.first, privileges, who.second},
                         fmt::format("+ {}: grant {} on {} to {}{}", where, render_privilege_names(privileges),
                                     ir::default_privilege_objects_text(target.objects), grantee_title(who.first),
                                     who.second ? " with grant option" : ""),
                         origin);
            }
        }
    }

    static std::string default_privileges_title(const DefaultPrivilegesTarget& t) {
        std::string out = "default privileges";
        if (!t.for_role.empty()) out += " for role " + t.for_role;
        if (!t.schema.empty()) out += " in schema " + t.schema;
        return out;
    }

    void schemas() {
        for (const ir::Schema& s : ctx_.after.schemas) {
            auto old = std::find_if(ctx_.before.schemas.begin(), ctx_.before.schemas.end(), [&](const ir::Schema& o) {
                return o.name == s.name;
            });
            Grants before = old != ctx_.before.schemas.end() ? old->grants
                                                             : defaults(ir::DefaultPrivilegeObjects::schemas, "");
            difference(AccessObject{AccessKind::schema, Name{s.name, ""}, std::nullopt}, before, s.grants,
                       s.origin.span, {}, s.name == "public");
        }
    }

    void tables() {
        for (const ir::Table* new_table : ctx_.new_tables) {
            const ir::Table& t = *new_table;
            difference(AccessObject{AccessKind::table, t.name, std::nullopt},
                       defaults(ir::DefaultPrivilegeObjects::tables, t.name.schema), t.grants, t.origin.span);
        }
        for (const auto& [name, pair] : ctx_.pairs) {
            // The privileges of before under the names of after: renamed columns keep theirs, dropped
            // and rebuilt ones have none left.
            Grants before;
            for (ir::Grant g : pair.before->grants) {
                if (!g.column.empty()) {
                    if (pair.dropped_columns.count(g.column)) continue;
                    for (const auto& [from, to] : pair.column_renames)
                        if (from == g.column) {
                            g.column = to;
                            break;
                        }
                    if (pair.rebuilt_columns.count(g.column)) continue;
                }
                before.push_back(std::move(g));
            }
            difference(AccessObject{AccessKind::table, name, std::nullopt}, before, pair.after->grants,
                       pair.after->origin.span);
        }
    }

    void views() {
        for (const ir::View& v : ctx_.after.views) {
            const ir::View* before = ir::find_view(ctx_.before, v.name);
            if (!before && v.was)
                before = ir::find_view(ctx_.before, Name{v.was_schema.value_or(v.name.schema), *v.was});
            AccessObject object{v.materialized ? AccessKind::materialized_view : AccessKind::view, v.name,
                                std::nullopt};
            if (!before || dropped_views_.count(before->name)) {
                difference(object, defaults(ir::DefaultPrivilegeObjects::tables, v.name.schema), v.grants,
                           v.origin.span, before ? " (again: the view is recreated)" : "");
                continue;
            }
            difference(object, before->grants, v.grants, v.origin.span);
        }
    }

    void functions() {
        std::map<ir::FunctionKey, const ir::Function*> before_of;  // after key -> before function
        for (const ir::Function& f : ctx_.before.functions) {
            ir::FunctionKey key = ir::function_key(f);
            auto renamed = ctx_.function_renames.find(key);
            before_of[renamed == ctx_.function_renames.end() ? key : renamed->second] = &f;
        }
        for (const ir::Function& f : ctx_.after.functions) {
            auto old = before_of.find(ir::function_key(f));
            const ir::Function* before = old == before_of.end() ? nullptr : old->second;
            AccessObject object{AccessKind::function, f.name, f};
            if (!before || ctx_.recreated_functions.count(ir::function_key(*before))) {
                // A function is created executable by PUBLIC.
                Grants created = defaults(ir::DefaultPrivilegeObjects::functions, f.name.schema);
                ir::Grant execute;
                execute.grantee = "public";
                execute.privilege = "execute";
                created.push_back(execute);
                difference(object, created, f.grants, f.origin.span,
                           before ? fmt::format(" (again: {} is recreated)",
                                                f.procedure ? "the procedure" : "the function")
                                  : "");
                continue;
            }
            difference(object, before->grants, f.grants, f.origin.span);
        }
    }

    // The free sequences and the identity and serial sequences of `db`'s tables, by name.
    static std::set<Name> sequences_of(const ir::Database& db) {
        std::set<Name> out;
        for (const ir::Sequence& s : db.sequences) out.insert(s.name);
        for (const auto& [name, made] : implicit_sequences(db)) out.insert(name);
        return out;
    }

    // Whether some sequence of `db` has a grant (an entry of sequence_grants is one).
    static bool sequence_granted(const ir::Database& db) {
        return !db.sequence_grants.empty() || std::any_of(db.sequences.begin(), db.sequences.end(),
                                                          [](const ir::Sequence& s) { return !s.grants.empty(); });
    }

    void sequences() {
        // No grant on a sequence on either side, and none for new sequences: no difference to
        // plan, and the lists of every sequence (one per identity column) need not be built.
        bool sequence_defaults = std::any_of(ctx_.after.default_privileges.begin(), ctx_.after.default_privileges.end(),
                                             [](const ir::DefaultPrivileges& d) {
                                                 return d.objects == ir::DefaultPrivilegeObjects::sequences;
                                             });
        if (!sequence_defaults && !sequence_granted(ctx_.before) && !sequence_granted(ctx_.after)) return;
        std::set<Name> existed;  // sequences of before, under their names after this plan's renames
        for (const Name& s : sequences_of(ctx_.before)) {
            auto renamed = sequence_renames_.find(s);
            existed.insert(renamed == sequence_renames_.end() ? s : renamed->second);
        }
        std::set<Name> exist = sequences_of(ctx_.after);
        std::map<Name, const Grants*> before, after;
        for (const ir::SequenceGrants& s : ctx_.before.sequence_grants) {
            auto renamed = sequence_renames_.find(s.sequence);
            before[renamed == sequence_renames_.end() ? s.sequence : renamed->second] = &s.grants;
        }
        for (const ir::Sequence& s : ctx_.before.sequences) {
            auto renamed = sequence_renames_.find(s.name);
            before[renamed == sequence_renames_.end() ? s.name : renamed->second] = &s.grants;
        }
        std::map<Name, Span> origins;
        for (const ir::SequenceGrants& s : ctx_.after.sequence_grants) {
            after[s.sequence] = &s.grants;
            origins[s.sequence] = s.origin.span;
        }
        for (const ir::Sequence& s : ctx_.after.sequences) {
            after[s.name] = &s.grants;
            origins[s.name] = s.origin.span;
        }
        static const Grants none;
        for (const Name& s : exist) {
            auto was = before.find(s);
            auto now = after.find(s);
            Grants from = existed.count(s) ? (was == before.end() ? none : *was->second)
                                           : defaults(ir::DefaultPrivilegeObjects::sequences, s.schema);
            difference(AccessObject{AccessKind::sequence, s, std::nullopt}, from,
                       now == after.end() ? none : *now->second, origins[s]);
        }
    }
};

}  // namespace

void plan_access(PlanContext& ctx) { AccessPlanner(ctx).run(); }

}  // namespace schemac::plan
