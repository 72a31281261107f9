// Lowering of domains and composite types: their types resolved like a column's, a domain's
// checks and default checked by PostgreSQL's parser, unnamed checks named as PostgreSQL names them.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "compiler/lower/lowering.hpp"
#include "compiler/sql/implicit_names.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::lowering {

void Lowering::collect_user_type_names(const std::vector<syntax::File>& files) {
    for (const syntax::File& file : files) {
        for (const syntax::Declaration& declaration : file.declarations) {
            if (auto* d = std::get_if<syntax::Domain>(&declaration))
                user_type_names_.insert(qualified(d->name));
            else if (auto* c = std::get_if<syntax::CompositeType>(&declaration))
                user_type_names_.insert(qualified(c->name));
        }
    }
}

// `"C"`, `pg_catalog."C"` -> `C`; `public.ci` -> `public.ci`: as ir::Column::collation says.
std::string Lowering::lower_collation(const syntax::QualifiedName& collation) const {
    if (!collation.schema || collation.schema->value == "pg_catalog") return collation.name.value;
    return collation.schema->value + "." + collation.name.value;
}

namespace {

// The name, @was and origin every domain and composite type has.
template <class Object, class Declaration>
void name_user_type(Object& out, const Declaration& declaration, const Directives& directives) {
    out.was = directives.was;
    if (directives.was_schema && directives.was_schema != out.name.schema) out.was_schema = directives.was_schema;
    out.origin = ir::Origin{declaration.name.name.span, Span{}};
}

}  // namespace

void Lowering::lower_domain(const syntax::Domain& d) {
    ir::Domain out;
    out.name = qualified(d.name);
    name_user_type(out, d, lower_directives(d.directives, Target::domain));
    out.type = resolve_type(d.type, out.name.schema);
    if (out.type == ir::Type{out.name.schema, out.name.name, {}, 0}) {
        diagnostics_.error("domain-type", d.type.span,
                           fmt::format("domain '{}' cannot be based on itself", ir::display_name(out.name)),
                           "base it on a PostgreSQL type, e.g. as text");
    }
    if (d.collation) out.collation = lower_collation(*d.collation);
    out.not_null = d.not_null.has_value();
    if (d.default_value) {
        out.default_value = lower_default(*d.default_value);
        out.origin.detail = d.default_value->span;
    }
    if (d.comment) out.comment = d.comment->text;

    TakenNames taken;
    for (const syntax::CheckClause& c : d.checks)
        if (c.name) taken.add(c.name->value);
    for (const syntax::CheckClause& c : d.checks) {
        ir::Check check;
        check.name = c.name ? c.name->value : choose_name(out.name.name, "", "check", taken);
        check.was = lower_directives(c.directives, Target::constraint).was;
        check.origin = origin(c.name ? c.name->span : c.span);
        auto expression = lower_expression(c.expression, "domain check");
        check.expression = expression.value_or(c.expression.text);
        if (expression) {
            // VALUE is the value being checked; a domain has no columns.
            const SqlExpression& sql = analyze_sql_expression(c.expression.text);
            auto other = std::find_if(sql.column_refs.begin(), sql.column_refs.end(), [](const std::string& name) {
                return name != "value";
            });
            if (other != sql.column_refs.end()) {
                diagnostics_.error("domain-check", c.expression.span,
                                   fmt::format("a domain's check can name only VALUE, not '{}'", *other),
                                   "write VALUE for the value being checked, e.g. check (VALUE > 0)");
            } else if (sql.column_refs.empty()) {
                diagnostics_.error("domain-check", c.expression.span,
                                   "a domain's check must test VALUE, the value being checked",
                                   "write VALUE for the value, e.g. check (VALUE ~ '^[^@]+@[^@]+$')");
            }
        }
        out.checks.push_back(std::move(check));
    }
    std::stable_sort(out.checks.begin(), out.checks.end(),
                     [](const ir::Check& a, const ir::Check& b) { return a.name < b.name; });
    db_.domains.push_back(std::move(out));
}

void Lowering::lower_composite_type(const syntax::CompositeType& t) {
    ir::CompositeType out;
    out.name = qualified(t.name);
    name_user_type(out, t, lower_directives(t.directives, Target::composite_type));
    if (t.comment) out.comment = t.comment->text;
    for (const syntax::CompositeAttribute& a : t.attributes) {
        ir::CompositeAttribute attribute;
        attribute.name = a.name.value;
        attribute.type = resolve_type(a.type, out.name.schema);
        if (attribute.type.schema == out.name.schema && attribute.type.name == out.name.name) {
            diagnostics_.error("composite-type", a.type.span,
                               fmt::format("type '{}' cannot contain itself", ir::display_name(out.name)),
                               "a composite type's attribute needs another type");
        }
        if (a.collation) attribute.collation = lower_collation(*a.collation);
        attribute.was = lower_directives(a.directives, Target::attribute).was;
        attribute.origin = origin(a.name.span);
        out.attributes.push_back(std::move(attribute));
    }
    db_.composite_types.push_back(std::move(out));
}

}  // namespace schemac::lowering
