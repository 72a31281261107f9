// Lowering of views and materialized views: the query checked by PostgreSQL's parser and kept
// in canonical (deparsed) form, the output columns, options, comments and indexes.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "compiler/ir/storage_parameters.hpp"
#include "compiler/lower/lowering.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/select_output.hpp"

namespace schemac::lowering {
namespace {

using nlohmann::json;

const std::vector<std::string_view> view_option_names = {"check_option", "security_barrier", "security_invoker"};

// A boolean option's value as PostgreSQL reads it (parse_bool): true/false, on/off, yes/no, 1/0.
std::optional<std::string> boolean_value(const std::string& value) {
    for (std::string_view word : {"true", "on", "yes", "1", "t", "y"})
        if (value == word) return "true";
    for (std::string_view word : {"false", "off", "no", "0", "f", "n"})
        if (value == word) return "false";
    return std::nullopt;
}

// Whether the tree is one query: a SELECT, VALUES or set operation without INTO, and no
// data-modifying statement in a WITH anywhere. What is wrong otherwise.
std::optional<std::string> not_a_query(const json& tree) {
    const json& statements = tree.value("stmts", json::array());
    if (statements.empty()) return "the query is empty";
    if (statements.size() > 1) return fmt::format("the body holds {} statements, not one query", statements.size());
    const json& stmt = statements[0].value("stmt", json::object());
    if (!stmt.contains("SelectStmt")) {
        std::string kind = stmt.empty() ? "statement" : stmt.begin().key();
        if (kind.ends_with("Stmt")) kind.resize(kind.size() - 4);
        return fmt::format("the body is {} statement, not a query", kind.empty() ? "a" : "a " + kind);
    }
    if (stmt["SelectStmt"].contains("intoClause")) return "SELECT INTO creates a table; a view's query cannot have it";
    std::optional<std::string> problem;
    auto walk = [&](auto&& self, const json& node) -> void {
        if (problem) return;
        if (node.is_array()) {
            for (const json& child : node) self(self, child);
        } else if (node.is_object()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                if (it.key() == "CommonTableExpr" && it.value().contains("ctequery") &&
                    !it.value()["ctequery"].contains("SelectStmt")) {
                    problem = fmt::format("WITH {} changes data; a view's query can only read",
                                          it.value().value("ctename", ""));
                    return;
                }
                self(self, it.value());
            }
        }
    };
    walk(walk, stmt);
    return problem;
}

}  // namespace

