// Row-level security and policies of tables. RLS and FORCE are switched on or off per table;
// turning RLS on for a table the schema gives no policy is a warning (it hides every row from
// every role but the owner). Policies pair by name inside their table, else by @was (ALTER
// POLICY ... RENAME TO). A policy whose roles, USING or WITH CHECK change is altered in place;
// one whose command or permissiveness changes, or that loses its USING or WITH CHECK, is dropped
// and created again (PostgreSQL's ALTER POLICY can do neither). A policy is also dropped first
// and created again when something its expressions read or call is dropped, recreated or
// retyped: a column (PostgreSQL refuses ALTER COLUMN TYPE and DROP COLUMN on a column a policy
// uses), a view, a table, a function. Policies are created after every table, view and function;
// a dropped table takes its policies with it.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/ir/identifiers.hpp"
#include "compiler/plan/function_calls.hpp"
#include "compiler/plan/plan_context.hpp"
#include "compiler/plan/view_queries.hpp"
#include "compiler/sql/expression_fingerprint.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::plan {
namespace {

using Name = ir::QualifiedName;

std::string policy_title(const Name& table, const std::string& policy) {
    return fmt::format("policy {} on {}", policy, ir::display_name(table));
}

bool same_optional_expression(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (!a || !b) return a.has_value() == b.has_value();
    return *a == *b || same_expression(*a, *b);
}

// A policy's expressions with columns renamed (old -> new), as PostgreSQL rewrites them.
ir::Policy through_column_renames(ir::Policy p, const Renames& renames) {
    if (renames.empty()) return p;
    if (p.using_expression) p.using_expression = rename_columns_in_expression(*p.using_expression, renames);
    if (p.check_expression) p.check_expression = rename_columns_in_expression(*p.check_expression, renames);
    return p;
}

bool same_clauses(const ir::Policy& a, const ir::Policy& b) {
    return a.roles == b.roles && same_optional_expression(a.using_expression, b.using_expression) &&
           same_optional_expression(a.check_expression, b.check_expression);
}

class PolicyPlanner {
public:
    explicit PolicyPlanner(PlanContext& ctx) : ctx_(ctx), before_columns_(columns_of(ctx.before)) {
        for (const Step& s : ctx.plan.steps)
            if (const auto* drop = s.change.get_if<DropView>()) dropped_views_.insert(drop->name);
        for (const ir::Table* t : ctx.dropped_tables) dropped_tables_.insert(t->name);
        for (const auto& [name, pair] : ctx.pairs) pair_by_before_[pair.before->name] = &pair;
    }

    void run() {
        for (const ir::Table* new_table : ctx_.new_tables) {
            const ir::Table& t = *new_table;
            for (const ir::Policy& p : t.policies) create(t.name, p, "+ " + policy_title(t.name, p.name), 0);
            security(t.name, false, false, t, 0);
        }
        for (const auto& [name, pair] : ctx_.pairs) {
            compare(pair);
            security(name, pair.before->row_level_security, pair.before->force_row_level_security, *pair.after,
                     Hazard::access_exclusive_lock);
        }
    }

private:
    PlanContext& ctx_;
    ColumnsOf before_columns_;
    std::set<Name> dropped_views_, dropped_tables_;  // before names
    std::map<Name, const TablePair*> pair_by_before_;

    // `hazards`: none on a table this plan creates, the ACCESS EXCLUSIVE lock CREATE POLICY takes on others.
    void create(const Name& table, const ir::Policy& p, const std::string& title,
                unsigned hazards = Hazard::access_exclusive_lock) {
        ctx_.add(CreatePolicy{table, p}, title, p.origin.span, hazards);
        if (p.comment) ctx_.add(SetPolicyComment{table, p.name, std::nullopt, p.comment}, title, p.origin.span);
    }

    // ENABLE/DISABLE and FORCE/NO FORCE ROW LEVEL SECURITY where `after` differs from `was`.
    void security(const Name& table, bool was_enabled, bool was_forced, const ir::Table& after, unsigned hazards) {
        std::string title = "~ table " + table_title(table) + " row level security";
        if (after.row_level_security != was_enabled) {
            ctx_.add(SetRowLevelSecurity{table, after.row_level_security},
                     title + (after.row_level_security ? " enabled" : " disabled"), after.origin.span, hazards);
            if (after.row_level_security && after.policies.empty()) warn_without_policy(after);
        }
        if (after.force_row_level_security != was_forced)
            ctx_.add(SetForceRowLevelSecurity{table, after.force_row_level_security},
                     title + (after.force_row_level_security ? " forced" : " no longer forced"), after.origin.span,
                     hazards);
    }

    void warn_without_policy(const ir::Table& t) {
        ctx_.plan.diagnostics.warning(
            "rls-without-policy", t.origin.span,
            fmt::format("this change turns on row level security for table {}, which has no policy: every role but "
                        "its owner{} will see no rows of it and may write none",
                        table_title(t.name), t.force_row_level_security ? " (not even the owner: it is forced)" : ""),
            fmt::format("write the policies that say who sees which rows in the same change (`policy NAME for select "
                        "to ROLE using (...)` inside table {}), or leave row level security off until there are some",
                        table_title(t.name)));
    }

