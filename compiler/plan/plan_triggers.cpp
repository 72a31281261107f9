// Triggers of tables and views. Paired by name inside their table, else by @was. A new table's or
// view's triggers are created with it (after its indexes and every function); a kept one's that
// change are replaced in place (CREATE OR REPLACE TRIGGER) except constraint triggers, which
// PostgreSQL cannot replace: those are dropped and created again. A trigger is also dropped and
// created again when its function, or a function its WHEN calls, is recreated, when its view is
// recreated (PostgreSQL drops the triggers with the view), and when a column its WHEN or
// `update of` uses is dropped, retyped or rebuilt (PostgreSQL refuses to change such a column).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/plan/function_calls.hpp"
#include "compiler/plan/plan_context.hpp"

namespace schemac::plan {
namespace {

using Name = ir::QualifiedName;

std::string trigger_title(const Name& relation, const std::string& trigger) {
    return fmt::format("trigger {} on {}", trigger, ir::display_name(relation));
}

// Whether two triggers are the same once names, comments and directives are set aside.
bool same_definition(ir::Trigger a, ir::Trigger b) {
    a.name = b.name;
    a.comment = b.comment;
    a.was = b.was;
    return a == b;
}

class TriggerPlanner {
public:
    explicit TriggerPlanner(PlanContext& ctx) : ctx_(ctx) {
        for (const Step& s : ctx.plan.steps)
            if (const auto* drop = s.change.get_if<DropView>()) dropped_views_.insert(drop->name);
    }

    void run() {
        for (const ir::Table* t : ctx_.new_tables) create_all(*t, "");
        for (const auto& [name, pair] : ctx_.pairs) compare(name, pair.before->triggers, pair.after->triggers, &pair);
        for (const ir::View& v : ctx_.after.views) {
            const ir::View* before = ir::find_view(ctx_.before, v.name);
            if (!before && v.was)
                before = ir::find_view(ctx_.before, Name{v.was_schema.value_or(v.name.schema), *v.was});
            if (!before || dropped_views_.count(before->name)) {
                create_all(v, before ? " (with its recreated view)" : "");
                continue;
            }
            compare(v.name, before->triggers, v.triggers, nullptr);
        }
    }

private:
    PlanContext& ctx_;
    std::set<Name> dropped_views_;  // before names of views dropped in this plan (triggers go with them)

    template <class Relation>
    void create_all(const Relation& relation, const std::string& note) {
        for (const ir::Trigger& t : relation.triggers)
            create(relation.name, t, "+ " + trigger_title(relation.name, t.name) + note);
    }

    void create(const Name& relation, const ir::Trigger& t, const std::string& title) {
        ctx_.add(CreateTrigger{relation, t}, title, t.origin.span);
        if (t.comment) ctx_.add(SetTriggerComment{relation, t.name, std::nullopt, t.comment}, title, t.origin.span);
    }

    // Why a kept trigger must be dropped and created again rather than replaced; empty if it need not.
    std::string why_recreated(const ir::Trigger& before, const ir::Trigger& after, const TablePair* pair) const {
        auto recreated = ctx_.recreated_functions.find(ir::FunctionKey{before.function, ""});
        if (recreated != ctx_.recreated_functions.end())
            return fmt::format("its function {}() is recreated", ir::display_name(before.function));
        if (before.when) {
            std::vector<FunctionCall> calls = sql_calls(*before.when);
            for (const ir::Function& f : ctx_.before.functions)
                if (ctx_.recreated_functions.count(ir::function_key(f)) && calls_function(calls, f))
                    return fmt::format("its WHEN calls {}, which is recreated", ir::function_signature(f));
        }
        if (pair && (before.when || !before.update_columns.empty()) && columns_change(*pair, before))
            return "a column it uses changes";
        if ((before.constraint || after.constraint) && !same_definition(before, after))
            return "a constraint trigger cannot be replaced";
        return {};
    }

    // Whether a column the trigger's `update of` names, or any column when it has a WHEN, is
    // dropped, rebuilt or changes type.
    static bool columns_change(const TablePair& pair, const ir::Trigger& before) {
        for (const ir::Column& c : pair.before->columns) {
            bool used = before.when || std::find(before.update_columns.begin(), before.update_columns.end(), c.name) !=
                                           before.update_columns.end();
            if (!used) continue;
            if (pair.dropped_columns.count(c.name)) return true;
            std::string now = c.name;
            for (const auto& [from, to] : pair.column_renames)
                if (from == c.name) now = to;
            const ir::Column* after = ir::find_column(*pair.after, now);
            if (!after || pair.rebuilt_columns.count(now) || pair.retyped_enum_columns.count(now) ||
                after->type != c.type || after->generated() != c.generated())
                return true;
        }
        return false;
    }

    // The trigger as `after` would have it if nothing but names followed renames: a function
    // renamed by @was is the same function.
    ir::Trigger through_renames(ir::Trigger before) const {
        auto renamed = ctx_.function_renames.find(ir::FunctionKey{before.function, ""});
        if (renamed != ctx_.function_renames.end()) before.function = renamed->second.name;
        return before;
    }

    void compare(const Name& relation, const std::vector<ir::Trigger>& before, const std::vector<ir::Trigger>& after,
                 const TablePair* pair) {
        auto find = [](const std::vector<ir::Trigger>& list, const std::string& name) -> const ir::Trigger* {
            for (const ir::Trigger& t : list)
                if (t.name == name) return &t;
            return nullptr;
        };
        std::set<std::string> claimed;
        for (const ir::Trigger& t : after) {
            const ir::Trigger* old = find(before, t.name);
            if (!old && t.was && !find(after, *t.was)) old = find(before, *t.was);
            if (!old) {
                create(relation, t, "+ " + trigger_title(relation, t.name));
                continue;
            }
            claimed.insert(old->name);
            std::string why = why_recreated(*old, t, pair);
            if (!why.empty()) {
                std::string title = fmt::format("~ {} recreated: {}", trigger_title(relation, t.name), why);
                ctx_.add(DropTrigger{relation, old->name}, title, t.origin.span, Hazard::access_exclusive_lock);
                create(relation, t, title);
                continue;
            }
            if (old->name != t.name)
                ctx_.add(RenameTrigger{relation, old->name, t.name},
                         fmt::format("~ {} renamed from {}", trigger_title(relation, t.name), old->name), t.origin.span,
                         Hazard::access_exclusive_lock);
            if (!same_definition(through_renames(*old), t)) {
                ir::Trigger from = *old;
                from.name = t.name;
                ctx_.add(ReplaceTrigger{relation, from, t},
                         fmt::format("~ {} replaced", trigger_title(relation, t.name)), t.origin.span);
            }
            if (old->comment != t.comment)
                ctx_.add(SetTriggerComment{relation, t.name, old->comment, t.comment},
                         "~ " + trigger_title(relation, t.name) + " comment", t.origin.span);
        }
        for (const ir::Trigger& t : before)
            if (!claimed.count(t.name))
                ctx_.add(DropTrigger{relation, t.name}, "- " + trigger_title(relation, t.name), {},
                         Hazard::access_exclusive_lock);
    }
};

}  // namespace

void plan_triggers(PlanContext& ctx) { TriggerPlanner(ctx).run(); }

}  // namespace schemac::plan
