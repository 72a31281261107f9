#include <fmt/format.h>

#include <functional>

#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/checks/checks.hpp"
#include "compiler/ir/name_table.hpp"

namespace schemac::checks {
namespace {

// One namespace: the first declaration of each name, and an error for every later one.
// The scope's words (" in table t") are made only for an error: most namespaces have none.
class Namespace {
public:
    Namespace(Diagnostics& out, std::function<std::string()> scope) : out_(out), scope_(std::move(scope)) {}

    // `name` and `origin` must outlive the namespace (they are the IR's).
    void declare(const std::string& name, const char* kind, const ir::Origin& origin) {
        auto [first, added] = by_name_.insert(name, First{kind, &origin.span});
        if (added) return;
        std::string scope = scope_();
        std::string message = std::string_view(first->kind) == kind
                                  ? fmt::format("{} '{}' is defined twice{}", kind, name, scope)
                                  : fmt::format("{} '{}' has the same name as {} '{}'{}", kind, name,
                                                article(first->kind), name, scope);
        out_.error("duplicate-name", origin.span, message, "rename one of them (or remove the repeat)")
            .notes.push_back({*first->span, "previously defined here"});
    }

    // The same namespace emptied for another scope (a table's columns after the last table's),
    // keeping its room.
    void restart(std::function<std::string()> scope) {
        scope_ = std::move(scope);
        by_name_.clear();
    }

private:
    // Two pointers: 200,000 of them are held at the compile's peak.
    struct First {
        const char* kind;
        const Span* span;
    };
    static std::string article(std::string_view kind) {
        bool vowel = !kind.empty() && std::string_view("aeiou").find(kind.front()) != std::string_view::npos;
        return (vowel ? "an " : "a ") + std::string(kind);
    }
    Diagnostics& out_;
    std::function<std::string()> scope_;
    ir::NameTable<First> by_name_;  // no allocation per name, and its room kept by restart
};

std::string duplicate_scope_none() { return ""; }

// " in table billing.invoices": where a repeated name is, said after it.
// (Two pointers: std::function keeps them without allocating.)
template <class Object>
std::function<std::string()> duplicate_scope(const char* kind, const Object& object) {
    return [kind, object = &object] { return fmt::format(" in {} {}", kind, ir::display_name(object->name)); };
}

}  // namespace

void duplicate_names(const ir::Database& db, Diagnostics& out) {
    Namespace schemas(out, duplicate_scope_none);
    for (const ir::Schema& s : db.schemas) {
        if (s.origin.span.known()) schemas.declare(s.name, "schema", s.origin);
    }
    Namespace extensions(out, duplicate_scope_none);
    for (const ir::Extension& x : db.extensions) extensions.declare(x.name, "extension", x.origin);

    // Types (tables have a row type) and relations (tables, indexes) share a namespace per schema.
    std::map<std::string, Namespace> types, relations;
    auto space = [&](std::map<std::string, Namespace>& spaces, const std::string& schema) -> Namespace& {
        return spaces.try_emplace(schema, out, [schema] { return fmt::format(" in schema {}", schema); }).first->second;
    };
    for (const ir::Enum& e : db.enums) space(types, e.name.schema).declare(e.name.name, "enum", e.origin);
    for (const ir::Domain& d : db.domains) space(types, d.name.schema).declare(d.name.name, "domain", d.origin);
    for (const ir::CompositeType& c : db.composite_types)
        space(types, c.name.schema).declare(c.name.name, "composite type", c.origin);
    for (const ir::Table& t : db.tables) space(types, t.name.schema).declare(t.name.name, "table", t.origin);
    // Views share the namespace of tables (pg_class, and a row type each).
    for (const ir::View& v : db.views)
        space(types, v.name.schema).declare(v.name.name, v.materialized ? "materialized view" : "view", v.origin);
    for (const ir::Table& t : db.tables) {
        Namespace& rel = space(relations, t.name.schema);
        if (t.primary_key) rel.declare(t.primary_key->name, "primary key", t.primary_key->origin);
        for (const ir::Unique& u : t.uniques) rel.declare(u.name, "unique constraint", u.origin);
        for (const ir::Index& i : t.indexes) rel.declare(i.name, "index", i.origin);
    }
    Namespace columns(out, duplicate_scope_none), constraints(out, duplicate_scope_none),
        triggers(out, duplicate_scope_none);
    for (const ir::Table& t : db.tables) {
        auto scope = duplicate_scope("table", t);
        columns.restart(scope);
        for (const ir::Column& c : t.columns) columns.declare(c.name, "column", c.origin);
        constraints.restart(scope);
        for (const ir::Check& c : t.checks) constraints.declare(c.name, "check constraint", c.origin);
        for (const ir::ForeignKey& f : t.foreign_keys) constraints.declare(f.name, "foreign key", f.origin);
        triggers.restart(scope);
        for (const ir::Trigger& g : t.triggers) triggers.declare(g.name, "trigger", g.origin);
    }
    for (const ir::View& v : db.views) {
        Namespace& rel = space(relations, v.name.schema);
        for (const ir::Index& i : v.indexes) rel.declare(i.name, "index", i.origin);
        // A column the query names without an alias has no place of its own: the view's name stands in.
        Namespace columns(out, duplicate_scope("view", v));
        std::vector<ir::Origin> origins;
        for (const ir::ViewColumn& c : v.columns) origins.push_back(c.origin.span.known() ? c.origin : v.origin);
        for (std::size_t i = 0; i < v.columns.size(); ++i) columns.declare(v.columns[i].name, "column", origins[i]);
        Namespace triggers(out, duplicate_scope("view", v));
        for (const ir::Trigger& g : v.triggers) triggers.declare(g.name, "trigger", g.origin);
    }
    for (const ir::Domain& d : db.domains) {
        Namespace checks(out, duplicate_scope("domain", d));
        for (const ir::Check& c : d.checks) checks.declare(c.name, "check constraint", c.origin);
    }
    for (const ir::CompositeType& c : db.composite_types) {
        Namespace attributes(out, duplicate_scope("type", c));
        for (const ir::CompositeAttribute& a : c.attributes) attributes.declare(a.name, "attribute", a.origin);
    }
    for (const ir::Enum& e : db.enums) {
        Namespace values(out, duplicate_scope("enum", e));
        for (const ir::EnumValue& v : e.values) values.declare(v.name, "value", v.origin);
    }
}

}  // namespace schemac::checks
