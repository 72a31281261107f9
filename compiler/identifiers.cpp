#include "compiler/identifiers.hpp"

#include <algorithm>
#include <iterator>

namespace schemac {
namespace {

// PostgreSQL 15's reserved, type/function-name and column-name keywords: quote_ident() quotes
// all of them. Sorted, for binary search.
constexpr std::string_view keywords[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between", "bigint",
    "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce", "collate", "collation",
    "column", "concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable",
    "desc", "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign",
    "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner",
    "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "json_array", "json_arrayagg",
    "json_object", "json_objectagg", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif",
    "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position",
    "precision", "primary", "real", "references", "returning", "right", "row", "select", "session_user", "setof",
    "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample", "then", "time", "timestamp", "to",
    "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose",
    "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest",
    "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable"};
static_assert(std::is_sorted(std::begin(keywords), std::end(keywords)));

bool plain_identifier(std::string_view name) {
    if (name.empty()) return false;
    char first = name.front();
    if (!((first >= 'a' && first <= 'z') || first == '_')) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    });
}

}  // namespace

bool is_reserved_keyword(std::string_view word) {
    return std::binary_search(std::begin(keywords), std::end(keywords), word);
}

std::string quote_identifier(std::string_view name) {
    if (plain_identifier(name) && !is_reserved_keyword(name)) return std::string(name);
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    return out + "\"";
}

std::string dollar_quote(std::string_view body) {
    std::string tag = "$schemac$";
    for (int n = 1; body.find(tag) != std::string_view::npos; ++n) tag = "$schemac_" + std::to_string(n) + "$";
    return tag + std::string(body) + tag;
}

std::string quote_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

}  // namespace schemac
