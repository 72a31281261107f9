#include "compiler/sql/select_output.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/query_scope.hpp"
#include "compiler/sql/sql_expression.hpp"
#include "compiler/sql/target_text.hpp"

namespace schemac {
namespace {

using nlohmann::json;
using Columns = std::vector<OutputColumn>;
using Names = std::vector<std::string>;

std::string last_string(const json& list) {
    std::string out;
    for (const json& item : list)
        if (item.contains("String")) out = string_value(item);
    return out;
}

std::string lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

Names names_of(const Columns& columns) {
    Names out;
    for (const OutputColumn& c : columns) out.push_back(c.name);
    return out;
}

Columns qualified(const std::string& qualifier, const Names& names) {
    Columns out;
    for (const std::string& name : names)
        out.push_back({name, qualifier.empty() ? quote_identifier(name)
                                               : quote_identifier(qualifier) + "." + quote_identifier(name)});
    return out;
}

// A name FROM brings into scope, and the columns `name.*` covers (nullopt when unknown).
struct OutputRange {
    std::string alias;                  // the alias, else the relation's own name; empty: unreachable
    std::optional<std::string> schema;  // of a relation written without alias, for `schema.table.*`
    std::optional<Columns> columns;
};

struct OutputScope {
    const OutputScope* parent = nullptr;
    CteScope with;
    std::vector<OutputRange> ranges;            // every name FROM brings in, those inside joins too
    std::vector<std::optional<Columns>> items;  // what `*` covers, one entry per FROM item
};

// A name PostgreSQL's FigureColname would give, with its strength: 2 a good one, 1 a
// second-best one (a cast's type), 0 none; nullopt when it depends on columns not known.
using Figured = std::optional<std::pair<int, std::string>>;

// Set-returning functions whose result is one column of a base type, named after the function.
bool scalar_function(const std::string& name, std::size_t arguments) {
    return name == "generate_series" || name == "generate_subscripts" || (name == "unnest" && arguments == 1);
}

std::string function_name(const json& f) {
    const json& functions = f.value("functions", json::array());
    if (functions.size() != 1) return {};
    const json& call = functions[0].value("List", json::object()).value("items", json::array());
    const json& fn = call.empty() ? json::object() : call[0].value("FuncCall", json::object());
    return last_string(fn.value("funcname", json::array()));
}

class Namer {
public:
    Namer(std::string_view sql, const json& tree, const ColumnsOf& columns_of)
        : sql_(sql), tree_(tree), columns_of_(columns_of) {}

    // The outputs of a SelectStmt's fields; their expressions only when `expressions`.
    std::optional<Columns> query(const json& stmt, const OutputScope* parent, bool expressions) {
        OutputScope scope;
        scope.parent = parent;
        if (parent) scope.with.parent = &parent->with;
        if (stmt.contains("withClause"))
            for (const json& item : stmt["withClause"].value("ctes", json::array())) {
                const json& cte = item.value("CommonTableExpr", json::object());
                std::optional<Names> names;
                if (auto columns = statement(cte.value("ctequery", json::object()), &scope)) {
                    names = names_of(*columns);
                    rename_columns(*names, json{{"colnames", cte.value("aliascolnames", json::array())}});
                }
                scope.with.ctes[cte.value("ctename", "")] = names;
            }
        if (stmt.value("op", "SETOP_NONE") != "SETOP_NONE")
            return stmt.contains("larg") ? query(stmt["larg"], &scope, expressions) : std::nullopt;
        if (stmt.contains("valuesLists")) return values(stmt["valuesLists"], expressions);
        for (const json& item : stmt.value("fromClause", json::array())) scope.items.push_back(from_item(item, scope));
        Columns out;
        for (const json& t : stmt.value("targetList", json::array())) {
            const json& target = t.value("ResTarget", json::object());
            const json& value = target.value("val", json::object());
            if (value.contains("ColumnRef") && !value["ColumnRef"].value("fields", json::array()).empty() &&
                value["ColumnRef"]["fields"].back().contains("A_Star")) {
                std::optional<Columns> star = expand(value["ColumnRef"]["fields"], scope);
                if (!star) return std::nullopt;
                out.insert(out.end(), star->begin(), star->end());
                continue;
            }
            const json& indirection = value.value("A_Indirection", json::object()).value("indirection", json::array());
            if (!indirection.empty() && indirection.back().contains("A_Star"))
                return std::nullopt;  // `(composite).*`: the columns of a type, not known here
            std::string name = target.value("name", "");
            if (name.empty()) {
                Figured figured = figure(value, scope);
                if (!figured) return std::nullopt;
                name = figured->first > 0 ? figured->second : "?column?";
            }
            out.push_back({name, expressions ? expression(value) : std::string()});
        }
        return out;
    }

