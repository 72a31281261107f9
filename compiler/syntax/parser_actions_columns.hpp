// Parser-internal: the actions of a column line: references, identity sequence options and
// the column modifiers.
#pragma once

#include <tao/pegtl.hpp>

#include <memory>

#include "compiler/ir/identifiers.hpp"
#include "compiler/syntax/parser_builder.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

// ------------------------------------------------------------------ references
template <>
struct action<g::referenced_table> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.reference.table = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::referenced_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.reference.columns.push_back(b.name(in));
    }
};
template <>
struct action<g::fk_action> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        std::string words = type_words_text(in.string_view());
        if (words == "cascade")
            b.action = FkAction::cascade;
        else if (words == "restrict")
            b.action = FkAction::restrict;
        else if (words == "set null")
            b.action = FkAction::set_null;
        else if (words == "set default")
            b.action = FkAction::set_default;
        else
            b.action = FkAction::no_action;
    }
};
template <>
struct action<g::on_delete> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.reference.on_delete = b.action;
    }
};
template <>
struct action<g::on_update> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.reference.on_update = b.action;
    }
};
template <>
struct action<g::match_full> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.reference.match_full = true;
    }
};
template <>
struct action<g::match_simple> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.reference.match_full = false;
    }
};
template <>
struct action<g::deferrable> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.reference.deferrable = true;
    }
};
template <>
struct action<g::not_deferrable> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.reference.deferrable = false;
    }
};
template <>
struct action<g::initially_deferred> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.reference.initially_deferred = true;
    }
};
template <>
struct action<g::initially_immediate> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.reference.initially_deferred = false;
    }
};

// ------------------------------------------------------------------ identity sequence options
// The number that ends a sequence option; one outside bigint is a syntax error, not a guess.
template <typename Input>
long long integer_at_end(const Input& in) {
    std::string_view text = in.string_view();
    std::size_t i = text.size();
    while (i > 0 && text[i - 1] >= '0' && text[i - 1] <= '9') --i;
    if (i > 0 && (text[i - 1] == '-' || text[i - 1] == '+')) --i;
    try {
        return std::stoll(std::string(text.substr(i)));
    } catch (const std::out_of_range&) {
        throw grammar::SyntaxError{"this number is out of range for a bigint sequence", in.begin() + i};
    }
}
template <>
struct action<g::identity_always> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.identity_always = true;
        b.sequence = {};
    }
};
template <>
struct action<g::identity_by_default> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.identity_always = false;
        b.sequence = {};
    }
};
template <>
struct action<g::seq_start> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.sequence.start = integer_at_end(in);
    }
};
template <>
struct action<g::seq_increment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.sequence.increment = integer_at_end(in);
    }
};
template <>
struct action<g::seq_minvalue> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.sequence.min_value = integer_at_end(in);
    }
};
template <>
struct action<g::seq_maxvalue> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.sequence.max_value = integer_at_end(in);
    }
};
template <>
struct action<g::seq_no_minvalue> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.sequence.no_min_value = true;
    }
};
template <>
struct action<g::seq_no_maxvalue> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.sequence.no_max_value = true;
    }
};
template <>
struct action<g::seq_cache> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.sequence.cache = integer_at_end(in);
    }
};
template <>
struct action<g::seq_cycle> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.sequence.cycle = true;
    }
};
template <>
struct action<g::seq_no_cycle> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.sequence.cycle = false;
    }
};
template <>
struct action<g::sequence_options> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.sequence.span = b.span(in);
    }
};

// ------------------------------------------------------------------ columns
template <>
struct action<g::item_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.directives.clear();
        b.constraint_name.reset();
        b.key_columns.clear();
        b.fk_columns.clear();
        b.reference = Reference{};
        b.nulls_not_distinct = false;
        b.key_timing = KeyTiming{};
        b.storage.reset();
        b.rls_force = false;  // `force` read by a row-level security line that then failed (`force int`)
    }
};
template <>
struct action<g::column_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        // In place: a Column is large, and a temporary moved in costs as much again.
        std::destroy_at(&b.column);
        std::construct_at(&b.column);
    }
};
template <>
struct action<g::column_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.column.name = b.name(in);
    }
};
template <>
struct action<g::column_type> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.column.type = std::move(b.type);
    }
};

// A modifier given twice is a syntax error at the second one.
constexpr const char* repeated_modifier = "this column modifier was already given";

template <typename Input>
void once(const Input& in, bool already) {
    if (already) throw grammar::SyntaxError{repeated_modifier, in.begin()};
}

