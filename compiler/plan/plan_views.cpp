// Views and materialized views. Paired by name, else by @was. A view is created after what it
// reads and dropped before what it reads is dropped or changed. A kept view whose body changes is
// replaced in place (CREATE OR REPLACE VIEW) only where PostgreSQL allows it and schemac can be
// sure: a plain view whose old columns lead the new ones, each computed by the same expression
// from the same relations. Otherwise, and around a change to a column or table a view reads (a
// type change, a drop, a rename, a changed generated expression), the view is dropped first and
// created again after, with every view that reads it: all in the main transaction, drops in
// reverse dependency order, creations in dependency order (ties by name).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "compiler/ir/types.hpp"
#include "compiler/plan/function_calls.hpp"
#include "compiler/plan/plan_context.hpp"
#include "compiler/plan/view_queries.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/sql/select_reads.hpp"

namespace schemac::plan {
namespace {

using Name = ir::QualifiedName;

std::string kind_of(const ir::View& v) { return v.materialized ? "materialized view" : "view"; }
std::string view_title(const ir::View& v) { return kind_of(v) + " " + ir::display_name(v.name); }

// What a view reads, by relation (unqualified names are in public).
struct Reads {
    std::map<Name, std::set<std::string>> columns;
    std::set<Name> every_column;  // `*` or `alias.*`
    // Unqualified columns no relation in scope has (as the side's columns say): one the change
    // drops or renames away, for instance.
    std::set<std::string> unattributed;
    std::set<Name> relations() const {
        std::set<Name> out;
        for (const auto& [name, cols] : columns) out.insert(name);
        return out;
    }
    bool reads(const Name& relation, const std::string& column) const {
        if (every_column.count(relation)) return true;
        auto it = columns.find(relation);
        return it != columns.end() && it->second.count(column);
    }
};

std::map<Name, Reads> reads_of(const ir::Database& db, const ColumnsOf& columns) {
    std::map<Name, Reads> out;
    for (const ir::View& v : db.views) {
        Reads& reads = out[v.name];
        SelectReads read = select_reads(v.query, columns);
        for (const RelationRead& r : read.relations) {
            Name relation{r.schema.value_or("public"), r.name};
            reads.columns[relation].insert(r.columns.begin(), r.columns.end());
            if (r.every_column) reads.every_column.insert(relation);
        }
        reads.unattributed.insert(read.unattributed.begin(), read.unattributed.end());
    }
    return out;
}

// The views of `views` in dependency order: each after the views of the list it reads; ties
// (and a cycle, which the compiler refuses) by name.
std::vector<const ir::View*> dependency_order(const std::vector<ir::View>& views, const std::map<Name, Reads>& reads) {
    std::map<Name, const ir::View*> by_name;
    for (const ir::View& v : views) by_name[v.name] = &v;
    std::map<Name, std::set<Name>> waits_for;  // view -> the views of the list it reads
    std::map<Name, std::set<Name>> readers;
    for (const ir::View& v : views) {
        waits_for[v.name];
        auto it = reads.find(v.name);
        if (it == reads.end()) continue;
        for (const Name& relation : it->second.relations())
            if (relation != v.name && by_name.count(relation)) {
                waits_for[v.name].insert(relation);
                readers[relation].insert(v.name);
            }
    }
    std::vector<const ir::View*> out;
    std::set<Name> ready;
    for (const auto& [name, deps] : waits_for)
        if (deps.empty()) ready.insert(name);
    std::set<Name> done;
    while (out.size() < views.size()) {
        if (ready.empty()) {  // a cycle: the first view left by name
            for (const auto& [name, v] : by_name)
                if (!done.count(name)) {
                    ready.insert(name);
                    break;
                }
        }
        Name next = *ready.begin();
        ready.erase(ready.begin());
        if (!done.insert(next).second) continue;
        out.push_back(by_name[next]);
        for (const Name& reader : readers[next]) {
            std::set<Name>& deps = waits_for[reader];
            deps.erase(next);
            if (deps.empty() && !done.count(reader)) ready.insert(reader);
        }
    }
    return out;
}

std::vector<std::string> column_names(const ir::View& v) {
    std::vector<std::string> out;
    for (const ir::ViewColumn& c : v.columns) out.push_back(c.name);
    return out;
}

// Whether the body or the output columns differ (options, comments and indexes aside).
bool definition_changes(const ir::View& before, const ColumnsOf& before_columns, const ir::View& after,
                        const ColumnsOf& after_columns) {
    if (!same_view_query(before.query, before_columns, after.query, after_columns)) return true;
    if (before.columns.empty() || after.columns.empty()) return false;  // one side does not know them
    return column_names(before) != column_names(after);
}

class ViewPlanner {
public:
    explicit ViewPlanner(PlanContext& ctx)
        : ctx_(ctx),
          before_columns_(columns_of(ctx.before)),
          after_columns_(columns_of(ctx.after)),
          before_reads_(reads_of(ctx.before, before_columns_)),
          after_reads_(reads_of(ctx.after, after_columns_)) {}

