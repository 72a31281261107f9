#include "compiler/sql/viewdef_form.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "compiler/sql/query_scope.hpp"
#include "compiler/sql/select_output.hpp"

namespace schemac {
namespace {

using nlohmann::json;
using Names = std::vector<std::string>;

// A column as the rewritten tree names it: the label of its relation (none for a FULL JOIN's
// merged column, which pg_get_viewdef leaves unqualified) and its name; no name: the whole row.
struct Ref {
    std::optional<std::string> qualifier;
    std::string column;
};
using Refs = std::vector<Ref>;

struct Range {
    std::string qualifier;              // the alias, else the relation's name; empty: unreachable
    std::string label;                  // the name it is given in the rewritten tree
    std::optional<std::string> schema;  // of a relation without alias (`public` when unwritten)
    std::optional<Names> columns;       // nullopt: not known
    std::optional<Refs> stands_for;     // `JOIN ... USING (c) AS k`: what k.c is
};

struct Scope {
    const Scope* parent = nullptr;
    CteScope with;
    std::vector<Range> ranges;               // every name FROM brings in, those inside joins too
    Refs merged;                             // join columns of USING and NATURAL joins without alias
    std::vector<std::optional<Refs>> items;  // what `*` covers, per FROM item
};

json string_node(const std::string& text) { return json{{"String", json{{"sval", text}}}}; }

json column_ref(const Ref& ref) {
    json fields = json::array();
    if (ref.qualifier) fields.push_back(string_node(*ref.qualifier));
    fields.push_back(ref.column.empty() ? json{{"A_Star", json::object()}} : string_node(ref.column));
    return json{{"ColumnRef", json{{"fields", fields}}}};
}

Refs refs_of(const std::string& qualifier, const Names& names) {
    Refs out;
    for (const std::string& name : names) out.push_back({qualifier, name});
    return out;
}

Names names_of(const Refs& refs) {
    Names out;
    for (const Ref& r : refs) out.push_back(r.column);
    return out;
}

// The output columns of one SELECT level by name, each with its (rewritten) expression.
using Outputs = std::vector<std::pair<std::string, json>>;

bool has(const Names& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// A positive integer constant (an ORDER BY / GROUP BY position): its value, else 0.
long position(const json& node) {
    if (!node.contains("A_Const")) return 0;
    const json& c = node["A_Const"];
    if (!c.contains("ival")) return 0;
    return c["ival"].value("ival", 0L);
}

class Rewriter {
public:
    explicit Rewriter(const ColumnsOf& columns_of) : columns_of_(columns_of) {}

    struct Query {
        json stmt;
        std::optional<Names> names;  // its output columns; nullopt when a `*` covers unknown ones
    };

    // `named`: whether its output names can be seen (in a CTE or a sub-select in FROM; not at
    // the top, in a sub-select in an expression or in a set operation's later branches), so
    // whether they are part of what it means.
    Query select(const json& stmt, const Scope* parent, bool named) {
        Scope scope;
        scope.parent = parent;
        if (parent) scope.with.parent = &parent->with;
        json out = stmt;
        if (stmt.contains("withClause")) ctes(stmt["withClause"], out["withClause"], scope);
        if (stmt.value("op", "SETOP_NONE") != "SETOP_NONE") {
            Query left = select(stmt.value("larg", json::object()), &scope, named);
            out["larg"] = left.stmt;
            out["rarg"] = select(stmt.value("rarg", json::object()), &scope, false).stmt;
            // Its ORDER BY can only name output columns; pg_get_viewdef writes them by position,
            // a position stands here for the column's name.
            if (stmt.contains("sortClause") && left.names)
                for (json& item : out["sortClause"])
                    if (item.contains("SortBy") && item["SortBy"].contains("node"))
                        if (long at = position(item["SortBy"]["node"]);
                            at >= 1 && static_cast<std::size_t>(at) <= left.names->size())
                            item["SortBy"]["node"] = column_ref(
                                Ref{std::nullopt, (*left.names)[static_cast<std::size_t>(at - 1)]});
            return {out, left.names};
        }
        if (stmt.contains("valuesLists")) {
            out["valuesLists"] = expression(stmt["valuesLists"], scope);
            Names names;
            const json& first = stmt["valuesLists"].empty() ? json::object() : stmt["valuesLists"][0];
            for (std::size_t i = 0; i < first.value("List", json::object()).value("items", json::array()).size(); ++i)
                names.push_back("column" + std::to_string(i + 1));
            return {out, names};
        }
        if (stmt.contains("fromClause")) {
            out["fromClause"] = json::array();
            for (const json& item : stmt["fromClause"]) {
                auto [rewritten, refs] = from_item(item, scope);
                out["fromClause"].push_back(rewritten);
                scope.items.push_back(refs);
            }
        }
        std::optional<Names> names = Names{};
        json targets = json::array();
        Outputs outputs;
        for (const json& t : stmt.value("targetList", json::array())) {
            const json& target = t.value("ResTarget", json::object());
            const json& value = target.value("val", json::object());
            const json& fields = value.value("ColumnRef", json::object()).value("fields", json::array());
            if (!fields.empty() && fields.back().contains("A_Star")) {
                if (std::optional<Refs> refs = expand(fields, scope)) {
                    for (const Ref& ref : *refs) {
                        targets.push_back(target_node(column_ref(ref), ref.column, named));
                        if (names) names->push_back(ref.column);
                        outputs.push_back({ref.column, column_ref(ref)});
                    }
                    continue;
                }
                targets.push_back(t);
                names.reset();
                continue;
            }
            std::string name = target.contains("name") ? target.value("name", "") : figured_column_name(value);
            json rewritten = expression(value, scope);
            targets.push_back(target_node(rewritten, name, named));
            if (names) names->push_back(name);
            outputs.push_back({name, rewritten});
        }
        if (!names) outputs.clear();  // positions past a `*` over unknown columns are not known
        if (stmt.contains("targetList")) out["targetList"] = targets;
        for (const char* part :
             {"whereClause", "havingClause", "windowClause", "distinctClause", "limitCount", "limitOffset"})
            if (stmt.contains(part)) out[part] = expression(stmt[part], scope);
        if (stmt.contains("groupClause")) out["groupClause"] = grouping(stmt["groupClause"], outputs, scope);
        if (stmt.contains("sortClause")) {
            out["sortClause"] = json::array();
            for (const json& item : stmt["sortClause"]) {
                json sort = item;
                if (item.contains("SortBy") && item["SortBy"].contains("node"))
                    sort["SortBy"]["node"] = ordering(item["SortBy"]["node"], outputs, scope);
                out["sortClause"].push_back(sort);
            }
        }
        return {out, names};
    }

private:
    const ColumnsOf& columns_of_;
    int labels_ = 0;

    static json target_node(json value, const std::string& name, bool named) {
        json target{{"val", std::move(value)}};
        if (named) target["name"] = name;
        return json{{"ResTarget", target}};
    }

    // A WITH clause's queries, each seeing those before it (and itself when recursive: its
    // columns, from a first reading, are known when it is read again).
    void ctes(const json& with, json& out, Scope& scope) {
        bool recursive = with.value("recursive", false);
        for (int pass = recursive ? 0 : 1; pass < 2; ++pass) {
            const json& list = with.value("ctes", json::array());
            for (std::size_t i = 0; i < list.size(); ++i) {
                const json& cte = list[i].value("CommonTableExpr", json::object());
                const json& query = cte.value("ctequery", json::object()).value("SelectStmt", json::object());
                if (recursive && pass == 0) scope.with.ctes.emplace(cte.value("ctename", ""), std::nullopt);
                Query q = select(query, &scope, true);
                if (q.names) rename_columns(*q.names, json{{"colnames", cte.value("aliascolnames", json::array())}});
                scope.with.ctes[cte.value("ctename", "")] = q.names;
                if (pass == 1 && cte.contains("ctequery") && cte["ctequery"].contains("SelectStmt"))
                    out["ctes"][i]["CommonTableExpr"]["ctequery"]["SelectStmt"] = q.stmt;
            }
        }
    }

    std::pair<json, std::optional<Refs>> from_item(const json& item, Scope& scope) {
        json out = item;
        if (item.contains("RangeVar")) {
            const json& r = item["RangeVar"];
            const json& alias = r.value("alias", json::object());
            NamedRelation relation = named_relation(r, scope.with, columns_of_);
            std::optional<std::string> schema;
            if (!relation.cte) {
                schema = relation.schema.value_or("public");
                out["RangeVar"]["schemaname"] = *schema;
                out["RangeVar"].erase("catalogname");
            }
            return range(scope, alias.value("aliasname", relation.name), relation.columns,
                         alias.contains("aliasname") ? std::nullopt : schema, out, "RangeVar");
        }
        if (item.contains("RangeSubselect")) {
            const json& s = item["RangeSubselect"];
            Query q = select(s.value("subquery", json::object()).value("SelectStmt", json::object()), &scope, true);
            if (s.contains("subquery")) out["RangeSubselect"]["subquery"]["SelectStmt"] = q.stmt;
            const json& alias = s.value("alias", json::object());
            return range(scope, alias.value("aliasname", ""), q.names, std::nullopt, out, "RangeSubselect");
        }
        if (item.contains("RangeFunction")) {
            const json& f = item["RangeFunction"];
            if (f.contains("functions")) out["RangeFunction"]["functions"] = expression(f["functions"], scope);
            const json& alias = f.value("alias", json::object());
            std::optional<Names> names = function_columns(f);
            bool named_after_function = names && !f.contains("coldeflist");
            std::string qualifier = alias.value("aliasname", named_after_function ? names->front() : "");
            return range(scope, qualifier, names, std::nullopt, out, "RangeFunction");
        }
        if (item.contains("RangeTableSample")) {
            auto [relation, refs] = from_item(item["RangeTableSample"].value("relation", json::object()), scope);
            out["RangeTableSample"]["relation"] = relation;
            return {out, refs};
        }
        if (item.contains("RangeTableFunc")) {
            const json& f = item["RangeTableFunc"];
            Names names;
            for (const json& column : f.value("columns", json::array()))
                names.push_back(column.value("RangeTableFuncCol", json::object()).value("colname", ""));
            for (const char* part : {"docexpr", "rowexpr"})
                if (f.contains(part)) out["RangeTableFunc"][part] = expression(f[part], scope);
            const json& alias = f.value("alias", json::object());
            return range(scope, alias.value("aliasname", ""), names, std::nullopt, out, "RangeTableFunc");
        }
        if (item.contains("JoinExpr")) return join(item["JoinExpr"], scope);
        return {out, std::nullopt};
    }

    // A name FROM brings into scope. Its alias in the tree becomes its label (aliases are only
    // names to refer to it by: pg_get_viewdef renames some, `t_1`), with every column named
    // (pg_get_viewdef lists them all when it lists any).
    std::pair<json, std::optional<Refs>> range(Scope& scope, const std::string& qualifier, std::optional<Names> names,
                                               std::optional<std::string> schema, json rewritten, const char* kind) {
        json& fields = rewritten[kind];
        const json& alias = fields.value("alias", json::object());
        if (names) rename_columns(*names, alias);
        std::string label = "r" + std::to_string(++labels_);
        json colnames = alias.value("colnames", json::array());
        if (names) {
            colnames = json::array();
            for (const std::string& name : *names) colnames.push_back(string_node(name));
        }
        fields["alias"] = json{{"aliasname", label}};
        if (!colnames.empty()) fields["alias"]["colnames"] = colnames;
        scope.ranges.push_back({qualifier, label, std::move(schema), names, std::nullopt});
        if (!names) return {std::move(rewritten), std::nullopt};
        return {std::move(rewritten), refs_of(label, *names)};
    }

    // USING's (or NATURAL's common) columns first, then the rest of the left's, then the right's;
    // a merged column is the left's (the right's in a RIGHT JOIN, neither in a FULL one).
    std::pair<json, std::optional<Refs>> join(const json& j, Scope& scope) {
        json out{{"JoinExpr", j}};
        std::size_t ranges = scope.ranges.size(), merged_before = scope.merged.size();
        auto [left_tree, left] = from_item(j.value("larg", json::object()), scope);
        auto [right_tree, right] = from_item(j.value("rarg", json::object()), scope);
        out["JoinExpr"]["larg"] = left_tree;
        out["JoinExpr"]["rarg"] = right_tree;
        Names merged;
        if (j.value("isNatural", false)) {
            if (left && right)
                for (const Ref& l : *left)
                    if (std::any_of(right->begin(), right->end(), [&](const Ref& r) { return r.column == l.column; }))
                        merged.push_back(l.column);
        } else {
            for (const json& column : j.value("usingClause", json::array())) merged.push_back(string_value(column));
        }
        if (j.value("isNatural", false) && left && right) {
            // pg_get_viewdef writes a NATURAL JOIN as the USING it stands for.
            out["JoinExpr"].erase("isNatural");
            out["JoinExpr"]["usingClause"] = json::array();
            for (const std::string& name : merged) out["JoinExpr"]["usingClause"].push_back(string_node(name));
        }
        std::string type = j.value("jointype", "JOIN_INNER");
        auto find = [](const std::optional<Refs>& side, const std::string& name) -> std::optional<Ref> {
            if (side)
                for (const Ref& r : *side)
                    if (r.column == name) return r;
            return std::nullopt;
        };
        Refs joined;
        for (const std::string& name : merged) {
            std::optional<Ref> from = type == "JOIN_FULL"    ? std::nullopt
                                      : type == "JOIN_RIGHT" ? find(right, name)
                                                             : find(left, name);
            joined.push_back(from.value_or(Ref{std::nullopt, name}));
            scope.merged.push_back(joined.back());
        }
        std::optional<Refs> refs;
        if (left && right) {
            refs = joined;
            for (const std::optional<Refs>& side : {left, right})
                for (const Ref& r : *side)
                    if (!has(merged, r.column)) refs->push_back(r);
        }
        if (j.contains("quals")) out["JoinExpr"]["quals"] = expression(j["quals"], scope);
        if (j.contains("join_using_alias")) {
            std::string name = j["join_using_alias"].value("aliasname", "");
            scope.ranges.push_back({name, name, std::nullopt, merged, joined});
        }
        if (j.contains("alias")) {
            rename_join_columns(out["JoinExpr"], merged, j["alias"].value("colnames", json::array()));
            scope.ranges.resize(ranges);
            scope.merged.resize(merged_before);
            std::optional<Names> names;
            if (refs) names = names_of(*refs);
            return range(scope, j["alias"].value("aliasname", ""), names, std::nullopt, out, "JoinExpr");
        }
        return {out, refs};
    }

    // `(a JOIN b USING (id)) j(key)`: pg_get_viewdef renames the join column on both sides,
    // `a(key, ...) JOIN b(key, ...) USING (key)`.
    static void rename_join_columns(json& join, const Names& merged, const json& colnames) {
        for (std::size_t i = 0; i < merged.size() && i < colnames.size(); ++i) {
            std::string renamed = string_value(colnames[i]);
            if (renamed == merged[i]) continue;
            for (json& column : join["usingClause"])
                if (string_value(column) == merged[i]) column = string_node(renamed);
            for (const char* side : {"larg", "rarg"})
                for (auto& [kind, fields] : join[side].items())
                    if (kind != "JoinExpr" && fields.contains("alias") && fields["alias"].contains("colnames"))
                        for (json& column : fields["alias"]["colnames"])
                            if (string_value(column) == merged[i]) column = string_node(renamed);
        }
    }

    // `*`, `alias.*`, `schema.table.*`.
    static std::optional<Refs> expand(const json& fields, const Scope& scope) {
        if (fields.size() == 1) {
            if (scope.items.empty()) return std::nullopt;
            Refs out;
            for (const std::optional<Refs>& item : scope.items) {
                if (!item) return std::nullopt;
                out.insert(out.end(), item->begin(), item->end());
            }
            return out;
        }
        const Range* range = find_range(fields, scope);
        if (!range || !range->columns) return std::nullopt;
        if (range->stands_for) return range->stands_for;
        return refs_of(range->label, *range->columns);
    }

    // The range `q.x` or `s.q.x` names (`fields` ends with x).
    static const Range* find_range(const json& fields, const Scope& scope) {
        std::string name = string_value(fields[fields.size() - 2]);
        std::optional<std::string> schema;
        if (fields.size() >= 3) schema = string_value(fields[fields.size() - 3]);
        for (const Scope* s = &scope; s; s = s->parent)
            for (const Range& range : s->ranges)
                if (range.qualifier == name && (!schema || range.schema == schema)) return &range;
        return nullptr;
    }

    // How an unqualified name resolves: the column reference pg_get_viewdef prints for it
    // (a relation's column, a join column, a whole row); null when it cannot be known here.
    static json resolve(const std::string& name, const Scope& scope) {
        for (const Scope* s = &scope; s; s = s->parent) {
            for (auto it = s->merged.rbegin(); it != s->merged.rend(); ++it)
                if (it->column == name) return column_ref(*it);
            for (const Range& range : s->ranges)
                if (range.columns && has(*range.columns, name)) return column_ref(Ref{range.label, name});
            for (const Range& range : s->ranges)
                if (range.qualifier == name) return column_ref(Ref{range.label, ""});
            std::vector<const Range*> unknown;
            for (const Range& range : s->ranges)
                if (!range.columns) unknown.push_back(&range);
            if (unknown.size() == 1) return column_ref(Ref{unknown[0]->label, name});
            if (!unknown.empty()) return nullptr;
        }
        return nullptr;
    }

    static bool input_column(const std::string& name, const Scope& scope) {
        for (const Scope* s = &scope; s; s = s->parent) {
            for (const Ref& r : s->merged)
                if (r.column == name) return true;
            for (const Range& range : s->ranges)
                if (!range.columns || has(*range.columns, name)) return true;
        }
        return false;
    }

    // A column reference by the label of its relation: `x` (resolved), `q.x`, `schema.table.x`.
    static json column(const json& node, const Scope& scope) {
        const json& fields = node["ColumnRef"].value("fields", json::array());
        if (fields.size() == 1 && fields[0].contains("String")) {
            json resolved = resolve(string_value(fields[0]), scope);
            return resolved.is_null() ? node : resolved;
        }
        if (fields.size() < 2 || !fields[fields.size() - 2].contains("String")) return node;
        const Range* range = find_range(
            json(fields.end() - std::min<long>(3, static_cast<long>(fields.size())), fields.end()), scope);
        if (!range || (fields.size() >= 3 && !range->schema)) return node;
        std::string column = fields.back().contains("String") ? string_value(fields.back()) : "";
        if (range->stands_for)
            for (const Ref& ref : *range->stands_for)
                if (ref.column == column) return column_ref(ref);
        return column_ref(Ref{range->label, column});
    }

    // Column references resolved and queries read, anywhere inside an expression (or list).
    json expression(const json& node, const Scope& scope) {
        if (node.is_array()) {
            json out = json::array();
            for (const json& child : node) out.push_back(expression(child, scope));
            return out;
        }
        if (!node.is_object()) return node;
        if (node.contains("ColumnRef")) return column(node, scope);
        json out = json::object();
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == "SelectStmt")
                out[it.key()] = select(it.value(), &scope, false).stmt;
            else
                out[it.key()] = expression(it.value(), scope);
        }
        // `(u).email` for the row u: pg_get_viewdef writes `u.email`.
        if (out.contains("A_Indirection")) {
            const json& arg = out["A_Indirection"].value("arg", json::object());
            const json& indirection = out["A_Indirection"].value("indirection", json::array());
            const json& fields = arg.value("ColumnRef", json::object()).value("fields", json::array());
            if (fields.size() == 2 && fields[1].contains("A_Star") && indirection.size() == 1 &&
                indirection[0].contains("String"))
                return json{{"ColumnRef", json{{"fields", json::array({fields[0], indirection[0]})}}}};
        }
        // XMLFOREST(x): pg_get_viewdef names each argument, XMLFOREST(t.x AS x).
        if (out.contains("XmlExpr") && out["XmlExpr"].value("op", "") == "IS_XMLFOREST" &&
            node["XmlExpr"].contains("named_args"))
            for (std::size_t i = 0; i < out["XmlExpr"]["named_args"].size(); ++i) {
                json& target = out["XmlExpr"]["named_args"][i]["ResTarget"];
                if (!target.contains("name"))
                    target["name"] = figured_column_name(node["XmlExpr"]["named_args"][i]["ResTarget"]["val"]);
            }
        return out;
    }

