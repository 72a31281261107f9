// function_body_fingerprint and same_function_body (declared in function_body.hpp).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/expression_fingerprint.hpp"
#include "compiler/sql/function_body.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/plpgsql_parse.hpp"
#include "compiler/sql/sql_tokens.hpp"

namespace schemac {
namespace {

using nlohmann::json;

std::string dump(const json& tree) { return tree.dump(-1, ' ', false, json::error_handler_t::replace); }

// Text outside any parse tree (a declared type: `INT `, `numeric( 12 , 2 )`) as its tokens:
// comments and layout left out, keywords and unquoted names lower case as PostgreSQL reads them.
std::string canonical_words(std::string_view text) {
    std::optional<std::vector<SqlToken>> tokens = sql_tokens(text);
    if (!tokens) return std::string(text);
    std::string out;
    for (const SqlToken& t : *tokens) {
        if (t.comment()) continue;
        std::string_view word = text.substr(t.begin, t.end - t.begin);
        if (!out.empty()) out += ' ';
        out += (t.keyword || (t.identifier() && !word.starts_with('"'))) ? lower_ascii(word) : std::string(word);
    }
    return out;
}

// PL/pgSQL's tree without line numbers, each embedded SQL text as its canonical parse tree(s),
// each declared type as its canonical words.
std::string plpgsql_fingerprint(json function) {
    auto strip = [](auto& self, json& node) -> void {
        if (node.is_array()) {
            for (json& item : node) self(self, item);
        } else if (node.is_object()) {
            node.erase("lineno");
            if (node.contains("PLpgSQL_type") && node["PLpgSQL_type"].contains("typname"))
                node["PLpgSQL_type"]["typname"] = canonical_words(node["PLpgSQL_type"].value("typname", ""));
            for (auto& [key, value] : node.items()) self(self, value);
        }
    };
    strip(strip, function);
    for_each_embedded_sql(function, [](json& expr, const std::string& query, bool assignment) {
        json trees = json::array();
        for (const std::string& statement : embedded_sql_statements(query, assignment)) {
            std::optional<json> tree = canonical_parse_tree(statement);
            trees.push_back(tree ? *tree : json(canonical_words(statement)));
        }
        expr.erase("query");
        expr["sql"] = std::move(trees);
    });
    return dump(function);
}

// The name PostgreSQL gives an output column written without one: a column's or a function's.
std::string implicit_name(const json& value) {
    const json* names = nullptr;
    if (value.contains("ColumnRef")) names = &value["ColumnRef"]["fields"];
    if (value.contains("FuncCall")) names = &value["FuncCall"]["funcname"];
    if (!names || !names->is_array() || names->empty()) return {};
    return names->back().value("String", json::object()).value("sval", "");
}

// What pg_get_function_sqlbody adds to an SQL-standard body, taken out again: a parameter's
// name qualified by the function's (`f.a`), and output names that are the ones PostgreSQL gives
// anyway (`max(t.a) AS max`).
void as_written(json& node, const ir::Function& function) {
    if (node.is_array()) {
        for (json& item : node) as_written(item, function);
        return;
    }
    if (!node.is_object()) return;
    if (node.contains("ColumnRef") && node["ColumnRef"].contains("fields")) {
        json& fields = node["ColumnRef"]["fields"];
        auto name = [&](std::size_t i) { return fields[i].value("String", json::object()).value("sval", ""); };
        bool parameter = fields.size() == 2 && name(0) == function.name.name &&
                         std::any_of(function.arguments.begin(), function.arguments.end(),
                                     [&](const ir::FunctionArgument& a) { return a.name == name(1); });
        if (parameter) fields.erase(fields.begin());
    }
    if (node.contains("ResTarget") && node["ResTarget"].contains("name") && node["ResTarget"].contains("val") &&
        implicit_name(node["ResTarget"]["val"]) == node["ResTarget"].value("name", ""))
        node["ResTarget"].erase("name");
    for (auto& [key, value] : node.items()) as_written(value, function);
}

}  // namespace

std::string function_body_fingerprint(const ir::Function& function) {
    if (function.sql_body) {
        // Normalised as stored expressions are: PostgreSQL shows the body back with the casts and
        // parentheses it adds (`SELECT (a + 1)`, `'x'::text`).
        std::string statement = "CREATE FUNCTION f() RETURNS void LANGUAGE sql " + *function.sql_body;
        PgParse parsed = pg_parse(statement);
        if (!parsed.ok()) return "text:" + *function.sql_body;
        json tree = json::parse(*parsed.tree, nullptr, false);
        json body = tree["stmts"][0]["stmt"].value("CreateFunctionStmt", json::object()).value("sql_body", json());
        as_written(body, function);
        return "sql_body:" + dump(normalised_expression_tree(statement, body));
    }
    if (function.language == "sql") {
        if (std::optional<json> tree = canonical_parse_tree(function.body)) return "sql:" + dump(*tree);
    } else if (function.language == "plpgsql") {
        PlpgsqlParse parsed = parse_plpgsql(function);
        if (parsed.function) {
            std::string out = "plpgsql:" + plpgsql_fingerprint(*parsed.function);
            for (const std::string& statement : parsed.unread) out += "\n" + canonical_words(statement);
            return out;
        }
    }
    std::string out = "text:" + function.body;
    if (function.link_symbol) out += "\n" + *function.link_symbol;
    return out;
}

bool same_function_body(const ir::Function& a, const ir::Function& b) {
    if (a.language != b.language) return false;
    if (a.body == b.body && a.sql_body == b.sql_body && a.link_symbol == b.link_symbol) return true;
    return function_body_fingerprint(a) == function_body_fingerprint(b);
}

}  // namespace schemac
