// Checks of names themselves: their length, and the old names @was claims.
#include <fmt/format.h>

#include <map>

#include "compiler/checks/checks.hpp"
#include "compiler/ir/identifiers.hpp"

namespace schemac::checks {
namespace {

void check_length(const std::string& name, std::string_view kind, const ir::Origin& origin, Diagnostics& out) {
    if (name.size() <= max_identifier_bytes) return;
    std::size_t cut = max_identifier_bytes;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    out.error("identifier-too-long", origin.span,
              fmt::format("{} name is {} bytes long; PostgreSQL names are at most {} bytes", kind, name.size(),
                          max_identifier_bytes),
              fmt::format("shorten it; PostgreSQL would silently cut it to '{}'", name.substr(0, cut)));
}

// Every @was in one scope: the first claim of each old name, and an error for a second one.
class Claims {
public:
    explicit Claims(Diagnostics& out) : out_(out) {}
    // `moved`: the old name is in another schema (a table or enum that moves), so it may equal
    // `name`; `self_help` and `shown` (the qualified name) word a @was that names the object itself.
    void claim(const std::optional<std::string>& was, const std::string& name, std::string_view kind,
               const ir::Origin& origin, bool moved = false, std::string_view self_help = {},
               std::string_view shown = {}) {
        if (!was) return;
        if (*was == name && !moved) {
            out_.error("was-self", origin.span,
                       fmt::format("{} '{}' says @was({}), its own name", kind, shown.empty() ? name : shown, name),
                       self_help.empty()
                           ? "@was names the previous name; remove it once the rename has been applied everywhere"
                           : std::string(self_help));
            return;
        }
        auto [it, fresh] = first_.emplace(*was, std::make_pair(name, origin.span));
        if (fresh) return;
        out_.error("was-claimed-twice", origin.span,
                   fmt::format("{} '{}' and '{}' both say they were '{}'", kind, it->second.first, name, *was),
                   "only one object can be the renamed old one; remove one of the @was")
            .notes.push_back({it->second.second, "the first claim is here"});
    }

private:
    Diagnostics& out_;
    std::map<std::string, std::pair<std::string, Span>> first_;
};

// For an unqualified @was that names a table or enum itself: the old name is in its own
// schema, so it says nothing unless it moves from another one.
std::string moved_help(const ir::QualifiedName& name, std::string_view kind) {
    return fmt::format("an unqualified @was name is in the {}'s own schema ({}); for {} {} that moves from another "
                       "schema, qualify it: @was({}.{}); else remove it once the rename has been applied everywhere",
                       kind, name.schema, kind == "enum" ? "an" : "a", kind,
                       name.schema == "public" ? "old_schema" : "public", name.name);
}

}  // namespace

void identifier_lengths(const ir::Database& db, Diagnostics& out) {
    for (const ir::Schema& s : db.schemas) check_length(s.name, "schema", s.origin, out);
    for (const ir::Enum& e : db.enums) {
        check_length(e.name.name, "enum", e.origin, out);
        for (const ir::EnumValue& v : e.values) check_length(v.name, "enum value", v.origin, out);
    }
    for (const ir::Table& t : db.tables) {
        check_length(t.name.name, "table", t.origin, out);
        for (const ir::Column& c : t.columns) check_length(c.name, "column", c.origin, out);
        if (t.primary_key) check_length(t.primary_key->name, "primary key", t.primary_key->origin, out);
        for (const ir::Unique& u : t.uniques) check_length(u.name, "constraint", u.origin, out);
        for (const ir::Check& c : t.checks) check_length(c.name, "constraint", c.origin, out);
        for (const ir::ForeignKey& f : t.foreign_keys) check_length(f.name, "constraint", f.origin, out);
        for (const ir::Index& i : t.indexes) check_length(i.name, "index", i.origin, out);
    }
    for (const ir::View& v : db.views) {
        check_length(v.name.name, "view", v.origin, out);
        for (const ir::ViewColumn& c : v.columns)
            check_length(c.name, "column", c.origin.span.known() ? c.origin : v.origin, out);
        for (const ir::Index& i : v.indexes) check_length(i.name, "index", i.origin, out);
    }
}

void was_claims(const ir::Database& db, Diagnostics& out) {
    std::map<std::string, Claims> tables, enums, relations;
    auto in = [&](std::map<std::string, Claims>& scopes, const std::string& key) -> Claims& {
        return scopes.try_emplace(key, out).first->second;
    };
    for (const ir::Enum& e : db.enums) {
        in(enums, e.was_schema.value_or(e.name.schema))
            .claim(e.was, e.name.name, "enum", e.origin, e.was_schema.has_value(), moved_help(e.name, "enum"),
                   ir::display_name(e.name));
        Claims values(out);
        for (const ir::EnumValue& v : e.values) values.claim(v.was, v.name, "enum value", v.origin);
    }
    // Nearly every object has no @was: its scope is looked up only for one that has.
    for (const ir::Table& t : db.tables) {
        if (t.was)
            in(tables, t.was_schema.value_or(t.name.schema))
                .claim(t.was, t.name.name, "table", t.origin, t.was_schema.has_value(), moved_help(t.name, "table"),
                       ir::display_name(t.name));
        Claims columns(out), constraints(out);
        for (const ir::Column& c : t.columns) columns.claim(c.was(), c.name, "column", c.origin);
        auto rel = [&]() -> Claims& { return in(relations, t.name.schema); };
        if (t.primary_key && t.primary_key->was)
            rel().claim(t.primary_key->was, t.primary_key->name, "primary key", t.primary_key->origin);
        for (const ir::Unique& u : t.uniques)
            if (u.was) rel().claim(u.was, u.name, "constraint", u.origin);
        for (const ir::Index& i : t.indexes)
            if (i.was) rel().claim(i.was, i.name, "index", i.origin);
        for (const ir::Check& c : t.checks) constraints.claim(c.was, c.name, "constraint", c.origin);
        for (const ir::ForeignKey& f : t.foreign_keys) constraints.claim(f.was, f.name, "constraint", f.origin);
    }
    for (const ir::View& v : db.views) {  // one namespace with tables
        std::string_view kind = v.materialized ? "materialized view" : "view";
        in(tables, v.was_schema.value_or(v.name.schema))
            .claim(v.was, v.name.name, kind, v.origin, v.was_schema.has_value(), moved_help(v.name, "view"),
                   ir::display_name(v.name));
        Claims& rel = in(relations, v.name.schema);
        for (const ir::Index& i : v.indexes) rel.claim(i.was, i.name, "index", i.origin);
    }
}

}  // namespace schemac::checks
