#include "tools/lsp/symbol_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <variant>

#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/sql_uses.hpp"

namespace schemac::lsp {
namespace {

NameSpace space_of(SymbolKind kind) {
    switch (kind) {
        case SymbolKind::enum_type:
        case SymbolKind::domain:
        case SymbolKind::composite_type: return NameSpace::type;
        case SymbolKind::function: return NameSpace::function;
        default: return NameSpace::relation;
    }
}

std::string key(NameSpace space, std::string_view schema, std::string_view name) {
    return fmt::format("{}\x1f{}\x1f{}", static_cast<int>(space), schema, name);
}

std::string name_key(NameSpace space, std::string_view name) {
    return fmt::format("{}\x1f{}", static_cast<int>(space), name);
}

std::string schema_of(const syntax::QualifiedName& name) { return name.schema ? name.schema->value : "public"; }

std::string was_of(const std::vector<syntax::Directive>& directives) {
    for (const syntax::Directive& d : directives)
        if (d.name == "was") return d.argument;
    return {};
}

}  // namespace

struct SymbolIndex::Builder {
    const SourceSet& sources;
    SymbolIndex& index;

    std::string_view text(Span span) const {
        if (!span.known()) return {};
        const std::string& t = sources.file(span.file).text();
        if (span.begin > t.size() || span.end > t.size() || span.end < span.begin) return {};
        return std::string_view(t).substr(span.begin, span.end - span.begin);
    }

    std::size_t add(Symbol symbol, const std::vector<syntax::Directive>& directives) {
        std::size_t i = index.symbols_.size();
        symbol.was = was_of(directives);
        symbol.was_after = symbol.name_span.end;
        if (symbol.container) index.members_[*symbol.container].push_back(i);
        index.occurrences_.push_back({i, symbol.name_span, true});
        index.symbols_.push_back(std::move(symbol));
        index.members_.emplace_back();
        return i;
    }

    // A table, view, enum, function, ... A second declaration of one name is the compiler's to
    // report; the first is the one names resolve to.
    std::size_t declare(SymbolKind kind, const syntax::QualifiedName& name, Span span, std::string summary,
                        const std::vector<syntax::Directive>& directives) {
        std::string schema = schema_of(name);
        NameSpace space = space_of(kind);
        auto [it, first] = index.by_key_.emplace(key(space, schema, name.name.value), index.symbols_.size());
        if (!first) return it->second;
        index.by_name_[name_key(space, name.name.value)].push_back(it->second);
        return add(symbol(kind, std::move(schema), name.name.value, name.name.span, span, std::move(summary)),
                   directives);
    }

    // A column, index, constraint or enum value of `container`.
    std::size_t declare_member(SymbolKind kind, std::size_t container, std::string name, Span name_span, Span span,
                               std::string summary, const std::vector<syntax::Directive>& directives) {
        Symbol s = symbol(kind, index.symbols_[container].schema, std::move(name), name_span, span, std::move(summary));
        s.container = container;
        return add(std::move(s), directives);
    }

    static Symbol symbol(SymbolKind kind, std::string schema, std::string name, Span name_span, Span span,
                         std::string summary) {
        Symbol s;
        s.kind = kind;
        s.schema = std::move(schema);
        s.name = std::move(name);
        s.name_span = name_span;
        s.span = span;
        s.summary = std::move(summary);
        return s;
    }

    void refer(std::optional<std::size_t> symbol, Span span) {
        if (symbol && span.known()) index.occurrences_.push_back({*symbol, span, false});
    }

    std::optional<std::size_t> resolve(NameSpace space, const syntax::QualifiedName& name) const {
        return index.find(space, name.schema ? &name.schema->value : nullptr, name.name.value);
    }
    std::optional<std::size_t> column(std::optional<std::size_t> table, const std::string& name) const {
        if (!table) return std::nullopt;
        for (std::size_t m : index.members_[*table]) {
            const Symbol& s = index.symbols_[m];
            if (s.kind == SymbolKind::column && s.name == name) return m;
        }
        return std::nullopt;
    }

    // Declarations -------------------------------------------------------------------------
    void declare_all(const syntax::File& file) {
        for (const syntax::Declaration& d : file.declarations) std::visit([&](const auto& x) { declare_one(x); }, d);
    }
    template <typename T>
    void declare_one(const T&) {}

