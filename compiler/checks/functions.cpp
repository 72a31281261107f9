// Checks of functions, procedures and triggers: no two functions with one signature; each
// trigger executes a function of no arguments returning trigger (one declared here, one
// PostgreSQL provides, or one of a declared extension's), and the columns of `update of` exist.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "compiler/checks/checks.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/source/suggest.hpp"

namespace schemac::checks {
namespace {

// Trigger functions of extensions, by the extension that provides them.
const std::map<std::string, std::string, std::less<>>& extension_trigger_functions() {
    static const std::map<std::string, std::string, std::less<>> functions = {
        {"autoinc", "autoinc"},
        {"check_foreign_key", "refint"},
        {"check_primary_key", "refint"},
        {"insert_username", "insert_username"},
        {"lo_manage", "lo"},
        {"moddatetime", "moddatetime"},
    };
    return functions;
}

bool is_trigger_type(const std::optional<ir::Type>& type) {
    return type && type->schema.empty() && type->name == "trigger" && type->array_dimensions == 0;
}

std::string return_text(const ir::Function& f) {
    if (!f.returns_table.empty()) return "a table";
    if (!f.returns) return "nothing";
    return (f.returns_set ? "setof " : "") + render_type(*f.returns);
}

void check_trigger(const ir::Database& db, const ir::Trigger& t, const std::string& on, Diagnostics& out) {
    Span at = t.origin.detail.known() ? t.origin.detail : t.origin.span;
    std::string shown = ir::display_name(t.function);
    if (t.function.schema == "pg_catalog") return;  // lowering names PostgreSQL's own only
    std::vector<const ir::Function*> named = ir::functions_named(db, t.function);
    if (named.empty()) {
        auto known = extension_trigger_functions().find(t.function.name);
        if (known != extension_trigger_functions().end()) {
            bool declared = std::any_of(db.extensions.begin(), db.extensions.end(), [&](const ir::Extension& x) {
                return x.name == known->second;
            });
            if (declared) return;
            out.error("trigger-function", at,
                      fmt::format("trigger {} on {}: {}() comes from the extension {}, which is not declared", t.name,
                                  on, t.function.name, known->second),
                      fmt::format("add a line: extension {}", known->second));
            return;
        }
        bool managed = std::any_of(db.schemas.begin(), db.schemas.end(), [&](const ir::Schema& s) {
            return s.name == t.function.schema;
        });
        if (!managed) return;  // another schema's (an extension's): not schemac's to know
        std::vector<std::string> candidates;
        for (const ir::Function& f : db.functions)
            if (is_trigger_type(f.returns)) candidates.push_back(ir::display_name(f.name));
        std::string help = fmt::format(
            "declare it: function {}() returns trigger language plpgsql as $$ begin ... return new; end $$", shown);
        if (auto similar = closest_name(shown, {candidates.begin(), candidates.end()}))
            help = fmt::format("did you mean '{}'?", *similar);
        out.error("trigger-function", at,
                  fmt::format("trigger {} on {} executes {}(), which is not declared", t.name, on, shown), help);
        return;
    }
    if (std::any_of(named.begin(), named.end(), [](const ir::Function* f) { return f->language.empty(); }))
        return;  // one lowering could not read, and has said so
    auto no_arguments = std::find_if(named.begin(), named.end(), [](const ir::Function* f) {
        return ir::input_types(*f).empty();
    });
    if (no_arguments == named.end()) {
        Diagnostic& d = out.error(
            "trigger-function", at,
            fmt::format("trigger {} on {}: a trigger function takes no arguments, and {} has none of that kind", t.name,
                        on, shown),
            "declare it as " + shown +
                "() returns trigger; values written in execute function f('a', 'b') reach it as TG_ARGV");
        for (const ir::Function* f : named)
            d.notes.push_back({f->origin.span, fmt::format("{} is declared here", ir::function_signature(*f))});
        return;
    }
    const ir::Function& f = **no_arguments;
    if (f.language.empty()) return;  // lowering could not read it, and has said so
    if (f.procedure) {
        out.error("trigger-function", at,
                  fmt::format("trigger {} on {} executes {}, a procedure", t.name, on, ir::function_signature(f)),
                  "a trigger executes a function: declare it as function ... returns trigger")
            .notes.push_back({f.origin.span, "declared here"});
        return;
    }
    if (!is_trigger_type(f.returns)) {
        out.error("trigger-function", at,
                  fmt::format("trigger {} on {} executes {}, which returns {}, not trigger", t.name, on,
                              ir::function_signature(f), return_text(f)),
                  "a trigger function is declared `returns trigger`")
            .notes.push_back({f.origin.span, "declared here"});
    }
}

}  // namespace

void duplicate_signatures(const ir::Database& db, Diagnostics& out) {
    // Sorted by function_key, so repeats are neighbours (and keep their declared order).
    for (std::size_t i = 1; i < db.functions.size(); ++i) {
        const ir::Function& previous = db.functions[i - 1];
        const ir::Function& f = db.functions[i];
        if (ir::function_key(previous) != ir::function_key(f) || previous.language.empty() || f.language.empty())
            continue;
        out.error("duplicate-name", f.origin.span,
                  fmt::format("{} {} is declared twice", f.procedure ? "procedure" : "function",
                              ir::function_signature(f)),
                  "functions are told apart by their input argument types: change them, rename one, or remove "
                  "the repeat")
            .notes.push_back({previous.origin.span, "previously declared here"});
    }
}

void trigger_functions(const ir::Database& db, Diagnostics& out) {
    for (const ir::Table& t : db.tables)
        for (const ir::Trigger& g : t.triggers) check_trigger(db, g, ir::display_name(t.name), out);
    for (const ir::View& v : db.views)
        for (const ir::Trigger& g : v.triggers) check_trigger(db, g, ir::display_name(v.name), out);
}

void trigger_columns(const ir::Database& db, Diagnostics& out) {
    for (const ir::Table& t : db.tables) {
        for (const ir::Trigger& g : t.triggers) {
            for (const std::string& column : g.update_columns) {
                if (ir::find_column(t, column)) continue;
                std::vector<std::string_view> names;
                for (const ir::Column& c : t.columns) names.push_back(c.name);
                std::string help = fmt::format("name one of the columns of {}", ir::display_name(t.name));
                if (auto similar = closest_name(column, names)) help = fmt::format("did you mean '{}'?", *similar);
                out.error("unknown-column", g.origin.span,
                          fmt::format("trigger {} fires on updates of '{}', which table {} does not have", g.name,
                                      column, ir::display_name(t.name)),
                          help);
            }
        }
    }
}

}  // namespace schemac::checks
