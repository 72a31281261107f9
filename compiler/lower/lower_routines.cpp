// Lowering of functions and procedures: PostgreSQL's own grammar (libpg_query) reads the
// signature and the clauses of `CREATE FUNCTION` built from the declaration, and its parse tree
// is turned into ir::Function as the IR's comments say (canonical types without modifiers,
// canonical defaults, the body verbatim, defaults of cost and rows left out).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/lower/lowering.hpp"
#include "compiler/sql/function_body.hpp"
#include "compiler/sql/function_sql.hpp"
#include "compiler/sql/pg_parse.hpp"

namespace schemac::lowering {
namespace {

using nlohmann::json;

std::string sval(const json& node) {
    if (node.contains("String")) return node["String"].value("sval", "");
    return {};
}

// A constant of `set NAME = VALUE` as PostgreSQL flattens it into proconfig.
std::optional<std::string> setting_value(const json& arg, bool quote) {
    if (!arg.contains("A_Const")) return std::nullopt;
    const json& c = arg["A_Const"];
    if (c.contains("sval")) {
        std::string v = c["sval"].value("sval", "");
        return quote ? quote_identifier(v) : v;
    }
    if (c.contains("ival")) return std::to_string(c["ival"].value("ival", 0));
    if (c.contains("fval")) return c["fval"].value("fval", "");
    if (c.contains("boolval")) return c["boolval"].value("boolval", false) ? "true" : "false";
    return std::nullopt;
}

std::optional<double> number_of(const json& arg) {
    if (arg.contains("Integer")) return static_cast<double>(arg["Integer"].value("ival", 0));
    if (arg.contains("Float")) return std::stod(arg["Float"].value("fval", "0"));
    return std::nullopt;
}

// Types that are not types of values: what functions take and return beside real types.
bool pseudo_type(std::string_view name) {
    static const char* const names[] = {
        "any",
        "anyarray",
        "anycompatible",
        "anycompatiblearray",
        "anycompatiblemultirange",
        "anycompatiblenonarray",
        "anycompatiblerange",
        "anyelement",
        "anyenum",
        "anymultirange",
        "anynonarray",
        "anyrange",
        "cstring",
        "event_trigger",
        "fdw_handler",
        "index_am_handler",
        "internal",
        "language_handler",
        "pg_ddl_command",
        "record",
        "table_am_handler",
        "trigger",
        "tsm_handler",
        "unknown",
        "void"};
    for (const char* n : names)
        if (name == n) return true;
    return false;
}

}  // namespace

// Where a byte of the CREATE text is in the .schema file.
struct RoutineText {
    const syntax::Routine& routine;
    std::size_t prefix;
    Span at(std::size_t offset, std::size_t length = 1) const {
        std::uint32_t begin = routine.sql.span.begin +
                              static_cast<std::uint32_t>(offset > prefix ? offset - prefix : 0);
        std::uint32_t end = std::min<std::uint32_t>(
            begin + static_cast<std::uint32_t>(std::max<std::size_t>(length, 1)), routine.sql.span.end);
        return Span{routine.sql.span.file, begin, std::max(end, begin + 1)};
    }
};

ir::Type Lowering::routine_type(const nlohmann::json& type_name, Span span, const std::string& schema) {
    std::vector<std::string> names;
    for (const json& n : type_name.value("names", json::array())) names.push_back(sval(n));
    int dimensions = static_cast<int>(type_name.value("arrayBounds", json::array()).size());
    if (type_name.value("pct_type", false)) {
        diagnostics_.error("unsupported", span, "a type copied with %TYPE is not supported in a declaration",
                           "write the type itself, e.g. bigint");
        return {};
    }
    ir::Type out;
    if (names.empty()) return out;
    const std::string& last = names.back();
    bool catalog = names.size() == 2 && names[0] == "pg_catalog";
    if ((names.size() == 1 || catalog) && pseudo_type(last)) {
        out.name = last;
        out.array_dimensions = dimensions;
        return out;
    }
    // A table's or a view's row type.
    if (names.size() <= 2 && !catalog) {
        ir::QualifiedName relation{names.size() == 2 ? names[0] : schema, last};
        if (names.size() == 1 && !table_declared_in(relation)) relation.schema = public_schema_;
        if (table_declared_in(relation)) {
            out.schema = relation.schema;
            out.name = relation.name;
            out.array_dimensions = dimensions;
            return out;
        }
    }
    syntax::Type written;
    if (names.size() == 2 && !catalog) written.schema = syntax::Name{names[0], names[0], span};
    written.name = last;
    written.array_dimensions = dimensions;
    written.span = span;
    out = resolve_type(written, public_schema_);
    out.modifiers.clear();  // PostgreSQL keeps no modifiers on arguments and results
    return out;
}

void Lowering::lower_routine(const syntax::Routine& r) {
    ir::Function f;
    f.name = qualified(r.name);
    f.procedure = r.procedure.has_value();
    const char* what = f.procedure ? "procedure" : "function";
    Directives d = lower_directives(r.directives, Target::function);
    f.was = d.was;
    f.was_schema = d.was_schema;
    if (r.comment) f.comment = r.comment->text;
    f.origin = origin(r.name.span);

    // A function lowering cannot read is still kept, by name and with no language, so that what
    // uses it is not reported a second time (the checks leave such functions alone).
    struct Placeholder {
        ir::Database& db;
        ir::Function& f;
        bool done = false;
        ~Placeholder() {
            if (done) return;
            ir::Function kept;
            kept.name = f.name;
            kept.procedure = f.procedure;
            kept.origin = f.origin;
            db.functions.push_back(std::move(kept));
        }
    } placeholder{db_, f};
    std::string sql = std::string(f.procedure ? "CREATE PROCEDURE " : "CREATE FUNCTION ") + r.sql.text;
    RoutineText text{r, sql.size() - r.sql.text.size()};
    PgParse parsed = pg_parse(sql);
    if (!parsed.ok()) {
        std::size_t offset = cursor_byte_offset(sql, parsed.cursor);
        std::size_t end = offset;
        while (end < sql.size() && !std::isspace(static_cast<unsigned char>(sql[end]))) ++end;
        diagnostics_.error(
            "sql-syntax", text.at(offset, end - offset), fmt::format("invalid {}: {}", what, parsed.error),
            fmt::format("a {0} is PostgreSQL's CREATE {1} without the word CREATE: {0} NAME(ARGUMENTS) "
                        "{2}language LANGUAGE as $$ BODY $$",
                        what, f.procedure ? "PROCEDURE" : "FUNCTION", f.procedure ? "" : "returns TYPE "));
        return;
    }
    json tree = json::parse(*parsed.tree);
    const json& stmts = tree["stmts"];
    if (stmts.size() != 1 || !stmts[0]["stmt"].contains("CreateFunctionStmt")) {
        std::size_t second = stmts.size() > 1 ? stmts[1].value("stmt_location", 0) : 0;
        diagnostics_.error("sql-syntax", text.at(second), fmt::format("one {} per declaration", what),
                           "remove the ';' and what follows it: each function is a declaration of its own");
        return;
    }
    const json& stmt = stmts[0]["stmt"]["CreateFunctionStmt"];

    // Arguments, in declared order; `returns table (...)` columns come as parameters too.
    std::size_t argument = 0;
    for (const json& p : stmt.value("parameters", json::array())) {
        const json& fp = p["FunctionParameter"];
        ir::FunctionArgument a;
        a.name = fp.value("name", "");
        std::string mode = fp.value("mode", "FUNC_PARAM_DEFAULT");
        const json& type = fp["argType"];
        a.type = routine_type(type, text.at(type.value("location", 0)), f.name.schema);
        if (mode == "FUNC_PARAM_TABLE") {
            f.returns_table.push_back(std::move(a));
            continue;
        }
        a.mode = mode == "FUNC_PARAM_OUT"        ? ir::ArgumentMode::out
                 : mode == "FUNC_PARAM_INOUT"    ? ir::ArgumentMode::inout
                 : mode == "FUNC_PARAM_VARIADIC" ? ir::ArgumentMode::variadic
                                                 : ir::ArgumentMode::in;
        if (argument < r.arguments.size() && r.arguments[argument].default_value)
            a.default_value = lower_expression(*r.arguments[argument].default_value, "an argument's default");
        ++argument;
        f.arguments.push_back(std::move(a));
    }

    // What it returns.
    if (stmt.contains("returnType") && !f.procedure) {
        const json& rt = stmt["returnType"];
        f.returns_set = rt.value("setof", false);
        if (f.returns_table.empty()) f.returns = routine_type(rt, text.at(rt.value("location", 0)), f.name.schema);
    } else if (!f.procedure) {
        // Without `returns`, PostgreSQL derives the result from the out arguments.
        std::vector<const ir::FunctionArgument*> outs;
        for (const ir::FunctionArgument& a : f.arguments)
            if (a.mode == ir::ArgumentMode::out || a.mode == ir::ArgumentMode::inout) outs.push_back(&a);
        if (outs.empty()) {
            diagnostics_.error("function-returns", r.name.span, "a function needs 'returns TYPE'",
                               "say what it returns, e.g. returns integer, returns void or returns trigger");
            return;
        }
        f.returns = outs.size() == 1 ? outs.front()->type : ir::Type{"", "record", {}, 0};
    }

    // Options, in any order.
    std::optional<std::size_t> body_at;
    for (const json& o : stmt.value("options", json::array())) {
        const json& def = o["DefElem"];
        std::string name = def.value("defname", "");
        const json& arg = def.contains("arg") ? def["arg"] : json();
        std::size_t at = def.value("location", 0);
        if (name == "language") {
            f.language = lower_ascii(sval(arg));
        } else if (name == "volatility") {
            std::string v = sval(arg);
            f.volatility = v == "immutable" ? ir::Volatility::immutable
                           : v == "stable"  ? ir::Volatility::stable
                                            : ir::Volatility::volatile_;
        } else if (name == "strict") {
            f.strict = arg["Boolean"].value("boolval", false);
        } else if (name == "security") {
            f.security_definer = arg["Boolean"].value("boolval", false);
        } else if (name == "leakproof") {
            f.leakproof = arg["Boolean"].value("boolval", false);
        } else if (name == "parallel") {
            std::string v = lower_ascii(sval(arg));
            if (v == "safe")
                f.parallel = ir::ParallelSafety::safe;
            else if (v == "restricted")
                f.parallel = ir::ParallelSafety::restricted;
            else if (v == "unsafe")
                f.parallel = ir::ParallelSafety::unsafe;
            else
                diagnostics_.error("function-option", text.at(at, 8), fmt::format("unknown parallel mode '{}'", v),
                                   "write parallel safe, parallel restricted or parallel unsafe");
        } else if (name == "cost") {
            f.cost = number_of(arg);
        } else if (name == "rows") {
            f.rows = number_of(arg);
            if (f.rows && !f.returns_set)
                diagnostics_.error("function-option", text.at(at, 4), "rows applies to set-returning functions only",
                                   "remove it, or return a set: returns setof TYPE or returns table (...)");
        } else if (name == "set") {
            const json& set = arg["VariableSetStmt"];
            std::string kind = set.value("kind", "");
            std::string setting = set.value("name", "");
            if (kind == "VAR_SET_VALUE") {
                std::string value;
                for (const json& a : set.value("args", json::array())) {
                    std::optional<std::string> v = setting_value(a, list_setting(setting));
                    if (!v) {
                        diagnostics_.error("function-option", text.at(at, 3),
                                           fmt::format("the value of '{}' must be a constant", setting),
                                           "write a string, a number or a word, e.g. set search_path = public");
                        break;
                    }
                    value += (value.empty() ? "" : ", ") + *v;
                }
                f.settings[setting] = value;
            } else if (kind == "VAR_SET_CURRENT") {
                diagnostics_.error("function-option", text.at(at, 3),
                                   "'set ... from current' takes the value of the session that runs the migration",
                                   fmt::format("write the value: set {} = VALUE", setting));
            }  // `set NAME to default`: nothing is stored
        } else if (name == "as") {
            const json& items = arg["List"]["items"];
            if (!items.empty()) f.body = sval(items[0]);
            if (items.size() > 1) f.link_symbol = sval(items[1]);
            body_at = at;
        } else {
            diagnostics_.error("unsupported", text.at(at, name.size()),
                               fmt::format("'{}' is not supported on a declared {}", name, what),
                               "declare functions in sql, plpgsql or another language with a body; leave C "
                               "helpers (window, support, transform) to extensions");
        }
    }
    bool sql_standard = stmt.contains("sql_body");
    if (f.language.empty()) {
        if (sql_standard) {
            f.language = "sql";
        } else {
            diagnostics_.error("function-language", r.name.span, fmt::format("the {} has no language", what),
                               "add one: language plpgsql (or language sql)");
            return;
        }
    }
    if (sql_standard && body_at) {
        diagnostics_.error("function-body", text.at(*body_at, 2), fmt::format("the {} has two bodies", what),
                           "keep either 'as $$ ... $$' or the 'begin atomic ... end' / 'return' body");
        return;
    }
    if (!sql_standard && !body_at) {
        diagnostics_.error("function-body", r.name.span, fmt::format("the {} has no body", what),
                           "add it: as $$ ... $$ (or, in SQL, begin atomic ... end)");
        return;
    }
    if (sql_standard && r.sql_body) {
        std::uint32_t begin = *r.sql_body;
        std::string_view body = std::string_view(sources_.file(r.sql.span.file).text())
                                    .substr(begin, r.sql.span.end - begin);
        f.sql_body = canonical_sql_body(body).value_or(std::string(body));
        f.origin.detail = Span{r.sql.span.file, begin, r.sql.span.end};
    } else if (body_at) {
        // The first byte inside the quotes that follow `as`.
        std::size_t q = *body_at + 2;
        while (q < sql.size() && std::isspace(static_cast<unsigned char>(sql[q]))) ++q;
        std::size_t begin = q, length = f.body.size();
        if (q < sql.size() && sql[q] == '$') {
            std::size_t tag_end = sql.find('$', q + 1);
            begin = tag_end == std::string::npos ? q : tag_end + 1;
        } else if (q < sql.size() && (sql[q] == 'e' || sql[q] == 'E')) {
            begin = q + 2;
        } else {
            begin = q + 1;
        }
        Span s = text.at(begin, length);
        s.end = s.begin + static_cast<std::uint32_t>(length);
        f.origin.detail = s;
    }
    // PostgreSQL's defaults are no setting: 100 (1 for C and internal), 1000 rows.
    double default_cost = f.language == "c" || f.language == "internal" ? 1 : 100;
    if (f.cost == default_cost) f.cost.reset();
    if (f.rows == 1000.0) f.rows.reset();
    placeholder.done = true;
    db_.functions.push_back(std::move(f));
}

}  // namespace schemac::lowering
