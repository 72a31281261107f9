// What a schema's files declare and where each declaration is named: tables, views, columns,
// enums and their values, domains, composite types, functions, sequences and indexes, with
// named constraints, and every place a name refers to one of them (a column's type, a foreign key's table and columns,
// a key's or an index's columns, a partition's parent). Built from the syntax trees, so it
// answers even while another file has errors. Names resolve as lowering resolves them: an
// unqualified name means the one in `public`, else the only one of that name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source/source.hpp"
#include "compiler/syntax/syntax.hpp"

namespace schemac::lsp {

enum class SymbolKind {
    table,
    view,
    column,
    enum_type,
    enum_value,
    domain,
    composite_type,
    function,
    sequence,
    index,
    constraint,
};

struct Symbol {
    SymbolKind kind = SymbolKind::table;
    std::string schema;  // of the symbol, or of its table or enum
    std::string name;
    std::string parent;                    // a column's or index's table, an enum value's enum
    Span name_span;                        // where it is declared
    Span span;                             // the whole declaration
    std::string summary;                   // a line or two of markdown for hover
    std::optional<std::size_t> container;  // the table or enum it belongs to
    std::string was;                       // the argument of its @was, as written; empty: none
    std::uint32_t was_after = 0;           // where a @was goes: after the name (a column's: after its type)
};

struct Occurrence {
    std::size_t symbol = 0;
    Span span;
    bool declaration = false;
};

class SymbolIndex {
public:
    // `files[i]` is the syntax tree of `sources.file(i)`.
    SymbolIndex(const SourceSet& sources, const std::vector<syntax::File>& files);

    const std::vector<Symbol>& symbols() const { return symbols_; }
    // The occurrence whose span holds the offset (the innermost), if any.
    const Occurrence* at(std::uint32_t file, std::uint32_t offset) const;
    // Every occurrence of a symbol, its declaration first, then in file and offset order.
    std::vector<Occurrence> occurrences_of(std::size_t symbol) const;

private:
    struct Builder;
    std::vector<Symbol> symbols_;
    std::vector<Occurrence> occurrences_;  // sorted by file, then begin
};

}  // namespace schemac::lsp
