#include "compiler/sql/pg_parse.hpp"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "compiler/sql/json_tree.hpp"

namespace schemac {
namespace {

// The 1-based character position of byte `offset`, as PostgreSQL counts cursor positions.
int character_position(std::string_view text, std::size_t offset) {
    int position = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++position;
    return position;
}

// Integer constants as their text, read at their location (which drop_locations then removes).
void integers_as_written(std::string_view sql, nlohmann::json& node) {
    if (node.is_array()) {
        for (auto& item : node) integers_as_written(sql, item);
        return;
    }
    if (!node.is_object()) return;
    if (node.contains("ival") && node.contains("location") && node["location"].is_number_integer() &&
        node["location"].get<long>() >= 0)
        node["ival"] = constant_text(sql, node["location"].get<std::size_t>());
    for (auto& [key, value] : node.items()) integers_as_written(sql, value);
}

}  // namespace

PgParse pg_parse(std::string_view sql) {
    PgParse out;
    if (std::size_t nul = sql.find('\0'); nul != std::string_view::npos) {
        out.error = "a NUL byte (0x00) is not allowed in SQL text";
        out.cursor = character_position(sql, nul);
        return out;
    }
    std::string text(sql);
    PgQueryParseResult parsed = pg_query_parse(text.c_str());
    if (parsed.error) {
        out.error = parsed.error->message ? parsed.error->message : "syntax error";
        out.cursor = parsed.error->cursorpos;
    } else {
        out.tree = parsed.parse_tree ? parsed.parse_tree : "";
    }
    pg_query_free_parse_result(parsed);
    return out;
}

std::size_t cursor_byte_offset(std::string_view sql, int cursor) {
    if (cursor <= 0) return sql.size();
    // PostgreSQL counts characters by the length each UTF-8 lead byte announces.
    std::size_t at = 0;
    for (int characters = 1; characters < cursor && at < sql.size(); ++characters) {
        auto lead = static_cast<unsigned char>(sql[at]);
        at += (lead & 0x80) == 0      ? 1
              : (lead & 0xe0) == 0xc0 ? 2
              : (lead & 0xf0) == 0xe0 ? 3
              : (lead & 0xf8) == 0xf0 ? 4
                                      : 1;
    }
    return std::min(at, sql.size());
}

std::optional<std::string> pg_deparse(std::string_view sql) {
    if (sql.find('\0') != std::string_view::npos) return std::nullopt;
    std::string text(sql);
    std::optional<std::string> out;
    PgQueryProtobufParseResult proto = pg_query_parse_protobuf(text.c_str());
    if (!proto.error) {
        PgQueryDeparseResult deparsed = pg_query_deparse_protobuf(proto.parse_tree);
        if (!deparsed.error && deparsed.query) out = std::string(deparsed.query);
        pg_query_free_deparse_result(deparsed);
    }
    pg_query_free_protobuf_parse_result(proto);
    return out;
}

std::optional<nlohmann::json> canonical_parse_tree(std::string_view sql) {
    PgParse parsed = pg_parse(sql);
    if (!parsed.ok()) return std::nullopt;
    nlohmann::json tree = nlohmann::json::parse(*parsed.tree, nullptr, false);
    integers_as_written(sql, tree);
    if (tree.contains("stmts"))
        for (auto& statement : tree["stmts"]) {
            statement.erase("stmt_location");
            statement.erase("stmt_len");
        }
    drop_locations(tree);
    return tree;
}

bool same_parse_tree(std::string_view a, std::string_view b) {
    std::optional<nlohmann::json> first = canonical_parse_tree(a);
    if (!first) return false;
    std::optional<nlohmann::json> second = canonical_parse_tree(b);
    return second && *first == *second;
}

std::string constant_text(std::string_view sql, std::size_t at) {
    if (at >= sql.size()) return {};
    if (sql[at] == '\'') {
        std::string out;
        for (std::size_t i = at + 1; i < sql.size(); ++i) {
            if (sql[i] == '\'') {
                if (i + 1 < sql.size() && sql[i + 1] == '\'') {
                    out += '\'';
                    ++i;
                    continue;
                }
                break;
            }
            out += sql[i];
        }
        return out;
    }
    std::string out;
    std::size_t end = at;
    if (end < sql.size() && (sql[end] == '-' || sql[end] == '+')) {
        out += sql[end++];
        while (end < sql.size() && std::isspace(static_cast<unsigned char>(sql[end]))) ++end;
    }
    while (end < sql.size() &&
           (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '.' || sql[end] == '_'))
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[end++])));
    return out;
}

std::optional<std::string> deparsed_if_faithful(std::string_view sql) {
    std::optional<std::string> deparsed = pg_deparse(sql);
    if (deparsed && same_parse_tree(sql, *deparsed)) return deparsed;
    return std::nullopt;
}

}  // namespace schemac