    // A node holding a query ({"SelectStmt": ...}); nullopt for anything else.
    std::optional<Columns> statement(const json& node, const OutputScope* parent) {
        if (!node.contains("SelectStmt")) return std::nullopt;
        return query(node["SelectStmt"], parent, false);
    }

private:
    std::string_view sql_;
    const json& tree_;
    const ColumnsOf& columns_of_;

    std::string expression(const json& value) {
        std::optional<std::string> text = written_text(sql_, tree_, value);
        if (!text) return {};
        const SqlExpression& parsed = analyze_sql_expression(*text);
        return parsed.valid ? parsed.canonical : *text;
    }

    std::optional<Columns> values(const json& lists, bool expressions) {
        if (lists.empty()) return std::nullopt;
        const json& first = lists[0].value("List", json::object()).value("items", json::array());
        Columns out;
        for (std::size_t i = 0; i < first.size(); ++i)
            out.push_back({"column" + std::to_string(i + 1), expressions ? expression(first[i]) : std::string()});
        return out;
    }

    // What `*` covers of one FROM item; the names it brings are added to `scope.ranges`.
    std::optional<Columns> from_item(const json& item, OutputScope& scope) {
        if (item.contains("RangeVar")) {
            const json& r = item["RangeVar"];
            const json& alias = r.value("alias", json::object());
            NamedRelation relation = named_relation(r, scope.with, columns_of_);
            std::optional<Names> names = relation.columns;
            std::optional<Columns> columns;
            std::string qualifier = alias.value("aliasname", relation.name);
            if (names) {
                rename_columns(*names, alias);
                columns = qualified(qualifier, *names);
            }
            scope.ranges.push_back({qualifier, alias.contains("aliasname") ? std::nullopt : relation.schema, columns});
            return columns;
        }
        if (item.contains("RangeSubselect")) {
            const json& s = item["RangeSubselect"];
            const json& alias = s.value("alias", json::object());
            std::optional<Columns> columns;
            if (auto inner = statement(s.value("subquery", json::object()), &scope)) {
                Names names = names_of(*inner);
                rename_columns(names, alias);
                columns = qualified(alias.value("aliasname", ""), names);
            }
            scope.ranges.push_back({alias.value("aliasname", ""), std::nullopt, columns});
            return columns;
        }
        if (item.contains("RangeFunction")) return function(item["RangeFunction"], scope);
        if (item.contains("RangeTableSample")) return from_item(item["RangeTableSample"]["relation"], scope);
        if (item.contains("RangeTableFunc")) {
            const json& f = item["RangeTableFunc"];
            const json& alias = f.value("alias", json::object());
            Names names;
            for (const json& column : f.value("columns", json::array()))
                names.push_back(column.value("RangeTableFuncCol", json::object()).value("colname", ""));
            rename_columns(names, alias);
            std::optional<Columns> columns = qualified(alias.value("aliasname", ""), names);
            scope.ranges.push_back({alias.value("aliasname", ""), std::nullopt, columns});
            return columns;
        }
        if (item.contains("JoinExpr")) return join(item["JoinExpr"], scope);
        return std::nullopt;
    }

    std::optional<Columns> function(const json& f, OutputScope& scope) {
        const json& alias = f.value("alias", json::object());
        std::optional<Names> names = function_columns(f);
        std::string qualifier = alias.value("aliasname", function_name(f));
        std::optional<Columns> columns;
        if (names) {
            rename_columns(*names, alias);
            columns = qualified(qualifier, *names);
        }
        scope.ranges.push_back({qualifier, std::nullopt, columns});
        return columns;
    }

