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

// A byte of an unquoted name, for scanning back over the word being typed (the grammar's
// identifier_length and word_length read forwards only).
bool word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// The names and words of a piece of a line, in order (a qualified name is one).
std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = identifier_length(s.substr(i));
        while (n != 0 && i + n + 1 < s.size() && s[i + n] == '.') {  // schema.name
            std::size_t more = identifier_length(s.substr(i + n + 1));
            if (more == 0) break;
            n += 1 + more;
        }
        if (n == 0) n = std::max<std::size_t>(1, word_length(s.substr(i)));  // a number, or a byte of punctuation
        std::string_view w = s.substr(i, n);
        if (w.size() > 1 || word_byte(w.front())) out.push_back(w);
        i += n;
    }
    return out;
}

// The symbol a written name names, when it is of a wanted kind.
const Symbol* find(const SymbolIndex& index, NameSpace space, std::string_view written, bool (*wanted)(SymbolKind)) {
    std::optional<std::size_t> i = index.find(space, written);
    return i && wanted(index.symbols()[*i].kind) ? &index.symbols()[*i] : nullptr;
}

bool is_relation(SymbolKind k) { return k == SymbolKind::table || k == SymbolKind::view; }
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
    // The members of a kind of a table or enum, as they are written.
    void members(const SymbolIndex& index, const Symbol* of, SymbolKind kind, int item_kind) {
        if (!of) return;
        for (std::size_t m : index.members_of(static_cast<std::size_t>(of - index.symbols().data()))) {
            const Symbol& s = index.symbols()[m];
            if (s.kind == kind)
                add(kind == SymbolKind::enum_value ? quote_literal(s.name) : quote_identifier(s.name), item_kind,
                    of->name);
        }
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

nlohmann::json completion_items(const SymbolIndex& index, std::uint32_t file, std::string_view text,
                                std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line_start = text.find_last_of("\r\n", offset == 0 ? std::string_view::npos : offset - 1);
    line_start = line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1;
    std::size_t word_start = offset;
    while (word_start > line_start && word_byte(text[word_start - 1])) --word_start;
    std::string_view before = trim_right(text.substr(line_start, word_start - line_start));

    // The declaration around the cursor, if any, and the table when it is one. A declaration's
    // span may run on over the blank lines after it: after its last character is outside.
    const Symbol* around = nullptr;
    for (const Symbol& s : index.symbols()) {
        if (s.container || s.span.file != file || offset < s.span.begin || s.span.end > text.size()) continue;
        std::size_t last = s.span.begin + trim_right(text.substr(s.span.begin, s.span.end - s.span.begin)).size();
        if (offset < last) around = &s;
    }
    const Symbol* table = around && around->kind == SymbolKind::table ? around : nullptr;

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
            items.members(index, find(index, NameSpace::relation, w.back(), is_relation), SymbolKind::column,
                          kind_field);
        } else if (!w.empty() && (w.back() == "check" || w[0] == "check" || w.back() == "default")) {
            // SQL: nothing to offer
        } else {
            items.members(index, table, SymbolKind::column, kind_field);
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
        if (table)
            items.keywords({"index", "unique", "primary key", "foreign key", "check", "comment", "exclude", "trigger",
                            "policy", "grant", "with", "replica identity", "row level security"});
        else if (!around)
            items.keywords({"table", "unlogged table", "partition", "enum", "view", "materialized view", "function",
                            "procedure", "sequence", "domain", "type", "extension", "schema", "role", "grant"});
        return std::move(items).json();
    }
    if (table && w.size() == 1 && w[0] != "index" && w[0] != "unique" && w[0] != "check" && w[0] != "comment" &&
        w[0] != "trigger" && w[0] != "policy") {
        // After a column's name: its type.
        for (const Symbol& s : index.symbols()) {
            if (s.kind == SymbolKind::enum_type) items.add(shown_name(s), kind_enum, "enum");
            if (s.kind == SymbolKind::domain) items.add(shown_name(s), kind_type, "domain");
            if (s.kind == SymbolKind::composite_type) items.add(shown_name(s), kind_type, "composite type");
        }
        for (std::string_view name : builtin_type_names()) items.add(std::string(name), kind_type, "built in");
        return std::move(items).json();
    }
    if (table && w.size() >= 2) {
        if (w.back() == "default") {  // an enum column's values
            items.members(index, find(index, NameSpace::type, w[1], is_enum), SymbolKind::enum_value, kind_enum_member);
            return std::move(items).json();
        }
        items.keywords(
            {"not null", "null", "primary key", "unique", "default", "references", "check", "generated always as",
             "generated always as identity", "generated by default as identity", "comment", "collate"});
    }
    return std::move(items).json();
}

}  // namespace schemac::lsp
