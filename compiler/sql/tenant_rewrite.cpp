#include "compiler/sql/tenant_rewrite.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/sql_tokens.hpp"

namespace schemac {
namespace {

struct TenantEdit {
    std::size_t begin = 0, end = 0;
    std::string text;
};

// The tokens of one text without its comments, with what each stands for.
class TenantTokens {
public:
    TenantTokens(std::string_view sql, const std::vector<SqlToken>& all) : sql_(sql) {
        for (const SqlToken& t : all)
            if (!t.comment()) tokens_.push_back(t);
    }
    std::size_t size() const { return tokens_.size(); }
    const SqlToken& operator[](std::size_t i) const { return tokens_[i]; }
    std::string_view text(std::size_t i) const {
        return sql_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
    }
    bool is(std::size_t i, int kind) const { return i < tokens_.size() && tokens_[i].kind == kind; }
    bool identifier(std::size_t i) const { return i < tokens_.size() && tokens_[i].identifier(); }
    bool string_constant(std::size_t i) const { return i < tokens_.size() && tokens_[i].string_constant(); }
    bool keyword(std::size_t i, std::string_view word) const {
        return i < tokens_.size() && tokens_[i].is_keyword(sql_, word);
    }
    // The name a token stands for: an identifier's value (folded, or unquoted), a keyword's
    // word; nullopt for anything else.
    std::optional<std::string> name(std::size_t i) const {
        if (i >= tokens_.size()) return std::nullopt;
        if (tokens_[i].identifier()) return identifier_value(text(i));
        if (tokens_[i].keyword) return lower_ascii(text(i));
        return std::nullopt;
    }
    bool names(std::size_t i, std::string_view schema) const { return name(i) == schema; }

private:
    std::string_view sql_;
    std::vector<SqlToken> tokens_;
};

// A string constant's value and how to write a new one in its place; nullopt for the forms
// left alone (E'' with escapes, U&'', bit strings).
struct TenantString {
    std::string value;
    std::string dollar_tag;  // "$tag$" for a dollar-quoted one, else empty
};
std::optional<TenantString> string_value(std::string_view written) {
    if (written.starts_with('$')) {
        std::size_t tag_end = written.find('$', 1);
        if (tag_end == std::string_view::npos || written.size() < 2 * (tag_end + 1)) return std::nullopt;
        std::string_view tag = written.substr(0, tag_end + 1);
        return TenantString{std::string(written.substr(tag.size(), written.size() - 2 * tag.size())), std::string(tag)};
    }
    if ((written.starts_with("E'") || written.starts_with("e'")) && written.find('\\') == std::string_view::npos)
        written.remove_prefix(1);
    if (!written.starts_with('\'')) return std::nullopt;
    return TenantString{unescape_string_literal(written), ""};
}

std::string string_written(const TenantString& original, const std::string& value) {
    if (original.dollar_tag.empty()) return quote_literal(value);
    if (value.find(original.dollar_tag) != std::string::npos) return dollar_quote(value);
    return original.dollar_tag + value + original.dollar_tag;
}

// `from.name` or `from.name(argument types)`, exactly: the value with the schema replaced.
std::optional<std::string> qualified_name_moved(std::string_view value, const SchemaMapping& mapping) {
    std::size_t schema = identifier_length(value);
    if (schema == 0 || schema >= value.size() || value[schema] != '.') return std::nullopt;
    if (identifier_value(value.substr(0, schema)) != mapping.from) return std::nullopt;
    std::string_view rest = value.substr(schema + 1);
    std::size_t name = identifier_length(rest);
    if (name == 0) return std::nullopt;
    std::string_view after = rest.substr(name);
    if (!after.empty() && !(after.starts_with('(') && after.ends_with(')'))) return std::nullopt;
    return quote_identifier(mapping.to) + "." + std::string(rest);
}

class TenantRewriter {
public:
    TenantRewriter(const TenantTokens& tokens, const SchemaMapping& mapping) : t_(tokens), m_(mapping) {}

