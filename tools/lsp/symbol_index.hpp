// What a schema's files declare and where each declaration is named: tables, views, columns,
// enums and their values, domains, composite types, functions, sequences and indexes, with
// named constraints, and every place a name refers to one of them (a column's type, a foreign key's table and columns,
// a key's or an index's columns, a partition's parent, a trigger's function and columns, an enum
// column's default value). Built from the syntax trees, so it
// answers even while another file has errors. Names resolve as lowering resolves them: an
// unqualified name means the one in `public`, else the only one of that name.
#pragma once

#include <cstdint>
#include <map>
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

// The namespaces names live in: relations (tables, views, sequences, indexes), types (enums,
// domains, composite types) and functions.
enum class NameSpace { relation, type, function };

struct Symbol {
    SymbolKind kind = SymbolKind::table;
    std::string schema;  // of the symbol, or of its table or enum
    std::string name;
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
    SymbolIndex(const SourceSet& sources, const std::vector<const syntax::File*>& files);

    const std::vector<Symbol>& symbols() const { return symbols_; }
    // The members of a table (columns, indexes, constraints) or an enum (values), in order.
    const std::vector<std::size_t>& members_of(std::size_t symbol) const { return members_[symbol]; }
    // The top-level symbol a written name (`accounts`, `billing.accounts`, `"Order Items"`)
    // names in a namespace: qualified, else `public`'s, else the only one of that name.
    std::optional<std::size_t> find(NameSpace space, std::string_view written) const;
    // The occurrence whose span holds the offset, if any.
    const Occurrence* at(std::uint32_t file, std::uint32_t offset) const;
    // Every occurrence of a symbol, its declaration first, then in file and offset order.
    std::vector<Occurrence> occurrences_of(std::size_t symbol) const;

    // A column name written where a table's column is meant (a key, an index, a trigger, a
    // reference) that the table does not have: what a "did you mean" fix replaces.
    struct UnknownColumn {
        std::size_t table = 0;
        std::string name;
        Span span;
    };
    const std::vector<UnknownColumn>& unknown_columns() const { return unknown_columns_; }

private:
    struct Builder;
    std::optional<std::size_t> find(NameSpace space, const std::string* schema, const std::string& name) const;

    std::vector<Symbol> symbols_;
    std::vector<std::vector<std::size_t>> members_;
    std::vector<Occurrence> occurrences_;  // sorted by file, then begin; names never overlap
    std::vector<UnknownColumn> unknown_columns_;
    std::map<std::string, std::size_t> by_key_;                // namespace, schema and name -> symbol
    std::map<std::string, std::vector<std::size_t>> by_name_;  // namespace and name -> top-level symbols
};

}  // namespace schemac::lsp
