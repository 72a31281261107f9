// Functions and procedures. Paired by identity (schema, name, input types), else by @was (same
// input types), else, for a name that loses one overload and gains one, as that function with a
// changed signature. A kept function whose body or attributes change is replaced in place
// (CREATE OR REPLACE) where PostgreSQL allows it; where it does not (the return type, output
// columns, input argument names, a removed argument default, function <-> procedure) and for a
// changed signature, it is dropped and created again, with what depends on it in the database
// dropped before and made again after, all in the main transaction: column defaults, checks,
// indexes, views (plan_views.cpp), triggers (plan_triggers.cpp) and functions with SQL-standard
// bodies. A generated column cannot be made again without rebuilding it: refused with help. A
// removed function that the new schema still calls is refused, naming the caller.
//
// Order (docs/migrations.md): a function is created before the tables when its creation needs
// none (PL/pgSQL bodies are not resolved at creation), after the tables and columns when it
// needs them (an SQL body reading relations, which PostgreSQL resolves at creation; a table's row
// type in its signature), after the views when its SQL body reads a view. A function that a
// column default, generated column or check calls and whose SQL body reads a relation is a cycle
// (the table needs the function, the function's body the table): it is created before the tables
// with PostgreSQL's check_function_bodies off for that one statement, as pg_dump creates every
// function; an SQL-standard body, always resolved at creation, cannot be: refused with help.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "compiler/plan/function_calls.hpp"
#include "compiler/plan/plan_context.hpp"
#include "compiler/sql/function_body.hpp"
#include "compiler/sql/implicit_names.hpp"

namespace schemac::plan {
namespace {

using Key = ir::FunctionKey;

std::string kind_of(const ir::Function& f) { return f.procedure ? "procedure" : "function"; }
std::string function_title(const ir::Function& f) { return kind_of(f) + " " + ir::function_signature(f); }

std::vector<const ir::FunctionArgument*> arguments_of(const ir::Function& f, bool inputs) {
    std::vector<const ir::FunctionArgument*> out;
    for (const ir::FunctionArgument& a : f.arguments) {
        bool input = a.mode != ir::ArgumentMode::out;
        bool output = a.mode == ir::ArgumentMode::out || a.mode == ir::ArgumentMode::inout;
        if (inputs ? input : output) out.push_back(&a);
    }
    return out;
}

// Why CREATE OR REPLACE cannot turn `before` into `after` (same identity); empty when it can.
std::string why_recreated(const ir::Function& before, const ir::Function& after) {
    if (before.procedure != after.procedure) return fmt::format("it becomes a {}", kind_of(after));
    if (before.returns != after.returns || before.returns_set != after.returns_set) return "its return type changes";
    if (before.returns_table != after.returns_table) return "its output columns change";
    std::vector<const ir::FunctionArgument*> old_out = arguments_of(before, false),
                                             new_out = arguments_of(after, false);
    bool same_out = old_out.size() == new_out.size();
    for (std::size_t i = 0; same_out && i < old_out.size(); ++i)
        same_out = old_out[i]->name == new_out[i]->name && old_out[i]->type == new_out[i]->type;
    if (!same_out) return "its output arguments change";
    std::vector<const ir::FunctionArgument*> old_in = arguments_of(before, true), new_in = arguments_of(after, true);
    std::size_t old_defaults = 0, new_defaults = 0;
    for (std::size_t i = 0; i < old_in.size() && i < new_in.size(); ++i) {
        if (!old_in[i]->name.empty() && old_in[i]->name != new_in[i]->name)
            return fmt::format("its argument {} is renamed to {}", old_in[i]->name,
                               new_in[i]->name.empty() ? "nothing" : new_in[i]->name);
        if (old_in[i]->default_value) ++old_defaults;
        if (new_in[i]->default_value) ++new_defaults;
    }
    if (new_defaults < old_defaults) return "an argument default is removed";
    return {};
}

// Whether anything CREATE OR REPLACE sets differs: the body (canonically), language, attributes,
// argument names and defaults. Comments and directives aside.
bool definition_changes(const ir::Function& before, const ir::Function& after) {
    if (before.language != after.language || before.link_symbol != after.link_symbol ||
        before.sql_body.has_value() != after.sql_body.has_value() || !same_function_body(before, after))
        return true;
    if (before.volatility != after.volatility || before.strict != after.strict ||
        before.security_definer != after.security_definer || before.leakproof != after.leakproof ||
        before.parallel != after.parallel || before.cost != after.cost || before.rows != after.rows ||
        before.settings != after.settings)
        return true;
    for (std::size_t i = 0; i < before.arguments.size() && i < after.arguments.size(); ++i)
        if (before.arguments[i].name != after.arguments[i].name ||
            before.arguments[i].default_value != after.arguments[i].default_value)
            return true;
    return false;
}

template <class T>
const T* named(const std::vector<T>& list, const std::string& name) {
    for (const T& item : list)
        if (item.name == name) return &item;
    return nullptr;
}

class FunctionPlanner {
public:
    // Callers matter only against functions: those of the schema before (recreated ones, removed
    // ones still called) and of the schema after (where each new one goes). Without any, finding
    // them (one parse of every default, check and index expression) is skipped.
    explicit FunctionPlanner(PlanContext& ctx)
        : ctx_(ctx),
          before_callers_(ctx.before.functions.empty() ? std::vector<Caller>() : callers_of(ctx.before)),
          after_callers_(ctx.before.functions.empty() && ctx.after.functions.empty() ? std::vector<Caller>()
                                                                                     : callers_of(ctx.after)) {}