    // Whether a column of a kept table (`pair`, by its before name) is dropped, rebuilt or changes type.
    std::string column_change(const TablePair& pair, const std::string& column) const {
        if (pair.dropped_columns.count(column)) return "is dropped";
        std::string now = column;
        for (const auto& [from, to] : pair.column_renames)
            if (from == column) now = to;
        const ir::Column* before = ir::find_column(*pair.before, column);
        const ir::Column* after = ir::find_column(*pair.after, now);
        if (!before || !after) return {};
        if (pair.rebuilt_columns.count(now)) return "is rebuilt";
        if (pair.retyped_enum_columns.count(now) || after->type != ctx_.after_type(before->type)) return "changes type";
        return {};
    }

    // Why a kept policy must be dropped before this plan's other changes and created again after
    // them; empty when it need not.
    std::string why_recreated(const Name& table, const ir::Policy& before) const {
        std::vector<std::string> expressions;
        if (before.using_expression) expressions.push_back("(" + *before.using_expression + ")");
        if (before.check_expression) expressions.push_back("(" + *before.check_expression + ")");
        if (expressions.empty()) return {};
        std::string query = fmt::format("SELECT {} FROM {}.{}", fmt::join(expressions, ", "),
                                        quote_identifier(table.schema), quote_identifier(table.name));
        for (const std::string& e : expressions) {
            std::vector<FunctionCall> calls = sql_calls(e);
            for (const ir::Function& f : ctx_.before.functions)
                if (ctx_.recreated_functions.count(ir::function_key(f)) && calls_function(calls, f))
                    return fmt::format("it calls {}, which is recreated", ir::function_signature(f));
        }
        SelectReads reads = select_reads(query, before_columns_);
        for (const RelationRead& r : reads.relations) {
            Name name{r.schema.value_or("public"), r.name};
            if (dropped_views_.count(name)) return fmt::format("view {} it reads is recreated", ir::display_name(name));
            if (dropped_tables_.count(name)) return fmt::format("table {} it reads is dropped", ir::display_name(name));
            auto pair = pair_by_before_.find(name);
            if (pair == pair_by_before_.end()) continue;
            std::vector<std::string> columns(r.columns.begin(), r.columns.end());
            if (r.every_column)
                for (const ir::Column& c : pair->second->before->columns) columns.push_back(c.name);
            for (const std::string& column : columns) {
                std::string change = column_change(*pair->second, column);
                if (!change.empty()) return fmt::format("column {} it uses {}", column_title(name, column), change);
            }
        }
        return {};
    }

    void compare(const TablePair& pair) {
        const Name& table = pair.after->name;
        auto find = [](const std::vector<ir::Policy>& list, const std::string& name) -> const ir::Policy* {
            for (const ir::Policy& p : list)
                if (p.name == name) return &p;
            return nullptr;
        };
        std::set<std::string> claimed;
        for (const ir::Policy& p : pair.after->policies) {
            const ir::Policy* old = find(pair.before->policies, p.name);
            if (!old && p.was && !find(pair.after->policies, *p.was)) old = find(pair.before->policies, *p.was);
            if (!old) {
                create(table, p, "+ " + policy_title(table, p.name));
                continue;
            }
            claimed.insert(old->name);
            ir::Policy was = through_column_renames(*old, pair.column_renames);
            std::string why = why_recreated(pair.before->name, *old);
            if (why.empty() && (was.command != p.command || was.permissive != p.permissive))
                why = was.command != p.command ? "its command changes"
                                               : "it changes between permissive and restrictive";
            if (why.empty() && !same_clauses(was, p) &&
                ((was.using_expression && !p.using_expression) || (was.check_expression && !p.check_expression)))
                why = was.using_expression && !p.using_expression ? "it loses its USING" : "it loses its WITH CHECK";
            if (!why.empty()) {
                std::string title = fmt::format("~ {} recreated: {}", policy_title(table, p.name), why);
                ctx_.add(DropPolicy{pair.before->name, old->name}, title, p.origin.span, Hazard::access_exclusive_lock);
                create(table, p, title);
                continue;
            }
            if (old->name != p.name)
                ctx_.add(RenamePolicy{table, old->name, p.name},
                         fmt::format("~ {} renamed from {}", policy_title(table, p.name), old->name), p.origin.span,
                         Hazard::access_exclusive_lock);
            if (!same_clauses(was, p)) {
                was.name = p.name;
                ctx_.add(AlterPolicy{table, was, p}, fmt::format("~ {} altered", policy_title(table, p.name)),
                         p.origin.span, Hazard::access_exclusive_lock);
            }
            if (old->comment != p.comment)
                ctx_.add(SetPolicyComment{table, p.name, old->comment, p.comment},
                         "~ " + policy_title(table, p.name) + " comment", p.origin.span);
        }
        for (const ir::Policy& p : pair.before->policies)
            if (!claimed.count(p.name))
                ctx_.add(DropPolicy{pair.before->name, p.name}, "- " + policy_title(table, p.name), {},
                         Hazard::access_exclusive_lock);
    }
};

}  // namespace

void plan_policies(PlanContext& ctx) { PolicyPlanner(ctx).run(); }

}  // namespace schemac::plan
