#include "compiler/sql/written_expression.hpp"

#include "compiler/sql/pg_parse.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/sql/expression_fingerprint.hpp"
#include "compiler/sql/json_tree.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac {
namespace {

using json = nlohmann::json;

constexpr std::string_view written_prefix = "SELECT ";

// The end of the constant token that starts at `at`: a string ('...', E'...', B'...'), a number
// (with its sign) or a keyword (true, NULL).
std::size_t constant_end(std::string_view sql, std::size_t at) {
    std::size_t i = at;
    if (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) && i + 1 < sql.size() && sql[i + 1] == '\'')
        ++i;
    if (i < sql.size() && sql[i] == '\'') {
        bool escapes = i > at && (sql[at] == 'E' || sql[at] == 'e');
        for (++i; i < sql.size(); ++i) {
            if (escapes && sql[i] == '\\') {
                ++i;
                continue;
            }
            if (sql[i] == '\'') {
                if (i + 1 < sql.size() && sql[i + 1] == '\'') {
                    ++i;
                    continue;
                }
                return i + 1;
            }
        }
        return sql.size();
    }
    if (i < sql.size() && (sql[i] == '-' || sql[i] == '+')) ++i;
    bool number = i < sql.size() && (std::isdigit(static_cast<unsigned char>(sql[i])) || sql[i] == '.');
    while (i < sql.size()) {
        char c = sql[i];
        bool exponent_sign = number && (c == '-' || c == '+') && (sql[i - 1] == 'e' || sql[i - 1] == 'E');
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && !exponent_sign) break;
        ++i;
    }
    return i;
}

// Each constant gets its source text ("text"), the one thing of it the JSON tree does not keep
// faithfully (it loses the sign of negative integers); locations are dropped.
json annotated(const json& node, std::string_view sql) {
    if (node.is_array()) return mapped(node, [&](const json& item) { return annotated(item, sql); });
    if (!node.is_object()) return node;
    json out = json::object();
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (it.key() == "location") continue;
        out[it.key()] = annotated(it.value(), sql);
    }
    if (node.contains("A_Const")) {
        std::size_t at = node["A_Const"].value("location", 0);
        out["A_Const"]["text"] = at < sql.size() ? std::string(sql.substr(at, constant_end(sql, at) - at)) : "";
    }
    return out;
}

// The one expression of `SELECT <text>`, annotated; null when it is not exactly one.
json parsed_expression(const std::string& text) {
    std::string sql = std::string(written_prefix) + text;
    PgParse parsed = pg_parse(sql);
    json out;
    if (parsed.ok()) {
        json tree = json::parse(*parsed.tree, nullptr, false);
        if (tree.is_object() && tree["stmts"].size() == 1) {
            const json& select = tree["stmts"][0]["stmt"].value("SelectStmt", json::object());
            const json& targets = select.value("targetList", json::array());
            if (targets.size() == 1 && !targets[0]["ResTarget"].contains("name"))
                out = annotated(targets[0]["ResTarget"]["val"], sql);
        }
    }
    return out;
}

// ------------------------------------------------------------------ printing a tree as SQL
// Every operand parenthesised: the text must only parse back to the same tree; its canonical
// form comes from libpg_query afterwards. nullopt for a node this printer does not know.
using Text = std::optional<std::string>;

std::string names_text(const json& names) {
    std::string out;
    for (const json& n : names) out += (out.empty() ? "" : ".") + quote_identifier(n["String"].value("sval", ""));
    return out;
}

Text print(const json& node);

Text list(const json& items, std::string_view separator = ", ") {
    std::string out;
    for (const json& item : items) {
        Text t = print(item);
        if (!t) return std::nullopt;
        out += (out.empty() ? "" : std::string(separator)) + *t;
    }
    return out;
}

Text type_name(const json& t) {
    if (t.contains("setof") || t.contains("pct_type") || !t.contains("names")) return std::nullopt;
    std::string out = names_text(t["names"]);
    if (t.contains("typmods")) {
        Text modifiers = list(t["typmods"]);
        if (!modifiers) return std::nullopt;
        out += "(" + *modifiers + ")";
    }
    for (std::size_t i = 0; i < t.value("arrayBounds", json::array()).size(); ++i) out += "[]";
    return out;
}

Text parenthesised(const json& node) {
    Text t = print(node);
    return t ? "(" + *t + ")" : t;
}