    // A join's columns as `*` covers them: USING's (or NATURAL's common) columns first, then the
    // rest of the left's, then the rest of the right's. An alias hides the names inside.
    std::optional<Columns> join(const json& j, OutputScope& scope) {
        std::size_t inside = scope.ranges.size();
        std::optional<Columns> left = j.contains("larg") ? from_item(j["larg"], scope) : std::nullopt;
        std::optional<Columns> right = j.contains("rarg") ? from_item(j["rarg"], scope) : std::nullopt;
        std::optional<Columns> out;
        if (left && right) {
            Names merged;
            if (j.value("isNatural", false)) {
                for (const OutputColumn& l : *left)
                    for (const OutputColumn& r : *right)
                        if (l.name == r.name) merged.push_back(l.name);
            } else {
                for (const json& column : j.value("usingClause", json::array())) merged.push_back(string_value(column));
            }
            out = merge(*left, *right, merged, j.value("jointype", "JOIN_INNER"));
            if (j.contains("join_using_alias")) {
                Columns join_columns(out->begin(), out->begin() + static_cast<long>(merged.size()));
                std::string name = j["join_using_alias"].value("aliasname", "");
                scope.ranges.push_back({name, std::nullopt, qualified(name, names_of(join_columns))});
            }
        }
        if (j.contains("alias")) {
            scope.ranges.resize(inside);
            const json& alias = j["alias"];
            if (out) {
                Names names = names_of(*out);
                rename_columns(names, alias);
                out = qualified(alias.value("aliasname", ""), names);
            }
            scope.ranges.push_back({alias.value("aliasname", ""), std::nullopt, out});
        }
        return out;
    }

    static Columns merge(const Columns& left, const Columns& right, const Names& merged, const std::string& type) {
        auto find = [](const Columns& side, const std::string& name) {
            return std::find_if(side.begin(), side.end(), [&](const OutputColumn& c) { return c.name == name; });
        };
        Columns out;
        for (const std::string& name : merged) {
            auto l = find(left, name), r = find(right, name);
            std::string l_text = l != left.end() ? l->expression : quote_identifier(name);
            std::string r_text = r != right.end() ? r->expression : quote_identifier(name);
            out.push_back({name, type == "JOIN_FULL"    ? "COALESCE(" + l_text + ", " + r_text + ")"
                                 : type == "JOIN_RIGHT" ? r_text
                                                        : l_text});
        }
        auto merged_away = [&](const OutputColumn& c) {
            return std::find(merged.begin(), merged.end(), c.name) != merged.end();
        };
        for (const OutputColumn& c : left)
            if (!merged_away(c)) out.push_back(c);
        for (const OutputColumn& c : right)
            if (!merged_away(c)) out.push_back(c);
        return out;
    }