    static const json* target_value(const Outputs& targets, long at) {
        if (at < 1 || static_cast<std::size_t>(at) > targets.size()) return nullptr;
        return &targets[static_cast<std::size_t>(at - 1)].second;
    }

    // The one target an output name names (ORDER BY doubled); null when none or several.
    static const json* named_target(const Outputs& targets, const json& node) {
        const json& fields = node.value("ColumnRef", json::object()).value("fields", json::array());
        if (fields.size() != 1 || !fields[0].contains("String")) return nullptr;
        std::string name = string_value(fields[0]);
        const json* found = nullptr;
        for (const auto& [target_name, value] : targets) {
            if (target_name != name) continue;
            if (found && *found != value) return nullptr;
            found = &value;
        }
        return found;
    }

    // ORDER BY: a position or an output name stands for the target's expression.
    json ordering(const json& node, const Outputs& targets, const Scope& scope) {
        if (const json* value = target_value(targets, position(node))) return *value;
        if (const json* value = named_target(targets, node)) return *value;
        return expression(node, scope);
    }

    // GROUP BY: a position, or an output name that is no input column, stands for the target's.
    json grouping(const json& items, const Outputs& targets, const Scope& scope) {
        json out = json::array();
        for (const json& item : items) {
            if (item.contains("GroupingSet")) {
                json set = item;
                if (item["GroupingSet"].contains("content"))
                    set["GroupingSet"]["content"] = grouping(item["GroupingSet"]["content"], targets, scope);
                out.push_back(set);
                continue;
            }
            const json& fields = item.value("ColumnRef", json::object()).value("fields", json::array());
            bool input = fields.size() == 1 && fields[0].contains("String") &&
                         input_column(string_value(fields[0]), scope);
            if (const json* value = target_value(targets, position(item)))
                out.push_back(*value);
            else if (const json* named = input ? nullptr : named_target(targets, item))
                out.push_back(*named);
            else
                out.push_back(expression(item, scope));
        }
        return out;
    }
};

}  // namespace

json viewdef_form(const json& select, const ColumnsOf& columns_of) {
    return Rewriter(columns_of).select(select, nullptr, false).stmt;
}

}  // namespace schemac