Text print_a_expr(const json& e) {
    std::string kind = e.value("kind", "");
    const json& name = e.value("name", json::array());
    if (name.size() != 1) return std::nullopt;
    std::string op = name[0]["String"].value("sval", "");
    Text left = e.contains("lexpr") ? parenthesised(e["lexpr"]) : Text(""), right;
    if (!left) return std::nullopt;
    if (kind == "AEXPR_IN") {
        Text items = list(e["rexpr"].value("List", json::object()).value("items", json::array()));
        if (!items || (op != "=" && op != "<>")) return std::nullopt;
        return *left + (op == "=" ? " IN (" : " NOT IN (") + *items + ")";
    }
    right = parenthesised(e["rexpr"]);
    if (!right) return std::nullopt;
    if (kind == "AEXPR_OP") return *left + (left->empty() ? "" : " ") + "OPERATOR(" + op + ") " + *right;
    if (kind == "AEXPR_OP_ANY") return *left + " OPERATOR(" + op + ") ANY " + *right;
    if (kind == "AEXPR_OP_ALL") return *left + " OPERATOR(" + op + ") ALL " + *right;
    if (kind == "AEXPR_DISTINCT") return *left + " IS DISTINCT FROM " + *right;
    if (kind == "AEXPR_NOT_DISTINCT") return *left + " IS NOT DISTINCT FROM " + *right;
    return std::nullopt;
}

Text print_function(const json& f) {
    for (const char* unknown :
         {"agg_order", "agg_filter", "over", "agg_within_group", "agg_star", "agg_distinct", "func_variadic"})
        if (f.contains(unknown)) return std::nullopt;
    if (f.value("funcformat", "COERCE_EXPLICIT_CALL") != "COERCE_EXPLICIT_CALL") return std::nullopt;
    Text args = list(f.value("args", json::array()));
    if (!args) return std::nullopt;
    return names_text(f["funcname"]) + "(" + *args + ")";
}

Text print(const json& node) {
    if (!node.is_object() || node.size() != 1) return std::nullopt;
    const std::string& kind = node.begin().key();
    const json& n = node.begin().value();
    if (kind == "A_Const") return n.value("text", "");
    if (kind == "ColumnRef") {
        std::string out;
        for (const json& field : n["fields"]) {
            if (!field.contains("String")) return std::nullopt;
            out += (out.empty() ? "" : ".") + quote_identifier(field["String"].value("sval", ""));
        }
        return out;
    }
    if (kind == "TypeCast") {
        Text arg = parenthesised(n["arg"]), type = type_name(n["typeName"]);
        if (!arg || !type) return std::nullopt;
        return *arg + "::" + *type;
    }
    if (kind == "A_Expr") return print_a_expr(n);
    if (kind == "BoolExpr") {
        std::string op = n.value("boolop", "");
        std::string out;
        for (const json& arg : n["args"]) {
            Text t = parenthesised(arg);
            if (!t) return std::nullopt;
            if (op == "NOT_EXPR") return "NOT " + *t;
            out += (out.empty() ? "" : op == "AND_EXPR" ? " AND " : " OR ") + *t;
        }
        return out;
    }
    if (kind == "NullTest") {
        Text arg = parenthesised(n["arg"]);
        if (!arg) return std::nullopt;
        return *arg + (n.value("nulltesttype", "") == "IS_NOT_NULL" ? " IS NOT NULL" : " IS NULL");
    }
    if (kind == "BooleanTest") {
        static const std::map<std::string, std::string> tests{
            {"IS_TRUE", "IS TRUE"},           {"IS_NOT_TRUE", "IS NOT TRUE"}, {"IS_FALSE", "IS FALSE"},
            {"IS_NOT_FALSE", "IS NOT FALSE"}, {"IS_UNKNOWN", "IS UNKNOWN"},   {"IS_NOT_UNKNOWN", "IS NOT UNKNOWN"}};
        auto test = tests.find(n.value("booltesttype", ""));
        Text arg = parenthesised(n["arg"]);
        if (!arg || test == tests.end()) return std::nullopt;
        return *arg + " " + test->second;
    }
    if (kind == "FuncCall") return print_function(n);
    if (kind == "A_ArrayExpr") {
        Text elements = list(n.value("elements", json::array()));
        return elements ? "ARRAY[" + *elements + "]" : elements;
    }
    if (kind == "CoalesceExpr") {
        Text args = list(n.value("args", json::array()));
        return args ? "COALESCE(" + *args + ")" : args;
    }
    if (kind == "SQLValueFunction" && n.value("typmod", -1) == -1) {
        static const std::map<std::string, std::string> functions{
            {"SVFOP_CURRENT_DATE", "CURRENT_DATE"},
            {"SVFOP_CURRENT_TIME", "CURRENT_TIME"},
            {"SVFOP_CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"},
            {"SVFOP_LOCALTIME", "LOCALTIME"},
            {"SVFOP_LOCALTIMESTAMP", "LOCALTIMESTAMP"},
            {"SVFOP_CURRENT_USER", "CURRENT_USER"},
            {"SVFOP_SESSION_USER", "SESSION_USER"},
            {"SVFOP_CURRENT_ROLE", "CURRENT_ROLE"},
            {"SVFOP_USER", "USER"}};
        auto f = functions.find(n.value("op", ""));
        if (f != functions.end()) return f->second;
    }
    return std::nullopt;
}

