#include "compiler/syntax/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "compiler/ir/identifiers.hpp"
#include "compiler/source/source_text_check.hpp"
#include "grammar/error_messages.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac {

namespace g = grammar;
namespace p = tao::pegtl;
using namespace syntax;

namespace {

// Words of a multi-word type with white space and comments folded and any "(p)" removed:
// "timestamp(3)  with /* utc */ time zone" -> "timestamp with time zone".
std::string type_words_text(std::string_view text) {
    std::string out;
    int depth = 0;
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {  // a comment between the words
            std::size_t end = text.find("*/", i + 2);
            i = end == std::string_view::npos ? text.size() : end + 1;
            pending_space = !out.empty();
            continue;
        }
        if (c == '(') { ++depth; continue; }
        if (c == ')') { --depth; continue; }
        if (depth > 0) continue;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { pending_space = !out.empty(); continue; }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return lower_ascii(out);
}

// Everything the actions collect while a declaration is being read.
struct Builder {
    Builder(const char* base_, std::uint32_t file_, File& out_) : base(base_), file(file_), out(out_) {}

    const char* base;
    std::uint32_t file;
    File& out;
    std::set<std::uint32_t> comment_starts;

    // scratch, filled by inner rules and taken by the rule that owns them
    std::optional<Name> qualified_schema;
    std::optional<Name> qualified_object;
    std::vector<Directive> directives;
    Directive directive;
    std::optional<Name> constraint_name;
    Type type;
    Expression expression;  // the last SQL expression read
    Expression predicate;
    Expression default_value;
    std::string string_value;
    std::vector<Name> key_columns, fk_columns;
    Reference reference;
    FkAction action = FkAction::no_action;
    bool nulls_not_distinct = false;
    KeyTiming key_timing;
    StorageParameter storage_parameter;
    std::optional<StorageClause> storage;
    std::optional<Flag> unlogged;
    bool identity_always = false;
    SequenceOptions sequence;
    Column column;
    Index index;
    IndexElement element;
    Table table;
    Enum enumeration;
    EnumValue enum_value;
    Extension extension;
    Schema schema;

    template <typename Input>
    Span span(const Input& in) const {
        return Span{file, static_cast<std::uint32_t>(in.begin() - base), static_cast<std::uint32_t>(in.end() - base)};
    }
    template <typename Input>
    Name name(const Input& in) const {
        return Name{in.string(), identifier_value(in.string_view()), span(in)};
    }
    QualifiedName take_qualified(Span whole) {
        QualifiedName q{std::move(qualified_schema), qualified_object.value_or(Name{}), whole};
        qualified_schema.reset();
        qualified_object.reset();
        return q;
    }
    std::vector<Directive> take_directives() { return std::exchange(directives, {}); }
    std::optional<Name> take_constraint_name() { return std::exchange(constraint_name, std::nullopt); }
    Reference take_reference(Span whole) {
        Reference r = std::exchange(reference, Reference{});
        r.span = whole;
        return r;
    }
};

template <typename Rule>
struct action : p::nothing<Rule> {};

// ------------------------------------------------------------------ comments
template <>
struct action<g::line_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = b.span(in);
        if (b.comment_starts.insert(s.begin).second) b.out.comments.push_back({s, false});
    }
};
template <>
struct action<g::block_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = b.span(in);
        if (b.comment_starts.insert(s.begin).second) b.out.comments.push_back({s, true});
    }
};

// ------------------------------------------------------------------ names
template <>
struct action<g::qualified_second_part> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.qualified_schema = std::move(b.qualified_object);
        b.qualified_object = b.name(in);
    }
};
template <>
struct action<g::object_part> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.qualified_object = b.name(in); }
};
template <>
struct action<g::function_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.take_qualified(b.span(in)); }
};
template <>
struct action<g::constraint_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.constraint_name = b.name(in); }
};

// ------------------------------------------------------------------ directives
template <>
struct action<g::directive_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.directive = Directive{};
        b.directive.name = lower_ascii(in.string_view());
        b.directive.name_span = b.span(in);
    }
};
template <>
struct action<g::directive_argument> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.directive.argument = in.string();
        b.directive.argument_span = b.span(in);
    }
};
template <>
struct action<g::directive> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.directive.span = b.span(in);
        b.directives.push_back(std::move(b.directive));
        b.directive = Directive{};
    }
};

