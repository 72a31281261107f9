#include "compiler/plan/view_queries.hpp"

#include <map>
#include <memory>

#include <nlohmann/json.hpp>
#include <optional>

#include "compiler/sql/json_tree.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/select_output.hpp"
#include "compiler/sql/view_fingerprint.hpp"

namespace schemac::plan {
namespace {

using nlohmann::json;

// What a plain SELECT reads its columns from (its FROM and WITH clauses); nullopt for anything
// else (a set operation, VALUES, text that is not one query).
std::optional<json> sources(std::string_view query) {
    PgParse parsed = pg_parse(query);
    if (!parsed.ok()) return std::nullopt;
    json tree = json::parse(*parsed.tree, nullptr, false);
    const json& statements = tree.value("stmts", json::array());
    if (statements.size() != 1) return std::nullopt;
    const json& stmt = statements[0].value("stmt", json::object());
    if (!stmt.contains("SelectStmt")) return std::nullopt;
    const json& select = stmt["SelectStmt"];
    if (select.value("op", "SETOP_NONE") != "SETOP_NONE" || select.contains("valuesLists")) return std::nullopt;
    json read_from = json{{"from", select.value("fromClause", json::array())},
                          {"with", select.value("withClause", json::object())}};
    drop_locations(read_from);
    return read_from;
}

}  // namespace

// The same text, else the same fingerprint (each body with its own side's columns).
bool same_view_query(std::string_view a, const ColumnsOf& a_columns, std::string_view b, const ColumnsOf& b_columns) {
    if (a == b) return true;
    std::optional<std::string> fingerprint = view_query_fingerprint(a, a_columns);
    return fingerprint && fingerprint == view_query_fingerprint(b, b_columns);
}

bool same_leading_columns(std::string_view before, const ColumnsOf& before_columns, std::string_view after,
                          const ColumnsOf& after_columns, std::size_t count) {
    std::optional<json> old_sources = sources(before);
    if (!old_sources || old_sources != sources(after)) return false;
    std::optional<std::vector<OutputColumn>> old_outputs = select_output(before, before_columns);
    std::optional<std::vector<OutputColumn>> new_outputs = select_output(after, after_columns);
    if (!old_outputs || !new_outputs || old_outputs->size() < count || new_outputs->size() < count) return false;
    for (std::size_t i = 0; i < count; ++i)
        if ((*old_outputs)[i].expression != (*new_outputs)[i].expression) return false;
    return true;
}

// The columns each relation of `db` has, as select_reads asks for them.
ColumnsOf columns_of(const ir::Database& db) {
    // Built on the first question: most plans (no view, no policy) never ask one.
    auto known = std::make_shared<std::optional<std::map<ir::QualifiedName, std::vector<std::string>>>>();
    return [known, &db](const std::optional<std::string>& schema,
                        const std::string& name) -> std::optional<std::vector<std::string>> {
        if (!*known) {
            auto& columns = known->emplace();
            for (const ir::Table& t : db.tables) {
                std::vector<std::string>& names = columns[t.name];
                for (const ir::Column& c : t.columns) names.push_back(c.name);
            }
            for (const ir::View& v : db.views) {
                if (v.columns.empty()) continue;  // not known: `*` of an object schemac does not manage
                std::vector<std::string>& names = columns[v.name];
                for (const ir::ViewColumn& c : v.columns) names.push_back(c.name);
            }
        }
        auto it = (*known)->find(ir::QualifiedName{schema.value_or("public"), name});
        if (it == (*known)->end()) return std::nullopt;
        return it->second;
    };
}

}  // namespace schemac::plan