    void run() {
        match();
        for (const auto& [after_key, before] : before_of_) {
            const ir::Function& after = *ir::find_function(ctx_.after, after_key);
            std::string why = why_recreated(*before, after);
            if (!why.empty()) ctx_.recreated_functions.emplace(ir::function_key(*before), why);
        }
        mark_dependent_functions();
        refuse_calls_of_removed();
        classify_new();
        drop();
        create_and_alter();
        recreate_table_dependents();
    }

private:
    PlanContext& ctx_;
    std::vector<Caller> before_callers_, after_callers_;
    std::map<Key, const ir::Function*> before_of_;  // after key -> the before function it keeps
    std::set<Key> kept_;                            // before keys of kept functions
    std::set<Key> removed_;                         // before keys of functions not kept
    std::map<Key, Key> signature_changes_;          // before key -> the after key that takes its place
    std::map<Key, FunctionPlace> place_;            // after key -> where its creation goes

    void match() {
        for (const ir::Function& f : ctx_.after.functions) {
            Key key = ir::function_key(f);
            const ir::Function* old = ir::find_function(ctx_.before, key);
            if (!old && f.was) {
                Key was_key{ir::QualifiedName{f.was_schema.value_or(f.name.schema), *f.was}, key.input_types};
                if (!ir::find_function(ctx_.after, was_key)) old = ir::find_function(ctx_.before, was_key);
                if (old) ctx_.function_renames[was_key] = key;
            }
            if (!old) continue;
            before_of_[key] = old;
            kept_.insert(ir::function_key(*old));
        }
        for (const ir::Function& f : ctx_.before.functions)
            if (!kept_.count(ir::function_key(f))) removed_.insert(ir::function_key(f));
        // A name that loses exactly one overload and gains exactly one: its signature changes.
        for (const Key& gone : removed_) {
            std::vector<const ir::Function*> before_named = ir::functions_named(ctx_.before, gone.name);
            std::vector<Key> added;
            for (const ir::Function* f : ir::functions_named(ctx_.after, gone.name))
                if (!before_of_.count(ir::function_key(*f))) added.push_back(ir::function_key(*f));
            std::size_t gone_count = 0;
            for (const ir::Function* f : before_named) gone_count += removed_.count(ir::function_key(*f));
            if (gone_count == 1 && added.size() == 1) {
                signature_changes_[gone] = added[0];
                const ir::Function& after = *ir::find_function(ctx_.after, added[0]);
                ctx_.recreated_functions.emplace(gone, fmt::format("its signature becomes {}",
                                                                   ir::function_signature(after)));
            }
        }
    }