// ------------------------------------------------------------------ the casts PostgreSQL adds
bool is(const json& node, const char* kind) { return node.is_object() && node.contains(kind); }

// Whether a cast's type is `type` (a cast without modifiers matches any: `''::character varying`
// on a varchar(20) column; the column's own type applies them on assignment).
bool cast_is(const json& type_name, const ir::Type& type) {
    const json& names = type_name.value("names", json::array());
    if (names.empty() || names.size() > 2 || type_name.contains("setof") || type_name.contains("pct_type"))
        return false;
    std::string schema = names.size() == 2 ? names[0]["String"].value("sval", "") : "";
    std::string name = names.back()["String"].value("sval", "");
    if (static_cast<int>(type_name.value("arrayBounds", json::array()).size()) != type.array_dimensions) return false;
    std::vector<std::string> modifiers;
    for (const json& m : type_name.value("typmods", json::array())) {
        if (!is(m, "A_Const")) return false;
        modifiers.push_back(m["A_Const"].value("text", ""));
    }
    if (!modifiers.empty() && modifiers != type.modifiers) return false;
    if (!type.schema.empty()) return name == type.name && (schema.empty() || schema == type.schema);
    if (!schema.empty() && schema != "pg_catalog") return false;
    std::vector<std::string> ignored;
    std::optional<std::string> builtin = canonical_builtin_type(name, ignored);
    if (builtin) return *builtin == type.name;
    return schema.empty() && name == type.name;  // an extension's type (citext)
}

ir::Type text_type() { return ir::Type{"", "text", {}, 0}; }

bool is_varchar(const ir::Type& type) {
    return type.schema.empty() && type.name == "character varying" && type.array_dimensions == 0;
}

class Simplifier {
public:
    explicit Simplifier(const ExpressionPlace& place) : place_(place) {}

    json top(const json& node) {
        json out = (*this)(node);
        if (place_.target && is(out, "TypeCast") && is(out["TypeCast"]["arg"], "A_Const") &&
            cast_is(out["TypeCast"]["typeName"], *place_.target))
            return as_number(out["TypeCast"]["arg"], *place_.target);
        return out;
    }

    json operator()(const json& node) {
        if (node.is_array()) return mapped(node, *this);
        if (!node.is_object()) return node;
        if (is(node, "A_Expr")) return expression(node);
        json out = json::object();
        for (auto it = node.begin(); it != node.end(); ++it) out[it.key()] = (*this)(it.value());
        if (is(out, "FuncCall")) function(out["FuncCall"]);
        return out;
    }

private:
    // The type of a column the node names by itself, when the table has it.
    std::optional<ir::Type> column_type(const json& node) const {
        if (!place_.table || !is(node, "ColumnRef")) return std::nullopt;
        const json& fields = node["ColumnRef"]["fields"];
        if (fields.size() != 1 || !fields[0].contains("String")) return std::nullopt;
        const ir::Column* c = ir::find_column(*place_.table, fields[0]["String"].value("sval", ""));
        if (!c) return std::nullopt;
        return serial_column_type(c->type);
    }

