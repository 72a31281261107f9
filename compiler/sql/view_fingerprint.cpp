#include "compiler/sql/view_fingerprint.hpp"

#include <nlohmann/json.hpp>

#include "compiler/sql/expression_fingerprint.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/viewdef_form.hpp"

namespace schemac {

std::optional<std::string> view_query_fingerprint(std::string_view query, const ColumnsOf& columns_of) {
    PgParse parsed = pg_parse(query);
    if (!parsed.ok()) return std::nullopt;
    nlohmann::json tree = nlohmann::json::parse(*parsed.tree, nullptr, false);
    const nlohmann::json& statements = tree.value("stmts", nlohmann::json::array());
    if (statements.size() != 1) return std::nullopt;
    const nlohmann::json& stmt = statements[0].value("stmt", nlohmann::json::object());
    if (!stmt.contains("SelectStmt") || stmt["SelectStmt"].contains("intoClause")) return std::nullopt;
    nlohmann::json form{{"SelectStmt", viewdef_form(stmt["SelectStmt"], columns_of)}};
    return normalised_expression_tree(query, form).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool same_view_query(std::string_view a, std::string_view b, const ColumnsOf& columns_of) {
    std::optional<std::string> fa = view_query_fingerprint(a, columns_of);
    std::optional<std::string> fb = view_query_fingerprint(b, columns_of);
    return fa && fb && *fa == *fb;
}

}  // namespace schemac