template <typename Input>
void set_flag(const Input& in, Builder& b, std::optional<Flag>& flag) {
    once(in, flag.has_value());
    flag = Flag{b.span(in)};
}
template <>
struct action<g::mod_not_null> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        set_flag(in, b, b.column.not_null);
    }
};
template <>
struct action<g::mod_null> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        set_flag(in, b, b.column.null);
    }
};
template <>
struct action<g::mod_primary_key> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        set_flag(in, b, b.column.primary_key);
    }
};
template <>
struct action<g::mod_unique> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        set_flag(in, b, b.column.unique);
    }
};
template <>
struct action<g::mod_default> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        once(in, b.column.default_value.has_value());
        b.column.default_value = std::move(b.default_value);
        b.column.default_span = b.span(in);
    }
};
template <>
struct action<g::mod_references> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        once(in, b.column.references != nullptr);
        b.column.references = std::make_unique<Reference>(b.take_reference(b.span(in)));
    }
};
template <>
struct action<g::mod_check> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.column.checks.push_back(b.take_check(b.span(in)));
    }
};
template <>
struct action<g::identity_tail> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.column.identity = std::make_unique<Identity>(Identity{b.identity_always, b.sequence, {}});
    }
};
template <>
struct action<g::generated_tail> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.column.generated = b.expression;
    }
};
template <>
struct action<g::mod_generated> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        if (b.column.identity && !b.column.identity->span.known())
            b.column.identity->span = b.span(in);
        else if (b.column.generated && !b.column.generated_span.known())
            b.column.generated_span = b.span(in);
        else
            once(in, true);
    }
};
template <>
struct action<g::mod_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        once(in, b.column.comment.has_value());
        b.column.comment = Comment{b.string_value, b.span(in)};
    }
};
template <>
struct action<g::mod_directive> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        for (Directive& d : b.take_directives()) b.column.directives.push_back(std::move(d));
    }
};
template <>
struct action<g::column_collation> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        once(in, b.column.collation.has_value());
        b.column.collation = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::statistics_target> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        once(in, b.column.statistics.has_value());
        b.column.statistics = Name{in.string(), in.string(), b.span(in)};
    }
};
template <>
struct action<g::fk_not_valid> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.reference.not_valid = Flag{b.span(in)};
    }
};
template <>
struct action<g::check_no_inherit> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.check_no_inherit = Flag{b.span(in)};
    }
};
template <>
struct action<g::check_not_valid> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.check_not_valid = Flag{b.span(in)};
    }
};
template <>
struct action<g::column_definition> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.column.span = b.span(in);
        // The span ends at the last modifier, not at the line break or trailing comment.
        std::string_view text = in.string_view();
        std::size_t end = text.size();
        while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
        b.column.span.end = b.column.span.begin + static_cast<std::uint32_t>(end);
        if (b.table.items.capacity() == 0) b.table.items.reserve(16);  // fewer moves of large items as a table grows
        b.table.items.emplace_back(std::move(b.column));               // column_begin resets it for the next one
    }
};
// A plain column line (grammar/plain_column_line.hpp), handed over by its rule with the parts it
// read: the column they make, built in place, as column_definition's actions would build it
// from the same line.
template <>
struct action<g::plain_column_line> : p::maybe_nothing {
    static void read_line(const char* text, const g::PlainColumnLine& line, Builder& b) {
        PlainLineParts parts(text, b);
        auto flag = [&](g::PlainPart part) {
            return part.present() ? std::optional<Flag>(Flag{parts.span(part)}) : std::nullopt;
        };

        if (b.table.items.capacity() == 0) b.table.items.reserve(16);  // as column_definition's action
        Column& c = std::get<Column>(b.table.items.emplace_back(std::in_place_type<Column>));
        c.name.written = parts.view(line.name);
        c.name.value = identifier_value(parts.view(line.name));
        c.name.span = parts.span(line.name);
        c.type.name = line.double_precision ? std::string("double precision")
                                            : identifier_value(parts.view(line.type_name));
        for (int i = 0; i < line.parameter_count; ++i) c.type.parameters.emplace_back(parts.view(line.parameters[i]));
        c.type.array_dimensions = line.array_dimensions;
        c.type.span = parts.span(line.type);
        c.not_null = flag(line.not_null);
        c.null = flag(line.null);
        c.primary_key = flag(line.primary_key);
        c.unique = flag(line.unique);
        if (line.default_clause.present()) {
            c.default_value = Expression{std::string(parts.view(line.default_expression)),
                                         parts.span(line.default_expression)};
            c.default_span = parts.span(line.default_clause);
        }
        if (line.references.present()) {
            auto action = [](g::PlainFkAction written) -> std::optional<FkAction> {
                switch (written) {
                    case g::PlainFkAction::none: return std::nullopt;
                    case g::PlainFkAction::cascade: return FkAction::cascade;
                    case g::PlainFkAction::restrict: return FkAction::restrict;
                    case g::PlainFkAction::no_action: return FkAction::no_action;
                    case g::PlainFkAction::set_null: return FkAction::set_null;
                    case g::PlainFkAction::set_default: return FkAction::set_default;
                }
                return std::nullopt;
            };
            auto r = std::make_unique<Reference>();
            r->table = QualifiedName{std::nullopt, parts.name(line.referenced_table),
                                     parts.span(line.referenced_table)};
            for (int i = 0; i < line.referenced_column_count; ++i)
                r->columns.push_back(parts.name(line.referenced_columns[i]));
            r->on_delete = action(line.on_delete);
            r->on_update = action(line.on_update);
            r->span = parts.span(line.references);
            c.references = std::move(r);
        }
        if (line.check.present())
            c.checks.push_back(CheckClause{
                std::nullopt,
                {},
                Expression{std::string(parts.view(line.check_expression)), parts.span(line.check_expression)},
                parts.span(line.check),
                std::nullopt,
                std::nullopt});
        if (line.identity.present())
            c.identity = std::make_unique<Identity>(Identity{line.identity_always, {}, parts.span(line.identity)});
        c.span = parts.line(line.content_end);
    }
};

}  // namespace schemac::parsing