    // The type of an operand where it is plain without operator resolution: a column's; a
    // cast's to a built-in type; text for a text function or `||` of text operands.
    std::optional<ir::Type> operand_type(const json& node) const {
        if (std::optional<ir::Type> column = column_type(node)) return column;
        auto text_like = [&](const json& operand) {
            if (is(operand, "A_Const")) return operand["A_Const"].contains("sval");
            std::optional<ir::Type> type = operand_type(operand);
            return type && (*type == text_type() || is_varchar(*type));
        };
        if (is(node, "TypeCast")) {
            const json& cast = node["TypeCast"]["typeName"];
            const json& names = cast.value("names", json::array());
            if (names.empty() || cast.contains("typmods") || cast.contains("arrayBounds")) return std::nullopt;
            std::vector<std::string> parameters;
            if (auto builtin = canonical_builtin_type(names.back()["String"].value("sval", ""), parameters);
                builtin && parameters.empty() && cast_is(cast, ir::Type{"", *builtin, {}, 0}))
                return ir::Type{"", *builtin, {}, 0};
            return std::nullopt;
        }
        if (is(node, "A_Expr")) {
            const json& e = node["A_Expr"];
            const json& name = e.value("name", json::array());
            if (e.value("kind", "") == "AEXPR_OP" && name.size() == 1 && name[0]["String"].value("sval", "") == "||" &&
                e.contains("lexpr") && e.contains("rexpr") && text_like(e["lexpr"]) && text_like(e["rexpr"]) &&
                !(is(e["lexpr"], "A_Const") && is(e["rexpr"], "A_Const")))
                return text_type();
        }
        if (is(node, "FuncCall")) {
            static const std::set<std::string> returning_text{"lower", "upper", "btrim",   "ltrim",
                                                              "rtrim", "md5",   "initcap", "reverse"};
            const json& f = node["FuncCall"];
            const json& names = f.value("funcname", json::array());
            const json& args = f.value("args", json::array());
            if (names.size() == 1 && returning_text.count(names[0]["String"].value("sval", "")) && args.size() == 1 &&
                !is(args[0], "A_Const") && text_like(args[0]))
                return text_type();
        }
        return std::nullopt;
    }

    // `(name)::text` of a varchar column: the column.
    json without_text_cast(const json& node) const {
        if (!is(node, "TypeCast")) return node;
        std::optional<ir::Type> type = column_type(node["TypeCast"]["arg"]);
        if (type && is_varchar(*type) && cast_is(node["TypeCast"]["typeName"], text_type()))
            return node["TypeCast"]["arg"];
        return node;
    }

    // A constant cast to `type` (or to text, for a varchar column), where the cast is what
    // PostgreSQL's operator resolution does to the constant anyway: a string (of unknown type)
    // to any type; an integer to an integer, numeric or double precision type (exact); a
    // decimal number (numeric) to numeric or double precision (converted through its text).
    static bool constant_of(const json& node, const ir::Type& type, json& out) {
        if (is(node, "A_Const")) {
            out = node;
            return true;
        }
        if (!is(node, "TypeCast") || !is(node["TypeCast"]["arg"], "A_Const")) return false;
        const json& constant = node["TypeCast"]["arg"]["A_Const"];
        const json& cast = node["TypeCast"]["typeName"];
        if (!cast_is(cast, type) && !(is_varchar(type) && cast_is(cast, text_type()))) return false;
        bool exact = constant.contains("sval");
        auto to = [&](std::initializer_list<const char*> names) {
            return type.schema.empty() && type.array_dimensions == 0 &&
                   std::any_of(names.begin(), names.end(), [&](const char* n) { return type.name == n; });
        };
        if (constant.contains("ival")) exact = to({"smallint", "integer", "bigint", "numeric", "double precision"});
        if (constant.contains("fval")) exact = to({"numeric", "double precision"});
        if (!exact) return false;
        out = as_number(node["TypeCast"]["arg"], type);
        return true;
    }

    // A negative number PostgreSQL stores as a string cast to the number's own type (`-1` as
    // `'-1'::integer`, `-2.5` as `'-2.5'::numeric`): the number, which it stores that way again.
    // Else the constant (`'2'::bigint` was written so: `2` would be stored as plain `2`).
    static json as_number(const json& constant, const ir::Type& type) {
        if (!constant["A_Const"].contains("sval") || !type.schema.empty() || type.array_dimensions != 0)
            return constant;
        std::string value = constant["A_Const"]["sval"].value("sval", "");
        std::size_t dots = 0;
        bool plain = value.size() > 1 && value[0] == '-' && std::isdigit(static_cast<unsigned char>(value[1])) &&
                     std::isdigit(static_cast<unsigned char>(value.back()));
        for (std::size_t i = 1; plain && i < value.size(); ++i) {
            if (value[i] == '.')
                ++dots;
            else if (!std::isdigit(static_cast<unsigned char>(value[i])))
                plain = false;
        }
        if (!plain || dots > 1 || type.name != (dots == 0 ? "integer" : "numeric")) return constant;
        json number = parsed_expression(value);
        return is(number, "A_Const") ? number : constant;
    }

