#include "compiler/sql/pulled_form.hpp"

#include <algorithm>

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

void write_index_expressions(std::vector<ir::Index>& indexes, const ExpressionPlace& place) {
    for (ir::Index& index : indexes) {
        if (index.where) index.where = as_written(*index.where, place);
        for (ir::IndexElement& e : index.elements)
            if (!e.expression.empty()) e.expression = as_written(e.expression, place);
    }
}

void write_expressions(ir::Table& t) {
    for (ir::Column& c : t.columns) {
        ExpressionPlace own{&t, &c.type};
        if (c.default_value) c.default_value = as_written(*c.default_value, own);
        if (c.generated) c.generated = as_written(*c.generated, own);
    }
    ExpressionPlace in_table{&t, nullptr};
    for (ir::Check& check : t.checks) check.expression = as_written(check.expression, in_table);
    write_index_expressions(t.indexes, in_table);
    for (ir::Policy& p : t.policies) {
        if (p.using_expression) p.using_expression = as_written(*p.using_expression, in_table);
        if (p.check_expression) p.check_expression = as_written(*p.check_expression, in_table);
    }
}

// A domain's default and checks: VALUE stands for a column of the base type.
void write_domain_expressions(ir::Domain& d) {
    ir::Table values;
    values.columns.push_back(ir::Column{});
    values.columns.back().name = "value";
    values.columns.back().type = d.type;
    if (d.default_value) d.default_value = as_written(*d.default_value, ExpressionPlace{&values, &d.type});
    for (ir::Check& check : d.checks)
        check.expression = as_written(check.expression, ExpressionPlace{&values, nullptr});
}

}  // namespace

void to_pulled_form(ir::Database& db, const std::map<std::string, ExtensionDefaults>& extension_defaults) {
    leave_out_extension_defaults(db, extension_defaults);
    for (ir::Table& t : db.tables) write_expressions(t);
    for (ir::Domain& d : db.domains) write_domain_expressions(d);
    // A view's body stays as PostgreSQL deparsed it (bodies compare by fingerprint, and a cast
    // dropped from a query can change which function it calls); the indexes of a materialized
    // view lose the casts that no column type is needed to prove.
    for (ir::View& v : db.views) write_index_expressions(v.indexes, ExpressionPlace{});
}

}  // namespace schemac