    std::vector<TenantEdit> edits() {
        bool extension = t_.keyword(1, "extension") || t_.keyword(2, "extension");
        for (std::size_t i = 0; i < t_.size(); ++i) {
            if (t_.is(i + 1, '.') && (i == 0 || !t_.is(i - 1, '.'))) rename(i);
            if (!extension && t_.keyword(i, "schema")) schema_list(i + 1);
            if (t_.identifier(i) && t_.names(i, "search_path") && (t_.is(i + 1, '=') || t_.keyword(i + 1, "to")))
                schema_list(i + 2);
            if (t_.string_constant(i)) string_constant(i);
        }
        std::sort(edits_.begin(), edits_.end(),
                  [](const TenantEdit& a, const TenantEdit& b) { return a.begin < b.begin; });
        edits_.erase(std::unique(edits_.begin(), edits_.end(),
                                 [](const TenantEdit& a, const TenantEdit& b) { return a.begin == b.begin; }),
                     edits_.end());
        return std::move(edits_);
    }

private:
    void replace(std::size_t i, std::string text) { edits_.push_back({t_[i].begin, t_[i].end, std::move(text)}); }
    void rename(std::size_t i) {
        if (t_.names(i, m_.from)) replace(i, quote_identifier(m_.to));
    }
    // `SCHEMA [IF NOT EXISTS] a, b`, `search_path = a, 'b'`: each name of the list.
    void schema_list(std::size_t j) {
        while (t_.keyword(j, "if") || t_.keyword(j, "not") || t_.keyword(j, "exists")) ++j;
        for (; j < t_.size(); j += 2) {
            if (t_.string_constant(j)) {
                std::optional<TenantString> s = string_value(t_.text(j));
                if (s && s->dollar_tag.empty() && s->value == m_.from) replace(j, quote_literal(m_.to));
            } else {
                rename(j);
            }
            if (!t_.is(j + 1, ',')) break;
        }
    }
    void string_constant(std::size_t i) {
        std::optional<TenantString> s = string_value(t_.text(i));
        if (!s) return;
        if (i > 0 && (t_.keyword(i - 1, "as") || t_.keyword(i - 1, "do"))) {  // a routine's body
            std::string body = rewrite_schema_references(s->value, m_);
            if (body != s->value) replace(i, string_written(*s, body));
        } else if (i > 0 && t_.keyword(i - 1, "is")) {  // a comment's text is the author's
            return;
        } else if (std::optional<std::string> moved = qualified_name_moved(s->value, m_)) {
            replace(i, string_written(*s, *moved));
        }
    }

    const TenantTokens& t_;
    const SchemaMapping& m_;
    std::vector<TenantEdit> edits_;
};

}  // namespace

std::string rewrite_schema_references(std::string_view sql, const SchemaMapping& mapping) {
    std::optional<std::vector<SqlToken>> scanned = sql_tokens(sql);
    if (!scanned || mapping.from == mapping.to) return std::string(sql);
    TenantTokens tokens(sql, *scanned);
    std::string out;
    std::size_t at = 0;
    for (const TenantEdit& e : TenantRewriter(tokens, mapping).edits()) {
        out.append(sql.substr(at, e.begin - at));
        out += e.text;
        at = e.end;
    }
    out.append(sql.substr(at));
    return out;
}

bool creates_schema(std::string_view statement, std::string_view schema) {
    std::optional<std::vector<SqlToken>> scanned = sql_tokens(statement);
    if (!scanned) return false;
    TenantTokens tokens(statement, *scanned);
    if (!tokens.keyword(0, "create") || !tokens.keyword(1, "schema")) return false;
    std::size_t i = 2;
    while (tokens.keyword(i, "if") || tokens.keyword(i, "not") || tokens.keyword(i, "exists")) ++i;
    return tokens.names(i, schema);
}

}  // namespace schemac
