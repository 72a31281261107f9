#include "compiler/plan/function_calls.hpp"

#include <fmt/format.h>
#include <optional>

#include "compiler/sql/function_sql.hpp"

namespace schemac::plan {

bool call_names(const FunctionCall& call, const ir::Function& function) {
    if (call.name != function.name.name || call.schema.value_or("public") != function.name.schema) return false;
    std::size_t inputs = 0, defaults = 0;
    bool variadic = false;
    for (const ir::FunctionArgument& a : function.arguments) {
        if (a.mode == ir::ArgumentMode::out) continue;
        ++inputs;
        if (a.default_value) ++defaults;
        if (a.mode == ir::ArgumentMode::variadic) variadic = true;
    }
    if (call.argument_count + defaults < inputs) return false;
    return call.argument_count <= inputs || variadic;
}

bool calls_function(const std::vector<FunctionCall>& calls, const ir::Function& function) {
    for (const FunctionCall& c : calls)
        if (call_names(c, function)) return true;
    return false;
}

std::vector<std::string> body_search_path(const ir::Function& function) {
    auto it = function.settings.find("search_path");
    if (it == function.settings.end()) return {"public"};
    std::vector<std::string> path;
    for (std::string& name : setting_list_elements(it->second))
        if (!name.empty() && name != "$user" && name != "pg_temp" && name != "pg_catalog")
            path.push_back(std::move(name));
    return path;
}

BodyFacts resolved_body_facts(const ir::Function& function, const ir::Database& db) {
    BodyFacts facts = function_body_facts(function);
    std::vector<std::string> path = body_search_path(function);
    auto first_holding = [&](const auto& holds) -> std::optional<std::string> {
        for (const std::string& schema : path)
            if (holds(schema)) return schema;
        return std::nullopt;
    };
    for (FunctionCall& call : facts.calls) {
        if (call.schema) continue;
        call.schema = first_holding([&](const std::string& schema) {
            return !ir::functions_named(db, {schema, call.name}).empty();
        });
    }
    for (TypeUse& type : facts.types) {
        if (type.schema) continue;
        type.schema = first_holding([&](const std::string& schema) {
            ir::QualifiedName name{schema, type.name};
            return ir::find_enum(db, name) || ir::find_domain(db, name) || ir::find_composite_type(db, name) ||
                   ir::find_table(db, name) || ir::find_view(db, name);
        });
    }
    for (RelationRead& read : facts.relations) {
        if (read.schema) continue;
        read.schema = first_holding([&](const std::string& schema) {
            ir::QualifiedName name{schema, read.name};
            return ir::find_table(db, name) != nullptr || ir::find_view(db, name) != nullptr;
        });
    }
    return facts;
}

namespace {

void add(std::vector<Caller>& out, Caller::Kind kind, const ir::QualifiedName& relation, std::string name,
         std::string description, Span origin, std::vector<FunctionCall> calls) {
    if (calls.empty()) return;
    out.push_back(Caller{kind, relation, std::move(name), std::move(description), origin, std::move(calls)});
}

std::vector<FunctionCall> index_calls(const ir::Index& index) {
    std::vector<FunctionCall> out;
    for (const ir::IndexElement& e : index.elements)
        if (!e.expression.empty())
            for (FunctionCall& c : sql_calls(e.expression)) out.push_back(std::move(c));
    if (index.where)
        for (FunctionCall& c : sql_calls(*index.where)) out.push_back(std::move(c));
    return out;
}

void add_triggers(std::vector<Caller>& out, const ir::QualifiedName& relation,
                  const std::vector<ir::Trigger>& triggers) {
    for (const ir::Trigger& t : triggers) {
        std::vector<FunctionCall> calls{FunctionCall{t.function.schema, t.function.name, 0}};
        if (t.when)
            for (FunctionCall& c : sql_calls(*t.when)) calls.push_back(std::move(c));
        add(out, Caller::Kind::trigger, relation, t.name,
            fmt::format("trigger {} on {}", t.name, ir::display_name(relation)), t.origin.span, std::move(calls));
    }
}

}  // namespace

std::vector<Caller> callers_of(const ir::Database& db) {
    std::vector<Caller> out;
    for (const ir::Table& t : db.tables) {
        std::string table = ir::display_name(t.name);
        for (const ir::Column& c : t.columns) {
            if (c.default_value)
                add(out, Caller::Kind::column_default, t.name, c.name,
                    fmt::format("the default of column {}.{}", table, c.name), c.origin.span,
                    sql_calls(*c.default_value));
            if (c.generated())
                add(out, Caller::Kind::generated_column, t.name, c.name,
                    fmt::format("generated column {}.{}", table, c.name), c.origin.span, sql_calls(*c.generated()));
        }
        for (const ir::Check& c : t.checks)
            add(out, Caller::Kind::check, t.name, c.name, fmt::format("check {} on {}", c.name, table), c.origin.span,
                sql_calls(c.expression));
        for (const ir::Index& i : t.indexes)
            add(out, Caller::Kind::index, t.name, i.name, fmt::format("index {} on {}", i.name, table), i.origin.span,
                index_calls(i));
        add_triggers(out, t.name, t.triggers);
    }
    for (const ir::View& v : db.views) {
        add(out, Caller::Kind::view, v.name, v.name.name,
            fmt::format("{} {}", v.materialized ? "materialized view" : "view", ir::display_name(v.name)),
            v.origin.span, sql_calls(v.query));
        for (const ir::Index& i : v.indexes)
            add(out, Caller::Kind::index, v.name, i.name,
                fmt::format("index {} on {}", i.name, ir::display_name(v.name)), i.origin.span, index_calls(i));
        add_triggers(out, v.name, v.triggers);
    }
    for (const ir::Function& f : db.functions)
        add(out, Caller::Kind::function, {}, ir::function_signature(f),
            fmt::format("{} {}", f.procedure ? "procedure" : "function", ir::function_signature(f)), f.origin.span,
            resolved_body_facts(f, db).calls);
    return out;
}

}  // namespace schemac::plan