    void run() {
        match();
        mark_changed_reads();
        mark_definition_changes();
        mark_readers_of_recreated();
        refuse_reads_of_what_goes();
        refuse_missing_was();
        drop();
        create_and_alter();
    }

private:
    PlanContext& ctx_;
    ColumnsOf before_columns_, after_columns_;
    std::map<Name, Reads> before_reads_, after_reads_;
    std::map<Name, const ir::View*> before_of_;  // after name -> the before view it keeps
    std::map<Name, Name> after_of_;              // before name -> after name, for kept views
    std::map<Name, std::string> recreated_;      // before name -> why it is dropped (and made again)
    std::set<Name> replaced_;                    // after names
    std::set<Name> dropped_;                     // before names of views that are not kept

    void recreate(const Name& before_name, std::string why) { recreated_.emplace(before_name, std::move(why)); }

    void match() {
        std::set<Name> claimed;
        for (const ir::View& v : ctx_.after.views) {
            const ir::View* old = ir::find_view(ctx_.before, v.name);
            Name was_name{v.was_schema.value_or(v.name.schema), v.was.value_or("")};
            if (old && v.was && ir::find_view(ctx_.before, was_name))
                ctx_.was_conflict(kind_of(v), ir::display_name(v.name), *v.was, v.origin.span);
            if (!old && v.was && !ir::find_view(ctx_.after, was_name)) old = ir::find_view(ctx_.before, was_name);
            if (!old) continue;
            claimed.insert(old->name);
            before_of_[v.name] = old;
            after_of_[old->name] = v.name;
        }
        for (const ir::View& v : ctx_.before.views)
            if (!claimed.count(v.name)) {
                dropped_.insert(v.name);
                recreate(v.name, "");
            }
        for (const ir::View& v : ctx_.after.views) {
            if (!v.was || before_of_.count(v.name)) continue;
            std::string schema = v.was_schema.value_or(v.name.schema);
            std::vector<std::string_view> gone;
            for (const Name& d : dropped_)
                if (d.schema == schema) gone.push_back(d.name);
            ctx_.was_names_nothing(kind_of(v), ir::display_name(v.name), *v.was, gone, v.origin.span,
                                   v.was_schema ? *v.was_schema + "." : "");
        }
    }

