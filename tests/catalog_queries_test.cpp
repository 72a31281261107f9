// The introspector's catalog queries (runtime/catalog/*.sql) name every result column with AS,
// in snake_case, so that introspection reads each one by its name: a column added to a query
// cannot silently shift the meaning of the others. Checked on PostgreSQL (the names its result
// carries) and in the text (each name is written, not one PostgreSQL made up).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

#include "compiler/sql/pg_parse.hpp"
#include "runtime/catalog_queries.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using namespace schemac;
namespace fs = std::filesystem;

namespace {

struct CatalogQuery {
    std::string file;  // its name in runtime/catalog, without .sql
    const char* sql;
    std::vector<std::string> parameters;  // values that run it on an empty database
};

std::vector<CatalogQuery> catalog_queries() {
    namespace q = runtime::catalog;
    return {
        {"schemas", q::schemas, {"{public}"}},
        {"extensions", q::extensions, {}},
        {"enums", q::enums, {"{public}"}},
        {"domains", q::domains, {"{public}"}},
        {"composite_types", q::composite_types, {"{public}"}},
        {"tables", q::tables, {"{public}"}},
        {"columns", q::columns, {"{}"}},
        {"sequences", q::sequences, {"{public}"}},
        {"constraints", q::constraints, {"{}"}},
        {"indexes", q::indexes, {"{}"}},
        {"unmanaged", q::unmanaged, {"{public}", "{}"}},
        {"user_schemas", q::user_schemas, {"public", "schemac_migrations"}},
        {"views", q::views, {"{public}"}},
        {"functions", q::functions, {"{public}"}},
        {"triggers", q::triggers, {"{}"}},
        {"policies", q::policies, {"{}"}},
        {"grants", q::grants, {"{}", "{public}"}},
        {"default_privileges", q::default_privileges, {"{public}"}},
        {"missing_roles", q::missing_roles, {"{app}"}},
        {"view_dependents", q::view_dependents, {"{users}", "{email}"}},
        {"dropped_dependents", q::dropped_dependents, {"{v}", "{\"\"}", "{\"\"}", "{\"\"}"}},
    };
}

// The names the query's text gives its result columns (the first branch's, for a UNION), in
// order, as libpg_query reads them; "" for a column written without AS.
std::vector<std::string> written_names(const std::string& sql) {
    PgParse parsed = pg_parse(sql);
    REQUIRE_MESSAGE(parsed.ok(), parsed.error);
    nlohmann::json select = nlohmann::json::parse(*parsed.tree)["stmts"][0]["stmt"]["SelectStmt"];
    while (select.contains("larg")) select = select["larg"];
    std::vector<std::string> out;
    for (const nlohmann::json& target : select["targetList"]) {
        const nlohmann::json& res = target["ResTarget"];
        out.push_back(res.contains("name") ? res["name"].get<std::string>() : "");
    }
    return out;
}

bool snake_case(const std::string& name) {
    return !name.empty() && name[0] >= 'a' && name[0] <= 'z' && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

}  // namespace

TEST_CASE("every catalog query names each result column with AS, once, in snake_case") {
    // Every file of runtime/catalog is checked: a new query needs its entry above.
    std::set<std::string> files, listed;
    for (const auto& entry : fs::directory_iterator(test::source_dir() / "runtime/catalog"))
        if (entry.path().extension() == ".sql") files.insert(entry.path().stem().string());
    for (const CatalogQuery& query : catalog_queries()) listed.insert(query.file);
    CHECK(files == listed);

    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    pqxx::connection connection(cluster.url());
    for (const CatalogQuery& query : catalog_queries()) {
        CAPTURE(query.file);
        pqxx::read_transaction tx(connection);
        pqxx::result result = tx.exec_params(query.sql, pqxx::prepare::make_dynamic_params(query.parameters));
        std::vector<std::string> names;
        for (pqxx::row::size_type i = 0; i < result.columns(); ++i) names.push_back(result.column_name(i));
        REQUIRE_FALSE(names.empty());
        std::set<std::string> distinct;
        for (const std::string& name : names) {
            CAPTURE(name);
            CHECK(name != "?column?");
            CHECK(snake_case(name));
            CHECK_MESSAGE(distinct.insert(name).second, ("a second result column named " + name));
        }
        // Each name is written with AS: not one PostgreSQL took from a catalog column
        // (`nspname`) or a function (`obj_description`).
        std::vector<std::string> written = written_names(query.sql);
        CHECK_MESSAGE(written == names, fmt::format("PostgreSQL names them ({}); the query writes ({})",
                                                    fmt::join(names, ", "), fmt::join(written, ", ")));
    }
}
