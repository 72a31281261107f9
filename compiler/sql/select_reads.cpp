#include "compiler/sql/select_reads.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/query_scope.hpp"

namespace schemac {
namespace {

using nlohmann::json;

// One name a FROM clause brings into scope: a relation (by its index in `relations`), or a
// subquery, CTE or function whose columns are its own (reads inside it are counted there).
struct Entry {
    std::string alias;                  // the alias, else the relation's own name
    std::optional<std::string> schema;  // of the relation, for `schema.table.column`
    std::string name;
    std::optional<std::size_t> relation;
    std::optional<std::vector<std::string>> columns;  // what columns_of knows of the relation, asked once
};

struct ReadScope {
    const ReadScope* parent = nullptr;
    std::set<std::string> ctes;
    std::vector<Entry> entries;
    std::set<std::string> output_names;  // what the SELECT names its own columns
};

class Reader {
public:
    explicit Reader(const ColumnsOf& columns_of) : columns_of_(columns_of) {}

    std::vector<RelationRead> relations;
    std::set<std::string> unattributed;

    // A SelectStmt's fields (the object inside {"SelectStmt": ...}, or a larg/rarg).
    void select(const json& stmt, const ReadScope* parent) {
        ReadScope scope;
        scope.parent = parent;
        if (stmt.contains("withClause")) {
            for (const json& cte : stmt["withClause"].value("ctes", json::array())) {
                const json& c = cte.value("CommonTableExpr", json::object());
                scope.ctes.insert(c.value("ctename", ""));
            }
            // A CTE sees the CTEs before it (and itself, when recursive): all of them are in scope.
            for (const json& cte : stmt["withClause"].value("ctes", json::array())) {
                const json& c = cte.value("CommonTableExpr", json::object());
                if (c.contains("ctequery")) statement(c["ctequery"], &scope);
            }
        }
        if (stmt.value("op", "SETOP_NONE") != "SETOP_NONE") {
            if (stmt.contains("larg")) select(stmt["larg"], &scope);
            if (stmt.contains("rarg")) select(stmt["rarg"], &scope);
            return;
        }
        for (const json& item : stmt.value("fromClause", json::array())) from_item(item, scope);
        for (const json& target : stmt.value("targetList", json::array())) {
            const json& t = target.value("ResTarget", json::object());
            if (t.contains("name")) scope.output_names.insert(t.value("name", ""));
        }
        for (const char* part : {"targetList", "whereClause", "havingClause", "windowClause", "valuesLists",
                                 "distinctClause", "limitOffset", "limitCount"})
            if (stmt.contains(part)) expression(stmt[part], scope, false);
        for (const char* part : {"groupClause", "sortClause"})
            if (stmt.contains(part)) expression(stmt[part], scope, true);
    }

    // A node that holds a query: {"SelectStmt": ...}; anything else is not read here.
    void statement(const json& node, const ReadScope* parent) {
        if (node.contains("SelectStmt")) select(node["SelectStmt"], parent);
    }

private:
    const ColumnsOf& columns_of_;
    std::map<std::pair<std::optional<std::string>, std::string>, std::size_t> index_;

    std::size_t relation(const std::optional<std::string>& schema, const std::string& name) {
        auto [at, added] = index_.emplace(std::pair{schema, name}, relations.size());
        if (added) relations.push_back(RelationRead{schema, name, {}, false});
        return at->second;
    }

    void from_item(const json& item, ReadScope& scope) {
        if (item.contains("RangeVar")) {
            const json& r = item["RangeVar"];
            std::optional<std::string> schema;
            if (r.contains("schemaname")) schema = r.value("schemaname", "");
            std::string name = r.value("relname", "");
            std::string alias = r.contains("alias") ? r["alias"].value("aliasname", name) : name;
            if (!schema && in_cte_scope(scope, name)) {
                scope.entries.push_back(Entry{alias, std::nullopt, name, std::nullopt, std::nullopt});
                return;
            }
            std::optional<std::vector<std::string>> columns;
            if (columns_of_) columns = columns_of_(schema, name);
            scope.entries.push_back(Entry{alias, schema, name, relation(schema, name), std::move(columns)});
        } else if (item.contains("JoinExpr")) {
            const json& j = item["JoinExpr"];
            if (j.contains("larg")) from_item(j["larg"], scope);
            if (j.contains("rarg")) from_item(j["rarg"], scope);
            for (const json& column : j.value("usingClause", json::array())) {
                // USING (c): c of both sides, whichever relations in scope have it.
                std::string name = string_value(column);
                bool found = false;
                for (const Entry& e : scope.entries)
                    if (e.relation && has_column(e, name)) {
                        relations[*e.relation].columns.insert(name);
                        found = true;
                    }
                if (!found) unattributed.insert(name);
            }
            if (j.contains("quals")) expression(j["quals"], scope, false);
        } else if (item.contains("RangeSubselect")) {
            const json& s = item["RangeSubselect"];
            if (s.contains("subquery")) statement(s["subquery"], &scope);  // LATERAL: sees what came before
            std::string alias = s.contains("alias") ? s["alias"].value("aliasname", "") : "";
            scope.entries.push_back(Entry{alias, std::nullopt, alias, std::nullopt, std::nullopt});
        } else if (item.contains("RangeFunction")) {
            const json& f = item["RangeFunction"];
            if (f.contains("functions")) expression(f["functions"], scope, false);
            std::string alias = f.contains("alias") ? f["alias"].value("aliasname", "") : "";
            scope.entries.push_back(Entry{alias, std::nullopt, alias, std::nullopt, std::nullopt});
        }
    }