    // `*`, `alias.*` or `schema.table.*` in a target list.
    static std::optional<Columns> expand(const json& fields, const OutputScope& scope) {
        if (fields.size() == 1) {
            if (scope.items.empty()) return std::nullopt;  // PostgreSQL: SELECT * with no tables
            Columns out;
            for (const std::optional<Columns>& item : scope.items) {
                if (!item) return std::nullopt;
                out.insert(out.end(), item->begin(), item->end());
            }
            return out;
        }
        std::string name = string_value(fields[fields.size() - 2]);
        std::optional<std::string> schema;
        if (fields.size() >= 3) schema = string_value(fields[fields.size() - 3]);
        for (const OutputScope* s = &scope; s; s = s->parent)
            for (const OutputRange& range : s->ranges)
                if (range.alias == name && (!schema || range.schema == schema)) return range.columns;
        return std::nullopt;
    }

public:
    Figured figure(const json& node, const OutputScope& scope) {
        if (!node.is_object() || node.empty()) return std::pair{0, std::string()};
        const std::string& kind = node.begin().key();
        const json& n = node.begin().value();
        auto good = [](std::string name) -> Figured { return std::pair{2, std::move(name)}; };
        if (kind == "ColumnRef") {
            std::string name = last_string(n.value("fields", json::array()));
            if (!name.empty()) return good(name);
        } else if (kind == "A_Indirection") {
            std::string name = last_string(n.value("indirection", json::array()));
            if (!name.empty()) return good(name);
            return figure(n.value("arg", json::object()), scope);
        } else if (kind == "FuncCall") {
            return good(last_string(n.value("funcname", json::array())));
        } else if (kind == "A_Expr") {
            if (n.value("kind", "") == "AEXPR_NULLIF") return good("nullif");
        } else if (kind == "TypeCast") {
            Figured inner = figure(n.value("arg", json::object()), scope);
            if (!inner || inner->first > 1) return inner;
            std::string type = last_string(n.value("typeName", json::object()).value("names", json::array()));
            if (!type.empty()) return std::pair{1, type};
            return inner;
        } else if (kind == "CollateClause") {
            return figure(n.value("arg", json::object()), scope);
        } else if (kind == "GroupingFunc") {
            return good("grouping");
        } else if (kind == "SubLink") {
            std::string type = n.value("subLinkType", "");
            if (type == "EXISTS_SUBLINK") return good("exists");
            if (type == "ARRAY_SUBLINK") return good("array");
            if (type == "EXPR_SUBLINK") {
                std::optional<Columns> inner = statement(n.value("subselect", json::object()), &scope);
                if (!inner) return std::nullopt;
                if (!inner->empty()) return good(inner->front().name);
            }
        } else if (kind == "CaseExpr") {
            Figured otherwise = figure(n.value("defresult", json::object()), scope);
            if (!otherwise) return std::nullopt;
            if (otherwise->first > 1) return otherwise;
            return std::pair{1, std::string("case")};
        } else if (kind == "A_ArrayExpr") {
            return good("array");
        } else if (kind == "RowExpr") {
            return good("row");
        } else if (kind == "CoalesceExpr") {
            return good("coalesce");
        } else if (kind == "MinMaxExpr") {
            return good(n.value("op", "") == "IS_GREATEST" ? "greatest" : "least");
        } else if (kind == "SQLValueFunction") {
            // SVFOP_CURRENT_TIMESTAMP_N (with a precision) -> current_timestamp
            std::string op = n.value("op", "");
            if (op.ends_with("_N")) op.resize(op.size() - 2);
            return good(lower(op.substr(std::string_view("SVFOP_").size())));
        } else if (kind == "XmlExpr") {
            std::string op = n.value("op", "");
            if (op != "IS_DOCUMENT") return good(lower(op.substr(std::string_view("IS_").size())));
        } else if (kind == "XmlSerialize") {
            return good("xmlserialize");
        }
        return std::pair{0, std::string()};
    }
};

}  // namespace

std::optional<std::vector<std::string>> function_columns(const json& f) {
    std::optional<Names> names;
    const json& functions = f.value("functions", json::array());
    const json& alias = f.value("alias", json::object());
    if (f.contains("coldeflist")) {
        names = Names{};
        for (const json& column : f["coldeflist"]) names->push_back(column["ColumnDef"].value("colname", ""));
    } else if (functions.size() == 1 && !f.value("is_rowsfrom", false)) {
        const json& call = functions[0].value("List", json::object()).value("items", json::array());
        const json& fn = call.empty() ? json::object() : call[0].value("FuncCall", json::object());
        std::string name = function_name(f);
        if (scalar_function(name, fn.value("args", json::array()).size()))
            names = Names{alias.value("aliasname", name)};
    }
    if (names && f.value("ordinality", false)) names->push_back("ordinality");
    return names;
}

std::string figured_column_name(const json& value) {
    static const ColumnsOf nothing;
    static const json no_tree;
    Figured figured = Namer({}, no_tree, nothing).figure(value, OutputScope{});
    return figured && figured->first > 0 ? figured->second : "?column?";
}

std::optional<std::vector<OutputColumn>> select_output(std::string_view query, const ColumnsOf& columns_of) {
    PgParse parsed = pg_parse(query);
    if (!parsed.ok()) return std::nullopt;
    json tree = json::parse(*parsed.tree, nullptr, false);
    const json& statements = tree.value("stmts", json::array());
    if (statements.size() != 1) return std::nullopt;
    const json& stmt = statements[0].value("stmt", json::object());
    if (!stmt.contains("SelectStmt") || stmt["SelectStmt"].contains("intoClause")) return std::nullopt;
    return Namer(query, tree, columns_of).query(stmt["SelectStmt"], nullptr, true);
}

}  // namespace schemac
