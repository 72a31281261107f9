#include "compiler/sql/pulled_form.hpp"

#include <algorithm>
#include <unordered_map>

#include "compiler/sql/sql_expression.hpp"
#include "compiler/sql/written_expression.hpp"

namespace schemac {
namespace {

// The schema CREATE EXTENSION uses without WITH SCHEMA: the one the control file fixes, else
// the first of the search path, which is public on a database as PostgreSQL makes it.
std::string default_schema(const ExtensionDefaults* defaults) {
    return defaults && defaults->schema ? *defaults->schema : "public";
}

void leave_out_extension_defaults(ir::Database& db, const std::map<std::string, ExtensionDefaults>& all_defaults) {
    for (ir::Extension& x : db.extensions) {
        auto it = all_defaults.find(x.name);
        const ExtensionDefaults* defaults = it == all_defaults.end() ? nullptr : &it->second;
        if (x.version && defaults && defaults->version == x.version) x.version.reset();
        if (x.schema && *x.schema == default_schema(defaults)) x.schema.reset();
        bool declared = std::any_of(db.schemas.begin(), db.schemas.end(), [&](const ir::Schema& s) {
            return x.schema && s.name == *x.schema;
        });
        if (x.schema && !declared && *x.schema != "pg_catalog") db.schemas.push_back(ir::Schema{*x.schema, {}, {}, {}});
    }
    std::sort(db.schemas.begin(), db.schemas.end(),
              [](const ir::Schema& a, const ir::Schema& b) { return a.name < b.name; });
}

// as_written, once per distinct expression and what it depends on in its place: the type it is
// stored as and the types of the columns it names (tables repeat the same defaults, checks and
// predicates: each costs several parses).
class PulledExpressions {
public:
    std::string operator()(const std::string& expression, const ExpressionPlace& place) {
        const SqlExpression& analysed = analyze_sql_expression(expression);
        if (!analysed.valid) return as_written(expression, place);
        std::string key = expression;
        add_type(key, place.target);
        for (const std::string& name : analysed.column_refs) {
            key += '\0';
            key += name;
            const ir::Column* column = place.table ? ir::find_column(*place.table, name) : nullptr;
            add_type(key, column ? &column->type : nullptr);
        }
        auto it = written_.find(key);
        if (it == written_.end()) it = written_.emplace(std::move(key), as_written(expression, place)).first;
        return it->second;
    }

private:
    // Each part with its length before it: no two types make the same key.
    static void add_type(std::string& key, const ir::Type* type) {
        if (!type) {  // (a string literal "\0-" would append nothing: it ends at its \0)
            key += '\0';
            key += '-';
            return;
        }
        auto add = [&](const std::string& part) {
            key += '\0';
            key += std::to_string(part.size());
            key += ':';
            key += part;
        };
        add(type->schema);
        add(type->name);
        for (const std::string& modifier : type->modifiers) add(modifier);
        add("[" + std::to_string(type->array_dimensions));
    }

    std::unordered_map<std::string, std::string> written_;
};

void write_index_expressions(std::vector<ir::Index>& indexes, const ExpressionPlace& place,
                             PulledExpressions& written) {
    for (ir::Index& index : indexes) {
        if (index.where) index.where = written(*index.where, place);
        for (ir::IndexElement& e : index.elements)
            if (!e.expression.empty()) e.expression = written(e.expression, place);
    }
}

void write_expressions(ir::Table& t, PulledExpressions& written) {
    for (ir::Column& c : t.columns) {
        ExpressionPlace own{&t, &c.type};
        if (c.default_value) c.default_value = written(*c.default_value, own);
        if (c.generated()) c.rare.set().generated = written(*c.generated(), own);
    }
    ExpressionPlace in_table{&t, nullptr};
    for (ir::Check& check : t.checks) check.expression = written(check.expression, in_table);
    write_index_expressions(t.indexes, in_table, written);
    for (ir::Policy& p : t.policies) {
        if (p.using_expression) p.using_expression = written(*p.using_expression, in_table);
        if (p.check_expression) p.check_expression = written(*p.check_expression, in_table);
    }
}

// A domain's default and checks: VALUE stands for a column of the base type.
void write_domain_expressions(ir::Domain& d, PulledExpressions& written) {
    ir::Table values;
    values.columns.push_back(ir::Column{});
    values.columns.back().name = "value";
    values.columns.back().type = d.type;
    if (d.default_value) d.default_value = written(*d.default_value, ExpressionPlace{&values, &d.type});
    for (ir::Check& check : d.checks) check.expression = written(check.expression, ExpressionPlace{&values, nullptr});
}

}  // namespace

void to_pulled_form(ir::Database& db, const std::map<std::string, ExtensionDefaults>& extension_defaults) {
    leave_out_extension_defaults(db, extension_defaults);
    PulledExpressions written;
    for (ir::Table& t : db.tables) write_expressions(t, written);
    for (ir::Domain& d : db.domains) write_domain_expressions(d, written);
    // A view's body stays as PostgreSQL deparsed it (bodies compare by fingerprint, and a cast
    // dropped from a query can change which function it calls); the indexes of a materialized
    // view lose the casts that no column type is needed to prove.
    for (ir::View& v : db.views) write_index_expressions(v.indexes, ExpressionPlace{}, written);
}

}  // namespace schemac
