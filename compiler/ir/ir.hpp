// The IR: one plain-value model of a database schema, produced alike by lowering .schema
// files, by reading a snapshot, and by introspecting a live database.
//
// Promises:
//  - Everything is normalised: names are PostgreSQL's (unquoted names folded to lower case),
//    types use PostgreSQL's canonical spelling (`integer`, `character varying(50)`,
//    `timestamp with time zone`), SQL expressions are libpg_query's canonical text, implicit
//    constraint and index names are filled in as PostgreSQL would choose them.
//  - Order carries no meaning except where PostgreSQL gives it one: schemas, extensions,
//    enums, tables and views are sorted by name, as are constraints and indexes inside a table
//    or materialized view; columns, view columns and enum values keep their declared order.
//  - `Origin` says where a declaration came from, for diagnostics. It never takes part in
//    equality, and snapshots and introspection leave it unknown.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

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
    std::string schema;                  // empty for built-in and extension types
    std::string name;                    // canonical, e.g. "character varying"
    std::vector<std::string> modifiers;  // e.g. {"12", "2"} for numeric(12,2)
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

struct Column {
    std::string name;
    Type type;
    bool not_null = false;
    std::optional<std::string> default_value;  // canonical SQL
    std::optional<Identity> identity;
    std::optional<std::string> generated;  // canonical SQL of a stored generated column
    std::optional<std::string> comment;
    std::optional<std::string> was;       // @was(old name)
    std::optional<std::string> backfill;  // @backfill(expr), canonical SQL
    std::optional<int> backfill_batch;    // @backfill_batch(rows): rows per committed batch of the fill
    Origin origin;
    bool operator==(const Column&) const = default;
};

struct PrimaryKey {
    std::string name;
    std::vector<std::string> columns;
    std::optional<std::string> was;
    Origin origin;
    bool deferrable = false;          // DEFERRABLE
    bool initially_deferred = false;  // INITIALLY DEFERRED (implies deferrable)
    bool operator==(const PrimaryKey&) const = default;
};

struct Unique {
    std::string name;
    std::vector<std::string> columns;
    bool nulls_not_distinct = false;
    std::optional<std::string> was;
    Origin origin;
    bool deferrable = false;          // DEFERRABLE
    bool initially_deferred = false;  // INITIALLY DEFERRED (implies deferrable)
    bool operator==(const Unique&) const = default;
};

struct Check {
    std::string name;
    std::string expression;  // canonical SQL
    std::optional<std::string> was;
    Origin origin;
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
    std::optional<std::string> was;
    Origin origin;
    bool operator==(const ForeignKey&) const = default;
};

struct IndexElement {
    std::string column;      // set for a plain column ...
    std::string expression;  // ... or this, canonical SQL
    std::string collation;   // empty: the column's
    std::string opclass;     // empty: the type's default
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
    std::optional<std::string> was;
    Origin origin;
    StorageParameters storage;
    bool operator==(const Index&) const = default;
};

struct Table {
    QualifiedName name;
    std::vector<Column> columns;
    std::optional<PrimaryKey> primary_key;
    std::vector<Unique> uniques;
    std::vector<Check> checks;
    std::vector<ForeignKey> foreign_keys;
    std::vector<Index> indexes;
    std::optional<std::string> comment;
    std::optional<std::string> was;
    std::optional<std::string> was_schema;  // @was(schema.old_name): the schema it moves from
    Origin origin;
    bool unlogged = false;  // UNLOGGED: not written to the WAL, emptied after a crash
    StorageParameters storage;
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
    bool with_no_data = false;   // materialized: created WITH NO DATA. How it is created, not what it
                                 // is: never a change by itself (a REFRESH fills it).
    std::vector<Index> indexes;  // materialized views only
    std::optional<std::string> comment;
    std::optional<std::string> was;
    std::optional<std::string> was_schema;  // @was(schema.old_name): the schema it moves from
    Origin origin;
    bool operator==(const View&) const = default;
};

struct Database {
    std::vector<Schema> schemas;  // every schema the project manages, `public` included when used
    std::vector<Extension> extensions;
    std::vector<Enum> enums;
    std::vector<Table> tables;
    std::vector<View> views;
    bool operator==(const Database&) const = default;
};

// Look-ups by name (linear in the number of objects of that kind; callers that loop build maps).
const Table* find_table(const Database& db, const QualifiedName& name);
const Enum* find_enum(const Database& db, const QualifiedName& name);
const View* find_view(const Database& db, const QualifiedName& name);
const Column* find_column(const Table& table, std::string_view name);

std::string display_name(const QualifiedName& name);  // "users", "billing.invoices"

}  // namespace schemac::ir
