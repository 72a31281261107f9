// Lowering of grants: a table's `grant` lines, top-level grants on schemas, sequences, tables,
// views, functions and procedures, the revoke of PUBLIC's execute on a function, and default
// privileges. One ir::Grant per (grantee, privilege, column), `all` expanded to the object's
// privileges, every list sorted (ir::sort_grants); a privilege given twice is an error.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "compiler/ir/privileges.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/lower/lowering.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/sql/implicit_names.hpp"
#include "compiler/sql/pg_parse.hpp"

namespace schemac::lowering {
namespace {

using nlohmann::json;

const char* object_word(syntax::GrantObject object) {
    switch (object) {
        case syntax::GrantObject::schema: return "schema";
        case syntax::GrantObject::sequence: return "sequence";
        case syntax::GrantObject::table: return "table";
        case syntax::GrantObject::view: return "view";
        case syntax::GrantObject::function: return "function";
        case syntax::GrantObject::procedure: return "procedure";
    }
    return "table";
}

// Reports a privilege granted twice to one role on one object (or column); keeps the first.
void drop_repeats(std::vector<ir::Grant>& grants, const std::string& shown, Diagnostics& diagnostics) {
    std::map<std::tuple<std::string, std::string, std::string>, Span> seen;
    std::vector<ir::Grant> kept;
    for (ir::Grant& g : grants) {
        auto [previous, fresh] = seen.emplace(std::tuple{g.grantee, g.privilege, g.column}, g.origin.span);
        if (fresh) {
            kept.push_back(std::move(g));
            continue;
        }
        if (!g.origin.span.known()) continue;  // implied (PUBLIC's execute): nothing written twice
        std::string on = g.column.empty() ? shown : fmt::format("column {} of {}", g.column, shown);
        std::string who = g.grantee == "public" ? "public" : "role " + g.grantee;
        Diagnostic& d = diagnostics.error("duplicate-grant", g.origin.span,
                                          fmt::format("{} is granted {} on {} twice", who, g.privilege, on),
                                          "keep one grant of it");
        if (previous->second.known()) d.notes.push_back({previous->second, "first granted here"});
    }
    grants = std::move(kept);
    ir::sort_grants(grants);
}

}  // namespace

void Lowering::lower_privilege(const syntax::Privilege& privilege, const std::vector<syntax::Grantee>& grantees,
                               bool grant_option, std::string_view kind, const std::vector<std::string>* columns,
                               const std::string& shown, std::vector<ir::Grant>& out) {
    bool on_columns = !privilege.columns.empty();
    if (on_columns && !columns) {
        diagnostics_.error("invalid-privilege", privilege.columns.front().span,
                           fmt::format("a {} has no column privileges", kind),
                           "column lists belong to privileges on tables and views: remove the columns");
        return;
    }
    std::string_view what = on_columns ? "column" : kind;
    const std::vector<std::string>& valid = ir::kind_privileges(what);
    std::vector<std::string> words;
    if (privilege.word == "all") {
        words = valid;
    } else if (std::find(valid.begin(), valid.end(), privilege.word) != valid.end()) {
        words = {privilege.word};
    } else {
        std::vector<std::string_view> candidates(valid.begin(), valid.end());
        std::string help = fmt::format("{} privileges are {}, or all",
                                       on_columns ? "a column's" : "the " + std::string(kind) + "'s",
                                       fmt::join(valid, ", "));
        if (auto similar = closest_name(privilege.word, candidates))
            help = fmt::format("did you mean '{}'? {}", *similar, help);
        diagnostics_.error("invalid-privilege", privilege.span,
                           fmt::format("{} is not a privilege {} can have", privilege.word,
                                       on_columns ? "a column" : "a " + std::string(kind)),
                           help);
        return;
    }
    std::vector<std::string> granted_columns;
    for (const syntax::Name& column : privilege.columns) {
        if (columns && std::find(columns->begin(), columns->end(), column.value) == columns->end()) {
            std::vector<std::string_view> names(columns->begin(), columns->end());
            std::string help = fmt::format("name a column of {}", shown);
            if (auto similar = closest_name(column.value, names)) help = fmt::format("did you mean '{}'?", *similar);
            diagnostics_.error("unknown-column", column.span, fmt::format("{} has no column {}", shown, column.written),
                               help);
            continue;
        }
        granted_columns.push_back(column.value);
    }
    if (on_columns && granted_columns.empty()) return;
    if (!on_columns) granted_columns.push_back("");
    for (const syntax::Grantee& grantee : grantees) {
        for (const std::string& column : granted_columns)
            for (const std::string& word : words)
                out.push_back(
                    ir::Grant{grantee.value, word, column, grant_option, ir::Origin{privilege.span, grantee.span}});
    }
}

const ir::Function* Lowering::grant_function(const syntax::GrantTarget& target, bool procedure) {
    ir::QualifiedName name = qualified(target.name);
    std::vector<const ir::Function*> overloads = ir::functions_named(db_, name);
    std::string what = procedure ? "procedure" : "function";
    const ir::Function* found = nullptr;
    if (!target.arguments) {
        if (overloads.size() == 1) found = overloads.front();
    } else {
        std::string sql = "GRANT EXECUTE ON FUNCTION f(" + target.arguments->text + ") TO x";
        PgParse parsed = pg_parse(sql);
        if (!parsed.ok()) {
            std::size_t offset = cursor_byte_offset(sql, parsed.cursor);
            std::size_t prefix = std::string_view("GRANT EXECUTE ON FUNCTION f(").size();
            auto at = target.arguments->span.begin + static_cast<std::uint32_t>(offset > prefix ? offset - prefix : 0);
            diagnostics_.error("sql-syntax", Span{target.arguments->span.file, at, at + 1},
                               fmt::format("invalid argument types of {} {}: {}", what, ir::display_name(name),
                                           parsed.error),
                               "write the input argument types, e.g. f(bigint, text), or f() for none");
            return nullptr;
        }
        json tree = json::parse(*parsed.tree);
        const json& objects = tree["stmts"][0]["stmt"]["GrantStmt"]["objects"][0]["ObjectWithArgs"];
        ir::Function probe;
        probe.name = name;
        for (const json& arg : objects.value("objargs", json::array())) {
            const json& type = arg["TypeName"];
            ir::FunctionArgument a;
            a.type = routine_type(type, target.arguments->span, name.schema);
            probe.arguments.push_back(std::move(a));
        }
        found = ir::find_function(db_, ir::function_key(probe));
        if (!found) {
            std::vector<std::string> signatures;
            for (const ir::Function* f : overloads) signatures.push_back(ir::function_signature(*f));
            std::string help = signatures.empty()
                                   ? fmt::format("declare {0} {1}(...), or grant on one that is declared", what,
                                                 ir::display_name(name))
                                   : fmt::format("the declared ones: {}", fmt::join(signatures, ", "));
            diagnostics_.error("unknown-function", target.span,
                               fmt::format("{} {} is not declared", what, ir::function_signature(probe)), help);
            return nullptr;
        }
    }
    if (!found) {
        std::vector<std::string> signatures;
        for (const ir::Function* f : overloads) signatures.push_back(ir::function_signature(*f));
        diagnostics_.error(
            "unknown-function", target.span,
            overloads.empty() ? fmt::format("{} {} is not declared", what, ir::display_name(name))
                              : fmt::format("{} {} has overloads: say which one", what, ir::display_name(name)),
            overloads.empty() ? fmt::format("declare {} {}(...)", what, ir::display_name(name))
                              : fmt::format("write its argument types: {}", fmt::join(signatures, " or ")));
        return nullptr;
    }
    if (found->procedure != procedure) {
        diagnostics_.error("wrong-object-kind", target.span,
                           fmt::format("{} is a {}", ir::function_signature(*found),
                                       found->procedure ? "procedure" : "function"),
                           fmt::format("write `on {} {}`", found->procedure ? "procedure" : "function",
                                       ir::function_signature(*found)));
        return nullptr;
    }
    return found;
}

void Lowering::lower_grant(const syntax::Grant& g, std::set<ir::FunctionKey>& revoked) {
    using syntax::GrantObject;
    for (const syntax::GrantTarget& target : g.targets) {
        if (target.arguments && g.object != GrantObject::function && g.object != GrantObject::procedure) {
            diagnostics_.error("syntax", target.arguments->span,
                               fmt::format("a {} takes no argument types", object_word(g.object)),
                               "argument types name a function or procedure: remove the parentheses");
            continue;
        }
        std::vector<ir::Grant>* grants = nullptr;
        std::string kind = object_word(g.object);
        std::string shown;
        std::vector<std::string> column_names;
        const std::vector<std::string>* columns = nullptr;
        bool public_allowed = true;
        switch (g.object) {
            case GrantObject::schema: {
                if (target.name.schema) {
                    diagnostics_.error("syntax", target.name.span, "a schema's name has no schema",
                                       "write the schema's name alone, e.g. on schema billing");
                    continue;
                }
                const std::string& schema = target.name.name.value;
                auto it = std::find_if(db_.schemas.begin(), db_.schemas.end(), [&](const ir::Schema& s) {
                    return s.name == schema;
                });
                if (it == db_.schemas.end() && schema == public_schema_) {
                    db_.schemas.push_back(ir::Schema{public_schema_, std::nullopt, {}, {}});
                    std::sort(db_.schemas.begin(), db_.schemas.end(),
                              [](const ir::Schema& a, const ir::Schema& b) { return a.name < b.name; });
                    it = std::find_if(db_.schemas.begin(), db_.schemas.end(),
                                      [&](const ir::Schema& s) { return s.name == schema; });
                }
                if (it == db_.schemas.end()) {
                    std::vector<std::string_view> names;
                    for (const ir::Schema& s : db_.schemas) names.push_back(s.name);
                    auto similar = closest_name(schema, names);
                    diagnostics_.error("unknown-schema", target.name.span,
                                       fmt::format("schema {} is not declared", target.name.name.written),
                                       similar ? fmt::format("did you mean '{}'?", *similar)
                                               : fmt::format("declare it: schema {}", target.name.name.written));
                    continue;
                }
                grants = &it->grants;
                shown = "schema " + schema;
                public_allowed = schema != public_schema_;
                break;
            }
            case GrantObject::table:
            case GrantObject::view: {
                ir::QualifiedName name = qualified(target.name);
                shown = ir::display_name(name);
                if (ir::Table* t = const_cast<ir::Table*>(ir::find_table(db_, name));
                    t && g.object == GrantObject::table) {
                    grants = &t->grants;
                    for (const ir::Column& c : t->columns) column_names.push_back(c.name);
                    shown = "table " + shown;
                } else if (ir::View* v = const_cast<ir::View*>(ir::find_view(db_, name))) {
                    grants = &v->grants;
                    for (const ir::ViewColumn& c : v->columns) column_names.push_back(c.name);
                    shown = "view " + shown;
                    kind = "view";
                } else {
                    bool is_table = ir::find_table(db_, name) != nullptr;
                    std::vector<std::string> relations;
                    for (const ir::Table& t : db_.tables) relations.push_back(ir::display_name(t.name));
                    for (const ir::View& v : db_.views) relations.push_back(ir::display_name(v.name));
                    auto similar = closest_name(shown, {relations.begin(), relations.end()});
                    diagnostics_.error(is_table ? "wrong-object-kind" : "unknown-relation", target.name.span,
                                       is_table ? fmt::format("{} is a table, not a view", shown)
                                                : fmt::format("{} {} is not declared", kind, shown),
                                       is_table  ? fmt::format("write `on table {}`, or grant inside the table", shown)
                                       : similar ? fmt::format("did you mean '{}'?", *similar)
                                                 : "declare it, or grant on a table or view that is declared");
                    continue;
                }
                columns = &column_names;
                break;
            }
            case GrantObject::sequence: {
                ir::QualifiedName name = qualified(target.name);
                if (ir::Sequence* free = const_cast<ir::Sequence*>(ir::find_sequence(db_, name))) {
                    grants = &free->grants;
                    shown = "sequence " + ir::display_name(name);
                    break;
                }
                std::vector<std::string> sequences;
                for (const ir::Sequence& free : db_.sequences) sequences.push_back(ir::display_name(free.name));
                std::map<ir::QualifiedName, ImplicitSequence> made = implicit_sequences(db_);
                for (const auto& [sequence, column] : made) sequences.push_back(ir::display_name(sequence));
                bool found = made.count(name) > 0;
                if (!found) {
                    auto similar = closest_name(ir::display_name(name), {sequences.begin(), sequences.end()});
                    diagnostics_.error(
                        "unknown-sequence", target.name.span,
                        fmt::format("sequence {} is not declared, nor the sequence of an identity or serial column",
                                    ir::display_name(name)),
                        similar ? fmt::format("did you mean '{}'?", *similar)
                                : "declare it (`sequence NAME`), or name the sequence of an identity or "
                                  "serial column, TABLE_COLUMN_seq as PostgreSQL names it");
                    continue;
                }
                auto it = std::find_if(db_.sequence_grants.begin(), db_.sequence_grants.end(),
                                       [&](const ir::SequenceGrants& s) { return s.sequence == name; });
                if (it == db_.sequence_grants.end()) {
                    db_.sequence_grants.push_back(ir::SequenceGrants{name, {}, origin(target.name.span)});
                    it = std::prev(db_.sequence_grants.end());
                }
                grants = &it->grants;
                shown = "sequence " + ir::display_name(name);
                break;
            }
            case GrantObject::function:
            case GrantObject::procedure: {
                const ir::Function* f = grant_function(target, g.object == GrantObject::procedure);
                if (!f) continue;
                shown = kind + " " + ir::function_signature(*f);
                if (g.revoke) {
                    if (!revoked.insert(ir::function_key(*f)).second)
                        diagnostics_.error("duplicate-grant", g.span,
                                           fmt::format("public's execute on {} is revoked twice", shown),
                                           "keep one revoke");
                    continue;
                }
                grants = &const_cast<ir::Function*>(f)->grants;
                break;
            }
        }
        for (const syntax::Grantee& grantee : g.grantees) {
            if (!public_allowed && !grantee.written.empty() && grantee.written.front() != '"' &&
                grantee.value == "public") {
                diagnostics_.error("public-not-allowed", grantee.span,
                                   "PUBLIC's privileges on the schema public are not managed",
                                   "what PUBLIC may do in schema public depends on how the database was created; "
                                   "grant to a declared role instead");
                continue;
            }
            check_grantee(grantee, true, "a grant");
        }
        for (const syntax::Privilege& privilege : g.privileges)
            lower_privilege(privilege, g.grantees, g.grant_option, kind, columns, shown, *grants);
    }
}

void Lowering::lower_default_privileges(const syntax::DefaultPrivileges& d) {
    ir::DefaultPrivileges out;
    out.objects = d.objects;
    out.origin = origin(d.span);
    if (d.for_role && check_grantee(*d.for_role, false, "`default privileges for role`"))
        out.for_role = d.for_role->value;
    if (d.schema) {
        out.schema = d.schema->value;
        bool known = std::any_of(db_.schemas.begin(), db_.schemas.end(), [&](const ir::Schema& s) {
            return s.name == out.schema;
        });
        if (!known && out.schema != public_schema_)
            diagnostics_.error("unknown-schema", d.schema->span,
                               fmt::format("schema {} is not declared", d.schema->written),
                               fmt::format("declare it: schema {}", d.schema->written));
        if (d.objects == ir::DefaultPrivilegeObjects::schemas)
            diagnostics_.error("default-privileges", d.schema->span,
                               "default privileges on schemas cannot be limited to a schema",
                               "remove `in schema ...`: schemas are not created inside schemas");
    }
    std::vector<syntax::Grantee> grantees;
    for (const syntax::Grantee& grantee : d.grantees)
        if (check_grantee(grantee, false, "default privileges")) grantees.push_back(grantee);
    std::string shown = fmt::format("{} created later", default_privilege_objects_text(d.objects));
    for (const syntax::Privilege& privilege : d.privileges) {
        if (!privilege.columns.empty()) {
            diagnostics_.error("invalid-privilege", privilege.columns.front().span,
                               "default privileges have no column privileges",
                               "grant on whole objects here; grant column privileges inside the table");
            continue;
        }
        lower_privilege(privilege, grantees, d.grant_option, ir::default_privileges_kind(d.objects), nullptr, shown,
                        out.grants);
    }
    // Several lines with one `for role`, `in schema` and `on` form one set (roles may hold different
    // privileges, and only one list fits a line); a privilege given twice to a role is an error.
    for (ir::DefaultPrivileges& other : db_.default_privileges) {
        if (other.for_role != out.for_role || other.schema != out.schema || other.objects != out.objects) continue;
        for (ir::Grant& g : out.grants) other.grants.push_back(std::move(g));
        return;
    }
    db_.default_privileges.push_back(std::move(out));
}

void Lowering::lower_access(const std::vector<syntax::File>& files) {
    std::set<ir::FunctionKey> revoked;
    for (const syntax::File& file : files) {
        for (const syntax::Declaration& declaration : file.declarations) {
            if (auto* g = std::get_if<syntax::Grant>(&declaration))
                lower_grant(*g, revoked);
            else if (auto* d = std::get_if<syntax::DefaultPrivileges>(&declaration))
                lower_default_privileges(*d);
        }
    }
    // A new function can be executed by PUBLIC unless the schema revokes it.
    for (ir::Function& f : db_.functions) {
        bool explicit_public = std::any_of(f.grants.begin(), f.grants.end(), [](const ir::Grant& g) {
            return g.grantee == "public" && g.privilege == "execute";
        });
        if (revoked.count(ir::function_key(f)) || explicit_public) continue;
        f.grants.insert(f.grants.begin(), ir::Grant{"public", "execute", "", false, {}});
    }
    finish_grants();
}

void Lowering::finish_grants() {
    for (ir::Table& t : db_.tables) {
        drop_repeats(t.grants, "table " + ir::display_name(t.name), diagnostics_);
        std::stable_sort(t.policies.begin(), t.policies.end(),
                         [](const ir::Policy& a, const ir::Policy& b) { return a.name < b.name; });
    }
    for (ir::View& v : db_.views) drop_repeats(v.grants, "view " + ir::display_name(v.name), diagnostics_);
    for (ir::Schema& s : db_.schemas) drop_repeats(s.grants, "schema " + s.name, diagnostics_);
    for (ir::Function& f : db_.functions)
        drop_repeats(f.grants, (f.procedure ? "procedure " : "function ") + ir::function_signature(f), diagnostics_);
    for (ir::Sequence& s : db_.sequences) drop_repeats(s.grants, "sequence " + ir::display_name(s.name), diagnostics_);
    for (ir::SequenceGrants& s : db_.sequence_grants)
        drop_repeats(s.grants, "sequence " + ir::display_name(s.sequence), diagnostics_);
    for (ir::DefaultPrivileges& d : db_.default_privileges)
        drop_repeats(d.grants, fmt::format("{} created later", default_privilege_objects_text(d.objects)),
                     diagnostics_);
    ir::sort_top_level(db_);  // the sequence grants, default privileges and roles made here
}

}  // namespace schemac::lowering
