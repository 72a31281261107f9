#include "tools/lsp/completion.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/types.hpp"

namespace schemac::lsp {
namespace {

// LSP CompletionItemKind values.
constexpr int kind_field = 5, kind_class = 7, kind_keyword = 14, kind_enum = 13, kind_enum_member = 20, kind_type = 25;

bool word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The words of a piece of a line (runs of word bytes and dots, quoted names whole).
std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '"') {
            std::size_t end = s.find('"', i + 1);
            end = end == std::string_view::npos ? s.size() : end + 1;
            out.push_back(s.substr(i, end - i));
            i = end;
        } else if (word_byte(s[i])) {
            std::size_t start = i;
            while (i < s.size() && (word_byte(s[i]) || s[i] == '.')) ++i;
            out.push_back(s.substr(start, i - start));
        } else {
            ++i;
        }
    }
    return out;
}

// A written name, perhaps schema-qualified, as the symbol index names it.
std::pair<std::string, std::string> name_parts(std::string_view written) {
    std::size_t dot = written.front() == '"' ? std::string_view::npos : written.find('.');
    if (dot == std::string_view::npos) return {"", identifier_value(written)};
    return {identifier_value(written.substr(0, dot)), identifier_value(written.substr(dot + 1))};
}

const Symbol* find(const SymbolIndex& index, std::string_view written, bool (*wanted)(SymbolKind)) {
    if (written.empty()) return nullptr;
    auto [schema, name] = name_parts(written);
    const Symbol* only = nullptr;
    int count = 0;
    for (const Symbol& s : index.symbols()) {
        if (s.container || !wanted(s.kind) || s.name != name) continue;
        if (schema.empty() ? s.schema == "public" : s.schema == schema) return &s;
        if (schema.empty()) ++count, only = &s;
    }
    return count == 1 ? only : nullptr;
}

bool is_relation(SymbolKind k) { return k == SymbolKind::table || k == SymbolKind::view; }
bool is_table(SymbolKind k) { return k == SymbolKind::table; }
bool is_enum(SymbolKind k) { return k == SymbolKind::enum_type; }

class Items {
public:
    void add(const std::string& label, int kind, const std::string& detail = {}) {
        if (!seen_.insert(label).second) return;
        nlohmann::json item = {{"label", label}, {"kind", kind}};
        if (!detail.empty()) item["detail"] = detail;
        items_.push_back(std::move(item));
    }
    void keywords(std::initializer_list<const char*> words) {
        for (const char* w : words) add(w, kind_keyword);
    }
    void columns_of(const SymbolIndex& index, const Symbol* table) {
        if (!table) return;
        std::size_t at = static_cast<std::size_t>(table - index.symbols().data());
        for (const Symbol& s : index.symbols())
            if (s.kind == SymbolKind::column && s.container == at)
                add(quote_identifier(s.name), kind_field, table->name);
    }
    nlohmann::json json() && { return {{"isIncomplete", false}, {"items", std::move(items_)}}; }

private:
    std::set<std::string> seen_;
    nlohmann::json items_ = nlohmann::json::array();
};

std::string shown_name(const Symbol& s) {
    return s.schema == "public" ? quote_identifier(s.name)
                                : quote_identifier(s.schema) + "." + quote_identifier(s.name);
}

}  // namespace

