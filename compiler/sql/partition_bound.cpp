#include "compiler/sql/partition_bound.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compiler/sql/expression_fingerprint.hpp"
#include "compiler/sql/pg_parse.hpp"

namespace schemac {
namespace {

using json = nlohmann::json;

constexpr std::string_view bound_statement_prefix = "CREATE TABLE x PARTITION OF y ";

// The bound value keyword a ColumnRef stands for (`minvalue`, `maxvalue`), or empty.
std::string bound_keyword(const json& node) {
    if (!node.contains("ColumnRef")) return "";
    const json& fields = node["ColumnRef"]["fields"];
    if (fields.size() != 1 || !fields[0].contains("String")) return "";
    std::string word = fields[0]["String"].value("sval", "");
    if (word == "minvalue") return "MINVALUE";
    if (word == "maxvalue") return "MAXVALUE";
    return "";
}

std::vector<BoundDatum> bound_datums(std::string_view sql, const json& list) {
    std::vector<BoundDatum> out;
    if (!list.is_array()) return out;
    for (const json& node : list) {
        BoundDatum d;
        if (std::string keyword = bound_keyword(node); !keyword.empty()) {
            d.fingerprint = keyword;
        } else {
            d.fingerprint = normalised_expression_tree(sql, node).dump(-1, ' ', false, json::error_handler_t::replace);
            if (node.contains("A_Const") && !node["A_Const"].value("isnull", false)) {
                const json& c = node["A_Const"];
                d.literal = constant_text(sql, c.value("location", 0));
                d.number = !c.contains("sval");
            }
        }
        out.push_back(std::move(d));
    }
    return out;
}

// The deparsed bound with MINVALUE and MAXVALUE in upper case, as PostgreSQL prints them.
std::string canonical_bound_text(const std::string& deparsed_bound) {
    std::string sql = std::string(bound_statement_prefix) + deparsed_bound;
    PgParse parsed = pg_parse(sql);
    if (!parsed.ok()) return deparsed_bound;
    json tree = json::parse(*parsed.tree, nullptr, false);
    const json& spec = tree["stmts"][0]["stmt"]["CreateStmt"]["partbound"];
    for (const char* side : {"lowerdatums", "upperdatums"}) {
        if (!spec.contains(side)) continue;
        for (const json& node : spec[side]) {
            if (bound_keyword(node).empty()) continue;
            std::size_t at = node["ColumnRef"].value("location", 0);
            for (std::size_t i = at; i < at + 8 && i < sql.size(); ++i)
                sql[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
        }
    }
    return sql.substr(bound_statement_prefix.size());
}

}  // namespace

PartitionBoundRead read_partition_bound(std::string_view bound) {
    PartitionBoundRead out;
    std::string sql = std::string(bound_statement_prefix) + std::string(bound);
    PgParse parsed = pg_parse(sql);
    if (!parsed.ok()) {
        out.error = parsed.error;
        std::size_t at = cursor_byte_offset(sql, parsed.cursor);
        out.error_at = at > bound_statement_prefix.size() ? at - bound_statement_prefix.size() : 0;
        return out;
    }
    json tree = json::parse(*parsed.tree, nullptr, false);
    const json& statements = tree["stmts"];
    if (!statements.is_array() || statements.size() != 1 || !statements[0]["stmt"].contains("CreateStmt")) {
        out.error = "expected one partition bound";
        return out;
    }
    const json& statement = statements[0]["stmt"]["CreateStmt"];
    bool only_bound = statement.contains("partbound");
    for (const auto& [key, value] : statement.items())
        only_bound = only_bound &&
                     (key == "relation" || key == "inhRelations" || key == "partbound" || key == "oncommit");
    if (!only_bound) {
        out.error = "expected the partition's bound and nothing after it";
        return out;
    }
    const json& spec = statement["partbound"];
    PartitionBound b;
    if (spec.value("is_default", false)) {
        b.kind = BoundKind::default_;
        b.canonical = "DEFAULT";
    } else {
        std::string strategy = spec.value("strategy", "");
        b.kind = strategy == "l" ? BoundKind::list : strategy == "h" ? BoundKind::hash : BoundKind::range;
        if (b.kind == BoundKind::hash) {
            b.modulus = spec.value("modulus", 0LL);
            b.remainder = spec.value("remainder", 0LL);
            b.canonical = fmt::format("FOR VALUES WITH (modulus {}, remainder {})", b.modulus, b.remainder);
        } else {
            b.from = bound_datums(sql, spec.value("lowerdatums", json::array()));
            b.to = bound_datums(sql, spec.value("upperdatums", json::array()));
            b.in = bound_datums(sql, spec.value("listdatums", json::array()));
            std::optional<std::string> deparsed = pg_deparse(sql);
            std::size_t start = deparsed ? deparsed->find(" FOR VALUES ") : std::string::npos;
            b.canonical = start == std::string::npos ? std::string(bound)
                                                     : canonical_bound_text(deparsed->substr(start + 1));
        }
    }
    out.bound = std::move(b);
    return out;
}

bool same_partition_bound(std::string_view a, std::string_view b) {
    if (a == b) return true;
    PartitionBoundRead ra = read_partition_bound(a), rb = read_partition_bound(b);
    if (!ra.bound || !rb.bound) return false;
    const PartitionBound &x = *ra.bound, &y = *rb.bound;
    auto same_datums = [](const std::vector<BoundDatum>& p, const std::vector<BoundDatum>& q) {
        if (p.size() != q.size()) return false;
        for (std::size_t i = 0; i < p.size(); ++i)
            if (p[i].fingerprint != q[i].fingerprint) return false;
        return true;
    };
    return x.kind == y.kind && x.modulus == y.modulus && x.remainder == y.remainder && same_datums(x.from, y.from) &&
           same_datums(x.to, y.to) && same_datums(x.in, y.in);
}

}  // namespace schemac

namespace schemac {
namespace {

// How `c` changes the parenthesis depth (+1, -1 or 0), outside quoted text; `quote` holds the
// quote character while inside one.
int paren_step(char c, char& quote) {
    if (quote) {
        if (c == quote) quote = 0;
        return 0;
    }
    if (c == '\'' || c == '"') quote = c;
    return c == '(' ? 1 : c == ')' ? -1 : 0;
}

// The text of each top-level comma-separated piece of `list`, trimmed; quotes and parentheses
// are skipped whole.
std::vector<std::string> top_level_pieces(std::string_view list) {
    std::vector<std::string> out;
    int depth = 0;
    char quote = 0;
    std::size_t start = 0;
    auto push = [&](std::size_t end) {
        std::string_view piece = list.substr(start, end - start);
        while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
        while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
        out.emplace_back(piece);
    };
    for (std::size_t i = 0; i < list.size(); ++i) {
        depth += paren_step(list[i], quote);
        if (list[i] == ',' && depth == 0 && !quote) {
            push(i);
            start = i + 1;
        }
    }
    push(list.size());
    return out;
}

// Where the balanced parenthesised group that starts at or after `from` ends (one past its `)`).
std::size_t group_end(std::string_view text, std::size_t from) {
    int depth = 0;
    char quote = 0;
    for (std::size_t i = from; i < text.size(); ++i) {
        int step = paren_step(text[i], quote);
        depth += step;
        if (step < 0 && depth == 0) return i + 1;
    }
    return text.size();
}

std::string name_text(const json& names) {
    std::vector<std::string> parts;
    for (const json& n : names)
        if (n.contains("String")) parts.push_back(n["String"].value("sval", ""));
    if (parts.size() == 2 && (parts[0] == "pg_catalog" || parts[0] == "public")) parts.erase(parts.begin());
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ".") + p;
    return out;
}

}  // namespace

std::optional<ir::PartitionKey> read_partition_key_definition(std::string_view definition) {
    std::size_t open = definition.find('(');
    if (open == std::string_view::npos || definition.back() != ')') return std::nullopt;
    std::string strategy(definition.substr(0, open));
    while (!strategy.empty() && strategy.back() == ' ') strategy.pop_back();
    for (char& c : strategy) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ir::PartitionKey key;
    if (strategy == "range")
        key.strategy = ir::PartitionStrategy::range;
    else if (strategy == "list")
        key.strategy = ir::PartitionStrategy::list;
    else if (strategy == "hash")
        key.strategy = ir::PartitionStrategy::hash;
    else
        return std::nullopt;
    std::string_view inside = definition.substr(open + 1, definition.size() - open - 2);
    for (const std::string& piece : top_level_pieces(inside)) {
        std::string sql = "CREATE TABLE x () PARTITION BY RANGE (" + piece + ")";
        PgParse parsed = pg_parse(sql);
        if (!parsed.ok()) return std::nullopt;
        json tree = json::parse(*parsed.tree, nullptr, false);
        const json& params = tree["stmts"][0]["stmt"]["CreateStmt"]["partspec"]["partParams"];
        if (!params.is_array() || params.size() != 1) return std::nullopt;
        const json& elem = params[0]["PartitionElem"];
        ir::IndexElement e;
        if (elem.contains("name")) {
            e.column = elem["name"].get<std::string>();
        } else {
            // pg_get_partkeydef writes a function call bare and any other expression in parentheses.
            std::size_t end = group_end(piece, 0);
            std::string expression = piece.substr(0, end);
            if (expression.size() >= 2 && expression.front() == '(' && expression.back() == ')')
                expression = expression.substr(1, expression.size() - 2);
            e.expression = expression;
        }
        if (elem.contains("collation")) e.collation = name_text(elem["collation"]);
        if (elem.contains("opclass")) e.opclass = name_text(elem["opclass"]);
        key.elements.push_back(std::move(e));
    }
    return key;
}

}  // namespace schemac