// ------------------------------------------------------------------ types
template <>
struct action<g::type_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.type = Type{}; }
};
template <>
struct action<g::type_qualified_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        QualifiedName q = b.take_qualified(b.span(in));
        b.type.schema = std::move(q.schema);
        b.type.quoted = !q.name.written.empty() && q.name.written.front() == '"';
        b.type.name = q.name.value;
    }
};
template <>
struct action<g::type_words> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        if (b.type.name.empty()) b.type.name = type_words_text(in.string_view());
    }
};
template <>
struct action<g::type_parameter> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.type.parameters.push_back(lower_ascii(in.string_view())); }
};
template <>
struct action<g::array_suffix> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { ++b.type.array_dimensions; }
};
template <>
struct action<g::type> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.type.span = b.span(in); }
};

// ------------------------------------------------------------------ expressions
template <typename Rule>
struct expression_action {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.expression = Expression{in.string(), b.span(in)}; }
};
template <> struct action<g::check_expression> : expression_action<g::check_expression> {};
template <> struct action<g::generated_expression> : expression_action<g::generated_expression> {};
template <>
struct action<g::default_expression> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.default_value = Expression{in.string(), b.span(in)}; }
};
template <>
struct action<g::predicate_text> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        std::string text = in.string();
        Span s = b.span(in);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
            text.pop_back();
            --s.end;
        }
        b.predicate = Expression{std::move(text), s};
    }
};
template <>
struct action<g::string_literal> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.string_value = unescape_string_literal(in.string_view()); }
};

// ------------------------------------------------------------------ references
template <>
struct action<g::referenced_table> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.reference.table = b.take_qualified(b.span(in)); }
};
template <>
struct action<g::referenced_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.reference.columns.push_back(b.name(in)); }
};
template <>
struct action<g::fk_action> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        std::string words = type_words_text(in.string_view());
        if (words == "cascade") b.action = FkAction::cascade;
        else if (words == "restrict") b.action = FkAction::restrict;
        else if (words == "set null") b.action = FkAction::set_null;
        else if (words == "set default") b.action = FkAction::set_default;
        else b.action = FkAction::no_action;
    }
};
template <>
struct action<g::on_delete> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.reference.on_delete = b.action; }
};
template <>
struct action<g::on_update> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.reference.on_update = b.action; }
};
template <>
struct action<g::match_full> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.reference.match_full = true; }
};
template <>
struct action<g::match_simple> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.reference.match_full = false; }
};
template <>
struct action<g::deferrable> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.reference.deferrable = true; }
};
template <>
struct action<g::not_deferrable> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.reference.deferrable = false; }
};
template <>
struct action<g::initially_deferred> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.reference.initially_deferred = true; }
};
template <>
struct action<g::initially_immediate> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.reference.initially_deferred = false; }
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
    static void apply(const Input&, Builder& b) { b.identity_always = true; b.sequence = {}; }
};
template <>
struct action<g::identity_by_default> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.identity_always = false; b.sequence = {}; }
};
template <>
struct action<g::seq_start> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.sequence.start = integer_at_end(in); }
};
template <>
struct action<g::seq_increment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.sequence.increment = integer_at_end(in); }
};
template <>
struct action<g::seq_minvalue> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.sequence.min_value = integer_at_end(in); }
};
template <>
struct action<g::seq_maxvalue> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.sequence.max_value = integer_at_end(in); }
};
template <>
struct action<g::seq_no_minvalue> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.sequence.no_min_value = true; }
};
template <>
struct action<g::seq_no_maxvalue> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.sequence.no_max_value = true; }
};
template <>
struct action<g::seq_cache> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.sequence.cache = integer_at_end(in); }
};
template <>
struct action<g::seq_cycle> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.sequence.cycle = true; }
};
template <>
struct action<g::seq_no_cycle> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.sequence.cycle = false; }
};
template <>
struct action<g::sequence_options> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.sequence.span = b.span(in); }
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
    }
};
template <>
struct action<g::column_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.column = Column{}; }
};
template <>
struct action<g::column_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.column.name = b.name(in); }
};
template <>
struct action<g::column_type> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.column.type = std::move(b.type); }
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
    static void apply(const Input& in, Builder& b) { set_flag(in, b, b.column.not_null); }
};
template <>
struct action<g::mod_null> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { set_flag(in, b, b.column.null); }
};
template <>
struct action<g::mod_primary_key> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { set_flag(in, b, b.column.primary_key); }
};
template <>
struct action<g::mod_unique> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { set_flag(in, b, b.column.unique); }
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
        b.column.checks.push_back(CheckClause{b.take_constraint_name(), b.take_directives(), b.expression, b.span(in)});
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
    static void apply(const Input&, Builder& b) { b.column.generated = b.expression; }
};
template <>
struct action<g::mod_generated> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        if (b.column.identity && !b.column.identity->span.known()) b.column.identity->span = b.span(in);
        else if (b.column.generated && !b.column.generated_span.known()) b.column.generated_span = b.span(in);
        else once(in, true);
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
struct action<g::column_definition> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.column.span = b.span(in);
        // The span ends at the last modifier, not at the line break or trailing comment.
        std::string_view text = in.string_view();
        std::size_t end = text.size();
        while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
        b.column.span.end = b.column.span.begin + static_cast<std::uint32_t>(end);
        b.table.items.emplace_back(std::move(b.column));  // column_begin resets it for the next one
    }
};