void Lowering::lower_view(const syntax::View& v) {
    ir::View view;
    view.name = qualified(v.name);
    view.materialized = v.materialized.has_value();
    view.origin = ir::Origin{v.name.name.span, v.query.span};
    std::string kind = view.materialized ? "materialized view" : "view";
    std::string shown = fmt::format("{} {}", kind, ir::display_name(view.name));
    Directives directives = lower_directives(v.directives, Target::view);
    view.was = directives.was;
    if (directives.was_schema != view.name.schema) view.was_schema = directives.was_schema;
    for (const syntax::Name& alias : v.columns)
        view.columns.push_back(ir::ViewColumn{alias.value, {}, origin(alias.span)});

    view.query = v.query.text;
    bool query_known = false;
    PgParse parsed = pg_parse(v.query.text);
    if (!parsed.ok()) {
        auto at = v.query.span.begin + static_cast<std::uint32_t>(cursor_byte_offset(v.query.text, parsed.cursor));
        const std::string& text = sources_.file(v.query.span.file).text();
        std::uint32_t end = at;
        while (end < v.query.span.end && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
        if (end == at) end = std::min<std::uint32_t>(at + 1, std::max(v.query.span.end, at + 1));
        diagnostics_.error("sql-syntax", Span{v.query.span.file, at, end},
                           fmt::format("invalid SQL in the query of {}: {}", shown, parsed.error),
                           "the query is PostgreSQL SQL; check it with psql if in doubt");
    } else {
        json tree = json::parse(*parsed.tree, nullptr, false);
        if (std::optional<std::string> problem = not_a_query(tree)) {
            Span at = v.query.span.begin == v.query.span.end ? v.name.span : v.query.span;
            diagnostics_.error("view-not-a-query", at, fmt::format("{}: {}", shown, *problem),
                               "a view's body is one query: SELECT ..., VALUES ... or a UNION of them");
        } else {
            view.query = deparsed_if_faithful(v.query.text).value_or(v.query.text);  // the deparser misses some nodes
            query_known = true;
        }
    }

    std::optional<Span> comment_span;
    for (const syntax::ViewItem& item : v.items) {
        if (const auto* clause = std::get_if<syntax::StorageClause>(&item)) {
            lower_view_options(*clause, view, shown);
        } else if (const auto* check = std::get_if<syntax::ViewCheckOption>(&item)) {
            if (view.materialized) {
                diagnostics_.error("view-option", check->span,
                                   fmt::format("{} cannot have a check option: nothing is written through it", shown),
                                   "remove the line; a check option belongs to a plain `view`");
                continue;
            }
            add_view_option(view, "check_option", check->kind.value_or("cascaded"), check->span);
        } else if (const auto* no_data = std::get_if<syntax::ViewNoData>(&item)) {
            if (!view.materialized) {
                diagnostics_.error("view-option", no_data->span,
                                   fmt::format("{} holds no data: `with no data` is for materialized views", shown),
                                   "remove the line, or declare it `materialized view`");
                continue;
            }
            view.with_no_data = true;
        } else if (const auto* comment = std::get_if<syntax::TableComment>(&item)) {
            if (comment_span) {
                diagnostics_
                    .error("repeated-clause", comment->span, fmt::format("{} has two comments", shown),
                           "keep one `comment '...'` line")
                    .notes.push_back({*comment_span, "the first comment is here"});
                continue;
            }
            comment_span = comment->span;
            view.comment = comment->comment.text;
        } else if (std::holds_alternative<syntax::ViewColumnComment>(item)) {
            continue;  // once the columns are known (derive_view_columns)
        } else if (const auto* index = std::get_if<syntax::Index>(&item)) {
            if (!view.materialized) {
                diagnostics_.error("view-index", index->span,
                                   fmt::format("{} cannot have an index: it holds no rows of its own", shown),
                                   "index the tables it reads, or declare it `materialized view`");
                continue;
            }
            view.indexes.push_back(lower_index(*index));
        } else if (const auto* trigger = std::get_if<syntax::Trigger>(&item)) {
            view.triggers.push_back(lower_trigger(*trigger, ir::display_name(view.name), true));
        }
    }
    db_.views.push_back(std::move(view));
    pending_views_.push_back(PendingView{&v, query_known, false, false});
}

void Lowering::lower_view_options(const syntax::StorageClause& clause, ir::View& view, const std::string& shown) {
    if (view.materialized) {
        syntax::StorageClause storage = clause;
        for (syntax::StorageParameter& parameter : storage.parameters) {
            const std::string& name = parameter.name.value;
            if (std::find(view_option_names.begin(), view_option_names.end(), name) != view_option_names.end()) {
                diagnostics_.error("view-option", parameter.name.span,
                                   fmt::format("{} cannot have the view option '{}'", shown, name),
                                   "remove it: a materialized view takes storage parameters (fillfactor, "
                                   "autovacuum_enabled, ...); view options belong to a plain `view`");
                parameter.name.value.clear();
                continue;
            }
            if (parameter.written_value.empty()) parameter.value = "true";  // `autovacuum_enabled` alone
        }
        std::erase_if(storage.parameters, [](const syntax::StorageParameter& p) { return p.name.value.empty(); });
        lower_storage(storage, "table", shown, view.options);
        return;
    }
    for (const syntax::StorageParameter& parameter : clause.parameters) {
        const std::string& name = parameter.name.value;
        if (std::find(view_option_names.begin(), view_option_names.end(), name) == view_option_names.end()) {
            std::string help = "a view takes check_option, security_barrier and security_invoker";
            if (auto suggestion = closest_name(name, view_option_names))
                help = fmt::format("did you mean '{}'?", *suggestion);
            else if (auto storage = known_storage_parameters("table");
                     storage && std::find(storage->begin(), storage->end(), name) != storage->end())
                help = "a storage parameter belongs to a table or a materialized view; a view takes check_option, "
                       "security_barrier and security_invoker";
            diagnostics_.error("unknown-view-option", parameter.name.span,
                               fmt::format("{} has no option '{}'", shown, name), help);
            continue;
        }
        std::string value = parameter.written_value.empty() ? "true" : parameter.value;
        if (name == "check_option") {
            if (value != "local" && value != "cascaded") {
                diagnostics_.error("bad-view-option", parameter.span,
                                   fmt::format("check_option is local or cascaded, not '{}'", parameter.written_value),
                                   "write check_option = local or check_option = cascaded");
                continue;
            }
        } else if (auto boolean = boolean_value(value)) {
            value = *boolean;
        } else {
            diagnostics_.error("bad-view-option", parameter.span,
                               fmt::format("{} is true or false, not '{}'", name, parameter.written_value),
                               fmt::format("write {0} = true or {0} = false ({0} alone means true)", name));
            continue;
        }
        add_view_option(view, name, value, parameter.span);
    }
}

void Lowering::add_view_option(ir::View& view, const std::string& name, const std::string& value, Span span) {
    auto [at, added] = view.options.emplace(name, value);
    if (!added)
        diagnostics_.error("duplicate-view-option", span, fmt::format("{} is set twice", name),
                           name == "check_option" ? "keep one: `with check option` sets check_option too"
                                                  : "keep one `" + name + "`");
}

void Lowering::view_column_comment(ir::View& view, const syntax::ViewColumnComment& column, const std::string& shown) {
    if (view.columns.empty()) {
        diagnostics_.error("view-columns-unknown", column.column.span,
                           fmt::format("schemac cannot tell the columns of {} (it selects * of a relation schemac "
                                       "does not manage), so it cannot place this comment",
                                       shown),
                           "name the columns after the view's name: view v (a, b, ...) as (...)");
        return;
    }
    auto it = std::find_if(view.columns.begin(), view.columns.end(), [&](const ir::ViewColumn& c) {
        return c.name == column.column.value;
    });
    if (it == view.columns.end()) {
        std::vector<std::string_view> names;
        for (const ir::ViewColumn& c : view.columns) names.push_back(c.name);
        auto suggestion = closest_name(column.column.value, names);
        diagnostics_.error("unknown-view-column", column.column.span,
                           fmt::format("{} has no column '{}'", shown, column.column.value),
                           suggestion ? fmt::format("did you mean '{}'?", *suggestion)
                                      : fmt::format("its columns are {}", fmt::join(names, ", ")));
        return;
    }
    if (it->comment) {
        diagnostics_.error("repeated-clause", column.span,
                           fmt::format("column '{}' of {} has two comments", it->name, shown),
                           "keep one `column ... comment` line");
        return;
    }
    it->comment = column.comment.text;
}

void Lowering::derive_view_columns() {
    if (db_.views.empty()) return;  // the map of every table below is for views alone
    std::map<ir::QualifiedName, std::size_t> by_name;
    for (std::size_t i = 0; i < db_.views.size(); ++i) by_name.emplace(db_.views[i].name, i);
    std::map<ir::QualifiedName, const ir::Table*> tables;  // not sorted yet: no find_table
    for (const ir::Table& t : db_.tables) tables.emplace(t.name, &t);
    // A view's columns may come from another's (`select * from other`): that one first.
    std::function<void(std::size_t)> derive = [&](std::size_t i) {
        PendingView& pending = pending_views_[i];
        if (pending.done || pending.visiting) return;
        pending.visiting = true;
        ir::View& view = db_.views[i];
        ColumnsOf columns_of = [&](const std::optional<std::string>& schema,
                                   const std::string& name) -> std::optional<std::vector<std::string>> {
            ir::QualifiedName q{schema.value_or("public"), name};
            if (auto table = tables.find(q); table != tables.end()) {
                std::vector<std::string> out;
                for (const ir::Column& c : table->second->columns) out.push_back(c.name);
                return out;
            }
            auto other = by_name.find(q);
            if (other == by_name.end()) return std::nullopt;
            derive(other->second);  // a cycle leaves it unknown (view_cycles reports it)
            const ir::View& known = db_.views[other->second];
            if (known.columns.empty()) return std::nullopt;
            std::vector<std::string> out;
            for (const ir::ViewColumn& c : known.columns) out.push_back(c.name);
            return out;
        };
        if (pending.query_known) view_columns(view, *pending.syntax, columns_of);
        std::string shown = fmt::format("{} {}", view.materialized ? "materialized view" : "view",
                                        ir::display_name(view.name));
        for (const syntax::ViewItem& item : pending.syntax->items)
            if (const auto* column = std::get_if<syntax::ViewColumnComment>(&item))
                view_column_comment(view, *column, shown);
        pending.visiting = false;
        pending.done = true;
    };
    for (std::size_t i = 0; i < db_.views.size(); ++i) derive(i);
}

void Lowering::view_columns(ir::View& view, const syntax::View& v, const ColumnsOf& columns_of) {
    std::optional<std::vector<OutputColumn>> output = select_output(view.query, columns_of);
    if (!output) return;  // `*` of something schemac does not know: the aliases, if any, are all it knows
    if (v.columns.size() > output->size()) {
        diagnostics_.error("view-too-many-columns", v.columns[output->size()].span,
                           fmt::format("{} {} names {} columns, but its query gives {}",
                                       view.materialized ? "materialized view" : "view", ir::display_name(view.name),
                                       v.columns.size(), output->size()),
                           "name at most as many columns as the query selects");
        return;
    }
    for (std::size_t i = v.columns.size(); i < output->size(); ++i)
        view.columns.push_back(ir::ViewColumn{(*output)[i].name, {}, {}});
}

}  // namespace schemac::lowering