    // A function with an SQL-standard body depends on what it calls (PostgreSQL records it):
    // it is recreated with a recreated function it calls.
    void mark_dependent_functions() {
        bool grew = true;
        while (grew) {
            grew = false;
            for (const Caller& c : before_callers_) {
                if (c.kind != Caller::Kind::function) continue;
                const ir::Function* f = before_function(c.name);
                if (!f || !f->sql_body || ctx_.recreated_functions.count(ir::function_key(*f))) continue;
                if (!kept_.count(ir::function_key(*f))) continue;  // removed: dropped anyway
                for (const ir::Function& callee : ctx_.before.functions)
                    if (&callee != f && ctx_.recreated_functions.count(ir::function_key(callee)) &&
                        calls_function(c.calls, callee)) {
                        ctx_.recreated_functions.emplace(ir::function_key(*f),
                                                         fmt::format("it calls {}, which is recreated",
                                                                     function_title(callee)));
                        grew = true;
                        break;
                    }
            }
        }
    }

    const ir::Function* before_function(const std::string& signature) const {
        for (const ir::Function& f : ctx_.before.functions)
            if (ir::function_signature(f) == signature) return &f;
        return nullptr;
    }

    // A removed function that something of the new schema still calls: PostgreSQL would refuse
    // the DROP (or the caller would stop working). Calls resolved by a function of the new schema
    // are not this one's.
    void refuse_calls_of_removed() {
        for (const Key& key : removed_) {
            if (signature_changes_.count(key)) continue;
            const ir::Function& gone = *ir::find_function(ctx_.before, key);
            for (const Caller& c : after_callers_) {
                for (const FunctionCall& call : c.calls) {
                    if (!call_names(call, gone)) continue;
                    bool resolved = std::any_of(ctx_.after.functions.begin(), ctx_.after.functions.end(),
                                                [&](const ir::Function& f) { return call_names(call, f); });
                    if (resolved) continue;
                    ctx_.plan.diagnostics.error(
                        "function-still-used", c.origin,
                        fmt::format("{} is removed, but {} still calls it", function_title(gone), c.description),
                        fmt::format("keep {} in the schema, or change {} in the same change", function_title(gone),
                                    c.description));
                    break;
                }
            }
        }
    }