// ------------------------------------------------------------------ table-level items
template <typename Input>
Span item_span(const Builder& b, const Input& in) {
    // Like columns: the item's own text, without the line ending.
    Span s = b.span(in);
    std::string_view text = in.string_view();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.remove_suffix(1);
        --s.end;
    }
    return s;
}
template <>
struct action<g::key_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.key_columns.push_back(b.name(in)); }
};
template <>
struct action<g::fk_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.fk_columns.push_back(b.name(in)); }
};
template <>
struct action<g::nulls_not_distinct> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.nulls_not_distinct = true; }
};
template <>
struct action<g::key_deferrable> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.key_timing.deferrable = true; }
};
template <>
struct action<g::key_not_deferrable> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.key_timing.deferrable = false; }
};
template <>
struct action<g::key_initially_deferred> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.key_timing.initially_deferred = true; }
};
template <>
struct action<g::key_initially_immediate> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.key_timing.initially_deferred = false; }
};
template <>
struct action<g::table_primary_key> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(PrimaryKey{b.take_constraint_name(), b.take_directives(), std::exchange(b.key_columns, {}),
                                           item_span(b, in), std::exchange(b.key_timing, {})});
    }
};
template <>
struct action<g::table_unique> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(Unique{b.take_constraint_name(), b.take_directives(), std::exchange(b.nulls_not_distinct, false),
                                       std::exchange(b.key_columns, {}), item_span(b, in), std::exchange(b.key_timing, {})});
    }
};
template <>
struct action<g::table_check> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(CheckClause{b.take_constraint_name(), b.take_directives(), b.expression, item_span(b, in)});
    }
};
template <>
struct action<g::table_foreign_key> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = item_span(b, in);
        b.table.items.push_back(ForeignKey{b.take_constraint_name(), b.take_directives(), std::exchange(b.fk_columns, {}),
                                           b.take_reference(s), s});
    }
};
template <>
struct action<g::table_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Span s = item_span(b, in);
        b.table.items.push_back(TableComment{Comment{b.string_value, s}, s});
    }
};

// ------------------------------------------------------------------ storage parameters
template <>
struct action<g::storage_parameter_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.storage_parameter = StorageParameter{Name{in.string(), lower_ascii(in.string()), b.span(in)}, {}, {}, false, {}};
    }
};
template <>
struct action<g::storage_number> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.storage_parameter.value = in.string();
        b.storage_parameter.number = true;
    }
};
template <>
struct action<g::storage_string> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.storage_parameter.value = unescape_string_literal(in.string_view()); }
};
template <>
struct action<g::storage_word> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.storage_parameter.value = lower_ascii(in.string()); }
};
template <>
struct action<g::storage_parameter_value> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.storage_parameter.written_value = in.string(); }
};
template <>
struct action<g::storage_parameter> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.storage_parameter.span = b.span(in);
        if (!b.storage) b.storage.emplace();
        b.storage->parameters.push_back(std::move(b.storage_parameter));
        b.storage_parameter = StorageParameter{};
    }
};
template <>
struct action<g::storage_clause> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        if (!b.storage) b.storage.emplace();
        b.storage->span = b.span(in);
    }
};
template <>
struct action<g::table_storage> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        StorageClause clause = std::exchange(b.storage, std::nullopt).value_or(StorageClause{});
        clause.span = item_span(b, in);
        b.table.items.push_back(std::move(clause));
    }
};

