// The syntax tree: what a .schema file says, as written, with a span for every piece.
// The parser builds it; lowering turns it into the IR; the formatter prints it back.
// Nothing here is resolved or checked beyond the grammar.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/source/source.hpp"

namespace schemac::syntax {

// A name as written (`Users`, `"Order Items"`) and as PostgreSQL sees it (`users`, `Order Items`).
struct Name {
    std::string written;
    std::string value;
    Span span;
};

struct QualifiedName {
    std::optional<Name> schema;
    Name name;
    Span span;
};

// An SQL fragment kept verbatim; libpg_query checks it during lowering.
struct Expression {
    std::string text;
    Span span;
};

// @was(old) or @backfill(expr); unknown directive names are kept and reported by lowering.
struct Directive {
    std::string name;
    std::string argument;
    Span span;
    Span name_span;
    Span argument_span;
};

// Rarely written parts of columns and triggers are boxed (ir::OptionalBox: 8 bytes when empty):
// a file's syntax tree holds every item of its tables at the size of the largest kind of item.
template <typename T>
using Rare = ir::OptionalBox<T>;

struct Type {
    Rare<Name> schema;    // only for a qualified user type
    std::string name;     // words as written, lower-cased unless quoted, single-spaced
    bool quoted = false;  // the name was a quoted identifier
    std::vector<std::string> parameters;
    int array_dimensions = 0;
    Span span;
};

using FkAction = ir::FkAction;  // one enum for the syntax tree and the IR

struct Flag {
    Span span;
};

struct Reference {
    QualifiedName table;
    std::vector<Name> columns;  // empty: the referenced table's primary key
    std::optional<FkAction> on_delete;
    std::optional<FkAction> on_update;
    std::optional<bool> match_full;          // match full / match simple
    std::optional<bool> deferrable;          // deferrable / not deferrable
    std::optional<bool> initially_deferred;  // initially deferred / initially immediate
    Span span;
    std::optional<Flag> not_valid;  // `not valid`
};

struct SequenceOptions {
    std::optional<long long> start, increment, min_value, max_value, cache;
    bool no_min_value = false, no_max_value = false;
    std::optional<bool> cycle;
    Span span;  // unknown when no options were written
};

struct Identity {
    bool always = false;  // always / by default
    SequenceOptions options;
    Span span;
};

struct CheckClause {
    std::optional<Name> name;
    std::vector<Directive> directives;
    Expression expression;
    Span span;
    std::optional<Flag> no_inherit;  // `no inherit`
    std::optional<Flag> not_valid;   // `not valid`
};

struct Comment {
    std::string text;  // unescaped
    Span span;
};

struct Column {
    Name name;
    Type type;
    std::optional<Flag> not_null;
    std::optional<Flag> null;
    std::optional<Flag> primary_key;
    std::optional<Flag> unique;
    Rare<Expression> default_value;
    Span default_span;
    // Rare and large: boxed, so that every column (and table item) stays small.
    std::unique_ptr<Reference> references;
    std::vector<CheckClause> checks;
    std::unique_ptr<Identity> identity;
    Rare<Expression> generated;
    Span generated_span;
    Rare<Comment> comment;
    std::vector<Directive> directives;
    Span span;
    Rare<QualifiedName> collation;  // `collate "C"`
    Rare<Name> statistics;          // `statistics 500`: the number as written
};

// `deferrable` / `not deferrable`, `initially deferred` / `initially immediate` after a key's columns.
struct KeyTiming {
    std::optional<bool> deferrable;
    std::optional<bool> initially_deferred;
};

struct PrimaryKey {
    std::optional<Name> name;
    std::vector<Directive> directives;
    std::vector<Name> columns;
    Span span;
    KeyTiming timing;
};

struct Unique {
    std::optional<Name> name;
    std::vector<Directive> directives;
    bool nulls_not_distinct = false;
    std::vector<Name> columns;
    Span span;
    KeyTiming timing;
};

struct ForeignKey {
    std::optional<Name> name;
    std::vector<Directive> directives;
    std::vector<Name> columns;
    Reference reference;
    Span span;
};

// `name = value` inside `with (...)`; the value as written, and as read: a string unquoted, a
// word folded to lower case, a number as written (lowering puts it in PostgreSQL's stored form).
struct StorageParameter {
    Name name;  // `toast.autovacuum_enabled` is one name
    std::string written_value;
    std::string value;
    bool number = false;
    Span span;
};

// `with (fillfactor = 70, ...)`: a table-level line, or a clause of an index.
struct StorageClause {
    std::vector<StorageParameter> parameters;
    Span span;
};

struct IndexElement {
    std::optional<Name> column;
    std::optional<Expression> expression;
    bool bare_call = false;  // a function call written without its own parentheses
    std::optional<QualifiedName> collation;
    std::optional<QualifiedName> opclass;
    std::optional<bool> descending;   // asc / desc, when written
    std::optional<bool> nulls_first;  // nulls first / nulls last, when written
    Span span;
};

struct Index {
    bool unique = false;
    std::optional<Name> name;
    std::vector<Directive> directives;
    std::optional<Name> method;
    std::vector<IndexElement> elements;
    std::vector<Name> include;
    bool nulls_not_distinct = false;
    std::optional<StorageClause> storage;
    std::optional<Expression> where;
    Span span;
};

struct TableComment {
    Comment comment;
    Span span;
};

// `exclude [NAME] [using METHOD] (ELEMENT with OPERATOR, ...) [include (...)] [with (...)]
// [where (PREDICATE)] [deferrable ...]`: the index part (name, directives, method, elements,
// include, storage, predicate) is read as an index's, with one operator per element.
struct Exclusion {
    Index index;
    std::vector<Name> operators;  // `written` and `value`: the operator as written
    KeyTiming timing;
    Span span;
};

// `replica identity default | full | nothing | using index NAME`.
struct ReplicaIdentity {
    ir::ReplicaIdentity identity = ir::ReplicaIdentity::default_;
    std::optional<Name> index;
    Span span;
};

// A trigger argument: a string (its value unescaped), a number or a word, as written.
struct TriggerArgument {
    std::string written;
    std::string value;
    Span span;
};

// `[constraint] trigger NAME ... execute function F(ARGS)`: a table's (or a view's) trigger.
struct Trigger {
    std::optional<Flag> constraint;
    Name name;
    std::vector<Directive> directives;
    ir::TriggerTiming timing = ir::TriggerTiming::before;
    bool on_insert = false, on_update = false, on_delete = false, on_truncate = false;
    std::vector<Name> update_columns;
    Rare<QualifiedName> from_table;
    KeyTiming deferral;
    Rare<Name> old_table, new_table;
    bool for_each_row = false;  // `for each statement` (written or not) otherwise
    bool for_each_written = false;
    Rare<Expression> when;
    bool execute_procedure = false;  // written `execute procedure` (the same thing)
    QualifiedName function;
    std::vector<TriggerArgument> arguments;
    Rare<Comment> comment;
    Span span;
};

// `row level security` / `force row level security`: a table-level line.
struct RowLevelSecurity {
    bool force = false;
    Span span;
};

// One privilege as written (`select`, `all privileges`, `update (email, name)`): the word lower
// case, with `all privileges` read as `all`.
struct Privilege {
    std::string word;
    std::vector<Name> columns;
    Span span;  // the word
};

// Who receives privileges, or whom a policy applies to: a role's name or `public`.
using Grantee = Name;

// `grant PRIVILEGES to ROLES [with grant option]`: a table's line (no `on`: the table's own).
struct TableGrant {
    std::vector<Privilege> privileges;
    std::vector<Grantee> grantees;
    bool grant_option = false;
    Span span;
};

// `policy NAME [@was(old)] [as permissive|restrictive] [for COMMAND] [to ROLES] [using (E)]
// [with check (E)] [comment '...']`.
struct Policy {
    Name name;
    std::vector<Directive> directives;
    std::optional<bool> permissive;  // as written: `as permissive` / `as restrictive`
    std::optional<ir::PolicyCommand> command;
    Span command_span;
    std::vector<Grantee> roles;
    std::optional<Expression> using_expression;
    std::optional<Expression> check_expression;
    std::optional<Comment> comment;
    Span span;
};

// `partitions unmanaged`: a partitioned table's line.
struct PartitionsUnmanaged {
    Span span;
};

using TableItem =
    std::variant<Column, PrimaryKey, Unique, CheckClause, ForeignKey, Index, TableComment, StorageClause, Trigger,
                 RowLevelSecurity, Policy, TableGrant, Exclusion, ReplicaIdentity, PartitionsUnmanaged>;

// `partition by range | list | hash (ELEMENT, ...)`.
struct PartitionBy {
    ir::PartitionStrategy strategy = ir::PartitionStrategy::range;
    Span strategy_span;
    std::vector<IndexElement> elements;
    Span span;
};

// `partition NAME of PARENT BOUND`: the bound as written (`for values from (...) to (...)`,
// `for values in (...)`, `for values with (...)`, `default`).
struct PartitionOf {
    QualifiedName parent;
    Expression bound;
};

// A table, or (partition_of set) a partition: `partition NAME of PARENT BOUND [partition by ...]
// [{ ... }]`, whose body (when written) holds only what a partition may add.
struct Table {
    std::optional<Flag> unlogged;  // `unlogged table ...`
    QualifiedName name;
    std::vector<Directive> directives;
    std::vector<TableItem> items;
    Span span;
    Span body_end;  // the closing brace (a partition without a body: empty)
    std::optional<PartitionBy> partition_by;
    std::optional<PartitionOf> partition_of;
};

struct EnumValue {
    std::string label;    // the value PostgreSQL stores
    std::string written;  // as written: a bare word or a quoted string
    std::vector<Directive> directives;
    Span span;
};

struct Enum {
    QualifiedName name;
    std::vector<Directive> directives;
    std::vector<EnumValue> values;
    Span span;
    Span body_end;
};

struct Extension {
    Name name;
    std::optional<Name> schema;
    std::optional<std::string> version;
    Span span;
};

struct Schema {
    Name name;
    std::optional<Comment> comment;
    Span span;
};

// `sequence NAME [@was(old)] [as TYPE] [options] [owned by TABLE.COLUMN] [comment '...']`.
struct Sequence {
    QualifiedName name;
    std::vector<Directive> directives;
    std::optional<Name> type;  // as written after `as`
    SequenceOptions options;
    std::vector<Name> owned_by;  // [schema,] table, column
    Span owned_by_span;
    std::optional<Comment> comment;
    Span span;
};

// `with no data` on a materialized view.
struct ViewNoData {
    Span span;
};

// `with check option`, `with local check option`, `with cascaded check option`.
struct ViewCheckOption {
    std::optional<std::string> kind;  // "local" or "cascaded" when written
    Span span;
};

// `column NAME comment '...'`.
struct ViewColumnComment {
    Name column;
    Comment comment;
    Span span;
};

// A view's `with (...)` line: a parameter written without `= value` has empty values.
using ViewItem =
    std::variant<StorageClause, ViewNoData, ViewCheckOption, TableComment, ViewColumnComment, Index, Trigger>;

struct View {
    std::optional<Flag> materialized;  // `materialized view ...`
    QualifiedName name;
    std::vector<Directive> directives;
    std::vector<Name> columns;  // the alias list written after the name
    Expression query;           // the text between `as (` and `)`, as written
    std::vector<ViewItem> items;
    Span span;
};

// One argument as written: the text before its default (mode, name, type) and the default.
struct RoutineArgument {
    Expression head;
    std::optional<Expression> default_value;
    Span span;
};

// `function` or `procedure`: PostgreSQL's CREATE FUNCTION / CREATE PROCEDURE without `create`.
// Lowering hands `sql` to libpg_query; the grammar only finds where the pieces are.
struct Routine {
    std::optional<Flag> procedure;
    QualifiedName name;
    std::vector<Directive> directives;
    std::vector<RoutineArgument> arguments;
    Span arguments_span;  // `(` to `)`
    Expression clauses;   // after the arguments: returns, language, options, body, as written
    // From the name to the last clause, directives blanked out: what follows `CREATE FUNCTION `.
    Expression sql;
    std::optional<std::uint32_t> sql_body;  // where `begin atomic` or `return` starts, if there is one
    std::optional<Comment> comment;
    Span span;
};

// `role NAME`: a role the schema expects to exist.
struct Role {
    Name name;
    Span span;
};

enum class GrantObject { schema, sequence, table, view, function, procedure };

// What a top-level grant or revoke names: an object, and for a function or procedure the text of
// its input argument types between the parentheses (`bigint, text`).
struct GrantTarget {
    QualifiedName name;
    std::optional<Expression> arguments;
    Span span;
};

// `grant PRIVILEGES on KIND TARGETS to ROLES [with grant option]`, or (revoke) `revoke execute on
// function TARGETS from public`.
struct Grant {
    bool revoke = false;
    std::vector<Privilege> privileges;  // revoke: `execute`
    GrantObject object = GrantObject::table;
    std::vector<GrantTarget> targets;
    std::vector<Grantee> grantees;  // revoke: `public`
    bool grant_option = false;
    Span span;
};

// `default privileges [for role R] [in schema S] grant PRIVILEGES on OBJECTS to ROLES [with grant option]`.
struct DefaultPrivileges {
    std::optional<Name> for_role;
    std::optional<Name> schema;
    std::vector<Privilege> privileges;
    ir::DefaultPrivilegeObjects objects = ir::DefaultPrivilegeObjects::tables;
    Span objects_span;
    std::vector<Grantee> grantees;
    bool grant_option = false;
    Span span;
};

// `domain NAME [@was(old)] as TYPE [collate C] [not null] [default EXPR] [check ...]... [comment '...']`.
struct Domain {
    QualifiedName name;
    std::vector<Directive> directives;
    Type type;
    std::optional<QualifiedName> collation;
    std::optional<Flag> not_null;
    std::optional<Flag> null;
    std::optional<Expression> default_value;
    std::vector<CheckClause> checks;
    std::optional<Comment> comment;
    Span span;
};

// One attribute of a composite type: `name TYPE [collate C] [@was(old)]`.
struct CompositeAttribute {
    Name name;
    Type type;
    std::optional<QualifiedName> collation;
    std::vector<Directive> directives;
    Span span;
};

// `type NAME [@was(old)] { attribute TYPE, ... } [comment '...']`.
struct CompositeType {
    QualifiedName name;
    std::vector<Directive> directives;
    std::vector<CompositeAttribute> attributes;
    std::optional<Comment> comment;
    Span span;
    Span body_end;
};

using Declaration = std::variant<Table, Enum, Extension, Schema, View, Routine, Role, Grant, DefaultPrivileges,
                                 Sequence, Domain, CompositeType>;

// A `//` or `/* */` comment outside SQL expressions, for the formatter.
struct SourceComment {
    Span span;
    bool block = false;
};

struct File {
    std::uint32_t file = no_file;
    std::vector<Declaration> declarations;
    std::vector<SourceComment> comments;  // in source order
    bool complete = true;                 // false when a syntax error cut a declaration out
};

Span span_of(const Declaration& declaration);
Span span_of(const TableItem& item);
Span span_of(const ViewItem& item);

}  // namespace schemac::syntax
