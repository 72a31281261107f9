// The IR: one plain-value model of a database schema, produced alike by lowering .schema
// files, by reading a snapshot, and by introspecting a live database.
//
// Promises:
//  - Everything is normalised: names are PostgreSQL's (unquoted names folded to lower case),
//    types use PostgreSQL's canonical spelling (`integer`, `character varying(50)`,
//    `timestamp with time zone`), SQL expressions are libpg_query's canonical text, implicit
//    constraint and index names are filled in as PostgreSQL would choose them.
//  - Order carries no meaning except where PostgreSQL gives it one: schemas, extensions,
//    enums, tables and views are sorted by name, functions by name and input types, and
//    constraints, indexes and triggers inside a table or view by name; columns, view columns and enum values keep their declared order.
//  - `Origin` says where a declaration came from, for diagnostics. It never takes part in
//    equality, and snapshots and introspection leave it unknown.
#pragma once

#include <algorithm>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/defaulted_box.hpp"
#include "compiler/ir/optional_box.hpp"
#include "compiler/ir/rare_string.hpp"
#include "compiler/ir/rare_vector.hpp"
#include "compiler/source/source.hpp"

namespace schemac::ir {

inline constexpr int json_format_version = 1;

struct Origin {
    Span span;    // the name where there is one, else the whole declaration
    Span detail;  // columns: the default expression; foreign keys: the referenced table
    friend bool operator==(const Origin&, const Origin&) { return true; }
};

struct QualifiedName {
    std::string schema = "public";
    std::string name;
    bool operator==(const QualifiedName&) const = default;
    auto operator<=>(const QualifiedName&) const = default;
};

struct Type {
    RareString schema;                  // empty for built-in and extension types
    std::string name;                   // canonical, e.g. "character varying"
    RareVector<std::string> modifiers;  // e.g. {"12", "2"} for numeric(12,2)
    int array_dimensions = 0;
    bool operator==(const Type&) const = default;
};

struct SequenceOptions {
    std::optional<std::int64_t> start, increment, min_value, max_value, cache;
    bool cycle = false;
    bool operator==(const SequenceOptions&) const = default;
};

enum class IdentityKind { always, by_default };

struct Identity {
    IdentityKind kind = IdentityKind::by_default;
    SequenceOptions options;
    bool operator==(const Identity&) const = default;
};

// Storage parameters (`WITH (fillfactor = 70)`): lower-cased names, values as PostgreSQL
// stores them in reloptions (numbers as written, words lower-cased, strings unquoted).
using StorageParameters = std::map<std::string, std::string>;

// What a column rarely has, kept behind one pointer (Column::rare).
struct ColumnRareParts {
    OptionalBox<std::string> comment;
    OptionalBox<std::string> was;  // @was(old name)
    OptionalBox<Identity> identity;
    OptionalBox<std::string> generated;  // canonical SQL of a stored generated column
    OptionalBox<std::string> backfill;   // @backfill(expr), canonical SQL
    std::optional<int> backfill_batch;   // @backfill_batch(rows): rows per committed batch of the fill
    // `statistics 500` (ALTER COLUMN ... SET STATISTICS): nullopt is the default target (-1).
    std::optional<int> statistics;
    // @using(expr): how existing values convert when the type changes and PostgreSQL has no
    // implicit or assignment cast (`ALTER COLUMN ... TYPE t USING expr`); canonical SQL. A
    // directive like @backfill: it says how to migrate, it is not part of what the column is.
    OptionalBox<std::string> using_expression;
    bool operator==(const ColumnRareParts&) const = default;
};

// Rarely set members are OptionalBox (8 bytes when empty), and the rarest share one pointer
// (`rare`: read through the accessors, written through `rare.set()`): the IR of a large project
// holds hundreds of thousands of columns.
struct Column {
    std::string name;
    Type type;
    bool not_null = false;
    OptionalBox<std::string> default_value;  // canonical SQL
    Origin origin;
    // `collate "C"`: the collation's name as PostgreSQL names it (`C`, `en_US`, `und-x-icu`), with
    // its schema only when not pg_catalog (`public.ci`); empty: the type's default collation.
    RareString collation;
    DefaultedBox<ColumnRareParts> rare;

