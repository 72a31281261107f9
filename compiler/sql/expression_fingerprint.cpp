#include "compiler/sql/expression_fingerprint.hpp"

#include "compiler/sql/pg_parse.hpp"

#include <cctype>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "compiler/sql/json_tree.hpp"

namespace schemac {
namespace {

using json = nlohmann::json;

constexpr std::string_view prefix = "SELECT ";

// The constant's text at `location` of the parsed statement: a quoted string's content, or a
// number or keyword as written. (The JSON tree loses the sign of negative integers.)
std::string constant_text(std::string_view sql, std::size_t at) {
    if (at >= sql.size()) return {};
    if (sql[at] == '\'') {
        std::string out;
        for (std::size_t i = at + 1; i < sql.size(); ++i) {
            if (sql[i] == '\'') {
                if (i + 1 < sql.size() && sql[i + 1] == '\'') {
                    out += '\'';
                    ++i;
                    continue;
                }
                break;
            }
            out += sql[i];
        }
        return out;
    }
    std::size_t end = at;
    if (end < sql.size() && (sql[end] == '-' || sql[end] == '+')) ++end;
    while (end < sql.size() &&
           (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '.' || sql[end] == '_'))
        ++end;
    std::string out(sql.substr(at, end - at));
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
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
            if (it.key() == "names" && it.value().is_array() && first_name(it.value()) == "pg_catalog") {
                json names = it.value();
                names.erase(names.begin());
                out["names"] = (*this)(names);
                continue;
            }
            out[it.key()] = (*this)(it.value());
        }
        return out;
    }

private:
    json constant(const json& c) {
        if (c.contains("isnull")) return json{{"const", nullptr}};
        std::size_t at = c.value("location", 0);
        return json{{"const", at >= prefix.size() ? constant_text(sql_, at) : ""}};
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
        json lexpr = e.contains("lexpr") ? (*this)(e["lexpr"]) : json();
        json rexpr = e.contains("rexpr") ? (*this)(e["rexpr"]) : json();
        if ((kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") && rexpr.is_object() && rexpr.contains("A_ArrayExpr") &&
            ((kind == "AEXPR_OP_ANY" && op == "=") || (kind == "AEXPR_OP_ALL" && op == "<>"))) {
            json items = rexpr["A_ArrayExpr"].value("elements", json::array());
            return a_expr("AEXPR_IN", op, lexpr, json{{"List", json{{"items", items}}}});
        }
        if (kind == "AEXPR_IN") return a_expr(kind, op, lexpr, rexpr);
        if (kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE") return a_expr("AEXPR_OP", op, lexpr, rexpr);
        if (kind == "AEXPR_BETWEEN" && rexpr.contains("List")) {
            const json& bounds = rexpr["List"]["items"];
            return boolean_of("AND_EXPR", json::array({a_expr("AEXPR_OP", ">=", lexpr, bounds[0]),
                                                       a_expr("AEXPR_OP", "<=", lexpr, bounds[1])}));
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

std::optional<std::string> expression_fingerprint(std::string_view expression) {
    static std::unordered_map<std::string, std::optional<std::string>> memo;
    std::string key(expression);
    if (auto it = memo.find(key); it != memo.end()) return it->second;
    std::string sql = std::string(prefix) + key;
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