    void declare_one(const syntax::Table& t) {
        std::string schema = schema_of(t.name);
        std::size_t columns = 0, foreign_keys = 0, indexes = 0;
        std::vector<std::string> key_columns, key_written;  // the primary key's
        for (const syntax::TableItem& item : t.items) {
            if (const auto* c = std::get_if<syntax::Column>(&item)) {
                ++columns;
                if (c->primary_key) {
                    key_columns.push_back(c->name.value);
                    key_written.push_back(c->name.written);
                }
                if (c->references) ++foreign_keys;
            } else if (const auto* k = std::get_if<syntax::PrimaryKey>(&item)) {
                for (const syntax::Name& n : k->columns) {
                    key_columns.push_back(n.value);
                    key_written.push_back(n.written);
                }
            } else if (std::holds_alternative<syntax::ForeignKey>(item)) {
                ++foreign_keys;
            } else if (std::holds_alternative<syntax::Index>(item)) {
                ++indexes;
            }
        }
        std::string summary = fmt::format("**{}** `{}.{}`", t.partition_of ? "partition" : "table", schema,
                                          t.name.name.value);
        if (t.partition_of) summary += fmt::format(" of `{}`", text(t.partition_of->parent.span));
        summary += fmt::format("\n\n{} column{}", columns, columns == 1 ? "" : "s");
        if (!key_written.empty()) summary += fmt::format(" · primary key ({})", fmt::join(key_written, ", "));
        if (foreign_keys) summary += fmt::format(" · {} foreign key{}", foreign_keys, foreign_keys == 1 ? "" : "s");
        if (indexes) summary += fmt::format(" · {} index{}", indexes, indexes == 1 ? "" : "es");
        for (const syntax::TableItem& item : t.items)
            if (const auto* c = std::get_if<syntax::TableComment>(&item)) summary += "\n\n" + c->comment.text;
        std::size_t table = declare(SymbolKind::table, t.name, t.span, std::move(summary), t.directives);
        for (const syntax::TableItem& item : t.items) {
            if (const auto* c = std::get_if<syntax::Column>(&item)) {
                std::size_t column = declare_member(SymbolKind::column, table, c->name.value, c->name.span, c->span,
                                                    column_summary(schema, t, *c, key_columns), c->directives);
                index.symbols_[column].was_after = c->type.span.end;  // a column's directives follow its type
            } else if (const auto* i = std::get_if<syntax::Index>(&item); i && i->name) {
                declare_member(SymbolKind::index, table, i->name->value, i->name->span, i->span,
                               fmt::format("**index** `{}` on `{}.{}`\n\n```schemac\n{}\n```", i->name->value, schema,
                                           t.name.name.value, text(i->span)),
                               i->directives);
            } else {
                declare_constraint(schema, t, item, table);
            }
        }
    }

    // A named primary key, unique, check, foreign key or exclusion constraint.
    void declare_constraint(const std::string& schema, const syntax::Table& t, const syntax::TableItem& item,
                            std::size_t table) {
        const std::optional<syntax::Name>* name = nullptr;
        const std::vector<syntax::Directive>* directives = nullptr;
        std::string_view what;
        if (const auto* k = std::get_if<syntax::PrimaryKey>(&item)) {
            name = &k->name, directives = &k->directives, what = "primary key";
        } else if (const auto* u = std::get_if<syntax::Unique>(&item)) {
            name = &u->name, directives = &u->directives, what = "unique constraint";
        } else if (const auto* c = std::get_if<syntax::CheckClause>(&item)) {
            name = &c->name, directives = &c->directives, what = "check constraint";
        } else if (const auto* f = std::get_if<syntax::ForeignKey>(&item)) {
            name = &f->name, directives = &f->directives, what = "foreign key";
        } else if (const auto* x = std::get_if<syntax::Exclusion>(&item)) {
            name = &x->index.name, directives = &x->index.directives, what = "exclusion constraint";
        }
        if (!name || !*name) return;
        Span span = syntax::span_of(item);
        declare_member(SymbolKind::constraint, table, (*name)->value, (*name)->span, span,
                       fmt::format("**{}** `{}` on `{}.{}`\n\n```schemac\n{}\n```", what, (*name)->value, schema,
                                   t.name.name.value, text(span)),
                       *directives);
    }