    const OptionalBox<std::string>& comment() const { return rare->comment; }
    const OptionalBox<std::string>& was() const { return rare->was; }
    const OptionalBox<Identity>& identity() const { return rare->identity; }
    const OptionalBox<std::string>& generated() const { return rare->generated; }
    const OptionalBox<std::string>& backfill() const { return rare->backfill; }
    const std::optional<int>& backfill_batch() const { return rare->backfill_batch; }
    const std::optional<int>& statistics() const { return rare->statistics; }
    const OptionalBox<std::string>& using_expression() const { return rare->using_expression; }
    bool operator==(const Column&) const = default;
};

struct PrimaryKey {
    std::string name;
    std::vector<std::string> columns;
    OptionalBox<std::string> was;
    Origin origin;
    bool deferrable = false;          // DEFERRABLE
    bool initially_deferred = false;  // INITIALLY DEFERRED (implies deferrable)
    bool operator==(const PrimaryKey&) const = default;
};

struct Unique {
    std::string name;
    std::vector<std::string> columns;
    bool nulls_not_distinct = false;
    OptionalBox<std::string> was;
    Origin origin;
    bool deferrable = false;          // DEFERRABLE
    bool initially_deferred = false;  // INITIALLY DEFERRED (implies deferrable)
    bool operator==(const Unique&) const = default;
};

struct Check {
    std::string name;
    std::string expression;  // canonical SQL
    OptionalBox<std::string> was;
    Origin origin;
    bool no_inherit = false;  // NO INHERIT: not passed on to child tables
    // NOT VALID, as the schema allows it: true means the constraint may stay unvalidated (rows
    // written before it are not checked; Rails' `validate: false`). A valid constraint satisfies a
    // `not valid` declaration too, so only valid-in-schema vs unvalidated-in-database is a change
    // (its undo and its migration step: VALIDATE CONSTRAINT).
    bool not_valid = false;
    bool operator==(const Check&) const = default;
};

enum class FkAction { no_action, restrict, cascade, set_null, set_default };
const char* fk_action_text(FkAction action);  // "no action", "set null", ... as written in .schema files

struct ForeignKey {
    std::string name;
    std::vector<std::string> columns;
    QualifiedName referenced_table;
    std::vector<std::string> referenced_columns;
    FkAction on_delete = FkAction::no_action;
    FkAction on_update = FkAction::no_action;
    bool match_full = false;
    bool deferrable = false;
    bool initially_deferred = false;
    OptionalBox<std::string> was;
    Origin origin;
    bool not_valid = false;  // NOT VALID, as on Check
    bool operator==(const ForeignKey&) const = default;
};

struct IndexElement {
    std::string column;     // set for a plain column ...
    RareString expression;  // ... or this, canonical SQL
    RareString collation;   // empty: the column's
    RareString opclass;     // empty: the type's default
    bool descending = false;
    bool nulls_first = false;  // resolved: PostgreSQL's default is nulls first only for desc
    bool operator==(const IndexElement&) const = default;
};

struct Index {
    std::string name;
    bool unique = false;
    std::string method = "btree";
    std::vector<IndexElement> elements;
    std::vector<std::string> include;
    bool nulls_not_distinct = false;
    std::optional<std::string> where;  // canonical SQL
    OptionalBox<std::string> was;
    Origin origin;
    StorageParameters storage;
    bool operator==(const Index&) const = default;
};

// One element of an exclusion constraint: `room with =`, `tsrange(starts_at, ends_at) with &&`.
struct ExclusionElement {
    IndexElement element;   // a column or an expression, with its collation, opclass and order
    std::string operator_;  // the operator as written, schema-qualified only outside pg_catalog: "=", "&&"
    bool operator==(const ExclusionElement&) const = default;
};

// `EXCLUDE USING gist (room WITH =, during WITH &&) [INCLUDE (...)] [WHERE (...)]`: no two rows for
// which every operator returns true.
struct Exclusion {
    std::string name;
    std::string method = "gist";
    std::vector<ExclusionElement> elements;
    std::vector<std::string> include;
    std::optional<std::string> where;  // canonical SQL
    bool deferrable = false;
    bool initially_deferred = false;
    StorageParameters storage;
    std::optional<std::string> was;
    Origin origin;
    bool operator==(const Exclusion&) const = default;
};

enum class PartitionStrategy { range, list, hash };
const char* partition_strategy_text(PartitionStrategy strategy);  // "range", "list", "hash"

// `PARTITION BY RANGE (at)`: how a partitioned table divides its rows. Elements are columns or
// expressions, each with an optional collation and opclass (order fields unused).
struct PartitionKey {
    PartitionStrategy strategy = PartitionStrategy::range;
    std::vector<IndexElement> elements;
    bool operator==(const PartitionKey&) const = default;
};

enum class ReplicaIdentity { default_, full, nothing, index };
const char* replica_identity_text(ReplicaIdentity identity);  // "default", "full", "nothing", "index"

// One privilege held by one role on one object, or on one column of a table or view: what `GRANT`
// gives and `REVOKE` takes back. Only grants to managed roles are planned (see `managed_role`).
// The owner's own privileges are never listed: an object's owner holds them all, implicitly.
struct Grant {
    std::string grantee;        // a role's name, or "public" for PUBLIC (every role)
    std::string privilege;      // one privilege, lower case: "select", "insert", "update", "delete",
                                // "truncate", "references", "trigger", "usage", "create", "execute"
    std::string column;         // tables and views: the column of a column privilege; empty: the object
    bool grant_option = false;  // WITH GRANT OPTION
    Origin origin;              // span: the privilege as written
    bool operator==(const Grant&) const = default;
};
// Sorts by grantee, then column (object privileges first), then privilege: the order grants are
// kept in everywhere in the IR, so that two lists compare equal when they grant the same.
void sort_grants(std::vector<Grant>& grants);

enum class PolicyCommand { all, select, insert, update, delete_ };
const char* policy_command_text(PolicyCommand command);  // "all", "select", "insert", "update", "delete"

// A row-level security policy of a table (`CREATE POLICY name ON table ...`).
struct Policy {
    std::string name;
    bool permissive = true;  // false: AS RESTRICTIVE
    PolicyCommand command = PolicyCommand::all;
    std::vector<std::string> roles;               // sorted; {"public"} when none is named (PostgreSQL's default)
    std::optional<std::string> using_expression;  // canonical SQL of `using (...)`
    std::optional<std::string> check_expression;  // canonical SQL of `with check (...)`
    std::optional<std::string> comment;
    std::optional<std::string> was;
    Origin origin;  // span: the name; detail: the `using` expression (else `with check`)
    bool operator==(const Policy&) const = default;
};

enum class TriggerTiming { before, after, instead_of };
const char* trigger_timing_text(TriggerTiming timing);  // "before", "after", "instead of"

// A trigger on a table (or, `instead of`, on a view).
struct Trigger {
    std::string name;
    TriggerTiming timing = TriggerTiming::before;
    bool on_insert = false;
    bool on_update = false;
    bool on_delete = false;
    bool on_truncate = false;
    std::vector<std::string> update_columns;  // `update of a, b`, in declared order
    bool for_each_row = false;                // else for each statement
    std::optional<std::string> when;          // canonical SQL of `when (...)`
    std::optional<std::string> old_table;     // `referencing old table as NAME`
    std::optional<std::string> new_table;     // `referencing new table as NAME`
    bool constraint = false;                  // CONSTRAINT TRIGGER (after, for each row)
    std::optional<QualifiedName> from_table;  // constraint triggers: `from REFERENCED_TABLE`
    bool deferrable = false;
    bool initially_deferred = false;
    QualifiedName function;              // `execute function NAME()`: a function of no arguments returning trigger
    std::vector<std::string> arguments;  // the strings PostgreSQL passes in TG_ARGV, in order
    std::optional<std::string> comment;
    std::optional<std::string> was;
    Origin origin;  // span: the name; detail: the function's name
    bool operator==(const Trigger&) const = default;
};

struct Table {
    QualifiedName name;
    std::vector<Column> columns;
    std::optional<PrimaryKey> primary_key;
    std::vector<Unique> uniques;
    std::vector<Check> checks;
    std::vector<ForeignKey> foreign_keys;
    std::vector<Index> indexes;
    std::vector<Trigger> triggers;  // sorted by name
    OptionalBox<std::string> comment;
    OptionalBox<std::string> was;
    OptionalBox<std::string> was_schema;  // @was(schema.old_name): the schema it moves from
    Origin origin;
    bool unlogged = false;  // UNLOGGED: not written to the WAL, emptied after a crash
    StorageParameters storage;
    bool row_level_security = false;        // ENABLE ROW LEVEL SECURITY
    bool force_row_level_security = false;  // FORCE ROW LEVEL SECURITY: the owner is subject to it too
    std::vector<Policy> policies;           // sorted by name
    std::vector<Grant> grants;              // sorted (sort_grants); column privileges name their column
    std::vector<Exclusion> exclusions;      // sorted by name
    // A partitioned table (`partition by range (at)`): holds no rows itself. Its primary key,
    // uniques, foreign keys and indexes are declared once here and PostgreSQL gives each partition
    // its own copy, which the IR does not list again on the partition.
    OptionalBox<PartitionKey> partition_by;
    // A partition (`partition NAME of PARENT for values ...`): a Table whose columns, keys and
    // indexes are the parent's, so `columns` lists none and keys/indexes hold only what the
    // partition adds itself. `partition_bound` is PostgreSQL's text of the bound as
    // pg_get_expr(relpartbound) shows it: "FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')",
    // "FOR VALUES IN (1, 2)", "FOR VALUES WITH (modulus 4, remainder 0)", "DEFAULT".
    // A partition may itself be partitioned (`partition_by` set too): a sub-partitioned one.
    OptionalBox<QualifiedName> partition_of;
    RareString partition_bound;
    // `partitions unmanaged`: partitions of this table that the schema does not declare (made by
    // pg_partman, by a cron job) are left alone: never dropped, never drift, reported as unmanaged.
    bool unmanaged_partitions = false;
    ReplicaIdentity replica_identity = ReplicaIdentity::default_;
    RareString replica_identity_index;  // ReplicaIdentity::index: the unique index's name
    bool operator==(const Table&) const = default;
};

struct EnumValue {
    std::string name;
    std::optional<std::string> was;
    Origin origin;
    bool operator==(const EnumValue&) const = default;
};

struct Enum {
    QualifiedName name;
    std::vector<EnumValue> values;
    std::optional<std::string> was;
    std::optional<std::string> was_schema;  // @was(schema.old_name): the schema it moves from
    Origin origin;
    bool operator==(const Enum&) const = default;
};

// A free-standing sequence (`CREATE SEQUENCE`), not an identity column's or a serial's (those
// live on their column). Options: nullopt means PostgreSQL's default for the type and the sign of
// the increment, as on Identity; introspection leaves a value that equals its default unset.
struct Sequence {
    QualifiedName name;
    Type type{"", "bigint", {}, 0};  // smallint, integer or bigint
    SequenceOptions options;
    // `owned by table.column`: dropped with that column. Sequences owned by a column that is
    // serial are that column's, not free ones.
    std::optional<QualifiedName> owned_by_table;
    std::string owned_by_column;
    std::vector<Grant> grants;  // `usage`, `select`, `update`; sorted
    std::optional<std::string> comment;
    std::optional<std::string> was;
    std::optional<std::string> was_schema;
    Origin origin;
    bool operator==(const Sequence&) const = default;
};

// A domain (`CREATE DOMAIN email AS text CHECK (...)`): a type with constraints, usable as a
// column type. Its checks use VALUE for the value; their `not_valid` is as on tables.
struct Domain {
    QualifiedName name;
    Type type;              // the base type
    std::string collation;  // as on Column
    bool not_null = false;
    std::optional<std::string> default_value;  // canonical SQL
    std::vector<Check> checks;                 // sorted by name
    std::optional<std::string> comment;
    std::optional<std::string> was;
    std::optional<std::string> was_schema;
    Origin origin;
    bool operator==(const Domain&) const = default;
};

// One attribute of a composite type, in declared order.
struct CompositeAttribute {
    std::string name;
    Type type;
    std::string collation;  // as on Column
    std::optional<std::string> was;
    Origin origin;
    bool operator==(const CompositeAttribute&) const = default;
};

// A composite type (`CREATE TYPE money_amount AS (amount numeric, currency text)`).
struct CompositeType {
    QualifiedName name;
    std::vector<CompositeAttribute> attributes;
    std::optional<std::string> comment;
    std::optional<std::string> was;
    std::optional<std::string> was_schema;
    Origin origin;
    bool operator==(const CompositeType&) const = default;
};

// A range type (`CREATE TYPE floatrange AS RANGE (subtype = float8)`).
struct RangeType {
    QualifiedName name;
    Type subtype;
    std::string subtype_opclass;  // empty: the subtype's default btree opclass
    std::string collation;        // empty: the subtype's default
    std::string multirange;       // the multirange type's name; empty: PostgreSQL's choice
    std::optional<std::string> comment;
    std::optional<std::string> was;
    Origin origin;
    bool operator==(const RangeType&) const = default;
};

struct Extension {
    std::string name;
    std::optional<std::string> schema;
    std::optional<std::string> version;
    Origin origin;
    bool operator==(const Extension&) const = default;
};

struct Schema {
    std::string name;
    std::optional<std::string> comment;
    Origin origin;
    // `usage`, `create`. On the `public` schema PUBLIC's own privileges are not managed: what
    // PUBLIC may do there depends on how the database was created, not on the schema.
    std::vector<Grant> grants;
    bool operator==(const Schema&) const = default;
};

// An output column of a view, in the view's order, named as PostgreSQL names it: the column
// list written after the view's name (`view v (a, b) as ...`) where there is one, else the
// name the SELECT gives it (`x AS name`, a column's or a function's name).
struct ViewColumn {
    std::string name;
    std::optional<std::string> comment;
    Origin origin;
    bool operator==(const ViewColumn&) const = default;
};

// A view or a materialized view. Views share one namespace with tables (pg_class).
struct View {
    QualifiedName name;
    bool materialized = false;
    std::string query;                // the body: one SELECT, libpg_query's canonical (deparsed) text
    std::vector<ViewColumn> columns;  // the output columns in order; empty when not known (`*` of an
                                      // object schemac does not manage)
    // As PostgreSQL keeps them in reloptions. Views: `check_option` (local|cascaded),
    // `security_barrier`, `security_invoker` (true|false); materialized views: storage parameters.
    StorageParameters options;
    bool with_no_data = false;      // materialized: created WITH NO DATA. How it is created, not what it
                                    // is: never a change by itself (a REFRESH fills it).
    std::vector<Index> indexes;     // materialized views only
    std::vector<Trigger> triggers;  // sorted by name; views: `instead of` ones
    std::vector<Grant> grants;      // sorted (sort_grants); as on tables
    std::optional<std::string> comment;
    std::optional<std::string> was;
    std::optional<std::string> was_schema;  // @was(schema.old_name): the schema it moves from
    Origin origin;
    bool operator==(const View&) const = default;
};

enum class ArgumentMode { in, out, inout, variadic };
const char* argument_mode_text(ArgumentMode mode);  // "in", "out", "inout", "variadic"

// One argument of a function or procedure, in declared order.
struct FunctionArgument {
    std::string name;  // empty when unnamed
    ArgumentMode mode = ArgumentMode::in;
    Type type;  // canonical, without modifiers: PostgreSQL drops them (`varchar(10)` is `character varying`)
    std::optional<std::string> default_value;  // canonical SQL
    bool operator==(const FunctionArgument&) const = default;
};

enum class Volatility { volatile_, stable, immutable };
enum class ParallelSafety { unsafe, restricted, safe };
const char* volatility_text(Volatility v);    // "volatile", "stable", "immutable"
const char* parallel_text(ParallelSafety p);  // "unsafe", "restricted", "safe"

// A function or a procedure. Identified, as PostgreSQL identifies it, by its schema, its name
// and the types of its input arguments (in, inout and variadic ones): overloads share a name.
struct Function {
    QualifiedName name;
    bool procedure = false;
    std::vector<FunctionArgument> arguments;  // every mode, in declared order
    // Functions only: what it returns. `returns T` and `returns setof T` set `returns`;
    // `returns table (a int, ...)` sets `returns_table` (the columns, names and types only)
    // and `returns_set`, and leaves `returns` empty. Procedures leave all three empty.
    std::optional<Type> returns;
    bool returns_set = false;
    std::vector<FunctionArgument> returns_table;
    std::string language;  // lower case: "sql", "plpgsql", "c", ...; other languages are kept opaque
    // The body exactly as written between its quotes. PostgreSQL keeps it verbatim (prosrc) and
    // shows it back, so comments and layout are the author's; comparisons use a canonical form
    // (compiler/sql), never this text. Empty for an SQL-standard body.
    std::string body;
    // An SQL-standard body (`begin atomic ... end` or `return EXPR`): libpg_query's canonical
    // text of it, since PostgreSQL keeps it parsed (prosqlbody), not as text.
    std::optional<std::string> sql_body;
    std::optional<std::string> link_symbol;  // `as 'obj_file', 'link_symbol'` (language C): body is obj_file
    Volatility volatility = Volatility::volatile_;
    bool strict = false;  // STRICT (RETURNS NULL ON NULL INPUT)
    bool security_definer = false;
    bool leakproof = false;
    ParallelSafety parallel = ParallelSafety::unsafe;
    std::optional<double> cost;  // nullopt: PostgreSQL's default (100; 1 for C and internal)
    std::optional<double> rows;  // set-returning only; nullopt: the default (1000)
    // `set NAME = VALUE` / `set NAME to VALUE`: names lower case, values as PostgreSQL keeps them in
    // proconfig (`search_path` -> "public, pg_temp").
    std::map<std::string, std::string> settings;
    std::optional<std::string> comment;
    std::optional<std::string> was;         // @was(old_name): renamed, same arguments
    std::optional<std::string> was_schema;  // @was(schema.old_name): the schema it moves from
    Origin origin;                          // span: the name; detail: the body (its first byte inside the quotes)
    // `execute`, as PostgreSQL holds it: a new function or procedure can be executed by PUBLIC, so
    // lowering lists {"public", "execute"} unless the schema revokes it
    // (`revoke execute on function f(int) from public`), and introspection reads the same.
    std::vector<Grant> grants;
    bool operator==(const Function&) const = default;
};

// A role the schema expects to exist. Roles belong to the cluster, not to a database: schemac
// never creates, alters or drops one (and a schema holds no passwords). Declaring a role does two
// things: `migrate` and `check --database` report a missing one by name before anything runs,
// and the role's privileges become managed (see `managed_role`).
struct Role {
    std::string name;
    Origin origin;
    bool operator==(const Role&) const = default;
};

// Privileges on the identity or serial sequence of a column (`grant usage on sequence
// users_id_seq to app`), by the sequence's name.
struct SequenceGrants {
    QualifiedName sequence;
    std::vector<Grant> grants;  // `usage`, `select`, `update`; sorted
    Origin origin;
    bool operator==(const SequenceGrants&) const = default;
};

enum class DefaultPrivilegeObjects { tables, sequences, functions, types, schemas };
const char* default_privilege_objects_text(DefaultPrivilegeObjects objects);  // "tables", ...

// `ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT ... ON objects TO ...`: what objects
// created later by `for_role` receive. Identified by (for_role, schema, objects).
struct DefaultPrivileges {
    std::string for_role;  // empty: the role that runs the migrations
    std::string schema;    // empty: objects in every schema
    DefaultPrivilegeObjects objects = DefaultPrivilegeObjects::tables;
    std::vector<Grant> grants;  // never to PUBLIC, never column privileges; sorted
    Origin origin;
    bool operator==(const DefaultPrivileges&) const = default;
};

struct Database {
    std::vector<Schema> schemas;  // every schema the project manages, `public` included when used
    std::vector<Extension> extensions;
    std::vector<Enum> enums;
    std::vector<Sequence> sequences;             // sorted by name
    std::vector<Domain> domains;                 // sorted by name
    std::vector<CompositeType> composite_types;  // sorted by name
    std::vector<RangeType> range_types;          // sorted by name
    std::vector<Table> tables;                   // partitions too, sorted by name like every table
    std::vector<View> views;
    std::vector<Function> functions;              // sorted by name, then by input argument types (function_key)
    std::vector<Role> roles;                      // sorted by name. Declarations only: introspection leaves it empty
    std::vector<SequenceGrants> sequence_grants;  // sorted by sequence
    std::vector<DefaultPrivileges> default_privileges;  // sorted by (for_role, schema, objects)
    bool operator==(const Database&) const = default;
};

// Whether the planner manages `role`'s privileges when going from `current` to `desired`: PUBLIC
// always; any other role when either side declares it. Grants to other roles are left alone, never
// revoked, never reported as drift (introspection declares no role, so against a database only the
// schema's own declarations count).
bool managed_role(const Database& current, const Database& desired, std::string_view role);

// The input argument types of a function (in, inout, variadic), in order: with its name, what
// identifies it.
std::vector<Type> input_types(const Function& function);
// "billing.invoice_total(bigint)", "set_updated_at()": the name and input types, as people
// write them and as diagnostics and drift name a function.
std::string function_signature(const Function& function);
// The identity as a sortable key: {schema, name, "bigint,text"} (types rendered as SQL).
struct FunctionKey {
    QualifiedName name;
    std::string input_types;
    auto operator<=>(const FunctionKey&) const = default;
    bool operator==(const FunctionKey&) const = default;
};
FunctionKey function_key(const Function& function);

// Stable-sorts `list` by `less` unless it is in order already (as most lists are when read back:
// std::stable_sort would still allocate a buffer and move every element through it).
template <class List, class Less>
void stable_sort_unless_sorted(List& list, Less less) {
    if (!std::is_sorted(list.begin(), list.end(), less)) std::stable_sort(list.begin(), list.end(), less);
}

// Sorts a database's top-level lists into the order the comments on Database give (schemas,
// extensions, types, tables, views and roles by name, functions by function_key, sequence grants
// by sequence, default privileges by (for_role, schema, objects)); stable, so that equal keys keep
// their order. The one place that order is written: lowering, the snapshot reader and a schema
// rename use it.
void sort_top_level(Database& db);

// Look-ups by name (linear in the number of objects of that kind; callers that loop build maps).
const Table* find_table(const Database& db, const QualifiedName& name);
const Enum* find_enum(const Database& db, const QualifiedName& name);
const View* find_view(const Database& db, const QualifiedName& name);
const Sequence* find_sequence(const Database& db, const QualifiedName& name);
const Domain* find_domain(const Database& db, const QualifiedName& name);
const CompositeType* find_composite_type(const Database& db, const QualifiedName& name);
const RangeType* find_range_type(const Database& db, const QualifiedName& name);
const Function* find_function(const Database& db, const FunctionKey& key);
// Every function (and procedure) of that name, whatever its arguments: overloads, in key order.
std::vector<const Function*> functions_named(const Database& db, const QualifiedName& name);
const Column* find_column(const Table& table, std::string_view name);

std::string display_name(const QualifiedName& name);  // "users", "billing.invoices"

}  // namespace schemac::ir
