#include "tools/lsp/symbol_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <variant>

#include "compiler/ir/identifiers.hpp"

// Declarations are written as Symbol{kind, schema, name, parent, spans, summary, container}; the
// members after those (its @was and where one goes) are set by declare().
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace schemac::lsp {
namespace {

// Names of one namespace: relations (tables, views, sequences, indexes), types, functions.
enum class Space { relation, type, function };

Space space_of(SymbolKind kind) {
    switch (kind) {
        case SymbolKind::enum_type:
        case SymbolKind::domain:
        case SymbolKind::composite_type: return Space::type;
        case SymbolKind::function: return Space::function;
        default: return Space::relation;
    }
}

std::string key(Space space, std::string_view schema, std::string_view name) {
    return fmt::format("{}\x1f{}\x1f{}", static_cast<int>(space), schema, name);
}

std::string member_key(std::string_view kind, std::string_view schema, std::string_view parent, std::string_view name) {
    return fmt::format("{}\x1f{}\x1f{}\x1f{}", kind, schema, parent, name);
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
    std::map<std::string, std::size_t> by_key;
    std::map<std::string, std::vector<std::size_t>> by_name;  // space and bare name -> symbols

    std::string_view text(Span span) const {
        if (!span.known()) return {};
        const std::string& t = sources.file(span.file).text();
        if (span.begin > t.size() || span.end > t.size() || span.end < span.begin) return {};
        return std::string_view(t).substr(span.begin, span.end - span.begin);
    }

    std::size_t declare(Symbol symbol, const std::string& k, const std::vector<syntax::Directive>& directives) {
        symbol.was = was_of(directives);
        symbol.was_after = symbol.name_span.end;
        return declare(std::move(symbol), k);
    }
    std::size_t declare(Symbol symbol, const std::string& k) {
        std::size_t i = index.symbols_.size();
        if (by_key.count(k)) return by_key[k];  // declared twice: the compiler reports it; the first counts
        by_key[k] = i;
        if (symbol.kind != SymbolKind::column && symbol.kind != SymbolKind::enum_value)
            by_name[fmt::format("{}\x1f{}", static_cast<int>(space_of(symbol.kind)), symbol.name)].push_back(i);
        index.occurrences_.push_back({i, symbol.name_span, true});
        index.symbols_.push_back(std::move(symbol));
        return i;
    }

    void refer(std::optional<std::size_t> symbol, Span span) {
        if (symbol && span.known()) index.occurrences_.push_back({*symbol, span, false});
    }

    // A written name in one space: qualified, or `public`'s, or the only one of that name.
    std::optional<std::size_t> resolve(Space space, const std::optional<std::string>& schema, const std::string& name) {
        if (schema) {
            auto it = by_key.find(key(space, *schema, name));
            return it == by_key.end() ? std::nullopt : std::optional(it->second);
        }
        if (auto it = by_key.find(key(space, "public", name)); it != by_key.end()) return it->second;
        auto it = by_name.find(fmt::format("{}\x1f{}", static_cast<int>(space), name));
        if (it != by_name.end() && it->second.size() == 1) return it->second.front();
        return std::nullopt;
    }
    std::optional<std::size_t> resolve(Space space, const syntax::QualifiedName& name) {
        return resolve(space, name.schema ? std::optional(name.schema->value) : std::nullopt, name.name.value);
    }
    std::optional<std::size_t> column(std::optional<std::size_t> table, const std::string& name) {
        if (!table) return std::nullopt;
        const Symbol& t = index.symbols_[*table];
        auto it = by_key.find(member_key("c", t.schema, t.name, name));
        return it == by_key.end() ? std::nullopt : std::optional(it->second);
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
        std::size_t table = declare(
            {SymbolKind::table, schema, t.name.name.value, {}, t.name.name.span, t.span, summary, std::nullopt},
            key(Space::relation, schema, t.name.name.value), t.directives);
        for (const syntax::TableItem& item : t.items) {
            if (const auto* c = std::get_if<syntax::Column>(&item)) {
                std::size_t column = declare({SymbolKind::column, schema, c->name.value, t.name.name.value,
                                              c->name.span, c->span, column_summary(schema, t, *c, key_columns), table},
                                             member_key("c", schema, t.name.name.value, c->name.value), c->directives);
                index.symbols_[column].was_after = c->type.span.end;  // a column's directives follow its type
            } else if (const auto* i = std::get_if<syntax::Index>(&item); i && i->name) {
                declare({SymbolKind::index, schema, i->name->value, t.name.name.value, i->name->span, i->span,
                         fmt::format("**index** `{}` on `{}.{}`\n\n```schemac\n{}\n```", i->name->value, schema,
                                     t.name.name.value, text(i->span)),
                         table},
                        key(Space::relation, schema, i->name->value), i->directives);
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
        Span span = syntax::span_of(item);
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
        declare({SymbolKind::constraint, schema, (*name)->value, t.name.name.value, (*name)->span, span,
                 fmt::format("**{}** `{}` on `{}.{}`\n\n```schemac\n{}\n```", what, (*name)->value, schema,
                             t.name.name.value, text(span)),
                 table},
                member_key("k", schema, t.name.name.value, (*name)->value), *directives);
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
        std::string schema = schema_of(e.name);
        std::vector<std::string> labels;
        for (const syntax::EnumValue& v : e.values) labels.push_back(v.written);
        std::size_t type = declare(
            {SymbolKind::enum_type,
             schema,
             e.name.name.value,
             {},
             e.name.name.span,
             e.span,
             fmt::format("**enum** `{}.{}`\n\n{}", schema, e.name.name.value, fmt::join(labels, ", ")),
             std::nullopt},
            key(Space::type, schema, e.name.name.value), e.directives);
        for (const syntax::EnumValue& v : e.values)
            declare({SymbolKind::enum_value, schema, v.label, e.name.name.value, v.span, v.span,
                     fmt::format("value {} of **enum** `{}.{}`", v.written, schema, e.name.name.value), type},
                    member_key("v", schema, e.name.name.value, v.label), v.directives);
    }

    void declare_one(const syntax::View& v) {
        std::string schema = schema_of(v.name);
        declare({SymbolKind::view,
                 schema,
                 v.name.name.value,
                 {},
                 v.name.name.span,
                 v.span,
                 fmt::format("**{}view** `{}.{}`", v.materialized ? "materialized " : "", schema, v.name.name.value),
                 std::nullopt},
                key(Space::relation, schema, v.name.name.value), v.directives);
    }

    void declare_one(const syntax::Routine& r) {
        std::string schema = schema_of(r.name);
        std::vector<std::string> arguments;
        for (const syntax::RoutineArgument& a : r.arguments) arguments.push_back(a.head.text);
        std::string clauses(r.clauses.text.substr(0, r.clauses.text.find('\n')));
        declare({SymbolKind::function,
                 schema,
                 r.name.name.value,
                 {},
                 r.name.name.span,
                 r.span,
                 fmt::format("**{}** `{}.{}({})`\n\n`{}`", r.procedure ? "procedure" : "function", schema,
                             r.name.name.value, fmt::join(arguments, ", "), clauses),
                 std::nullopt},
                key(Space::function, schema, r.name.name.value), r.directives);
    }

    void declare_one(const syntax::Domain& d) {
        std::string schema = schema_of(d.name);
        declare({SymbolKind::domain,
                 schema,
                 d.name.name.value,
                 {},
                 d.name.name.span,
                 d.span,
                 fmt::format("**domain** `{}.{}` as `{}`{}", schema, d.name.name.value, text(d.type.span),
                             d.not_null ? " · not null" : ""),
                 std::nullopt},
                key(Space::type, schema, d.name.name.value), d.directives);
    }

    void declare_one(const syntax::CompositeType& c) {
        std::string schema = schema_of(c.name);
        std::vector<std::string> attributes;
        for (const syntax::CompositeAttribute& a : c.attributes)
            attributes.push_back(fmt::format("{} {}", a.name.written, text(a.type.span)));
        declare({SymbolKind::composite_type,
                 schema,
                 c.name.name.value,
                 {},
                 c.name.name.span,
                 c.span,
                 fmt::format("**type** `{}.{}` ({})", schema, c.name.name.value, fmt::join(attributes, ", ")),
                 std::nullopt},
                key(Space::type, schema, c.name.name.value), c.directives);
    }

    void declare_one(const syntax::Sequence& s) {
        std::string schema = schema_of(s.name);
        declare({SymbolKind::sequence,
                 schema,
                 s.name.name.value,
                 {},
                 s.name.name.span,
                 s.span,
                 fmt::format("**sequence** `{}.{}`", schema, s.name.name.value),
                 std::nullopt},
                key(Space::relation, schema, s.name.name.value), s.directives);
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
        std::string_view rest = text(Span{span.file, span.begin, type.span.end});
        std::size_t length = 0;
        if (!rest.empty() && rest.front() == '"') {
            for (length = 1; length < rest.size(); ++length) {
                if (rest[length] != '"') continue;
                if (length + 1 < rest.size() && rest[length + 1] == '"') {
                    ++length;
                    continue;
                }
                ++length;
                break;
            }
        } else {
            length = word_length(rest);
        }
        span.end = span.begin + static_cast<std::uint32_t>(length);
        return span;
    }

    void refer_type(const syntax::Type& type) {
        if (type.quoted || type.name.find(' ') == std::string::npos)
            refer(resolve(Space::type, type.schema ? std::optional(type.schema->value) : std::nullopt, type.name),
                  type_name_span(type));
    }

    void refer_reference(const syntax::Reference& r) {
        std::optional<std::size_t> table = resolve(Space::relation, r.table);
        refer(table, r.table.name.span);
        for (const syntax::Name& n : r.columns) refer(column(table, n.value), n.span);
    }

    void refer_in(const syntax::Table& t) {
        std::optional<std::size_t> table = resolve(Space::relation, t.name);
        auto own = [&](const syntax::Name& n) { refer(column(table, n.value), n.span); };
        if (t.partition_of) refer(resolve(Space::relation, t.partition_of->parent), t.partition_of->parent.name.span);
        for (const syntax::TableItem& item : t.items) {
            if (const auto* c = std::get_if<syntax::Column>(&item)) {
                refer_type(c->type);
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
            }
        }
    }

    void refer_in(const syntax::Domain& d) { refer_type(d.type); }
    void refer_in(const syntax::CompositeType& c) {
        for (const syntax::CompositeAttribute& a : c.attributes) refer_type(a.type);
    }
};

SymbolIndex::SymbolIndex(const SourceSet& sources, const std::vector<syntax::File>& files) {
    Builder builder{sources, *this, {}, {}};
    for (const syntax::File& f : files) builder.declare_all(f);
    for (const syntax::File& f : files) builder.refer_all(f);
    std::stable_sort(occurrences_.begin(), occurrences_.end(), [](const Occurrence& a, const Occurrence& b) {
        return a.span.file != b.span.file ? a.span.file < b.span.file : a.span.begin < b.span.begin;
    });
}

const Occurrence* SymbolIndex::at(std::uint32_t file, std::uint32_t offset) const {
    const Occurrence* best = nullptr;
    for (const Occurrence& o : occurrences_) {
        if (o.span.file != file || o.span.begin > offset || offset > o.span.end) continue;
        if (!best || o.span.end - o.span.begin < best->span.end - best->span.begin) best = &o;
    }
    return best;
}

std::vector<Occurrence> SymbolIndex::occurrences_of(std::size_t symbol) const {
    std::vector<Occurrence> found;
    for (const Occurrence& o : occurrences_)
        if (o.symbol == symbol) found.push_back(o);
    std::stable_partition(found.begin(), found.end(), [](const Occurrence& o) { return o.declaration; });
    return found;
}

}  // namespace schemac::lsp