    std::string column_summary(const std::string& schema, const syntax::Table& t, const syntax::Column& c,
                               const std::vector<std::string>& key_columns) {
        bool in_key = std::find(key_columns.begin(), key_columns.end(), c.name.value) != key_columns.end();
        std::string s = fmt::format("**column** `{}.{}.{}`\n\n`{}`", schema, t.name.name.value, c.name.value,
                                    text(c.type.span));
        s += (c.not_null || in_key) ? " · not null" : " · null";
        if (c.default_value) s += fmt::format(" · default `{}`", c.default_value->text);
        if (c.generated) s += fmt::format(" · generated `{}`", c.generated->text);
        if (c.identity) s += " · identity";
        if (in_key) s += " · primary key";
        if (c.unique) s += " · unique";
        if (c.references) {
            std::vector<std::string_view> columns;
            for (const syntax::Name& n : c.references->columns) columns.push_back(n.written);
            s += fmt::format(" · references `{}", text(c.references->table.span));
            s += columns.empty() ? "` (its primary key)" : fmt::format("({})`", fmt::join(columns, ", "));
        }
        if (c.comment) s += "\n\n" + c.comment->text;
        return s;
    }

    void declare_one(const syntax::Enum& e) {
        std::vector<std::string> labels;
        for (const syntax::EnumValue& v : e.values) labels.push_back(v.written);
        std::size_t type = declare(
            SymbolKind::enum_type, e.name, e.span,
            fmt::format("**enum** `{}.{}`\n\n{}", schema_of(e.name), e.name.name.value, fmt::join(labels, ", ")),
            e.directives);
        for (const syntax::EnumValue& v : e.values)
            declare_member(SymbolKind::enum_value, type, v.label, v.span, v.span,
                           fmt::format("value {} of **enum** `{}.{}`", v.written, schema_of(e.name), e.name.name.value),
                           v.directives);
    }

    void declare_one(const syntax::View& v) {
        declare(SymbolKind::view, v.name, v.span,
                fmt::format("**{}view** `{}.{}`", v.materialized ? "materialized " : "", schema_of(v.name),
                            v.name.name.value),
                v.directives);
    }

    void declare_one(const syntax::Routine& r) {
        std::vector<std::string> arguments;
        for (const syntax::RoutineArgument& a : r.arguments) arguments.push_back(a.head.text);
        std::string clauses(r.clauses.text.substr(0, r.clauses.text.find('\n')));
        declare(SymbolKind::function, r.name, r.span,
                fmt::format("**{}** `{}.{}({})`\n\n`{}`", r.procedure ? "procedure" : "function", schema_of(r.name),
                            r.name.name.value, fmt::join(arguments, ", "), clauses),
                r.directives);
    }

    void declare_one(const syntax::Domain& d) {
        declare(SymbolKind::domain, d.name, d.span,
                fmt::format("**domain** `{}.{}` as `{}`{}", schema_of(d.name), d.name.name.value, text(d.type.span),
                            d.not_null ? " · not null" : ""),
                d.directives);
    }

    void declare_one(const syntax::CompositeType& c) {
        std::vector<std::string> attributes;
        for (const syntax::CompositeAttribute& a : c.attributes)
            attributes.push_back(fmt::format("{} {}", a.name.written, text(a.type.span)));
        declare(SymbolKind::composite_type, c.name, c.span,
                fmt::format("**type** `{}.{}` ({})", schema_of(c.name), c.name.name.value, fmt::join(attributes, ", ")),
                c.directives);
    }

    void declare_one(const syntax::Sequence& s) {
        declare(SymbolKind::sequence, s.name, s.span,
                fmt::format("**sequence** `{}.{}`", schema_of(s.name), s.name.name.value), s.directives);
    }

    // References ---------------------------------------------------------------------------
    void refer_all(const syntax::File& file) {
        for (const syntax::Declaration& d : file.declarations) std::visit([&](const auto& x) { refer_in(x); }, d);
    }
    template <typename T>
    void refer_in(const T&) {}