    static bool in_cte_scope(const ReadScope& scope, const std::string& name) {
        for (const ReadScope* s = &scope; s; s = s->parent)
            if (s->ctes.count(name)) return true;
        return false;
    }

    static bool has_column(const Entry& e, const std::string& column) {
        return e.columns && std::find(e.columns->begin(), e.columns->end(), column) != e.columns->end();
    }

    // Walks an expression (or a list of them): column references are resolved in `scope`, and
    // queries inside it (sublinks) are read with `scope` as their parent.
    void expression(const json& node, const ReadScope& scope, bool output_names_visible) {
        if (node.is_array()) {
            for (const json& child : node) expression(child, scope, output_names_visible);
            return;
        }
        if (!node.is_object()) return;
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == "ColumnRef") {
                column_ref(it.value().value("fields", json::array()), scope, output_names_visible);
            } else if (it.key() == "SelectStmt") {
                select(it.value(), &scope);
            } else {
                expression(it.value(), scope, output_names_visible);
            }
        }
    }

    void column_ref(const json& fields, const ReadScope& scope, bool output_names_visible) {
        if (fields.empty()) return;
        bool star = fields.back().contains("A_Star");
        std::string column = star ? "" : string_value(fields.back());
        if (fields.size() == 1) {
            if (star) {
                for (const Entry& e : scope.entries)
                    if (e.relation) relations[*e.relation].every_column = true;
                return;
            }
            if (output_names_visible && scope.output_names.count(column)) return;
            unqualified(column, scope);
            return;
        }
        // qualifier.column, or schema.table.column
        std::string qualifier = string_value(fields[fields.size() - 2]);
        std::optional<std::string> schema;
        if (fields.size() >= 3) schema = string_value(fields[fields.size() - 3]);
        for (const ReadScope* s = &scope; s; s = s->parent) {
            for (const Entry& e : s->entries) {
                bool match = schema ? (e.schema == schema && e.name == qualifier && e.alias == e.name)
                                    : e.alias == qualifier;
                if (!match) continue;
                if (e.relation) {
                    if (star)
                        relations[*e.relation].every_column = true;
                    else
                        relations[*e.relation].columns.insert(column);
                }
                return;
            }
        }
        // A qualifier nothing in scope names (a record variable, a composite column): not a relation's.
    }

    void unqualified(const std::string& column, const ReadScope& scope) {
        for (const ReadScope* s = &scope; s; s = s->parent) {
            for (const Entry& e : s->entries) {
                if (e.relation && has_column(e, column)) {
                    relations[*e.relation].columns.insert(column);
                    return;
                }
            }
        }
        // Nothing says which relation has it: the only relation in the innermost scope that has any.
        for (const ReadScope* s = &scope; s; s = s->parent) {
            if (s->entries.empty()) continue;
            if (s->entries.size() == 1 && s->entries[0].relation && !s->entries[0].columns) {
                relations[*s->entries[0].relation].columns.insert(column);
                return;
            }
            break;
        }
        unattributed.insert(column);
    }
};

}  // namespace

SelectReads select_reads(std::string_view query, const ColumnsOf& columns_of) {
    SelectReads out;
    PgParse parsed = pg_parse(query);
    if (!parsed.ok()) {
        out.error = parsed.error;
        out.error_offset = cursor_byte_offset(query, parsed.cursor);
        return out;
    }
    out.valid = true;
    json tree = json::parse(*parsed.tree, nullptr, false);
    const json& statements = tree.value("stmts", json::array());
    if (statements.size() != 1) return out;
    const json& stmt = statements[0].value("stmt", json::object());
    if (!stmt.contains("SelectStmt") || stmt["SelectStmt"].contains("intoClause")) return out;
    out.single_select = true;
    Reader reader(columns_of);
    reader.statement(stmt, nullptr);
    out.relations = std::move(reader.relations);
    std::sort(out.relations.begin(), out.relations.end(), [](const RelationRead& a, const RelationRead& b) {
        return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
    });
    out.unattributed.assign(reader.unattributed.begin(), reader.unattributed.end());
    return out;
}

}  // namespace schemac
