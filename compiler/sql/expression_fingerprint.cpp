#include "compiler/sql/expression_fingerprint.hpp"

#include "compiler/sql/pg_parse.hpp"

#include <cctype>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "compiler/sql/json_tree.hpp"

namespace schemac {
namespace {

using json = nlohmann::json;

constexpr std::string_view fingerprint_prefix = "SELECT ";

// `2020-01-01 00:00:00` and `2020-01-01 00:00:00+00` (how PostgreSQL prints the date `2020-01-01`
// read as a timestamp, with the session's time zone offset) -> `2020-01-01`.
std::string midnight_as_date(std::string text) {
    auto digits = [&](std::size_t from, std::size_t count) {
        for (std::size_t i = from; i < from + count; ++i)
            if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
        return true;
    };
    bool date = digits(0, 4) && text.size() >= 10 && text[4] == '-' && digits(5, 2) && text[7] == '-' && digits(8, 2);
    if (!date || text.compare(10, 9, " 00:00:00") != 0) return text;
    std::string_view rest = std::string_view(text).substr(19);
    if (rest.empty() || ((rest[0] == '+' || rest[0] == '-') && rest.size() <= 6)) return text.substr(0, 10);
    return text;
}

// A cast PostgreSQL may have added around an operand or argument (it shows implicit
// conversions there: `(NULLIF(total, 0))::double precision`): the operand itself.
json uncast(json node) {
    while (node.is_object() && node.contains("TypeCast") && node["TypeCast"].contains("arg"))
        node = json(node["TypeCast"]["arg"]);
    return node;
}

json op_name(std::string_view op) { return json::array({json{{"String", json{{"sval", std::string(op)}}}}}); }

std::string first_name(const json& names) {
    if (!names.is_array() || names.empty()) return {};
    return names[0].value("String", json::object()).value("sval", "");
}

class Normaliser {
public:
    explicit Normaliser(std::string_view sql) : sql_(sql) {}

    json operator()(const json& node) {
        if (node.is_array()) return mapped(node, *this);
        if (!node.is_object()) return node;
        if (node.contains("A_Const")) return constant(node["A_Const"]);
        if (node.contains("TypeCast") && node["TypeCast"].contains("arg")) {
            // Casts of constants, column references and array constructors (a cast of the array
            // is pushed into its elements when PostgreSQL stores it: `(ARRAY['a'::varchar])::text[]`
            // reads back as `ARRAY['a'::varchar::text]`), however many.
            json arg = (*this)(node["TypeCast"]["arg"]);
            if (arg.contains("const") || arg.contains("ColumnRef") || arg.contains("A_ArrayExpr")) return arg;
        }
        if (node.contains("A_Expr")) return expression(node["A_Expr"]);
        if (node.contains("BoolExpr")) return boolean(node["BoolExpr"]);
        json out = json::object();
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == "location") continue;
            if ((it.key() == "names" || it.key() == "funcname") && it.value().is_array() && it.value().size() > 1 &&
                (first_name(it.value()) == "pg_catalog" || first_name(it.value()) == "public")) {
                json names = it.value();
                names.erase(names.begin());
                out[it.key()] = (*this)(names);
                continue;
            }
            out[it.key()] = (*this)(it.value());
        }
        // `x IN (SELECT ...)` is `x = ANY (SELECT ...)`.
        if (out.contains("SubLink") && out["SubLink"].value("subLinkType", "") == "ANY_SUBLINK" &&
            !out["SubLink"].contains("operName"))
            out["SubLink"]["operName"] = op_name("=");
        if (out.contains("FuncCall") && out["FuncCall"].contains("args"))
            out["FuncCall"]["args"] = mapped(out["FuncCall"]["args"], uncast);
        // CASE without ELSE is CASE ... ELSE NULL.
        if (out.contains("CaseExpr") && out["CaseExpr"].value("defresult", json()) == json{{"const", nullptr}})
            out["CaseExpr"].erase("defresult");
        return out;
    }

private:
    json constant(const json& c) {
        if (c.contains("isnull")) return json{{"const", nullptr}};
        // A string's value as the tree holds it ('it''s', E'a\nb', $$x$$, U&'...' alike);
        // numbers as written (the tree loses the sign of negative integers).
        if (c.contains("sval")) return json{{"const", midnight_as_date(c["sval"].value("sval", ""))}};
        if (c.contains("bsval")) return json{{"const", c["bsval"].value("bsval", "")}};
        long at = c.value("location", -1L);
        return json{{"const", at >= 0 ? midnight_as_date(constant_text(sql_, static_cast<std::size_t>(at))) : ""}};
    }

    json a_expr(std::string_view kind, std::string_view op, json lexpr, json rexpr) {
        return json{{"A_Expr", json{{"kind", std::string(kind)},
                                    {"name", op_name(op)},
                                    {"lexpr", std::move(lexpr)},
                                    {"rexpr", std::move(rexpr)}}}};
    }