    // Views that read a column or table that changes under them: dropped before the change,
    // created again after it (PostgreSQL refuses to change a column a view uses).
    void mark_changed_reads() {
        auto readers = [&](const Name& relation, const std::string* column, const std::string& why) {
            for (const auto& [view, reads] : before_reads_) {
                bool reads_it = column ? reads.reads(relation, *column) : reads.columns.count(relation) > 0;
                if (reads_it) recreate(view, why);
            }
        };
        for (const ir::Table* t : ctx_.dropped_tables)
            readers(t->name, nullptr, fmt::format("it reads table {}, which is dropped", table_title(t->name)));
        // PostgreSQL records the functions a view calls: a recreated one takes the view with it.
        if (!ctx_.recreated_functions.empty())
            for (const ir::View& v : ctx_.before.views) {
                std::vector<FunctionCall> calls = sql_calls(v.query);
                for (const ir::Function& f : ctx_.before.functions)
                    if (ctx_.recreated_functions.count(ir::function_key(f)) && calls_function(calls, f)) {
                        recreate(v.name, fmt::format("it calls {}, which is recreated", ir::function_signature(f)));
                        break;
                    }
            }
        // With no view before, nothing reads a column: the titles below are not made for nothing.
        if (before_reads_.empty()) return;
        for (const auto& [after_name, pair] : ctx_.pairs) {
            const ir::Table& before = *pair.before;
            const ir::Table& after = *pair.after;
            if (before.name != after.name)
                readers(before.name, nullptr,
                        fmt::format("it reads table {}, which becomes {}", table_title(before.name),
                                    table_title(after.name)));
            for (const ir::Column& c : before.columns) {
                std::string at = column_title(before.name, c.name);
                if (pair.dropped_columns.count(c.name)) {
                    readers(before.name, &c.name, fmt::format("it reads {}, which is dropped", at));
                    continue;
                }
                std::string now = c.name;
                for (const auto& [from, to] : pair.column_renames)
                    if (from == c.name) now = to;
                if (now != c.name) {
                    readers(before.name, &c.name, fmt::format("it reads {}, which is renamed to {}", at, now));
                    continue;
                }
                const ir::Column* kept = ir::find_column(after, now);
                if (!kept) continue;
                if (pair.rebuilt_columns.count(now) || c.generated() != kept->generated())
                    readers(before.name, &c.name, fmt::format("it reads {}, whose generated expression changes", at));
                else if (pair.retyped_enum_columns.count(now) ||
                         serial_column_type(ctx_.after_type(c.type)) != serial_column_type(kept->type))
                    readers(before.name, &c.name, fmt::format("it reads {}, whose type changes", at));
            }
        }
    }

    // Kept views whose body, columns or kind change: replaced in place where that is sure to work.
    void mark_definition_changes() {
        for (const auto& [after_name, before] : before_of_) {
            const ir::View& after = *ir::find_view(ctx_.after, after_name);
            if (recreated_.count(before->name)) continue;
            if (before->materialized != after.materialized) {
                recreate(before->name, fmt::format("it becomes a {}", kind_of(after)));
                continue;
            }
            if (!definition_changes(*before, before_columns_, after, after_columns_)) continue;
            if (replaceable(*before, after)) {
                replaced_.insert(after_name);
                continue;
            }
            bool same_columns = column_names(*before) == column_names(after);
            recreate(before->name, same_columns ? "its query changes" : "its columns change");
        }
    }

    // CREATE OR REPLACE VIEW keeps what reads the view: PostgreSQL allows it when the old columns
    // lead the new ones with the same names and types. Schemac is sure of the types when each old
    // column is computed by the same expression over the same relations, none of whose columns
    // changes type (a view reading such a column is recreated before this is asked).
    bool replaceable(const ir::View& before, const ir::View& after) const {
        if (before.materialized || after.materialized) return false;
        if (before.columns.empty() || after.columns.size() < before.columns.size()) return false;
        for (std::size_t i = 0; i < before.columns.size(); ++i)
            if (before.columns[i].name != after.columns[i].name) return false;
        std::set<Name> before_relations;
        for (const Name& r : before_reads_.at(before.name).relations()) before_relations.insert(after_name(r));
        if (before_relations != after_reads_.at(after.name).relations()) return false;
        return same_leading_columns(before.query, before_columns_, after.query, after_columns_, before.columns.size());
    }

    // A relation of `before` under its name in `after` (tables and views renamed by @was).
    Name after_name(const Name& relation) const {
        if (auto it = after_of_.find(relation); it != after_of_.end()) return it->second;
        return ctx_.after_table_name(relation);
    }

    // A view that reads a recreated view is recreated too: PostgreSQL drops nothing under a
    // view that reads it.
    void mark_readers_of_recreated() {
        for (const ir::View* v : dependency_order(ctx_.before.views, before_reads_)) {
            if (recreated_.count(v->name)) continue;
            for (const Name& relation : before_reads_.at(v->name).relations())
                if (recreated_.count(relation)) {
                    recreate(v->name,
                             fmt::format("it reads {}, which is {}", view_title(*ir::find_view(ctx_.before, relation)),
                                         dropped_.count(relation) ? "dropped" : "recreated"));
                    break;
                }
        }
    }

    bool made(const ir::View& after) const {
        auto it = before_of_.find(after.name);
        return it == before_of_.end() || recreated_.count(it->second->name) || replaced_.count(after.name);
    }