    json expression(const json& node) {
        json e = node["A_Expr"];
        std::string kind = e.value("kind", "");
        for (const char* side : {"lexpr", "rexpr"})
            if (e.contains(side)) e[side] = (*this)(e[side]);
        const json& name = e.value("name", json::array());
        std::string op = name.size() == 1 ? name[0]["String"].value("sval", "") : "";
        static const std::set<std::string> text_operators{"=",  "<>",  "<",  ">",   "<=",  ">=",   "~", "~*",
                                                          "!~", "!~*", "~~", "~~*", "!~~", "!~~*", "||"};
        if (kind == "AEXPR_OP" && e.contains("lexpr") && e.contains("rexpr")) {
            if (text_operators.count(op)) {
                e["lexpr"] = without_text_cast(e["lexpr"]);
                e["rexpr"] = without_text_cast(e["rexpr"]);
            }
            json constant;
            if (auto type = operand_type(e["lexpr"]); type && constant_of(e["rexpr"], *type, constant))
                e["rexpr"] = constant;
            else if (auto other = operand_type(e["rexpr"]); other && constant_of(e["lexpr"], *other, constant))
                e["lexpr"] = constant;
        } else if ((kind == "AEXPR_OP_ANY" && op == "=") || (kind == "AEXPR_OP_ALL" && op == "<>")) {
            if (std::optional<json> in = in_list(e)) return *in;
        }
        return json{{"A_Expr", e}};
    }

    // `x = ANY (ARRAY[c1, c2])` with constants of x's type: `x IN (c1, c2)`.
    std::optional<json> in_list(const json& e) const {
        json left = without_text_cast(e["lexpr"]);
        std::optional<ir::Type> type = operand_type(left);
        if (!type) return std::nullopt;
        json array = e["rexpr"];
        if (is(array, "TypeCast")) {
            ir::Type array_type = is_varchar(*type) ? text_type() : *type;
            array_type.array_dimensions += 1;
            ir::Type own = *type;
            own.array_dimensions += 1;
            const json& cast = array["TypeCast"]["typeName"];
            if (!cast_is(cast, array_type) && !cast_is(cast, own)) return std::nullopt;
            array = array["TypeCast"]["arg"];
        }
        if (!is(array, "A_ArrayExpr")) return std::nullopt;
        json items = json::array();
        for (const json& element : array["A_ArrayExpr"].value("elements", json::array())) {
            json constant;
            if (!constant_of(element, *type, constant)) return std::nullopt;
            items.push_back(constant);
        }
        // One value: PostgreSQL stores `x IN (a)` as `x = a`, so only two or more read back as written.
        if (items.size() < 2) return std::nullopt;
        return json{{"A_Expr", json{{"kind", "AEXPR_IN"},
                                    {"name", e["name"]},
                                    {"lexpr", left},
                                    {"rexpr", json{{"List", json{{"items", items}}}}}}}};
    }

    // A text function of a varchar column: `lower((name)::text)` is `lower(name)`. A sequence
    // function's name: `nextval('s'::regclass)` is `nextval('s')` (its argument is a regclass).
    void function(json& f) const {
        sequence_argument(f);
        static const std::set<std::string> text_functions{
            "lower",   "upper", "length", "char_length", "character_length", "octet_length", "btrim",  "ltrim",
            "rtrim",   "md5",   "left",   "right",       "initcap",          "reverse",      "strpos", "split_part",
            "replace", "lpad",  "rpad",   "substr"};
        const json& names = f.value("funcname", json::array());
        if (names.size() != 1 || !text_functions.count(names[0]["String"].value("sval", "")) || !f.contains("args"))
            return;
        for (json& arg : f["args"]) arg = without_text_cast(arg);
    }

    static void sequence_argument(json& f) {
        static const std::set<std::string> sequence_functions{"nextval", "currval", "setval"};
        const json& names = f.value("funcname", json::array());
        if (names.size() != 1 || !sequence_functions.count(names[0]["String"].value("sval", "")) ||
            !f.contains("args") || f["args"].empty())
            return;
        json& first = f["args"][0];
        if (!is(first, "TypeCast") || !is(first["TypeCast"]["arg"], "A_Const") ||
            !first["TypeCast"]["arg"]["A_Const"].contains("sval"))
            return;
        if (cast_is(first["TypeCast"]["typeName"], ir::Type{"", "regclass", {}, 0})) first = first["TypeCast"]["arg"];
    }

    const ExpressionPlace& place_;
};

}  // namespace

std::string as_written(const std::string& expression, const ExpressionPlace& place) {
    json original = parsed_expression(expression);
    if (original.is_null()) return expression;
    json simpler = Simplifier(place).top(original);
    if (simpler == original) return expression;
    Text text = print(simpler);
    // The text must parse to exactly the tree intended and mean what PostgreSQL stored.
    if (!text || parsed_expression(*text) != simpler) return expression;
    std::optional<std::string> before = expression_fingerprint(expression), after = expression_fingerprint(*text);
    if (!before || before != after) return expression;
    const SqlExpression& canonical = analyze_sql_expression(*text);
    return canonical.valid ? canonical.canonical : expression;
}

}  // namespace schemac