nlohmann::json completion_items(const SymbolIndex& index, std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line_start = text.find_last_of("\r\n", offset == 0 ? std::string_view::npos : offset - 1);
    line_start = line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1;
    std::size_t word_start = offset;
    while (word_start > line_start && word_byte(text[word_start - 1])) --word_start;
    std::string_view before = trim_right(text.substr(line_start, word_start - line_start));
    bool indented = line_start < text.size() && (text[line_start] == ' ' || text[line_start] == '\t');

    // The table around the cursor: the last `table NAME` line at the margin with no closing
    // brace at the margin after it.
    std::string_view table_name;
    {
        std::size_t at = line_start;
        while (at > 0) {
            std::size_t end = at - 1;  // the previous line's end
            std::size_t start = text.find_last_of("\r\n", end == 0 ? 0 : end - 1);
            start = (start == std::string_view::npos || end == 0) ? 0 : start + 1;
            std::string_view line = text.substr(start, end - start);
            at = start;
            if (line.starts_with("}")) break;
            std::vector<std::string_view> w = words(line);
            if (line.empty() || line.front() == ' ' || line.front() == '\t' || w.empty()) continue;
            std::size_t i = w[0] == "unlogged" ? 1 : 0;
            if (w.size() > i + 1 && (w[i] == "table" || w[i] == "partition")) table_name = w[i + 1];
            break;
        }
    }
    const Symbol* table = find(index, table_name, is_table);

    Items items;
    if (before.ends_with("@")) {
        items.keywords({"was", "backfill", "backfill_batch"});
        return std::move(items).json();
    }
    // Inside parentheses: which ones.
    int depth = 0;
    std::size_t open = std::string_view::npos;
    for (std::size_t i = before.size(); i-- > 0;) {
        if (before[i] == ')') ++depth;
        if (before[i] == '(' && depth-- == 0) {
            open = i;
            break;
        }
    }
    if (open != std::string_view::npos) {
        std::vector<std::string_view> w = words(before.substr(0, open));
        if (w.size() >= 2 && w[w.size() - 2] == "references") {
            items.columns_of(index, find(index, w.back(), is_relation));
        } else if (!w.empty() && (w.back() == "check" || w[0] == "check" || w.back() == "default")) {
            // SQL: nothing to offer
        } else {
            items.columns_of(index, table);
        }
        return std::move(items).json();
    }
    std::vector<std::string_view> w = words(before);
    if (!w.empty() && w.back() == "references") {
        for (const Symbol& s : index.symbols())
            if (s.kind == SymbolKind::table) items.add(shown_name(s), kind_class, "table");
        return std::move(items).json();
    }
    if (w.empty()) {
        if (indented && table)
            items.keywords({"index", "unique", "primary key", "foreign key", "check", "comment", "exclude", "trigger",
                            "policy", "grant", "with", "replica identity", "row level security"});
        else if (!indented)
            items.keywords({"table", "unlogged table", "partition", "enum", "view", "materialized view", "function",
                            "procedure", "sequence", "domain", "type", "extension", "schema", "role", "grant"});
        return std::move(items).json();
    }
    if (indented && table && w.size() == 1 && w[0] != "index" && w[0] != "unique" && w[0] != "check" &&
        w[0] != "comment" && w[0] != "trigger" && w[0] != "policy") {
        // After a column's name: its type.
        for (const Symbol& s : index.symbols()) {
            if (s.kind == SymbolKind::enum_type) items.add(shown_name(s), kind_enum, "enum");
            if (s.kind == SymbolKind::domain) items.add(shown_name(s), kind_type, "domain");
            if (s.kind == SymbolKind::composite_type) items.add(shown_name(s), kind_type, "composite type");
        }
        for (std::string_view name : builtin_type_names()) items.add(std::string(name), kind_type, "built in");
        return std::move(items).json();
    }
    if (indented && table && w.size() >= 2) {
        if (w.back() == "default") {
            if (const Symbol* e = find(index, w[1], is_enum)) {
                std::size_t at = static_cast<std::size_t>(e - index.symbols().data());
                for (const Symbol& s : index.symbols())
                    if (s.kind == SymbolKind::enum_value && s.container == at)
                        items.add(quote_literal(s.name), kind_enum_member, e->name);
            }
            return std::move(items).json();
        }
        items.keywords(
            {"not null", "null", "primary key", "unique", "default", "references", "check", "generated always as",
             "generated always as identity", "generated by default as identity", "comment", "collate"});
    }
    return std::move(items).json();
}

}  // namespace schemac::lsp