    // A type's name without its schema, parameters or array brackets: what a rename replaces.
    Span type_name_span(const syntax::Type& type) const {
        Span span = type.span;
        if (type.schema) span.begin = type.schema->span.end + 1;  // after the dot
        span.end = span.begin +
                   static_cast<std::uint32_t>(identifier_length(text(Span{span.file, span.begin, type.span.end})));
        return span;
    }

    // The type a name refers to, if it is one of the schema's.
    std::optional<std::size_t> refer_type(const syntax::Type& type) {
        if (!type.quoted && type.name.find(' ') != std::string::npos) return std::nullopt;  // double precision
        std::optional<std::size_t> found = index.find(NameSpace::type, type.schema ? &type.schema->value : nullptr,
                                                      type.name);
        refer(found, type_name_span(type));
        return found;
    }

    // An enum column's default written as one of its values (`'draft'`, `'draft'::state`): the
    // literal refers to that value.
    void refer_enum_default(std::size_t enum_type, const syntax::Expression& e) {
        const std::string& t = e.text;
        if (t.empty() || t[0] != '\'' || !e.span.known()) return;
        std::size_t close = 1;
        while (close < t.size() && (t[close] != '\'' || (close + 1 < t.size() && t[close + 1] == '\'')))
            close += t[close] == '\'' ? 2 : 1;
        if (close >= t.size()) return;
        std::string literal = t.substr(0, close + 1);
        Span span{e.span.file, e.span.begin, e.span.begin + static_cast<std::uint32_t>(literal.size())};
        if (text(span) != literal) return;  // the text is not where the span starts
        std::string value = unescape_string_literal(literal);
        for (std::size_t member : index.members_[enum_type])
            if (index.symbols_[member].kind == SymbolKind::enum_value && index.symbols_[member].name == value)
                refer(member, span);
    }

    // A column of `table` named at `name`; one the table does not have is kept for a fix.
    void refer_column(std::optional<std::size_t> table, const syntax::Name& name) {
        std::optional<std::size_t> found = column(table, name.value);
        if (found)
            refer(found, name.span);
        else if (table && name.span.known())
            index.unknown_columns_.push_back({*table, name.value, name.span});
    }

    void refer_reference(const syntax::Reference& r) {
        std::optional<std::size_t> table = resolve(NameSpace::relation, r.table);
        refer(table, r.table.name.span);
        for (const syntax::Name& n : r.columns) refer_column(table, n);
    }

    void refer_in(const syntax::Table& t) {
        std::optional<std::size_t> table = resolve(NameSpace::relation, t.name);
        auto own = [&](const syntax::Name& n) { refer_column(table, n); };
        if (t.partition_of)
            refer(resolve(NameSpace::relation, t.partition_of->parent), t.partition_of->parent.name.span);
        for (const syntax::TableItem& item : t.items) {
            if (const auto* c = std::get_if<syntax::Column>(&item)) {
                std::optional<std::size_t> type = refer_type(c->type);
                if (type && index.symbols_[*type].kind == SymbolKind::enum_type && c->default_value)
                    refer_enum_default(*type, *c->default_value);
                if (c->references) refer_reference(*c->references);
            } else if (const auto* k = std::get_if<syntax::PrimaryKey>(&item)) {
                for (const syntax::Name& n : k->columns) own(n);
            } else if (const auto* u = std::get_if<syntax::Unique>(&item)) {
                for (const syntax::Name& n : u->columns) own(n);
            } else if (const auto* f = std::get_if<syntax::ForeignKey>(&item)) {
                for (const syntax::Name& n : f->columns) own(n);
                refer_reference(f->reference);
            } else if (const auto* i = std::get_if<syntax::Index>(&item)) {
                for (const syntax::IndexElement& e : i->elements)
                    if (e.column) own(*e.column);
                for (const syntax::Name& n : i->include) own(n);
            } else if (const auto* g = std::get_if<syntax::Trigger>(&item)) {
                refer(resolve(NameSpace::function, g->function), g->function.name.span);
                for (const syntax::Name& n : g->update_columns) own(n);
            }
        }
    }