// ------------------------------------------------------------------ indexes
template <>
struct action<g::index_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.index = Index{}; }
};
template <>
struct action<g::index_unique> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.index.unique = true; }
};
template <>
struct action<g::index_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.index.name = b.name(in); }
};
template <>
struct action<g::index_method> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.index.method = b.name(in); }
};
template <>
struct action<g::element_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.element = IndexElement{}; }
};
template <>
struct action<g::element_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.element.column = b.name(in); }
};
template <>
struct action<g::index_expression> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.element.expression = Expression{in.string(), b.span(in)}; }
};
template <>
struct action<g::element_function_call> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.element.expression = Expression{in.string(), b.span(in)};
        b.element.bare_call = true;
    }
};
template <>
struct action<g::element_collation> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.element.collation = b.take_qualified(b.span(in)); }
};
template <>
struct action<g::element_opclass> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.element.opclass = b.take_qualified(b.span(in)); }
};
template <>
struct action<g::element_asc> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.element.descending = false; }
};
template <>
struct action<g::element_desc> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.element.descending = true; }
};
template <>
struct action<g::element_nulls_first> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.element.nulls_first = true; }
};
template <>
struct action<g::element_nulls_last> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.element.nulls_first = false; }
};
template <>
struct action<g::index_element> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.element.span = b.span(in);
        b.index.elements.push_back(std::move(b.element));
        b.element = IndexElement{};
    }
};
template <>
struct action<g::include_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.index.include.push_back(b.name(in)); }
};
template <>
struct action<g::index_where> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.index.where = b.predicate; }
};
template <>
struct action<g::table_index> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.index.directives = b.take_directives();
        b.index.nulls_not_distinct = std::exchange(b.nulls_not_distinct, false);
        b.index.storage = std::exchange(b.storage, std::nullopt);
        b.index.span = item_span(b, in);
        b.table.items.push_back(std::move(b.index));
        b.index = Index{};
    }
};

// ------------------------------------------------------------------ tables
template <>
struct action<g::table_unlogged> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.unlogged = Flag{b.span(in)}; }
};
template <>
struct action<g::table_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table = Table{};
        b.table.unlogged = std::exchange(b.unlogged, std::nullopt);
        b.table.name = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::table_header> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.table.directives = b.take_directives(); }
};
template <>
struct action<g::table_body_end> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.table.body_end = b.span(in); }
};
template <>
struct action<g::table_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.span = b.span(in);
        b.out.declarations.emplace_back(std::move(b.table));
        b.table = Table{};
    }
};

// ------------------------------------------------------------------ enums
template <>
struct action<g::enum_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.enumeration = Enum{};
        b.enumeration.name = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::enum_header> {
    template <typename Input>
    static void apply(const Input&, Builder& b) { b.enumeration.directives = b.take_directives(); }
};
template <>
struct action<g::enum_value_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.enum_value = EnumValue{};
        b.directives.clear();
    }
};
template <>
struct action<g::enum_label> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        std::string_view text = in.string_view();
        b.enum_value.written = std::string(text);
        if (text.front() == '\'') b.enum_value.label = unescape_string_literal(text);
        else if (text.front() == '"') b.enum_value.label = identifier_value(text);
        else b.enum_value.label = std::string(text);  // labels are case-sensitive: kept as written
    }
};
template <>
struct action<g::enum_value> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.enum_value.span = b.span(in);
        b.enum_value.directives = b.take_directives();
        b.enumeration.values.push_back(std::move(b.enum_value));
        b.enum_value = EnumValue{};
    }
};
template <>
struct action<g::enum_body_end> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.enumeration.body_end = b.span(in); }
};
template <>
struct action<g::enum_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.enumeration.span = b.span(in);
        b.out.declarations.emplace_back(std::move(b.enumeration));
        b.enumeration = Enum{};
    }
};

