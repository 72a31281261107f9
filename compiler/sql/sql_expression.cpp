#include "compiler/sql/sql_expression.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>

#include <unordered_map>
#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/json_tree.hpp"
#include "compiler/sql/pg_parse.hpp"

namespace schemac {
namespace {

constexpr std::string_view prefix = "SELECT ";

// PostgreSQL's cursor position in the query, as a byte offset into the expression after the prefix.
std::size_t expression_offset(const std::string& query, int cursorpos) {
    std::size_t byte = cursor_byte_offset(query, cursorpos);
    return byte < prefix.size() ? 0 : byte - prefix.size();
}

void collect(const nlohmann::json& node, SqlExpression& out, bool in_subquery = false) {
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == "ColumnRef") {
                const auto& fields = it.value().value("fields", nlohmann::json::array());
                if (!fields.empty() && fields.back().contains("String"))
                    out.column_refs.push_back(fields.back()["String"].value("sval", ""));
                int location = it.value().value("location", -1);
                if (fields.size() == 1 && location >= static_cast<int>(prefix.size())) {
                    out.column_ref_offsets.push_back(static_cast<std::size_t>(location) - prefix.size());
                    if (!in_subquery && fields.back().contains("String"))
                        out.outer_column_refs.emplace_back(fields.back()["String"].value("sval", ""),
                                                           static_cast<std::size_t>(location) - prefix.size());
                }
            } else if (it.key() == "SubLink") {
                out.has_subquery = true;
                // The tested expression (`x` of `x IN (SELECT ...)`) is the row's; the query is not.
                if (it.value().contains("subselect")) collect(it.value()["subselect"], out, true);
                if (it.value().contains("testexpr")) collect(it.value()["testexpr"], out, in_subquery);
                continue;
            }
            if (it.key() == "FuncCall")
                if (std::optional<std::string> text = sequence_call_argument(it.value()))
                    out.sequence_arguments.push_back(*text);
            if (it.key() == "FuncCall" &&
                (it.value().contains("over") || it.value().contains("agg_filter") || it.value().contains("agg_star"))) {
                out.has_aggregate_or_window = true;
            }
            collect(it.value(), out, in_subquery);
        }
    } else if (node.is_array()) {
        for (const auto& child : node) collect(child, out, in_subquery);
    }
}

// Whether `query` parses to `tree` (locations aside).
bool same_tree(const nlohmann::json& tree, std::string_view query) {
    PgParse parsed = pg_parse(query);
    if (!parsed.ok()) return false;
    nlohmann::json other = nlohmann::json::parse(*parsed.tree, nullptr, false);
    nlohmann::json original = tree;
    drop_locations(other);
    drop_locations(original);
    return other == original;
}

nlohmann::json parse_tree(const std::string& query) {
    PgParse parsed = pg_parse(query);
    return parsed.ok() ? nlohmann::json::parse(*parsed.tree, nullptr, false) : nlohmann::json();
}

// libpg_query's deparsed text of `SELECT <expression>` without the SELECT, when it parses back
// to the same tree: libpg_query 15 deparses `(now() AT TIME ZONE 'utc')::text` without the
// parentheses its meaning needs.
std::optional<std::string> faithful_deparse(const std::string& query, const nlohmann::json& tree) {
    std::optional<std::string> deparsed = pg_deparse(query);
    if (deparsed && deparsed->starts_with(prefix) && same_tree(tree, *deparsed)) return deparsed->substr(prefix.size());
    return std::nullopt;
}