    // The tables and views a view's query names (PostgreSQL's parser finds them, with their
    // offsets in the query): each mention's name refers to the one it names.
    void refer_in(const syntax::View& v) {
        const syntax::Expression& query = v.query;
        if (!query.span.known() || text(query.span) != query.text) return;  // offsets are the text's
        PgParse parsed = pg_parse(query.text);
        if (!parsed.ok()) return;  // the compiler reports it
        nlohmann::json tree = nlohmann::json::parse(*parsed.tree, nullptr, false);
        if (tree.is_discarded()) return;
        SqlUses uses;
        uses.add_tree(tree);
        for (const RelationMention& m : uses.relation_mentions()) {
            std::optional<std::size_t> target = index.find(NameSpace::relation, m.schema ? &*m.schema : nullptr,
                                                           m.name);
            if (!target || m.offset >= query.text.size()) continue;
            // The name after the schema and its dot, as written (quoted or not).
            std::uint32_t at = query.span.begin + static_cast<std::uint32_t>(m.offset);
            std::string_view rest = text(Span{query.span.file, at, query.span.end});
            if (m.schema) {
                auto blanks_from = [&](std::size_t i) { return rest.find_first_not_of(" \t\r\n", i); };
                std::size_t dot = blanks_from(identifier_length(rest));
                if (dot == std::string_view::npos || rest[dot] != '.') continue;
                std::size_t skip = std::min(blanks_from(dot + 1), rest.size());
                at += static_cast<std::uint32_t>(skip);
                rest.remove_prefix(skip);
            }
            std::size_t length = identifier_length(rest);
            if (length > 0) refer(target, Span{query.span.file, at, at + static_cast<std::uint32_t>(length)});
        }
    }

    void refer_in(const syntax::Domain& d) { refer_type(d.type); }
    void refer_in(const syntax::CompositeType& c) {
        for (const syntax::CompositeAttribute& a : c.attributes) refer_type(a.type);
    }
};

SymbolIndex::SymbolIndex(const SourceSet& sources, const std::vector<const syntax::File*>& files) {
    Builder builder{sources, *this};
    for (const syntax::File* f : files) builder.declare_all(*f);
    for (const syntax::File* f : files) builder.refer_all(*f);
    std::stable_sort(occurrences_.begin(), occurrences_.end(), [](const Occurrence& a, const Occurrence& b) {
        return a.span.file != b.span.file ? a.span.file < b.span.file : a.span.begin < b.span.begin;
    });
}

std::optional<std::size_t> SymbolIndex::find(NameSpace space, const std::string* schema,
                                             const std::string& name) const {
    if (auto it = by_key_.find(key(space, schema ? *schema : "public", name)); it != by_key_.end()) return it->second;
    if (schema) return std::nullopt;
    auto it = by_name_.find(name_key(space, name));
    if (it != by_name_.end() && it->second.size() == 1) return it->second.front();
    return std::nullopt;
}

std::optional<std::size_t> SymbolIndex::find(NameSpace space, std::string_view written) const {
    std::optional<WrittenName> name = read_written_name(written);
    if (!name) return std::nullopt;
    return find(space, name->schema.empty() ? nullptr : &name->schema, name->name);
}

const Occurrence* SymbolIndex::at(std::uint32_t file, std::uint32_t offset) const {
    // The last occurrence starting at or before the offset is the only one that can hold it.
    auto after = std::upper_bound(occurrences_.begin(), occurrences_.end(), std::pair(file, offset),
                                  [](const std::pair<std::uint32_t, std::uint32_t>& at, const Occurrence& o) {
                                      return at.first != o.span.file ? at.first < o.span.file
                                                                     : at.second < o.span.begin;
                                  });
    if (after == occurrences_.begin()) return nullptr;
    const Occurrence& o = *std::prev(after);
    return o.span.file == file && offset <= o.span.end ? &o : nullptr;
}

std::vector<Occurrence> SymbolIndex::occurrences_of(std::size_t symbol) const {
    std::vector<Occurrence> found;
    for (const Occurrence& o : occurrences_)
        if (o.symbol == symbol) found.push_back(o);
    std::stable_partition(found.begin(), found.end(), [](const Occurrence& o) { return o.declaration; });
    return found;
}

}  // namespace schemac::lsp