    // Where each function of `after` that is created (or replaced) goes in the main file: after
    // what its creation resolves (relations an SQL body reads, functions it calls, row types).
    void classify_new() {
        if (ctx_.after.functions.empty()) return;  // nothing to place: a schema of tables alone pays nothing here
        std::set<ir::QualifiedName> relations, views;
        for (const ir::Table& t : ctx_.after.tables) relations.insert(t.name);
        for (const ir::View& v : ctx_.after.views) {
            relations.insert(v.name);
            views.insert(v.name);
        }
        std::set<std::string> relation_names, function_names, type_names, type_names_in_public;
        for (const ir::QualifiedName& r : relations) relation_names.insert(r.name);
        for (const ir::Enum& e : ctx_.after.enums) type_names.insert(e.name.name);
        for (const ir::Domain& d : ctx_.after.domains) type_names.insert(d.name.name);
        for (const ir::CompositeType& c : ctx_.after.composite_types) type_names.insert(c.name.name);
        type_names.insert(relation_names.begin(), relation_names.end());
        for (const ir::QualifiedName& r : relations)
            if (r.schema == "public") type_names_in_public.insert(r.name);
        for (const ir::Enum& e : ctx_.after.enums)
            if (e.name.schema == "public") type_names_in_public.insert(e.name.name);
        for (const ir::Domain& d : ctx_.after.domains)
            if (d.name.schema == "public") type_names_in_public.insert(d.name.name);
        for (const ir::CompositeType& c : ctx_.after.composite_types)
            if (c.name.schema == "public") type_names_in_public.insert(c.name.name);
        for (const ir::Function& f : ctx_.after.functions) function_names.insert(f.name.name);
        auto names_relation = [&](const ir::Type& type) {
            return !type.schema.empty() && relations.count(ir::QualifiedName{type.schema, type.name});
        };
        std::map<ir::QualifiedName, ImplicitSequence> table_sequences = implicit_sequences(ctx_.after);
        for (const ir::Function* f : dependency_order(ctx_.after, false)) {
            FunctionPlace place = FunctionPlace::before_tables;
            BodyFacts facts = resolved_body_facts(*f, ctx_.after);
            bool resolved_at_creation = f->sql_body || f->language == "sql";
            // An unqualified name its search path does not find, though a managed relation or
            // function of another schema has it: the body counts on the caller's search path
            // (a database's `search_path` setting), which migrate's sessions do not have.
            bool needs_callers_path = false;
            if (resolved_at_creation) {
                for (const RelationRead& r : facts.relations)
                    needs_callers_path = needs_callers_path || (!r.schema && !relations.count({"public", r.name}) &&
                                                                relation_names.count(r.name));
                for (const FunctionCall& c : facts.calls)
                    needs_callers_path = needs_callers_path ||
                                         (!c.schema && ir::functions_named(ctx_.after, {"public", c.name}).empty() &&
                                          function_names.count(c.name));
                for (const RelationRead& r : facts.relations) {
                    ir::QualifiedName name{r.schema.value_or("public"), r.name};
                    if (!relations.count(name)) continue;  // not managed: there already, or a CTE's name
                    place = std::max(place,
                                     views.count(name) ? FunctionPlace::after_views : FunctionPlace::after_tables);
                }
                // nextval('orders_id_seq'): a serial's or identity's sequence comes with its table.
                for (const ir::QualifiedName& sequence : facts.sequences)
                    if (table_sequences.count(sequence)) place = std::max(place, FunctionPlace::after_tables);
                for (const ir::Function& callee : ctx_.after.functions) {
                    auto at = place_.find(ir::function_key(callee));
                    if (&callee == f || at == place_.end() || !calls_function(facts.calls, callee)) continue;
                    place = std::max(place,
                                     at->second == FunctionPlace::before_tables_unchecked ? FunctionPlace::before_tables
                                     : at->second == FunctionPlace::after_tables_unchecked ? FunctionPlace::after_tables
                                                                                           : at->second);
                }
            }
            bool row_type = f->returns && names_relation(*f->returns);
            for (const ir::FunctionArgument& a : f->arguments) row_type = row_type || names_relation(a.type);
            for (const ir::FunctionArgument& a : f->returns_table) row_type = row_type || names_relation(a.type);
            if (row_type) place = std::max(place, FunctionPlace::after_tables);
            // PL/pgSQL resolves its declarations' types at creation too.
            for (const TypeUse& t : facts.types)
                needs_callers_path = needs_callers_path ||
                                     (!t.schema && type_names.count(t.name) && !type_names_in_public.count(t.name));
            if (needs_callers_path && !f->sql_body && (f->language == "sql" || f->language == "plpgsql"))
                place = row_type ? FunctionPlace::after_tables_unchecked : FunctionPlace::before_tables_unchecked;
            if (place != FunctionPlace::before_tables && called_by_tables(*f)) {
                if (f->sql_body || row_type) {
                    ctx_.plan.diagnostics.error(
                        "function-cycle", f->origin.span,
                        fmt::format("{} is called by a column default, generated column or check, and its "
                                    "creation needs {}: neither can be created first",
                                    function_title(*f),
                                    row_type ? "a table's row type" : "the relations and functions it uses"),
                        f->sql_body ? "write its body as a string (`as $$ ... $$`), which PostgreSQL resolves when "
                                      "the function runs, not when it is created"
                                    : "take the row's columns as arguments instead of the table's row type");
                } else {
                    place = FunctionPlace::before_tables_unchecked;
                }
            }
            place_[ir::function_key(*f)] = place;
        }
    }

    bool called_by_tables(const ir::Function& f) const {
        for (const Caller& c : after_callers_)
            if ((c.kind == Caller::Kind::column_default || c.kind == Caller::Kind::generated_column ||
                 c.kind == Caller::Kind::check) &&
                calls_function(c.calls, f))
                return true;
        return false;
    }

    // Callers of `before` first: a function dropped for good goes at the end of the main file,
    // once whatever called it is gone; one recreated goes before its new version is created.
    void drop() {
        for (const ir::Function* f : dependency_order(ctx_.before, /*readers_first=*/true)) {
            Key key = ir::function_key(*f);
            auto why = ctx_.recreated_functions.find(key);
            if (why != ctx_.recreated_functions.end()) {
                std::string title;
                if (signature_changes_.count(key))
                    title = fmt::format("~ {} recreated: {}", function_title(*f), why->second);
                else
                    title = recreated_title(key, why->second);
                ctx_.add(DropFunction{*f, true}, title, {}, 0);
            } else if (removed_.count(key)) {
                ctx_.add(DropFunction{*f, false}, "- " + function_title(*f));
            }
        }
    }