    // A view that is created or replaced must not read what this change drops or renames away:
    // PostgreSQL would refuse the CREATE after the drop.
    void refuse_reads_of_what_goes() {
        for (const ir::View& v : ctx_.after.views) {
            if (!made(v)) continue;
            for (const auto& [relation, columns] : after_reads_.at(v.name).columns) {
                bool in_after = ir::find_table(ctx_.after, relation) || ir::find_view(ctx_.after, relation);
                const ir::Table* old_table = ir::find_table(ctx_.before, relation);
                const ir::View* old_view = ir::find_view(ctx_.before, relation);
                if (!in_after && (old_table || old_view)) {
                    std::string what = old_table ? "table " + table_title(relation) : view_title(*old_view);
                    Name now = after_name(relation);
                    if (now != relation) {
                        ctx_.plan.diagnostics.error(
                            "view-reads-dropped", v.origin.span,
                            fmt::format("{} reads {}, which this change renames to {}", view_title(v), what,
                                        ir::display_name(now)),
                            fmt::format("write {} in {}", ir::display_name(now), view_title(v)));
                        continue;
                    }
                    ctx_.plan.diagnostics.error(
                        "view-reads-dropped", v.origin.span,
                        fmt::format("{} reads {}, which this change drops", view_title(v), what),
                        fmt::format("change or drop {} in the same change, or keep {}", view_title(v), what));
                    continue;
                }
                const TablePair* pair = ctx_.pair_for(relation);
                if (!pair) continue;
                std::set<std::string> read = columns;
                for (const std::string& column : after_reads_.at(v.name).unattributed)
                    if (ir::find_column(*pair->before, column)) read.insert(column);
                for (const std::string& column : read) {
                    if (ir::find_column(*pair->after, column)) continue;
                    if (!ir::find_column(*pair->before, column)) continue;  // not schemac's to say
                    std::string renamed;
                    for (const auto& [from, to] : pair->column_renames)
                        if (from == column) renamed = to;
                    std::string at = column_title(relation, column);
                    if (renamed.empty())
                        ctx_.plan.diagnostics.error(
                            "view-reads-dropped", v.origin.span,
                            fmt::format("{} reads column {}, which this change drops", view_title(v), at),
                            fmt::format("change or drop {} in the same change", view_title(v)));
                    else
                        ctx_.plan.diagnostics.error("view-reads-dropped", v.origin.span,
                                                    fmt::format("{} reads column {}, which this change renames to {}",
                                                                view_title(v), at, renamed),
                                                    fmt::format("write {} in {}", renamed, view_title(v)));
                }
            }
        }
    }

    // A view that disappears while one with the same query appears in its schema: a rename
    // without its @was (dropping and creating would lose what was granted on it and what reads it).
    void refuse_missing_was() {
        for (const ir::View& v : ctx_.after.views) {
            if (before_of_.count(v.name)) continue;
            for (const Name& gone : dropped_) {
                const ir::View& old = *ir::find_view(ctx_.before, gone);
                if (gone.schema != v.name.schema || old.materialized != v.materialized ||
                    !same_view_query(old.query, before_columns_, v.query, after_columns_))
                    continue;
                ctx_.plan.diagnostics.error(
                    "view-renamed-without-was", v.origin.span,
                    fmt::format("{} would be dropped and {} created with the same query", view_title(old),
                                view_title(v)),
                    fmt::format("if {} is {} renamed, declare it: `{} {} @was({}) as (...)`", ir::display_name(v.name),
                                gone.name, kind_of(v), ir::display_name(v.name), gone.name));
                break;
            }
        }
    }

    // Views dropped for good or to be made again: readers first.
    void drop() {
        std::vector<const ir::View*> order = dependency_order(ctx_.before.views, before_reads_);
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            const ir::View& v = **it;
            auto why = recreated_.find(v.name);
            if (why == recreated_.end()) continue;
            std::string title = dropped_.count(v.name)
                                    ? "- " + view_title(v)
                                    : recreated_title(*ir::find_view(ctx_.after, after_of_.at(v.name)), why->second);
            ctx_.add(DropView{v.name, v.materialized}, title, {}, Hazard::access_exclusive_lock);
        }
    }