// ------------------------------------------------------------------ extensions and schemas
template <>
struct action<g::extension_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.extension = Extension{};
        b.extension.name = b.name(in);
    }
};
template <>
struct action<g::extension_schema> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.extension.schema = b.name(in); }
};
template <>
struct action<g::extension_version> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) { b.extension.version = unescape_string_literal(in.string_view()); }
};
template <>
struct action<g::extension_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.extension.span = item_span(b, in);
        b.out.declarations.emplace_back(std::move(b.extension));
        b.extension = Extension{};
    }
};
template <>
struct action<g::schema_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.schema = Schema{};
        b.schema.name = b.name(in);
    }
};
template <>
struct action<g::schema_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.schema.comment = Comment{unescape_string_literal(in.string_view()), b.span(in)};
    }
};
template <>
struct action<g::schema_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.schema.span = item_span(b, in);
        b.out.declarations.emplace_back(std::move(b.schema));
        b.schema = Schema{};
    }
};

// ------------------------------------------------------------------ errors and recovery
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

// The token at an error position: its span and how to name it in the message.
std::pair<Span, std::string> found_at(const std::string& text, std::uint32_t file, std::uint32_t at) {
    while (at < text.size() && is_blank(text[at])) ++at;
    if (at >= text.size()) return {Span{file, at, at}, "end of file"};
    if (text[at] == '\n' || text[at] == '\r') return {Span{file, at, at}, "end of line"};
    std::uint32_t end = at;
    if (std::size_t word = word_length(std::string_view(text).substr(at))) {
        end += static_cast<std::uint32_t>(word);
    } else {
        ++end;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    }
    return {Span{file, at, end}, fmt::format("'{}'", printable_text(std::string_view(text).substr(at, end - at)))};
}

// The '(' or '[' still open at `to` when the text from `from` is read as the grammar reads SQL
// (strings, quoted names and comments skipped whole): where an unclosed one was opened.
std::optional<std::uint32_t> unclosed_opener(const std::string& text, std::uint32_t from, std::uint32_t to) {
    std::vector<std::uint32_t> open;
    for (std::uint32_t i = from; i < to;) {
        p::memory_input in(text.data() + i, text.data() + to, "");
        try {
            if (p::parse<g::sql_atom, p::nothing, g::control>(in)) {
                i = static_cast<std::uint32_t>(in.current() - text.data());
                continue;
            }
        } catch (const g::SyntaxError&) {
            break;  // an unterminated string runs to the end
        }
        char c = text[i];
        if (c == '(' || c == '[') open.push_back(i);
        else if ((c == ')' || c == ']') && !open.empty()) open.pop_back();
        ++i;
    }
    if (open.empty()) return std::nullopt;
    return open.back();
}

// When the column's default ends just before `at` (blanks between): the default written with
// the rest of its line in parentheses, which is how an expression is given.
std::optional<std::string> parenthesise_default_help(const std::string& text, const std::optional<Expression>& value,
                                                     std::uint32_t at) {
    if (!value || !value->span.known() || value->span.end > at) return std::nullopt;
    for (std::uint32_t i = value->span.end; i < at; ++i)
        if (!is_blank(text[i])) return std::nullopt;
    std::size_t line_end = text.find_first_of("\r\n", at);
    std::string_view rest = std::string_view(text).substr(value->span.begin, (line_end == std::string::npos ? text.size() : line_end) - value->span.begin);
    if (std::size_t comment = rest.find("//"); comment != std::string_view::npos) rest = rest.substr(0, comment);
    while (!rest.empty() && is_blank(rest.back())) rest.remove_suffix(1);
    return fmt::format("wrap an expression in parentheses: default ({})", rest);
}

bool starts_declaration(const std::string& text, std::size_t line) {
    p::memory_input in(text.data() + line, text.data() + text.size(), "");
    try {
        return p::parse<p::seq<g::blanks, g::declaration_keyword>, p::nothing, g::control>(in);
    } catch (const g::SyntaxError&) {
        return false;  // an unterminated comment: nothing starts here
    }
}

// Where to resume after an error in the declaration that began at `begin`: the error's own
// line if it starts a new declaration (an unclosed body), else the next line that does.
std::uint32_t resume_after(const std::string& text, std::uint32_t begin, std::uint32_t at) {
    std::size_t line_start = at == 0 ? 0 : text.rfind('\n', at - 1);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    if (line_start > begin && starts_declaration(text, line_start)) return static_cast<std::uint32_t>(line_start);
    std::size_t pos = text.find('\n', at);
    while (pos != std::string::npos) {
        std::size_t line = pos + 1;
        if (starts_declaration(text, line)) return static_cast<std::uint32_t>(line);
        pos = text.find('\n', line);
    }
    return static_cast<std::uint32_t>(text.size());
}

}  // namespace