    std::string recreated_title(const Key& before_key, const std::string& why) const {
        for (const auto& [after_key, before] : before_of_)
            if (ir::function_key(*before) == before_key)
                return fmt::format("~ {} recreated: {}", function_title(*ir::find_function(ctx_.after, after_key)),
                                   why);
        return fmt::format("~ {} recreated: {}", function_title(*ir::find_function(ctx_.before, before_key)), why);
    }

    // Functions in call order (each after the functions it calls; readers_first: the reverse),
    // ties and cycles by key.
    static std::vector<const ir::Function*> dependency_order(const ir::Database& db, bool readers_first) {
        std::vector<const ir::Function*> out;
        std::set<const ir::Function*> done, visiting;
        std::map<const ir::Function*, std::vector<FunctionCall>> calls;
        for (const ir::Function& f : db.functions) calls[&f] = resolved_body_facts(f, db).calls;
        auto visit = [&](auto&& self, const ir::Function* f) -> void {
            if (done.count(f) || !visiting.insert(f).second) return;
            for (const ir::Function& callee : db.functions)
                if (&callee != f && calls_function(calls[f], callee)) self(self, &callee);
            visiting.erase(f);
            done.insert(f);
            out.push_back(f);
        };
        for (const ir::Function& f : db.functions) visit(visit, &f);
        if (readers_first) std::reverse(out.begin(), out.end());
        return out;
    }

    void create_and_alter() {
        for (const ir::Function* f : dependency_order(ctx_.after, false)) {
            Key key = ir::function_key(*f);
            FunctionPlace place = place_.at(key);
            auto kept = before_of_.find(key);
            const ir::Function* before = kept == before_of_.end() ? nullptr : kept->second;
            auto why = before ? ctx_.recreated_functions.find(ir::function_key(*before))
                              : ctx_.recreated_functions.end();
            if (!before || why != ctx_.recreated_functions.end()) {
                std::string title = !before ? "+ " + function_title(*f) : recreated_title(kept->second, why->second);
                if (!before)
                    for (const auto& [old, now] : signature_changes_)
                        if (now == key)
                            title = fmt::format("~ {} recreated: {}",
                                                function_title(*ir::find_function(ctx_.before, old)),
                                                ctx_.recreated_functions.at(old));
                ctx_.add(CreateFunction{*f, place}, title, f->origin.span);
                if (f->comment)
                    ctx_.add(SetFunctionComment{*f, std::nullopt, f->comment},
                             before ? title : "~ " + function_title(*f) + " comment", f->origin.span);
                continue;
            }
            alter(*before, *f, place);
        }
    }

    std::string recreated_title(const ir::Function* before, const std::string& why) const {
        return recreated_title(ir::function_key(*before), why);
    }

    void alter(const ir::Function& before, const ir::Function& after, FunctionPlace place) {
        if (before.name != after.name) {
            ctx_.add(RenameFunction{before, after.name}, rename_title(function_title(after), before.name, after.name),
                     after.origin.span);
        }
        if (definition_changes(before, after)) {
            ir::Function from = before;
            from.name = after.name;
            ctx_.add(ReplaceFunction{from, after, place}, fmt::format("~ {} replaced", function_title(after)),
                     after.origin.span);
        }
        if (before.comment != after.comment)
            ctx_.add(SetFunctionComment{after, before.comment, after.comment},
                     "~ " + function_title(after) + " comment", after.origin.span);
    }

    // Column defaults, checks and indexes of kept tables that call a recreated function: dropped
    // before it, made again after. Those that change anyway are the column and key planners'.
    void recreate_table_dependents() {
        for (const Caller& c : before_callers_) {
            if (c.kind == Caller::Kind::view || c.kind == Caller::Kind::trigger || c.kind == Caller::Kind::function)
                continue;
            const ir::Function* callee = recreated_callee(c);
            if (!callee) continue;
            ir::QualifiedName table = ctx_.after_table_name(c.relation);
            const TablePair* pair = ctx_.pair_for(table);
            if (!pair) continue;  // the table is dropped (before the function)
            std::string why = fmt::format("it calls {}, which is recreated", function_title(*callee));
            switch (c.kind) {
                case Caller::Kind::column_default: recreate_default(*pair, c, why); break;
                case Caller::Kind::generated_column: refuse_generated(*pair, c, *callee); break;
                case Caller::Kind::check: recreate_check(*pair, c, why); break;
                case Caller::Kind::index: recreate_index(*pair, c, why); break;
                default: break;
            }
        }
    }

