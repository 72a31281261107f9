// The planner's pass over domains and composite types: renames and moves (@was), creations in
// dependency order, drops, and the changes ALTER DOMAIN and ALTER TYPE can make in place. What
// PostgreSQL cannot alter in place (a domain's base type or collation, an attribute's type while a
// column stores the type, the order of attributes) is refused with a help line.
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "compiler/ir/types.hpp"
#include "compiler/plan/plan_context.hpp"
#include "compiler/plan/type_change.hpp"
#include "compiler/sql/expression_fingerprint.hpp"

namespace schemac::plan {
namespace {

bool same_sql(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (a == b) return true;
    return a && b && same_expression(*a, *b);
}

std::string type_words(const ir::Type& type) { return render_type(type); }

// Every user type a type names (itself, or its element type).
std::optional<ir::QualifiedName> user_type_of(const ir::Type& type) {
    if (type.schema.empty()) return std::nullopt;
    return ir::QualifiedName{type.schema, type.name};
}

template <class Object>
void match_kind(PlanContext& ctx, const std::vector<Object>& after, std::string_view kind,
                const Object* (*find)(const ir::Database&, const ir::QualifiedName&)) {
    for (const Object& o : after) {
        if (!o.was) continue;
        ir::QualifiedName was_name{o.was_schema.value_or(o.name.schema), *o.was};
        if (find(ctx.after, was_name)) continue;
        if (find(ctx.before, o.name)) {
            if (find(ctx.before, was_name)) ctx.was_conflict(kind, ir::display_name(o.name), *o.was, o.origin.span);
        } else if (find(ctx.before, was_name)) {
            ctx.user_type_renames[was_name] = o.name;
        }
    }
}

const ir::Domain* before_domain(const PlanContext& ctx, const ir::Domain& d) {
    if (const ir::Domain* old = ir::find_domain(ctx.before, d.name)) return old;
    for (const auto& [from, to] : ctx.user_type_renames)
        if (to == d.name) return ir::find_domain(ctx.before, from);
    return nullptr;
}
const ir::CompositeType* before_composite(const PlanContext& ctx, const ir::CompositeType& t) {
    if (const ir::CompositeType* old = ir::find_composite_type(ctx.before, t.name)) return old;
    for (const auto& [from, to] : ctx.user_type_renames)
        if (to == t.name) return ir::find_composite_type(ctx.before, from);
    return nullptr;
}

// Adds the creations of new domains and composite types, each after the new ones it uses.
void create_in_order(PlanContext& ctx, const std::vector<const ir::Domain*>& domains,
                     const std::vector<const ir::CompositeType*>& composites) {
    std::set<ir::QualifiedName> pending, done;
    for (const ir::Domain* d : domains) pending.insert(d->name);
    for (const ir::CompositeType* c : composites) pending.insert(c->name);
    std::function<void(const ir::QualifiedName&)> create = [&](const ir::QualifiedName& name) {
        if (!pending.count(name) || done.count(name)) return;
        done.insert(name);
        if (const ir::Domain* d = ir::find_domain(ctx.after, name)) {
            if (auto used = user_type_of(d->type)) create(*used);
            ctx.add(CreateDomain{*d}, "+ domain " + ir::display_name(name), d->origin.span);
        } else if (const ir::CompositeType* c = ir::find_composite_type(ctx.after, name)) {
            for (const ir::CompositeAttribute& a : c->attributes)
                if (auto used = user_type_of(a.type)) create(*used);
            ctx.add(CreateCompositeType{*c}, "+ type " + ir::display_name(name), c->origin.span);
        }
    };
    for (const ir::Domain* d : domains) create(d->name);
    for (const ir::CompositeType* c : composites) create(c->name);
}

void plan_domain_checks(PlanContext& ctx, const ir::Domain& old, const ir::Domain& d) {
    std::string title = "~ domain " + ir::display_name(d.name);
    std::set<std::string> kept;
    for (const ir::Check& c : d.checks) {
        const ir::Check* previous = nullptr;
        for (const ir::Check& o : old.checks)
            if (o.name == c.name) previous = &o;
        if (!previous && c.was) {
            for (const ir::Check& o : old.checks) {
                bool taken = std::any_of(d.checks.begin(), d.checks.end(), [&](const ir::Check& n) {
                    return n.name == o.name;
                });
                if (o.name == *c.was && !taken) previous = &o;
            }
            if (previous)
                ctx.add(RenameDomainCheck{d.name, previous->name, c.name},
                        fmt::format("{} check {} renamed from {}", title, c.name, previous->name), c.origin.span);
        }
        if (previous && same_sql(previous->expression, c.expression)) {
            kept.insert(previous->name);
            // Unvalidated in the database, valid in the schema: validate it.
            if (previous->not_valid && !c.not_valid)
                ctx.add(ValidateDomainCheck{d.name, c.name}, fmt::format("{} check {} validated", title, c.name),
                        c.origin.span, Hazard::validation_scan, Phase::validate);
            continue;
        }
        if (previous) {
            kept.insert(previous->name);
            ctx.add(DropDomainCheck{d.name, c.name}, fmt::format("{} check {} changed", title, c.name), c.origin.span);
        }
        // Added NOT VALID (existing values are not scanned under a lock), then validated on its own.
        ctx.add(AddDomainCheck{d.name, c, true},
                fmt::format("{} check {} {}", title, c.name, previous ? "changed" : "added"), c.origin.span);
        if (!c.not_valid)
            ctx.add(ValidateDomainCheck{d.name, c.name}, fmt::format("{} check {} validated", title, c.name),
                    c.origin.span, Hazard::validation_scan, Phase::validate);
    }
    for (const ir::Check& o : old.checks)
        if (!kept.count(o.name) &&
            !std::any_of(d.checks.begin(), d.checks.end(), [&](const ir::Check& c) { return c.was == o.name; }))
            ctx.add(DropDomainCheck{d.name, o.name}, fmt::format("{} check {} dropped", title, o.name), d.origin.span);
}

bool type_uses(const ir::Type& type, const ir::QualifiedName& name) {
    return type.schema == name.schema && type.name == name.name;
}

// What else holds on to a domain, which DROP DOMAIN of the old one would refuse: functions whose
// arguments or result are of it, domains based on it, composite types with an attribute of it.
std::vector<std::string> holders_of_domain(const ir::Database& db, const ir::QualifiedName& name) {
    std::vector<std::string> out;
    for (const ir::Function& f : db.functions) {
        bool uses = f.returns && type_uses(*f.returns, name);
        for (const ir::FunctionArgument& a : f.arguments) uses = uses || type_uses(a.type, name);
        for (const ir::FunctionArgument& a : f.returns_table) uses = uses || type_uses(a.type, name);
        if (uses) out.push_back((f.procedure ? "procedure " : "function ") + ir::function_signature(f));
    }
    for (const ir::Domain& other : db.domains)
        if (type_uses(other.type, name)) out.push_back("domain " + ir::display_name(other.name));
    for (const ir::CompositeType& t : db.composite_types)
        for (const ir::CompositeAttribute& a : t.attributes)
            if (type_uses(a.type, name)) out.push_back("type " + ir::display_name(t.name));
    return out;
}

// A base type or collation change: PostgreSQL cannot alter either, so a new domain replaces the
// old one and every column converts to it (views, triggers, policies and keys on those columns
// are dropped and made again around it, as for a recreated enum).
void recreate_domain(PlanContext& ctx, const ir::Domain& old, const ir::Domain& d) {
    std::string shown = ir::display_name(d.name);
    ir::Type from = ctx.after_type(old.type);
    std::vector<std::string> holders = holders_of_domain(ctx.after, d.name);
    std::vector<std::string> before_holders = holders_of_domain(ctx.before, old.name);
    holders.insert(holders.end(), before_holders.begin(), before_holders.end());
    if (!holders.empty()) {
        std::sort(holders.begin(), holders.end());
        holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
        ctx.plan.diagnostics.error(
            "domain-type-change", d.origin.span,
            fmt::format("domain {} changes its {} from {} to {}, so it must be recreated, but {} use{} it", shown,
                        from != d.type ? "base type" : "collation",
                        from != d.type ? type_words(from) : (old.collation.empty() ? "the default" : old.collation),
                        from != d.type ? type_words(d.type) : (d.collation.empty() ? "the default" : d.collation),
                        fmt::join(holders, ", "), holders.size() == 1 ? "s" : ""),
            fmt::format("declare a new domain (e.g. {0}_v2 as {1}), move what uses {0} to it, and drop {0} in a later "
                        "change",
                        d.name.name, type_words(d.type)));
        return;
    }
    RecreateDomain recreate{d, {}, from};
    for (auto& [table_name, pair] : ctx.pairs) {
        for (const ir::Column& c : pair.after->columns) {
            if (!type_uses(c.type, d.name)) continue;
            const ir::Column* was = pair.kept_from[static_cast<std::size_t>(&c - pair.after->columns.data())];
            if (!was || pair.rebuilt_columns.count(c.name)) continue;
            if (ctx.after_type(was->type) != c.type) continue;  // converted by its own type change
            recreate.columns.push_back(EnumColumn{table_name, c.name, c.type.array_dimensions, c.default_value});
            pair.retyped_enum_columns.insert(c.name);
        }
    }
    std::string title = fmt::format(
        "~ domain {} {} {} (domain recreated)", shown, from != d.type ? "base type" : "collation",
        from != d.type ? type_words(d.type) : (d.collation.empty() ? "default" : d.collation));
    unsigned hazards = recreate.columns.empty() ? 0u : Hazard::table_rewrite | Hazard::access_exclusive_lock;
    TypeChange change = classify_type_change(from, d.type, "value");
    if (!change.narrowing || recreate.columns.empty()) {
        ctx.add(std::move(recreate), title, d.origin.span, hazards);
        return;
    }
    ctx.add_data_loss(std::move(recreate), title, d.origin.span, {shown},
                      fmt::format("domain {} narrows its base type from {} to {}: converting its columns fails on, or "
                                  "cuts, values that do not fit",
                                  shown, type_words(from), type_words(d.type)))
        .hazards |= hazards;
}

void plan_kept_domain(PlanContext& ctx, const ir::Domain& old, const ir::Domain& d) {
    std::string shown = ir::display_name(d.name);
    std::string title = "~ domain " + shown;
    if (old.name != d.name)
        ctx.add(RenameDomain{old.name, d.name}, rename_title("domain " + shown, old.name, d.name), d.origin.span);
    if (ctx.after_type(old.type) != d.type || old.collation != d.collation) {
        recreate_domain(ctx, old, d);
        return;
    }
    if (!same_sql(old.default_value, d.default_value))
        ctx.add(SetDomainDefault{d.name, old.default_value, d.default_value}, title + " default", d.origin.span);
    if (old.not_null != d.not_null)
        ctx.add(SetDomainNotNull{d.name, d.not_null}, title + (d.not_null ? " set not null" : " drop not null"),
                d.origin.span, d.not_null ? Hazard::validation_scan : 0u);
    plan_domain_checks(ctx, old, d);
    if (old.comment != d.comment)
        ctx.add(SetDomainComment{d.name, old.comment, d.comment}, title + " comment", d.origin.span);
}

// Tables' columns (of `after`) that store `type`, directly or as an array: "orders.total".
std::vector<std::string> columns_storing(const ir::Database& db, const ir::QualifiedName& type) {
    std::vector<std::string> out;
    for (const ir::Table& t : db.tables)
        for (const ir::Column& c : t.columns)
            if (c.type.schema == type.schema && c.type.name == type.name)
                out.push_back(ir::display_name(t.name) + "." + c.name);
    return out;
}

void plan_kept_composite(PlanContext& ctx, const ir::CompositeType& old, const ir::CompositeType& t) {
    std::string shown = ir::display_name(t.name);
    std::string title = "~ type " + shown;
    if (old.name != t.name)
        ctx.add(RenameCompositeType{old.name, t.name}, rename_title("type " + shown, old.name, t.name), t.origin.span);
    // Pair attributes by name, else by @was.
    std::vector<const ir::CompositeAttribute*> previous(t.attributes.size(), nullptr);
    std::set<std::string> claimed;
    for (std::size_t i = 0; i < t.attributes.size(); ++i) {
        const ir::CompositeAttribute& a = t.attributes[i];
        for (const ir::CompositeAttribute& o : old.attributes)
            if (o.name == a.name) previous[i] = &o;
        if (!previous[i] && a.was)
            for (const ir::CompositeAttribute& o : old.attributes)
                if (o.name == *a.was && !std::any_of(t.attributes.begin(), t.attributes.end(),
                                                     [&](const ir::CompositeAttribute& n) { return n.name == o.name; }))
                    previous[i] = &o;
        if (previous[i]) claimed.insert(previous[i]->name);
    }
    // Attributes keep their order and new ones go last: PostgreSQL cannot reorder them.
    std::vector<std::string> kept_order;
    for (const ir::CompositeAttribute& o : old.attributes)
        if (claimed.count(o.name)) kept_order.push_back(o.name);
    std::vector<std::string> wanted_order;
    bool added_seen = false, order_ok = true;
    for (std::size_t i = 0; i < t.attributes.size(); ++i) {
        if (previous[i]) {
            if (added_seen) order_ok = false;
            wanted_order.push_back(previous[i]->name);
        } else {
            added_seen = true;
        }
    }
    if (!order_ok || wanted_order != kept_order) {
        ctx.plan.diagnostics.error(
            "composite-attribute-order", t.origin.span,
            fmt::format("type {} orders its attributes differently, which PostgreSQL cannot change in place", shown),
            "keep the existing attributes in their order and add new ones at the end");
        return;
    }
    std::vector<std::string> storing = columns_storing(ctx.after, t.name);
    for (const ir::CompositeAttribute& o : old.attributes) {
        if (claimed.count(o.name)) continue;
        std::string lost = shown + "." + o.name;
        std::string message = storing.empty()
                                  ? fmt::format("attribute {} of type {} would be dropped", o.name, shown)
                                  : fmt::format("attribute {} of type {} would be dropped, with its values in {}",
                                                o.name, shown, fmt::join(storing, ", "));
        ctx.add_data_loss(DropAttribute{t.name, o.name}, fmt::format("{} attribute {} dropped", title, o.name),
                          t.origin.span, {lost}, message);
    }
    for (std::size_t i = 0; i < t.attributes.size(); ++i) {
        const ir::CompositeAttribute& a = t.attributes[i];
        if (!previous[i]) {
            ctx.add(AddAttribute{t.name, a}, fmt::format("{} attribute {} added", title, a.name), a.origin.span);
            continue;
        }
        if (previous[i]->name != a.name)
            ctx.add(RenameAttribute{t.name, previous[i]->name, a.name},
                    fmt::format("{} attribute {} renamed from {}", title, a.name, previous[i]->name), a.origin.span);
        ir::Type from = ctx.after_type(previous[i]->type);
        if (from == a.type && previous[i]->collation == a.collation) continue;
        if (!storing.empty()) {
            ctx.plan.diagnostics.error(
                "composite-attribute-type", a.origin.span,
                fmt::format("attribute {}.{} changes type from {} to {}, but PostgreSQL cannot alter an attribute's "
                            "type while a column stores the type ({})",
                            shown, a.name, type_words(from), type_words(a.type), fmt::join(storing, ", ")),
                fmt::format("add a new attribute of type {} instead, or declare a new type and convert the column "
                            "to it with @using",
                            type_words(a.type)));
            continue;
        }
        ctx.add(AlterAttributeType{t.name, a.name, from, a.type, a.collation},
                fmt::format("{} attribute {} type", title, a.name), a.origin.span);
    }
    if (old.comment != t.comment)
        ctx.add(SetCompositeTypeComment{t.name, old.comment, t.comment}, title + " comment", t.origin.span);
}

}  // namespace

void match_user_types(PlanContext& ctx) {
    match_kind<ir::Domain>(ctx, ctx.after.domains, "domain", &ir::find_domain);
    match_kind<ir::CompositeType>(ctx, ctx.after.composite_types, "type", &ir::find_composite_type);
}

void plan_user_types(PlanContext& ctx) {
    std::set<ir::QualifiedName> claimed;
    std::vector<const ir::Domain*> new_domains;
    std::vector<const ir::CompositeType*> new_composites;
    for (const ir::Domain& d : ctx.after.domains) {
        const ir::Domain* old = before_domain(ctx, d);
        if (!old) {
            new_domains.push_back(&d);
            continue;
        }
        claimed.insert(old->name);
        plan_kept_domain(ctx, *old, d);
    }
    for (const ir::CompositeType& t : ctx.after.composite_types) {
        const ir::CompositeType* old = before_composite(ctx, t);
        if (!old) {
            new_composites.push_back(&t);
            continue;
        }
        claimed.insert(old->name);
        plan_kept_composite(ctx, *old, t);
    }
    create_in_order(ctx, new_domains, new_composites);
    // Drops: a composite type before the domains it contains, each after what uses it is gone.
    for (const ir::CompositeType& t : ctx.before.composite_types)
        if (!claimed.count(t.name)) ctx.add(DropCompositeType{t.name}, "- type " + ir::display_name(t.name));
    for (const ir::Domain& d : ctx.before.domains)
        if (!claimed.count(d.name)) ctx.add(DropDomain{d.name}, "- domain " + ir::display_name(d.name));
}

}  // namespace schemac::plan
