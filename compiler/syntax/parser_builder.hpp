// Parser-internal (included by parser.cpp and the parser_actions_*.hpp headers only): the
// state the PEGTL actions fill while a declaration is read, and the primary `action` template,
// which does nothing; each parser_actions_*.hpp header specialises it for one kind of syntax.
// Actions only collect syntax: values are interpreted by lowering.
#pragma once

#include <tao/pegtl.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/ir/identifiers.hpp"
#include "compiler/syntax/syntax.hpp"
#include "grammar/error_messages.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

namespace g = grammar;
namespace p = tao::pegtl;
using namespace syntax;

// Words of a multi-word type with white space and comments folded and any "(p)" removed:
// "timestamp(3)  with /* utc */ time zone" -> "timestamp with time zone".
inline std::string type_words_text(std::string_view text) {
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
        if (c == '(') {
            ++depth;
            continue;
        }
        if (c == ')') {
            --depth;
            continue;
        }
        if (depth > 0) continue;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            pending_space = !out.empty();
            continue;
        }
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
    ir::PartitionStrategy partition_strategy = ir::PartitionStrategy::range;
    Span partition_strategy_span;
    std::optional<QualifiedName> partition_parent;
    Enum enumeration;
    EnumValue enum_value;
    Extension extension;
    Schema schema;
    Sequence free_sequence;
    View view;
    std::optional<Flag> materialized;
    std::optional<std::string> view_check_kind;
    Name view_column;
    Trigger trigger;
    bool transition_new = false;
    Routine routine;
    RoutineArgument argument;
    std::optional<Flag> procedure;
    // access: privileges, grantees, policies, roles, grants, default privileges
    Privilege privilege;
    std::vector<Privilege> privileges;
    std::vector<Grantee> grantees;
    bool grant_option = false;
    bool rls_force = false;
    Policy policy;
    Role role;
    Grant grant;
    GrantTarget target;
    std::vector<GrantTarget> targets;
    DefaultPrivileges default_privileges;
    // exclusion constraints, replica identity, check options
    std::vector<Name> exclusion_operators;
    ReplicaIdentity replica;
    std::optional<Flag> check_no_inherit, check_not_valid;
    // domains and composite types (a domain's clauses are read into `column`, then moved)
    Domain domain;
    CompositeType composite;
    CompositeAttribute attribute;
    std::optional<QualifiedName> user_type_collation;

    template <typename Input>
    Span span(const Input& in) const {
        return Span{file, static_cast<std::uint32_t>(in.begin() - base), static_cast<std::uint32_t>(in.end() - base)};
    }
    template <typename Input>
    Name name(const Input& in) const {
        return Name{in.string(), identifier_value(in.string_view()), span(in)};
    }
    QualifiedName take_qualified(Span whole) {
        QualifiedName q{std::move(qualified_schema), std::move(qualified_object).value_or(Name{}), whole};
        qualified_schema.reset();
        qualified_object.reset();
        return q;
    }
    std::vector<Directive> take_directives() { return std::exchange(directives, {}); }
    std::optional<Name> take_constraint_name() { return std::exchange(constraint_name, std::nullopt); }
    // The index just read, with what its clauses left in the scratch fields.
    Index take_index(Span whole) {
        index.directives = take_directives();
        index.nulls_not_distinct = std::exchange(nulls_not_distinct, false);
        index.storage = std::exchange(storage, std::nullopt);
        index.span = whole;
        return std::exchange(index, Index{});
    }
    // The trigger just read, with its directives and deferral.
    Trigger take_trigger(Span whole) {
        trigger.directives = take_directives();
        trigger.deferral = std::exchange(key_timing, {});
        trigger.span = whole;
        return std::exchange(trigger, Trigger{});
    }
    // The privileges, grantees and grant option the clauses of a grant left, cleared.
    void clear_access() {
        privileges.clear();
        grantees.clear();
        targets.clear();
        grant_option = false;
    }
    // The table (or partition) just read becomes a declaration of the file.
    void finish_table(Span whole) {
        table.span = whole;
        out.declarations.emplace_back(std::move(table));
        table = Table{};
    }
    // The check just read (`name`, `expression` and its options from the scratch fields).
    CheckClause take_check(Span whole) {
        return CheckClause{take_constraint_name(),
                           take_directives(),
                           expression,
                           whole,
                           std::exchange(check_no_inherit, std::nullopt),
                           std::exchange(check_not_valid, std::nullopt)};
    }
    Reference take_reference(Span whole) {
        Reference r = std::exchange(reference, Reference{});
        r.span = whole;
        return r;
    }
};

// The parts a line read by hand marks (grammar/plain_line.hpp), as the rules' actions would
// make them: `text` is where the line starts in the file the builder reads.
struct PlainLineParts {
    PlainLineParts(const char* text, const Builder& b)
        : text(text), at(static_cast<std::uint32_t>(text - b.base)), file(b.file) {}
    Span span(g::PlainPart part) const { return Span{file, at + part.begin, at + part.end}; }
    std::string_view view(g::PlainPart part) const {
        return std::string_view(text + part.begin, part.end - part.begin);
    }
    Name name(g::PlainPart part) const {
        return Name{std::string(view(part)), identifier_value(view(part)), span(part)};
    }
    // The line's own span: from its start to `content_end`, blanks before its end included.
    Span line(std::uint32_t content_end) const { return Span{file, at, at + content_end}; }

    const char* text;
    std::uint32_t at;
    std::uint32_t file;
};

template <typename Rule>
struct action : p::nothing<Rule> {};

}  // namespace schemac::parsing
