#include "tools/lsp/rename.hpp"

#include <algorithm>

#include "compiler/ir/identifiers.hpp"
#include "tools/lsp/uris.hpp"

namespace schemac::lsp {
namespace {

// A @was argument (`old` or `schema.old`) as a qualified name in `schema`.
ir::QualifiedName was_name(const std::string& was, const std::string& schema) {
    std::size_t dot = was.find('.');
    if (dot == std::string::npos || (!was.empty() && was.front() == '"')) return {schema, identifier_value(was)};
    return {identifier_value(was.substr(0, dot)), identifier_value(was.substr(dot + 1))};
}

// The name a top-level symbol had in the snapshot: its @was, else its name.
ir::QualifiedName snapshot_name(const Symbol& s) {
    return s.was.empty() ? ir::QualifiedName{s.schema, s.name} : was_name(s.was, s.schema);
}

template <typename T>
const T* find_named(const std::vector<T>& items, const ir::QualifiedName& name) {
    for (const T& item : items)
        if (item.name == name) return &item;
    return nullptr;
}

template <typename T>
bool has_member(const std::vector<T>& items, const std::string& name) {
    return std::any_of(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
}

// Whether the symbol, under its current name, is in the snapshot: then a database has it.
bool in_snapshot(const std::vector<Symbol>& symbols, const Symbol& s, const ir::Database& db) {
    ir::QualifiedName name{s.schema, s.name};
    switch (s.kind) {
        case SymbolKind::table: return find_named(db.tables, name) != nullptr;
        case SymbolKind::view: return find_named(db.views, name) != nullptr;
        case SymbolKind::enum_type: return find_named(db.enums, name) != nullptr;
        case SymbolKind::domain: return find_named(db.domains, name) != nullptr;
        case SymbolKind::composite_type: return find_named(db.composite_types, name) != nullptr;
        case SymbolKind::sequence: return find_named(db.sequences, name) != nullptr;
        default: break;
    }
    if (!s.container) return true;
    const ir::Table* table = find_named(db.tables, snapshot_name(symbols[*s.container]));
    if (!table) return false;  // the whole table is new
    switch (s.kind) {
        case SymbolKind::column: return has_member(table->columns, s.name);
        case SymbolKind::index: return has_member(table->indexes, s.name);
        case SymbolKind::constraint:
            return (table->primary_key && table->primary_key->name == s.name) || has_member(table->uniques, s.name) ||
                   has_member(table->checks, s.name) || has_member(table->foreign_keys, s.name) ||
                   has_member(table->exclusions, s.name);
        default: return true;
    }
}

}  // namespace

bool renamable(SymbolKind kind) { return kind != SymbolKind::function && kind != SymbolKind::enum_value; }

std::optional<NewName> new_name(std::string_view typed) {
    if (typed.empty() || typed.find('\0') != std::string_view::npos) return std::nullopt;
    bool bare = is_bare_identifier(typed) && !is_reserved_keyword(lower_ascii(typed));
    bool quoted = !typed.empty() && typed.front() == '"' && is_identifier(typed);
    if (bare || quoted) return NewName{std::string(typed), identifier_value(typed)};
    return NewName{quote_identifier(typed), std::string(typed)};
}

nlohmann::json rename_edit(const Workspace& workspace, std::size_t symbol, const NewName& name,
                           const std::optional<ir::Database>& snapshot) {
    const SymbolIndex& index = *workspace.index();
    const Symbol& s = index.symbols()[symbol];
    std::map<std::string, nlohmann::json> changes;
    auto edit = [&](Span span, const std::string& text) {
        changes[uri_from_path(workspace.path_of(span))].push_back(
            {{"range", workspace.range(span)}, {"newText", text}});
    };
    bool keep_data = s.was.empty() && name.value != s.name && (!snapshot || in_snapshot(index.symbols(), s, *snapshot));
    std::string was = " @was(" + std::string(workspace.text_of(s.name_span)) + ")";
    bool was_after_name = s.was_after == s.name_span.end;
    for (const Occurrence& o : index.occurrences_of(symbol))
        edit(o.span, o.declaration && keep_data && was_after_name ? name.written + was : name.written);
    if (keep_data && !was_after_name) edit(Span{s.name_span.file, s.was_after, s.was_after}, was);
    nlohmann::json result = nlohmann::json::object();
    for (auto& [uri, edits] : changes) result[uri] = std::move(edits);
    return {{"changes", std::move(result)}};
}

}  // namespace schemac::lsp