    json expression(const json& e) {
        std::string kind = e.value("kind", "");
        std::string op = first_name(e.value("name", json::array()));
        json lexpr = e.contains("lexpr") ? uncast((*this)(e["lexpr"])) : json();
        json rexpr = e.contains("rexpr") ? uncast((*this)(e["rexpr"])) : json();
        if ((kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") && rexpr.is_object() && rexpr.contains("A_ArrayExpr") &&
            ((kind == "AEXPR_OP_ANY" && op == "=") || (kind == "AEXPR_OP_ALL" && op == "<>"))) {
            json items = rexpr["A_ArrayExpr"].value("elements", json::array());
            return a_expr("AEXPR_IN", op, lexpr, json{{"List", json{{"items", items}}}});
        }
        if (kind == "AEXPR_IN") return a_expr(kind, op, lexpr, rexpr);
        if (kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE" || kind == "AEXPR_SIMILAR")
            return a_expr("AEXPR_OP", op, lexpr, rexpr);
        if (kind == "AEXPR_NOT_DISTINCT")
            return boolean_of("NOT_EXPR", json::array({a_expr("AEXPR_DISTINCT", op, lexpr, rexpr)}));
        if (kind.starts_with("AEXPR_BETWEEN") || kind.starts_with("AEXPR_NOT_BETWEEN")) {
            // As PostgreSQL stores them: x >= a AND x <= b; NOT: x < a OR x > b; SYMMETRIC: either order.
            const json& bounds = rexpr.value("List", json::object()).value("items", json::array());
            if (bounds.size() != 2) return json{{"A_Expr", e}};
            bool negated = kind.starts_with("AEXPR_NOT");
            auto range = [&](const json& low, const json& high) {
                return negated ? boolean_of("OR_EXPR", json::array({a_expr("AEXPR_OP", "<", lexpr, low),
                                                                    a_expr("AEXPR_OP", ">", lexpr, high)}))
                               : boolean_of("AND_EXPR", json::array({a_expr("AEXPR_OP", ">=", lexpr, low),
                                                                     a_expr("AEXPR_OP", "<=", lexpr, high)}));
            };
            if (!kind.ends_with("_SYM")) return range(bounds[0], bounds[1]);
            return boolean_of(negated ? "AND_EXPR" : "OR_EXPR",
                              json::array({range(bounds[0], bounds[1]), range(bounds[1], bounds[0])}));
        }
        json out = json::object();
        for (auto it = e.begin(); it != e.end(); ++it)
            if (it.key() != "location" && it.key() != "lexpr" && it.key() != "rexpr")
                out[it.key()] = (*this)(it.value());
        if (!lexpr.is_null()) out["lexpr"] = lexpr;
        if (!rexpr.is_null()) out["rexpr"] = rexpr;
        return json{{"A_Expr", out}};
    }

    json boolean_of(const std::string& op, const json& args) {
        json flat = json::array();
        for (const json& arg : args) {
            if (arg.contains("BoolExpr") && arg["BoolExpr"].value("boolop", "") == op && op != "NOT_EXPR")
                for (const json& inner : arg["BoolExpr"]["args"]) flat.push_back(inner);
            else
                flat.push_back(arg);
        }
        return json{{"BoolExpr", json{{"boolop", op}, {"args", flat}}}};
    }

    json boolean(const json& b) { return boolean_of(b.value("boolop", ""), (*this)(b.value("args", json::array()))); }

    std::string_view sql_;
};

}  // namespace

json normalised_expression_tree(std::string_view sql, const json& node) { return Normaliser(sql)(node); }

std::optional<std::string> expression_fingerprint(std::string_view expression) {
    static std::unordered_map<std::string, std::optional<std::string>> memo;
    std::string key(expression);
    if (auto it = memo.find(key); it != memo.end()) return it->second;
    std::string sql = std::string(fingerprint_prefix) + key;
    PgParse parsed = pg_parse(sql);
    std::optional<std::string> out;
    if (parsed.ok()) {
        json tree = json::parse(*parsed.tree, nullptr, false);
        const json& targets = tree.is_object() && tree["stmts"].size() == 1
                                  ? tree["stmts"][0]["stmt"]["SelectStmt"]["targetList"]
                                  : json();
        if (targets.is_array() && targets.size() == 1)
            out = Normaliser(sql)(targets[0]["ResTarget"]["val"]).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    memo.emplace(std::move(key), out);
    return out;
}

bool same_expression(std::string_view a, std::string_view b) {
    if (a == b) return true;
    auto fa = expression_fingerprint(a), fb = expression_fingerprint(b);
    return fa && fb && *fa == *fb;
}

}  // namespace schemac