    const ir::Function* recreated_callee(const Caller& c) const {
        for (const ir::Function& f : ctx_.before.functions)
            if (ctx_.recreated_functions.count(ir::function_key(f)) && calls_function(c.calls, f)) return &f;
        return nullptr;
    }

    // The after name of a before column (renames), empty when it is dropped.
    static std::string after_column(const TablePair& pair, const std::string& column) {
        if (pair.dropped_columns.count(column)) return {};
        for (const auto& [from, to] : pair.column_renames)
            if (from == column) return to;
        return column;
    }

    void recreate_default(const TablePair& pair, const Caller& c, const std::string& why) {
        std::string column = after_column(pair, c.name);
        if (column.empty()) return;
        const ir::Column* before = ir::find_column(*pair.before, c.name);
        const ir::Column* after = ir::find_column(*pair.after, column);
        std::string title = fmt::format("~ column {} default recreated: {}", column_title(pair.after->name, column),
                                        why);
        ctx_.add(SetDefaultAroundFunction{pair.after->name, column, before->default_value, std::nullopt}, title,
                 c.origin, Hazard::access_exclusive_lock);
        // A default that changes anyway is set by the column planner.
        if (after && after->default_value == before->default_value)
            ctx_.add(SetDefaultAroundFunction{pair.after->name, column, std::nullopt, after->default_value}, title,
                     after->origin.span, Hazard::access_exclusive_lock);
    }

    void refuse_generated(const TablePair& pair, const Caller& c, const ir::Function& callee) {
        std::string column = after_column(pair, c.name);
        if (column.empty() || pair.rebuilt_columns.count(column)) return;  // rebuilt or dropped anyway
        const ir::Column* after = ir::find_column(*pair.after, column);
        ctx_.plan.diagnostics.error(
            "function-recreate-generated", after ? after->origin.span : c.origin,
            fmt::format("{} is recreated ({}), but generated column {} is computed by it: PostgreSQL would drop the "
                        "column with its values",
                        function_title(callee), ctx_.recreated_functions.at(ir::function_key(callee)),
                        column_title(pair.after->name, column)),
            fmt::format("keep the signature and return type of {} (a new function beside it can take the new "
                        "ones), or make {} a plain column first",
                        function_title(callee), column_title(pair.after->name, column)));
    }

    void recreate_check(const TablePair& pair, const Caller& c, const std::string& why) {
        const ir::Check* before = named(pair.before->checks, c.name);
        const ir::Check* after = named(pair.after->checks, c.name);
        if (!before || !after || after->expression != before->expression)
            return;  // dropped or changed: the key planner drops it before and adds it after
        std::string title = fmt::format("~ check {} on {} recreated: {}", c.name, table_title(pair.after->name), why);
        ctx_.add(DropConstraint{pair.after->name, c.name, false}, title, c.origin, Hazard::access_exclusive_lock);
        ctx_.add(AddConstraint{pair.after->name, *after, false, {}}, title, after->origin.span,
                 Hazard::access_exclusive_lock | Hazard::validation_scan);
    }

    void recreate_index(const TablePair& pair, const Caller& c, const std::string& why) {
        const ir::Index* before = named(pair.before->indexes, c.name);
        const ir::Index* after = named(pair.after->indexes, c.name);
        if (!before || !after || after->elements != before->elements || after->where != before->where ||
            after->unique != before->unique || after->method != before->method)
            return;  // dropped or changed: the index planner drops it before and builds it after
        std::string title = fmt::format("~ index {} on {} recreated: {}", c.name, table_title(pair.after->name), why);
        ctx_.add(DropIndex{ir::QualifiedName{pair.after->name.schema, c.name}, false}, title, c.origin,
                 Hazard::access_exclusive_lock);
        ctx_.add(CreateIndex{pair.after->name, after, {}, false}, title, after->origin.span, Hazard::index_build);
    }
};

}  // namespace

void plan_functions(PlanContext& ctx) { FunctionPlanner(ctx).run(); }

}  // namespace schemac::plan