    static std::string recreated_title(const ir::View& after, const std::string& why) {
        return fmt::format("~ {} recreated: {}", view_title(after), why);
    }

    void create_and_alter() {
        for (const ir::View* v : dependency_order(ctx_.after.views, after_reads_)) {
            auto kept = before_of_.find(v->name);
            if (kept == before_of_.end()) {
                create(*v, "+ " + view_title(*v), nullptr);
                continue;
            }
            const ir::View& before = *kept->second;
            if (auto why = recreated_.find(before.name); why != recreated_.end()) {
                create(*v, recreated_title(*v, why->second), &before);
                continue;
            }
            alter(before, *v);
        }
    }

    void create(const ir::View& v, std::string title, const ir::View* before) {
        unsigned hazards = v.materialized && !v.with_no_data ? Hazard::view_refresh : 0u;
        ir::View created = v;
        created.indexes.clear();
        ctx_.add(CreateView{std::move(created)}, title, v.origin.span, hazards);
        for (const ir::Index& index : v.indexes) {
            bool rebuilt = before && std::any_of(before->indexes.begin(), before->indexes.end(),
                                                 [&](const ir::Index& o) { return o.name == index.name; });
            ctx_.add(CreateIndex{v.name, &index, {}, false},
                     fmt::format("+ index {} on {}{}", index.name, ir::display_name(v.name),
                                 rebuilt ? " (rebuilt with its materialized view)" : ""),
                     index.origin.span, before ? Hazard::index_build : 0u);
        }
        // A recreated view's comments are set again under its own title: they do not change.
        if (v.comment)
            ctx_.add(SetViewComment{v.name, v.materialized, std::nullopt, v.comment},
                     before ? title : "~ " + view_title(v) + " comment", v.origin.span);
        for (const ir::ViewColumn& c : v.columns)
            if (c.comment)
                ctx_.add(SetViewColumnComment{v.name, c.name, std::nullopt, c.comment},
                         before ? title : "~ column " + column_title(v.name, c.name) + " comment", c.origin.span);
    }

    void alter(const ir::View& before, const ir::View& after) {
        if (before.name != after.name) {
            ctx_.add(RenameView{before.name, after.name, after.materialized},
                     rename_title(view_title(after), before.name, after.name), after.origin.span,
                     Hazard::access_exclusive_lock);
        }
        bool replaced = replaced_.count(after.name) > 0;
        if (replaced)
            ctx_.add(ReplaceView{before, after}, fmt::format("~ {} replaced: its query changes", view_title(after)),
                     after.origin.span, Hazard::access_exclusive_lock);
        else if (before.options != after.options)
            set_options(before, after);
        if (before.comment != after.comment)
            ctx_.add(SetViewComment{after.name, after.materialized, before.comment, after.comment},
                     "~ " + view_title(after) + " comment", after.origin.span);
        for (const ir::ViewColumn& c : after.columns) {
            std::optional<std::string> was;
            for (const ir::ViewColumn& o : before.columns)
                if (o.name == c.name) was = o.comment;
            if (was != c.comment)
                ctx_.add(SetViewColumnComment{after.name, c.name, was, c.comment},
                         "~ column " + column_title(after.name, c.name) + " comment", c.origin.span);
        }
        if (after.materialized) {
            static const TablePair unchanged_columns;
            plan_indexes(ctx_, unchanged_columns, after.name, before.indexes, after.indexes);
        }
    }

    void set_options(const ir::View& before, const ir::View& after) {
        SetViewOptions change{after.name, after.materialized, {}, {}, before.options, after.options};
        changed_parameters(before.options, after.options, change.set, change.reset);
        // A view's options take an ACCESS EXCLUSIVE lock; a materialized view's storage
        // parameters mostly a SHARE UPDATE EXCLUSIVE one.
        std::string title = after.materialized ? fmt::format("~ {} storage parameters", view_title(after))
                                               : fmt::format("~ {} options", view_title(after));
        ctx_.add(std::move(change), title, after.origin.span, after.materialized ? 0u : Hazard::access_exclusive_lock);
    }
};

}  // namespace

void plan_views(PlanContext& ctx) { ViewPlanner(ctx).run(); }

}  // namespace schemac::plan
