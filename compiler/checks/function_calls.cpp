// Checks that need the SQL of bodies and expressions: a function body that PostgreSQL's parser
// (SQL, or PL/pgSQL) refuses, reported at the .schema line and column inside the body; and calls
// of a declared function's name, from defaults, checks, generated columns, index expressions,
// trigger conditions and view bodies, that no overload takes (by the number of arguments).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>

#include "compiler/checks/checks.hpp"
#include "compiler/sql/function_body.hpp"

namespace schemac::checks {
namespace {

// How many arguments a call of `f` may pass: its inputs, less those with defaults; any
// number more with a variadic one.
std::pair<std::size_t, std::size_t> arity(const ir::Function& f) {
    std::size_t least = 0, most = 0;
    bool variadic = false;
    for (const ir::FunctionArgument& a : f.arguments) {
        if (a.mode == ir::ArgumentMode::out) continue;
        ++most;
        if (!a.default_value && a.mode != ir::ArgumentMode::variadic) least = most;
        if (a.mode == ir::ArgumentMode::variadic) variadic = true;
    }
    if (variadic) most = std::numeric_limits<std::size_t>::max();
    return {least, most};
}

class Calls {
public:
    Calls(const ir::Database& db, Diagnostics& out) : db_(db), out_(out) {}

    // The calls of `sql` (an expression, or a view's query) against the declared functions.
    void check(const std::string& sql, Span at, const std::string& where) {
        if (db_.functions.empty()) return;
        for (const FunctionCall& call : sql_calls(sql)) check_call(call, at, where);
    }

private:
    void check_call(const FunctionCall& call, Span at, const std::string& where) {
        ir::QualifiedName name{call.schema.value_or("public"), call.name};
        std::vector<const ir::Function*> named = ir::functions_named(db_, name);
        if (named.empty()) return;  // a built-in one, or an extension's
        if (std::any_of(named.begin(), named.end(), [](const ir::Function* f) { return f->language.empty(); }))
            return;  // lowering could not read one, and has said so
        std::vector<const ir::Function*> fitting;
        for (const ir::Function* f : named) {
            auto [least, most] = arity(*f);
            if (call.argument_count >= least && call.argument_count <= most) fitting.push_back(f);
        }
        std::string shown = ir::display_name(name);
        if (fitting.empty()) {
            std::vector<std::string> signatures;
            for (const ir::Function* f : named) signatures.push_back(ir::function_signature(*f));
            Diagnostic& d = out_.error(
                "function-call", at,
                fmt::format("{} calls {} with {} argument{}, and no {} of that name takes {}", where, shown,
                            call.argument_count, call.argument_count == 1 ? "" : "s",
                            named.front()->procedure ? "procedure" : "function",
                            call.argument_count == 1 ? "one" : "that many"),
                fmt::format("declared: {}", fmt::join(signatures, ", ")));
            for (const ir::Function* f : named) d.notes.push_back({f->origin.span, "declared here"});
            return;
        }
        if (std::all_of(fitting.begin(), fitting.end(), [](const ir::Function* f) { return f->procedure; })) {
            out_.error("function-call", at, fmt::format("{} calls {}, a procedure", where, shown),
                       "a procedure is run with CALL, not used in an expression: declare a function instead")
                .notes.push_back({fitting.front()->origin.span, "declared here"});
        }
    }

    const ir::Database& db_;
    Diagnostics& out_;
};

// The span of the word (or the one character) at `at` in the source text.
Span word_at(const SourceSet& sources, std::uint32_t file, std::uint32_t at, std::uint32_t limit) {
    const std::string& text = sources.file(file).text();
    std::uint32_t end = at;
    while (end < limit && end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    if (end == at) end = at + 1;
    return Span{file, at, end};
}

}  // namespace

void function_bodies(const ir::Database& db, const SourceSet& sources, Diagnostics& out) {
    for (const ir::Function& f : db.functions) {
        // SQL-standard bodies are read by PostgreSQL's grammar with the declaration (lowering).
        if (f.language.empty() || f.sql_body || !f.origin.detail.known()) continue;
        BodyFacts facts = function_body_facts(f);
        if (!facts.checked || facts.valid) continue;
        Span body = f.origin.detail;
        auto at = body.begin + static_cast<std::uint32_t>(std::min<std::size_t>(facts.error_offset, f.body.size()));
        out.error("sql-syntax", word_at(sources, body.file, at, body.end),
                  fmt::format("invalid {} body of {}: {}", f.language, ir::function_signature(f), facts.error),
                  f.language == "plpgsql" ? "the body is PL/pgSQL: check it with psql (CREATE FUNCTION) if in doubt"
                                          : "the body is PostgreSQL SQL: check it with psql if in doubt");
    }
}

void function_calls(const ir::Database& db, Diagnostics& out) {
    if (db.functions.empty()) return;  // nothing a call could name (and no words to make for it)
    Calls calls(db, out);
    for (const ir::Table& t : db.tables) {
        std::string table = ir::display_name(t.name);
        for (const ir::Column& c : t.columns) {
            Span at = c.origin.detail.known() ? c.origin.detail : c.origin.span;
            if (c.default_value) calls.check(*c.default_value, at, fmt::format("the default of {}.{}", table, c.name));
            if (c.generated())
                calls.check(*c.generated(), c.origin.span, fmt::format("generated column {}.{}", table, c.name));
        }
        for (const ir::Check& c : t.checks) calls.check(c.expression, c.origin.span, fmt::format("check {}", c.name));
        for (const ir::Index& i : t.indexes) {
            for (const ir::IndexElement& e : i.elements)
                if (!e.expression.empty()) calls.check(e.expression, i.origin.span, fmt::format("index {}", i.name));
            if (i.where) calls.check(*i.where, i.origin.span, fmt::format("index {}", i.name));
        }
        for (const ir::Trigger& g : t.triggers)
            if (g.when) calls.check(*g.when, g.origin.span, fmt::format("the condition of trigger {}", g.name));
    }
    for (const ir::View& v : db.views) {
        calls.check(v.query, v.origin.span, fmt::format("view {}", ir::display_name(v.name)));
        for (const ir::Trigger& g : v.triggers)
            if (g.when) calls.check(*g.when, g.origin.span, fmt::format("the condition of trigger {}", g.name));
    }
}

}  // namespace schemac::checks
