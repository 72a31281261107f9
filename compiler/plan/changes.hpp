// The changes a plan is made of: a closed set of small value structs, one per kind of SQL
// step, each carrying exactly what the renderer needs. A Step wraps a change with the file
// it belongs in (its phase), its hazards, a one-line description for the file header and the
// .schema location that caused it. Names in a change are the names at the moment it runs.
//
// An alteration carries both sides: `from`, what `before` has (under the names of the moment it
// runs), and `to`, what `after` has, so that what reads a change (drift's wording, a migration's
// header, a reverse step) never looks them up again in the two IRs. A kind that names one side itself carries only the other:
// SetNotNull (it was nullable), DropNotNull (it was not null), AddIdentity (it had none),
// SetLogged (it had the other persistence).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/plan/boxed_variant.hpp"
#include "compiler/source/source.hpp"

namespace schemac::plan {

// One line per kind of change where the fields fit: a table of the closed set, kept as written.
// clang-format off
struct CreateSchema { std::string name; };
struct DropSchema { std::string name; };
struct SetSchemaComment { std::string name; std::optional<std::string> from, to; };

struct CreateExtension { ir::Extension extension; };
struct DropExtension { std::string name; };
// The schema and version of an extension; ALTER EXTENSION changes each that differs and is named in `to`.
struct ExtensionPlace {
    std::optional<std::string> schema, version;
    bool operator==(const ExtensionPlace&) const = default;
};
struct AlterExtension { std::string name; ExtensionPlace from, to; };

struct CreateEnum { ir::Enum enumeration; };
struct DropEnum { ir::QualifiedName name; };
struct RenameEnum { ir::QualifiedName from; std::string to; };
// Always placed by a neighbour (BEFORE the next value that exists, else AFTER the one before it),
// so the order is the schema's even where the database's enum drifted.
struct AddEnumValue { ir::QualifiedName enumeration; std::string value; std::optional<std::string> before, after; };
struct RenameEnumValue { ir::QualifiedName enumeration; std::string from, to; };
// A column whose type is (an array of) a recreated enum, with the defaults to lift and restore.
struct EnumColumn {
    ir::QualifiedName table;
    std::string column;
    int array_dimensions = 0;
    std::optional<std::string> default_value;
};
// Values removed or reordered: a new type replaces the old one and every column converts.
// `from`: the labels before, in their order; `enumeration` has the ones after.
struct RecreateEnum { ir::Enum enumeration; std::vector<EnumColumn> columns; std::vector<std::string> from; };

// Columns, primary key, unique, check and exclusion constraints; a partition: PARTITION OF. The
// table is the one in the IR planned to (plan_changes' `after`), not a copy: that IR must outlive
// the step. Its indexes and foreign keys are not part of the step (they are steps of their own).
struct CreateTable { const ir::Table* table; };
// ALTER TABLE parent ATTACH PARTITION partition FOR VALUES ... (rows are checked against the bound).
struct AttachPartition { ir::QualifiedName parent, partition; std::string bound; };
// ALTER TABLE parent DETACH PARTITION partition [CONCURRENTLY]: the rows stay in the detached
// table. `bound`: the one it had.
struct DetachPartition { ir::QualifiedName parent, partition; bool concurrently = false; std::string bound; };
struct DropTable { ir::QualifiedName name; };
struct RenameTable { ir::QualifiedName from; std::string to; };
struct SetTableComment { ir::QualifiedName table; std::optional<std::string> from, to; };
struct RenameSequence { ir::QualifiedName from; std::string to; };
// ALTER TABLE|INDEX ... SET (name = value, ...) and RESET (name, ...); `index` empty: the table.
// `from` and `to`: every parameter before and after; `set` and `reset`: what differs.
struct SetStorageParameters {
    ir::QualifiedName table;
    std::string index;
    ir::StorageParameters set;
    std::vector<std::string> reset;
    ir::StorageParameters from, to;
};
struct SetLogged { ir::QualifiedName table; bool unlogged = false; };  // SET LOGGED / SET UNLOGGED

struct AddColumn { ir::QualifiedName table; ir::Column column; };
struct DropColumn { ir::QualifiedName table; std::string column; };
struct RenameColumn { ir::QualifiedName table; std::string from, to; };
// `from` and `to` as each side declares them (`serial`); the SQL names a serial's integer type.
struct AlterColumnType {
    ir::QualifiedName table;
    std::string column;
    ir::Type from, to;
    std::optional<std::string> using_expression;  // when no assignment cast does it
    bool lift_default = false;                    // DROP DEFAULT first (it may not cast) ...
    std::optional<std::string> restore_default;   // ... and SET DEFAULT this after
};
// Sets (`to`) or drops (no `to`) a default. Which step owns a kept column's default is decided
// in one place, plan_columns.cpp `default_step`.
struct SetColumnDefault { ir::QualifiedName table; std::string column; std::optional<std::string> from, to; };
struct SetNotNull { ir::QualifiedName table; std::string column; };
struct DropNotNull { ir::QualifiedName table; std::string column; };
// Gives existing rows a value: UPDATE ... SET column = expr WHERE column IS NULL. With
// `batch_rows` 0, one UPDATE (inside the migration's transaction: plain DDL). Otherwise a DO
// block outside any transaction that fills the table in ranges of pages of about `batch_rows`
// rows, each committed on its own and reported as a NOTICE; it skips rows that have a value, so
// running it again after an interruption goes on where it stopped.
struct Backfill {
    ir::QualifiedName table;
    std::string column;
    std::string expression;
    int batch_rows = 0;
};
// While a batched backfill runs, rows the application inserts or updates without a value get
// one from a BEFORE INSERT OR UPDATE trigger, so the NOT NULL that follows holds for them too.
// `name` is both the trigger's and its function's (in the table's schema). `drop`: remove both.
struct BackfillTrigger {
    ir::QualifiedName table;
    std::string column;
    std::string expression;
    std::string name;
    bool drop = false;
};
struct AddIdentity { ir::QualifiedName table; std::string column; ir::Identity identity; };
// The bounds an identity's sequence keeps its values in.
struct SequenceRange { std::int64_t min = 0, max = 0; bool operator==(const SequenceRange&) const = default; };
struct AlterIdentity {
    ir::QualifiedName table;
    std::string column;
    ir::Identity from, to;
    // When the bounds narrow, the sequence (`sequence`, in the table's schema) is first moved
    // into them, as PostgreSQL refuses bounds its current value lies outside; when the new
    // bounds do not even overlap the old ones, they are first widened to take in both.
    std::string sequence;
    std::optional<SequenceRange> move_into, widen_to;
};
struct DropIdentity { ir::QualifiedName table; std::string column; ir::Identity from; };
struct DropExpression { ir::QualifiedName table; std::string column; std::string from; };  // generated -> plain
// A column becomes serial: its sequence (named as `serial` names it), owned by the column, set
// past the values the column holds, and its default. `from`: the column's type before; `to`:
// its serial type (the sequence is AS its integer type). UNLOGGED with an unlogged table, as
// PostgreSQL 15 makes a serial's sequence. A column that was nullable has its NULLs numbered
// from the sequence, as ADD COLUMN ... serial numbers rows.
struct CreateSerialSequence {
    ir::QualifiedName table;
    std::string column;
    std::string sequence;
    ir::Type from, to;
    bool unlogged = false;
    bool fill_nulls = false;
};
// serial <-> bigserial: the sequence's integer types before and after.
struct AlterSerialSequenceType { ir::QualifiedName sequence; ir::Type from, to; };
// A column stops being serial: its default, then its sequence. `from`: its serial type; `to`: its type after.
// `keep_sequence`: the schema declares that sequence itself now (`sequence NAME`), so it stays,
// as a free one (plan_sequences.cpp takes it from there), and only the default goes.
struct DropSerialSequence { ir::QualifiedName table; std::string column; std::string sequence; ir::Type from, to; bool keep_sequence = false; };
struct SetColumnComment { ir::QualifiedName table; std::string column; std::optional<std::string> from, to; };

using Constraint = std::variant<ir::PrimaryKey, ir::Unique, ir::Check, ir::ForeignKey, ir::Exclusion>;
struct AddConstraint {
    ir::QualifiedName table;
    Constraint constraint;
    bool not_valid = false;         // checked later by ValidateConstraint
    std::string using_index;        // primary key / unique made from an index built concurrently
};
struct DropConstraint { ir::QualifiedName table; std::string name; bool foreign_key = false; };
struct RenameConstraint { ir::QualifiedName table; std::string from, to; };
struct ValidateConstraint { ir::QualifiedName table; std::string name; };
// After the helper check `column IS NOT NULL` is validated: SET NOT NULL (no scan), drop the helper.
struct FinishNotNull { ir::QualifiedName table; std::string column; std::string check_name; };

// CREATE [UNIQUE] INDEX [CONCURRENTLY]. The index is the planned schema's own (`in_schema`: the
// plan refers into that IR, as CreateTable does, instead of copying every new table's indexes),
// or one the planner made itself (`made`: a key's index built concurrently before the key takes
// it over).
struct CreateIndex {
    ir::QualifiedName table;
    const ir::Index* in_schema = nullptr;
    ir::OptionalBox<ir::Index> made;
    bool concurrently = false;
    const ir::Index& index() const { return made ? *made : *in_schema; }
};
struct DropIndex { ir::QualifiedName index; bool concurrently = false; };
struct RenameIndex { ir::QualifiedName from; std::string to; };
// An index whose definition changes on a table that keeps its rows: the new definition is built
// CONCURRENTLY under `temporary_name`, the old index dropped CONCURRENTLY, the new one renamed,
// so the table is never without the index (nor a unique one without its rule).
struct ReplaceIndex { ir::QualifiedName table; ir::Index index; std::string temporary_name; };
// ALTER TABLE|TYPE ... SET SCHEMA: a table (with its indexes, constraints and owned sequences)
// or an enum moves to another schema, keeping its name.
struct SetSchema { ir::QualifiedName from; std::string schema; bool type = false; };

// Views and materialized views. A body is the IR's canonical SELECT text; a view's known output
// columns are written as its column list. A materialized view's indexes are CreateIndex/DropIndex
// steps on it (`table` names the view) and its comments are steps of their own.
// CREATE [MATERIALIZED] VIEW ... WITH (options) AS query [WITH NO DATA]: a materialized view is
// populated by running its query, unless declared `with no data`.
struct CreateView { ir::View view; };
struct DropView { ir::QualifiedName name; bool materialized = false; };
// CREATE OR REPLACE VIEW (plain views only): `to`'s body, columns and options take the place of
// `from`'s. Only where `from`'s columns are the leading columns of `to`, each computed as before
// (PostgreSQL keeps what reads the view); `to`'s options replace `from`'s whole set.
struct ReplaceView { ir::View from, to; };
// ALTER [MATERIALIZED] VIEW ... SET SCHEMA (when the schemas differ), then RENAME TO (when the names do).
struct RenameView { ir::QualifiedName from, to; bool materialized = false; };
// ALTER [MATERIALIZED] VIEW ... SET (name = value, ...) and RESET (name, ...): a view's options
// (check_option, security_barrier, security_invoker) or a materialized view's storage parameters.
// `from` and `to`: every option before and after; `set` and `reset`: what differs.
struct SetViewOptions {
    ir::QualifiedName view;
    bool materialized = false;
    ir::StorageParameters set;
    std::vector<std::string> reset;
    ir::StorageParameters from, to;
};
struct SetViewComment { ir::QualifiedName view; bool materialized = false; std::optional<std::string> from, to; };
struct SetViewColumnComment { ir::QualifiedName view; std::string column; std::optional<std::string> from, to; };
// REFRESH MATERIALIZED VIEW [CONCURRENTLY]: its query runs in full and its rows are replaced.
struct RefreshMaterializedView { ir::QualifiedName name; bool concurrently = false; };

// Functions and procedures, named in SQL by their identity (name and input types). A body reaches
// the database exactly as written; whether it changed is decided on its canonical form.
// Where a function's creation goes in the main file: before the tables when it needs none of
// them; with its SQL body unchecked (check_function_bodies off for that statement) when a table
// needs it and its body reads one (a cycle); after the tables and columns, or after the views,
// when PostgreSQL resolves what its body reads at creation.
// A body that counts on the caller's search path is created unchecked too: before the tables, or
// after them when its signature names a table's row type (which must exist even then).
enum class FunctionPlace { before_tables, before_tables_unchecked, after_tables, after_views, after_tables_unchecked };
struct CreateFunction { ir::Function function; FunctionPlace place = FunctionPlace::before_tables; };
// CREATE OR REPLACE: same identity, kind, return type, output columns and input names, no
// argument default removed (what PostgreSQL allows); `to`'s body and attributes replace `from`'s.
struct ReplaceFunction { ir::Function from, to; FunctionPlace place = FunctionPlace::before_tables; };
// `recreate`: dropped to be created again (after what calls it is lifted), else dropped for good
// (once whatever called it is gone).
struct DropFunction { ir::Function function; bool recreate = false; };
// ALTER FUNCTION|PROCEDURE ... SET SCHEMA (when the schemas differ), then RENAME TO (when the names do).
struct RenameFunction { ir::Function from; ir::QualifiedName to; };
struct SetFunctionComment { ir::Function function; std::optional<std::string> from, to; };

// Triggers on a table (or a view: `instead of`); `table` names it.
struct CreateTrigger { ir::QualifiedName table; ir::Trigger trigger; };
// CREATE OR REPLACE TRIGGER (PostgreSQL 14+), never for a constraint trigger.
struct ReplaceTrigger { ir::QualifiedName table; ir::Trigger from, to; };
struct DropTrigger { ir::QualifiedName table; std::string name; };
struct RenameTrigger { ir::QualifiedName table; std::string from, to; };
struct SetTriggerComment { ir::QualifiedName table; std::string trigger; std::optional<std::string> from, to; };
// A column default lifted before a function it calls is dropped and recreated (`to` empty), or
// set again after (`to`): it runs around the function's steps, not with other defaults.
struct SetDefaultAroundFunction { ir::QualifiedName table; std::string column; std::optional<std::string> from, to; };


// Row-level security and policies of a table (`table` names it at the moment the step runs).
struct SetRowLevelSecurity { ir::QualifiedName table; bool enabled = false; };   // ENABLE / DISABLE
struct SetForceRowLevelSecurity { ir::QualifiedName table; bool forced = false; };  // FORCE / NO FORCE
struct CreatePolicy { ir::QualifiedName table; ir::Policy policy; };
struct DropPolicy { ir::QualifiedName table; std::string name; };
struct RenamePolicy { ir::QualifiedName table; std::string from, to; };
// ALTER POLICY ... TO ... USING (...) WITH CHECK (...): the clauses of `to` that differ from `from`
// (same name, command and permissiveness; `to` removes no clause `from` has: PostgreSQL cannot).
struct AlterPolicy { ir::QualifiedName table; ir::Policy from, to; };
struct SetPolicyComment { ir::QualifiedName table; std::string policy; std::optional<std::string> from, to; };

// What a grant is on. Tables, views and materialized views are all `ON TABLE` in SQL; a schema
// is named by `name.schema` (its `name.name` empty); a function or procedure by its identity.
enum class AccessKind { table, view, materialized_view, sequence, schema, function };
struct AccessObject {
    AccessKind kind = AccessKind::table;
    ir::QualifiedName name;
    std::optional<ir::Function> function;  // functions and procedures: what names them in SQL
    bool operator==(const AccessObject&) const = default;
};
// GRANT privileges [(columns)] ON object TO grantee [WITH GRANT OPTION]: one grantee, one
// grant_option, every privilege of the step (object and column ones) in one statement.
struct GrantPrivileges { AccessObject object; std::string grantee; std::vector<ir::Grant> grants; bool grant_option = false; };
// REVOKE [GRANT OPTION FOR] privileges [(columns)] ON object FROM grantee: never REVOKE ALL.
struct RevokePrivileges { AccessObject object; std::string grantee; std::vector<ir::Grant> grants; bool grant_option_only = false; };
// ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT|REVOKE ... ON objects TO|FROM grantee.
struct DefaultPrivilegesTarget {
    std::string for_role;  // empty: the role that runs the migration
    std::string schema;    // empty: every schema
    ir::DefaultPrivilegeObjects objects = ir::DefaultPrivilegeObjects::tables;
    bool operator==(const DefaultPrivilegesTarget&) const = default;
};
struct GrantDefaultPrivileges { DefaultPrivilegesTarget target; std::string grantee; std::vector<std::string> privileges; bool grant_option = false; };
struct RevokeDefaultPrivileges { DefaultPrivilegesTarget target; std::string grantee; std::vector<std::string> privileges; bool grant_option_only = false; };

// A column's collation: ALTER COLUMN ... TYPE type COLLATE to (`type`: its type after; `to`
// empty: the type's default collation). No table rewrite, but its indexes are rebuilt.
struct SetColumnCollation { ir::QualifiedName table; std::string column; ir::Type type; std::string from, to; };
// ALTER COLUMN ... SET STATISTICS n (nullopt: -1, the default target).
struct SetColumnStatistics { ir::QualifiedName table; std::string column; std::optional<int> from, to; };
// ALTER TABLE ... REPLICA IDENTITY DEFAULT | FULL | NOTHING | USING INDEX name.
struct SetReplicaIdentity {
    ir::QualifiedName table;
    ir::ReplicaIdentity from = ir::ReplicaIdentity::default_, to = ir::ReplicaIdentity::default_;
    std::string from_index, to_index;
};
// Free-standing sequences (`sequence NAME ...`). CREATE SEQUENCE with its type and options, not
// OWNED BY: the owning column may not exist yet (SetSequenceOwner follows once it does).
struct CreateSequence { ir::Sequence sequence; };
// `owner_dropped`: its owning column or table is dropped in this plan, which drops it too.
struct DropSequence { ir::QualifiedName name; bool owner_dropped = false; };
// ALTER SEQUENCE ... AS, INCREMENT BY, MINVALUE, MAXVALUE, START WITH, CACHE, [NO] CYCLE: each
// that differs, never RESTART (the next value stays where it is).
struct AlterSequence { ir::QualifiedName name; ir::Type from_type, to_type; ir::SequenceOptions from, to; };
// ALTER SEQUENCE ... OWNED BY table.column | NONE. `release`: OWNED BY NONE early, before the old
// owning column is dropped (which would drop the sequence with it).
struct SequenceOwner {
    std::optional<ir::QualifiedName> table;
    std::string column;
    bool operator==(const SequenceOwner&) const = default;
};
struct SetSequenceOwner { ir::QualifiedName name; SequenceOwner from, to; bool release = false; };
struct SetSequenceComment { ir::QualifiedName name; std::optional<std::string> from, to; };
// Domains (ALTER DOMAIN) and composite types (ALTER TYPE); `domain` / `type` names the object at
// the moment the step runs. CREATE DOMAIN carries its collation, default, NOT NULL and checks.
struct CreateDomain { ir::Domain domain; };
struct DropDomain { ir::QualifiedName name; };
// ALTER DOMAIN ... SET SCHEMA (when the schemas differ), then RENAME TO (when the names do).
struct RenameDomain { ir::QualifiedName from, to; };
struct SetDomainDefault { ir::QualifiedName domain; std::optional<std::string> from, to; };  // no `to`: DROP DEFAULT
struct SetDomainNotNull { ir::QualifiedName domain; bool not_null = false; };  // SET / DROP NOT NULL
// ADD CONSTRAINT ... CHECK, NOT VALID when `not_valid` (validated by ValidateDomainCheck, or left
// unvalidated when the schema allows it).
struct AddDomainCheck { ir::QualifiedName domain; ir::Check check; bool not_valid = false; };
struct DropDomainCheck { ir::QualifiedName domain; std::string name; };
struct RenameDomainCheck { ir::QualifiedName domain; std::string from, to; };
struct ValidateDomainCheck { ir::QualifiedName domain; std::string name; };
struct SetDomainComment { ir::QualifiedName domain; std::optional<std::string> from, to; };
// A domain whose base type or collation changes, which ALTER DOMAIN cannot do: the old domain is
// renamed out of the way, the new one created, every column of it converted through the new base
// type (`USING col::base`, its default lifted and set again), and the old one dropped. `from`:
// the base type before.
struct RecreateDomain { ir::Domain domain; std::vector<EnumColumn> columns; ir::Type from; };
struct CreateCompositeType { ir::CompositeType type; };
struct DropCompositeType { ir::QualifiedName name; };
// ALTER TYPE ... SET SCHEMA (when the schemas differ), then RENAME TO (when the names do).
struct RenameCompositeType { ir::QualifiedName from, to; };
struct AddAttribute { ir::QualifiedName type; ir::CompositeAttribute attribute; };
struct DropAttribute { ir::QualifiedName type; std::string attribute; };
struct RenameAttribute { ir::QualifiedName type; std::string from, to; };
// ALTER TYPE ... ALTER ATTRIBUTE ... TYPE (with its collation): only where no table column stores the type.
struct AlterAttributeType { ir::QualifiedName type; std::string attribute; ir::Type from, to; std::string collation; };
struct SetCompositeTypeComment { ir::QualifiedName type; std::optional<std::string> from, to; };

// clang-format on

// Each kind in a box of its own size (BoxedVariant): a step is small whatever its kind.
using Change = BoxedVariant<
    CreateSchema, DropSchema, SetSchemaComment, CreateExtension, DropExtension, AlterExtension, CreateEnum, DropEnum,
    RenameEnum, AddEnumValue, RenameEnumValue, RecreateEnum, CreateTable, DropTable, RenameTable, SetTableComment,
    RenameSequence, AddColumn, DropColumn, RenameColumn, AlterColumnType, SetColumnDefault, SetNotNull, DropNotNull,
    Backfill, AddIdentity, AlterIdentity, DropIdentity, DropExpression, CreateSerialSequence, AlterSerialSequenceType,
    DropSerialSequence, SetColumnComment, AddConstraint, DropConstraint, RenameConstraint, ValidateConstraint,
    FinishNotNull, CreateIndex, DropIndex, RenameIndex, SetStorageParameters, SetLogged, BackfillTrigger, ReplaceIndex,
    SetSchema, CreateView, DropView, ReplaceView, RenameView, SetViewOptions, SetViewComment, SetViewColumnComment,
    RefreshMaterializedView, CreateFunction, ReplaceFunction, DropFunction, RenameFunction, SetFunctionComment,
    CreateTrigger, ReplaceTrigger, DropTrigger, RenameTrigger, SetTriggerComment, SetDefaultAroundFunction,
    SetRowLevelSecurity, SetForceRowLevelSecurity, CreatePolicy, DropPolicy, RenamePolicy, AlterPolicy,
    SetPolicyComment, GrantPrivileges, RevokePrivileges, GrantDefaultPrivileges, RevokeDefaultPrivileges,
    AttachPartition, DetachPartition, SetColumnCollation, SetColumnStatistics, SetReplicaIdentity, CreateSequence,
    DropSequence, AlterSequence, SetSequenceOwner, SetSequenceComment, CreateDomain, DropDomain, RenameDomain,
    SetDomainDefault, SetDomainNotNull, AddDomainCheck, DropDomainCheck, RenameDomainCheck, ValidateDomainCheck,
    SetDomainComment, RecreateDomain, CreateCompositeType, DropCompositeType, RenameCompositeType, AddAttribute,
    DropAttribute, RenameAttribute, AlterAttributeType, SetCompositeTypeComment>;

// Which migration file a step goes in, in the order the files run.
enum class Phase {
    enum_values,  // ALTER TYPE ... ADD VALUE: committed before anything can use the new values
    main,         // everything transactional
    backfill,     // -- schemac:no-transaction: batched backfills, each batch committed on its own
    concurrent,   // -- schemac:no-transaction: CREATE/DROP INDEX CONCURRENTLY and what needs them
    validate,     // VALIDATE CONSTRAINT in a later transaction than the NOT VALID add
};
inline constexpr Phase phases_in_order[] = {Phase::enum_values, Phase::main, Phase::backfill, Phase::concurrent,
                                            Phase::validate};
// The phases whose files run statement by statement, outside a transaction.
constexpr bool runs_outside_transaction(Phase phase) { return phase == Phase::backfill || phase == Phase::concurrent; }

enum Hazard : unsigned {
    data_loss = 1u << 0,
    table_rewrite = 1u << 1,
    access_exclusive_lock = 1u << 2,
    index_build = 1u << 3,
    validation_scan = 1u << 4,
    full_table_update = 1u << 5,  // every existing row is updated (a backfill)
    view_refresh = 1u << 6,       // a materialized view's query runs in full to fill it
};
// A visit over a Change with one lambda per kind.
template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

std::vector<std::string_view> hazard_list(unsigned hazards);  // {"DATA LOSS", "TABLE REWRITE"}
std::string hazard_names(unsigned hazards);                   // "DATA LOSS, TABLE REWRITE"
std::string_view phase_name(Phase phase);                     // "main", "concurrent", ...
std::string_view change_kind(const Change& change);           // "add_column", "create_index", ...
// Whether a change is about who may see what (row-level security, policies, grants, default
// privileges): the migration header lists those in a section of their own.
bool is_access_change(const Change& change);

struct Step {
    Change change;
    Phase phase = Phase::main;
    unsigned hazards = 0;
    // "+ table requests", "~ column users.full_name renamed from name"; empty: part of the step before.
    std::string title;
    Span origin;  // the .schema declaration that caused it, when there is one
    // What a DATA LOSS step loses, as --allow-data-loss names it: `users.legacy_note` (a
    // column), `archive` (a table), `billing.invoice_state` (an enum), `state.shipped` (a value).
    std::vector<std::string> lost;
};

}  // namespace schemac::plan
