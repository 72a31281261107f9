#include "tools/lsp/rename.hpp"

#include <algorithm>

#include "compiler/ir/identifiers.hpp"
#include "tools/lsp/uris.hpp"

namespace schemac::lsp {
namespace {

// The name a table or an enum had in the snapshot: its @was (qualified or not), else its name.
ir::QualifiedName snapshot_name(const Symbol& s) {
    std::optional<WrittenName> was = read_written_name(s.was);
    if (!was) return {s.schema, s.name};
    return {was->schema.empty() ? s.schema : was->schema, was->name};
}

template <typename T>
bool has_named(const std::vector<T>& items, const std::string& name) {
    return std::any_of(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
}

// Whether the symbol, under its current name, is in the snapshot: then a database has it.
bool in_snapshot(const std::vector<Symbol>& symbols, const Symbol& s, const ir::Database& db) {
    ir::QualifiedName name{s.schema, s.name};
    switch (s.kind) {
        case SymbolKind::table: return ir::find_table(db, name) != nullptr;
        case SymbolKind::view: return ir::find_view(db, name) != nullptr;
        case SymbolKind::enum_type: return ir::find_enum(db, name) != nullptr;
        case SymbolKind::domain: return ir::find_domain(db, name) != nullptr;
        case SymbolKind::composite_type: return ir::find_composite_type(db, name) != nullptr;
        case SymbolKind::sequence: return ir::find_sequence(db, name) != nullptr;
        default: break;
    }
    if (!s.container) return true;
    if (s.kind == SymbolKind::enum_value) {
        const ir::Enum* e = ir::find_enum(db, snapshot_name(symbols[*s.container]));
        return e && has_named(e->values, s.name);
    }
    const ir::Table* table = ir::find_table(db, snapshot_name(symbols[*s.container]));
    if (!table) return false;  // the whole table is new
    switch (s.kind) {
        case SymbolKind::column: return ir::find_column(*table, s.name) != nullptr;
        case SymbolKind::index: return has_named(table->indexes, s.name);
        case SymbolKind::constraint:
            return (table->primary_key && table->primary_key->name == s.name) || has_named(table->uniques, s.name) ||
                   has_named(table->checks, s.name) || has_named(table->foreign_keys, s.name) ||
                   has_named(table->exclusions, s.name);
        default: return true;
    }
}

}  // namespace

bool renamable(SymbolKind kind) { return kind != SymbolKind::function; }

std::optional<NewName> new_name(std::string_view typed) {
    if (typed.empty() || typed.find('\0') != std::string_view::npos) return std::nullopt;
    bool bare = is_bare_identifier(typed) && !is_reserved_keyword(lower_ascii(typed));
    bool quoted = !typed.empty() && typed.front() == '"' && is_identifier(typed);
    if (bare || quoted) return NewName{std::string(typed), identifier_value(typed)};
    return NewName{quote_identifier(typed), std::string(typed)};
}

std::optional<NewName> new_label(std::string_view typed) {
    if (typed.empty() || typed.find('\0') != std::string_view::npos) return std::nullopt;
    bool word = std::all_of(typed.begin(), typed.end(),
                            [](char c) {
                                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                                       (c >= '0' && c <= '9');
                            }) &&
                !(typed[0] >= '0' && typed[0] <= '9') && !is_reserved_keyword(lower_ascii(typed));
    return NewName{word ? std::string(typed) : quote_literal(typed), std::string(typed)};
}

nlohmann::json rename_edit(const Workspace& workspace, std::size_t symbol, const NewName& name,
                           const ir::Database* snapshot) {
    const SymbolIndex& index = *workspace.index();
    const Symbol& s = index.symbols()[symbol];
    nlohmann::json changes = nlohmann::json::object();
    auto edit = [&](Span span, const std::string& text) {
        changes[uri_from_path(workspace.path_of(span))].push_back(
            {{"range", workspace.range(span)}, {"newText", text}});
    };
    bool keep_data = s.was.empty() && name.value != s.name && (!snapshot || in_snapshot(index.symbols(), s, *snapshot));
    std::string was = " @was(" + std::string(workspace.text_of(s.name_span)) + ")";
    bool was_after_name = s.was_after == s.name_span.end;
    // An enum value outside its declaration is an SQL string: a column's default.
    std::string elsewhere = s.kind == SymbolKind::enum_value ? quote_literal(name.value) : name.written;
    for (const Occurrence& o : index.occurrences_of(symbol))
        edit(o.span, !o.declaration ? elsewhere : keep_data && was_after_name ? name.written + was : name.written);
    if (keep_data && !was_after_name) edit(Span{s.name_span.file, s.was_after, s.was_after}, was);
    return {{"changes", std::move(changes)}};
}

}  // namespace schemac::lsp
