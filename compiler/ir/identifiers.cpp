#include "compiler/ir/identifiers.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

#include "grammar/accepts.hpp"
#include "grammar/lexical.hpp"

namespace schemac {
namespace {

// PostgreSQL 15's reserved, type/function-name and column-name keywords: quote_ident() quotes
// all of them. Sorted, so that each first letter's keywords stand together.
constexpr std::string_view keywords[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable"};
static_assert(std::is_sorted(std::begin(keywords), std::end(keywords)));

bool plain_identifier(std::string_view name) {
    if (name.empty()) return false;
    char first = name.front();
    if (!((first >= 'a' && first <= 'z') || first == '_')) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$'; });
}

// Where each first letter's keywords start in `keywords` (the next letter's start ends them), and
// the longest keyword: a name is compared only with the few keywords of its first letter and length.
struct KeywordIndex {
    std::array<std::uint16_t, 27> start{};
    std::size_t longest = 0;
};

constexpr KeywordIndex make_keyword_index() {
    KeywordIndex index;
    std::size_t at = 0, count = std::size(keywords);
    for (int letter = 0; letter < 26; ++letter) {
        index.start[static_cast<std::size_t>(letter)] = static_cast<std::uint16_t>(at);
        while (at < count && keywords[at][0] == 'a' + letter) ++at;
    }
    index.start[26] = static_cast<std::uint16_t>(at);
    for (std::string_view k : keywords) index.longest = std::max(index.longest, k.size());
    return index;
}

constexpr KeywordIndex keyword_index = make_keyword_index();
static_assert(keyword_index.start[26] == std::size(keywords), "every keyword starts with a lower-case letter");

}  // namespace

std::span<const std::string_view> reserved_keywords() { return keywords; }

bool is_reserved_keyword(std::string_view word) {
    if (word.empty() || word.size() > keyword_index.longest || word[0] < 'a' || word[0] > 'z') return false;
    auto letter = static_cast<std::size_t>(word[0] - 'a');
    for (std::size_t i = keyword_index.start[letter]; i < keyword_index.start[letter + 1]; ++i)
        if (keywords[i].size() == word.size() && keywords[i] == word) return true;
    return false;
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
    // The closing tag must be the first place the tag occurs after the opening one: not inside the
    // body, and not made by the body's end and the tag together (a body ending in `$schemac`).
    std::string tag = "$schemac$";
    for (int n = 1; (std::string(body) + tag).find(tag) < body.size(); ++n) tag = "$schemac_" + std::to_string(n) + "$";
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

std::size_t identifier_length(std::string_view text) {
    namespace p = tao::pegtl;
    p::memory_input in(text.data(), text.size(), "");
    try {
        if (p::parse<grammar::identifier>(in)) return static_cast<std::size_t>(in.current() - text.data());
    } catch (const p::parse_error&) {
        // an unterminated quoted name
    }
    return 0;
}

bool is_identifier(std::string_view text) { return grammar_accepts<grammar::identifier>(text); }

bool is_bare_identifier(std::string_view text) { return grammar_accepts<grammar::bare_identifier>(text); }

std::optional<WrittenName> read_written_name(std::string_view text) {
    if (is_identifier(text)) return WrittenName{"", identifier_value(text)};
    std::size_t dot = identifier_length(text);
    if (dot == 0 || dot >= text.size() || text[dot] != '.' || !is_identifier(text.substr(dot + 1))) return std::nullopt;
    return WrittenName{identifier_value(text.substr(0, dot)), identifier_value(text.substr(dot + 1))};
}

std::size_t word_length(std::string_view text) {
    namespace p = tao::pegtl;
    p::memory_input in(text.data(), text.size(), "");
    return p::parse<p::star<grammar::ident_other>>(in) ? static_cast<std::size_t>(in.current() - text.data()) : 0;
}

bool is_number(std::string_view text) { return grammar_accepts<grammar::number>(text); }

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string identifier_value(std::string_view written) {
    if (!written.empty() && written.front() == '"') {
        std::string out;
        for (std::size_t i = 1; i + 1 < written.size(); ++i) {
            out += written[i];
            if (written[i] == '"') ++i;  // "" stands for one "
        }
        return out;
    }
    return lower_ascii(written);
}

std::string unescape_string_literal(std::string_view written) {
    std::string out;
    for (std::size_t i = 1; i + 1 < written.size(); ++i) {
        out += written[i];
        if (written[i] == '\'') ++i;
    }
    return out;
}

}  // namespace schemac