syntax::File parse_file(const SourceSet& sources, std::uint32_t file_index, Diagnostics& diagnostics) {
    const SourceFile& source = sources.file(file_index);
    const std::string& text = source.text();
    File out;
    out.file = file_index;
    if (!check_source_text(sources, file_index, diagnostics)) {  // not text: nothing to parse
        out.complete = false;
        return out;
    }
    Builder builder(text.data(), file_index, out);
    std::uint32_t pos = source.content_begin();
    // Where the last syntax error was. Recovery may parse a declaration's line again (when the
    // failed parse began before it); failing at the same place again is the same mistake.
    std::optional<std::uint32_t> last_error;
    while (pos < text.size()) {
        p::memory_input in(text.data() + pos, text.data() + text.size(), source.path());
        builder.table = Table{};
        builder.unlogged.reset();
        builder.enumeration = Enum{};
        try {
            p::parse<g::next_declaration, action, g::control>(in, builder);
            pos = static_cast<std::uint32_t>(in.current() - text.data());
            if (in.empty()) break;
        } catch (const g::SyntaxError& error) {
            out.complete = false;
            auto at = static_cast<std::uint32_t>(error.at - text.data());
            std::string_view message = error.message;
            if (last_error == at) {
                pos = std::max(resume_after(text, pos, at), pos + 1);
                continue;
            }
            last_error = at;
            if (message.substr(0, 12) == "unterminated") {
                std::uint32_t width = message.find("block comment") != std::string_view::npos ? 2 : 1;
                diagnostics.error("syntax", Span{file_index, at, at + width}, std::string(message));
            } else if (std::optional<std::uint32_t> opener;
                       (error.message == g::error_message<g::close_paren> ||
                        error.message == g::error_message<g::close_bracket>) &&
                       found_at(text, file_index, at).second == "end of file" &&
                       (opener = unclosed_opener(text, pos, at))) {
                // Balanced SQL text runs to the end of the file: the place to fix is the opener.
                char open = text[*opener];
                char close = open == '(' ? ')' : ']';
                diagnostics.error("syntax", Span{file_index, *opener, *opener + 1},
                                  fmt::format("unclosed '{}' opened here: no '{}' closes it before the end of the file",
                                              open, close),
                                  fmt::format("add the '{}' where the text it opens ends", close));
                at = *opener;  // resume after the opener's line: later declarations are read again
            } else if (message.starts_with("expected")) {
                auto [span, found] = found_at(text, file_index, at);
                Diagnostic& d = diagnostics.error("syntax", span, fmt::format("{}, found {}", message, found));
                // An unclosed body: say where it began.
                if (error.message == g::error_message<g::table_body_end> && builder.table.name.span.known())
                    d.notes.push_back({builder.table.name.span, "the table starts here"});
                if (error.message == g::error_message<g::enum_body_end> && builder.enumeration.name.span.known())
                    d.notes.push_back({builder.enumeration.name.span, "the enum starts here"});
                // `default now() + 1`: an expression after an unparenthesised default.
                if (error.message == g::error_message<g::item_end>)
                    if (auto help = parenthesise_default_help(text, builder.column.default_value, span.begin)) d.help = *help;
            } else {
                diagnostics.error("syntax", found_at(text, file_index, at).first, std::string(message));
            }
            // Never go backwards: resume after the declaration keyword that failed at the least.
            pos = std::max(resume_after(text, pos, at), pos + 1);
        }
    }
    // Comments are recorded as the parser meets them; keep them in source order for the formatter.
    std::sort(out.comments.begin(), out.comments.end(),
              [](const SourceComment& a, const SourceComment& b) { return a.span.begin < b.span.begin; });
    return out;
}

Span syntax::span_of(const Declaration& declaration) {
    return std::visit([](const auto& d) { return d.span; }, declaration);
}

Span syntax::span_of(const TableItem& item) {
    return std::visit([](const auto& i) { return i.span; }, item);
}

}  // namespace schemac