// The canonical text: the deparsed one; for a `::` cast the deparser gets wrong, the cast's
// operand in canonical form and parenthesised, then the deparsed cast; else the text as written
// (the deparser does not know every node).
std::string canonical_text(std::string_view text, const std::string& query, const nlohmann::json& tree,
                           const nlohmann::json& target) {
    if (std::optional<std::string> deparsed = faithful_deparse(query, tree)) return *deparsed;
    // Parentheses around the whole are dropped (the tree shows none): `((x)::t)` is `(x)::t`.
    std::string_view inner = text;
    while (inner.size() > 2 && inner.front() == '(' && inner.back() == ')' &&
           same_tree(tree, std::string(prefix) + std::string(inner.substr(1, inner.size() - 2))))
        inner = inner.substr(1, inner.size() - 2);
    if (inner.size() != text.size()) {
        const SqlExpression& bare = analyze_sql_expression(inner);
        return bare.canonical;
    }
    if (target.contains("TypeCast")) {
        std::size_t location = target["TypeCast"].value("location", 0);
        if (location > prefix.size() && query.compare(location, 2, "::") == 0) {
            std::string operand(text.substr(0, location - prefix.size()));
            std::string cast = std::string(prefix) + "NULL" + std::string(text.substr(location - prefix.size()));
            const SqlExpression& inner = analyze_sql_expression(operand);
            std::optional<std::string> deparsed_cast = faithful_deparse(cast, parse_tree(cast));
            if (inner.valid && deparsed_cast && deparsed_cast->starts_with("NULL::"))
                return "(" + inner.canonical + ")" + deparsed_cast->substr(4);
        }
    }
    return std::string(text);
}

SqlExpression analyze(std::string_view text) {
    SqlExpression out;
    std::string query = std::string(prefix) + std::string(text);
    PgParse parsed = pg_parse(query);
    if (!parsed.ok()) {
        out.error = parsed.error;
        out.error_offset = std::min(expression_offset(query, parsed.cursor), text.size());
        return out;
    }
    nlohmann::json tree = nlohmann::json::parse(*parsed.tree, nullptr, false);

    // Exactly one statement: SELECT with one unnamed target and nothing else.
    const nlohmann::json* target = nullptr;
    if (tree.is_object() && tree.contains("stmts") && tree["stmts"].size() == 1) {
        const auto& stmt = tree["stmts"][0]["stmt"];
        if (stmt.contains("SelectStmt")) {
            const auto& select = stmt["SelectStmt"];
            bool only_targets = true;
            for (auto it = select.begin(); it != select.end(); ++it) {
                if (it.key() != "targetList" && it.key() != "limitOption" && it.key() != "op") only_targets = false;
            }
            if (only_targets && select.contains("targetList") && select["targetList"].size() == 1) {
                const auto& res = select["targetList"][0]["ResTarget"];
                if (!res.contains("name")) target = &res["val"];
            }
        }
    }
    if (!target) {
        out.error = "expected exactly one SQL expression";
        return out;
    }
    collect(*target, out);
    out.string_constant = string_constant(*target);

    out.canonical = canonical_text(text, query, tree, *target);
    out.valid = true;
    return out;
}

}  // namespace

namespace {
struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
}  // namespace

const SqlExpression& analyze_sql_expression(std::string_view text) {
    static thread_local std::unordered_map<std::string, SqlExpression, TextHash, std::equal_to<>> memo;
    auto it = memo.find(text);
    if (it != memo.end()) return it->second;
    return memo.emplace(std::string(text), analyze(text)).first->second;
}

bool fits_bare_column_default(std::string_view text) {
    static thread_local std::unordered_map<std::string, bool, TextHash, std::equal_to<>> memo;
    auto it = memo.find(text);
    if (it != memo.end()) return it->second;
    std::string statement = "CREATE TABLE t (c int DEFAULT " + std::string(text) + ")";
    bool fits = pg_parse(statement).ok();
    return memo.emplace(std::string(text), fits).first->second;
}

std::string rename_columns_in_expression(std::string_view text,
                                         const std::vector<std::pair<std::string, std::string>>& renames) {
    if (renames.empty()) return std::string(text);
    const SqlExpression& e = analyze_sql_expression(text);
    if (!e.valid) return std::string(text);
    std::string out;
    std::size_t copied = 0;
    bool changed = false;
    std::vector<std::size_t> offsets = e.column_ref_offsets;
    std::sort(offsets.begin(), offsets.end());
    for (std::size_t offset : offsets) {
        if (offset < copied || offset >= text.size()) continue;
        std::size_t length = identifier_length(text.substr(offset));
        std::string name = identifier_value(text.substr(offset, length));
        auto it = std::find_if(renames.begin(), renames.end(), [&](const auto& r) { return r.first == name; });
        if (it == renames.end()) continue;
        out.append(text.substr(copied, offset - copied));
        out += quote_identifier(it->second);
        copied = offset + length;
        changed = true;
    }
    if (!changed) return std::string(text);
    out.append(text.substr(copied));
    return analyze_sql_expression(out).canonical;
}

}  // namespace schemac
