// The lowering pass's one class, shared by the files of compiler/lower/ (one per kind of
// declaration, and lower.cpp for the pass's order and what runs after all tables). Not for use
// outside this folder: lower.hpp is the entry point.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/source/diagnostics.hpp"
#include "compiler/sql/select_reads.hpp"
#include "compiler/syntax/syntax.hpp"

namespace schemac::lowering {

using syntax::Directive;

// What the directives on one declaration say.
struct Directives {
    std::optional<std::string> was;
    std::optional<std::string> was_schema;  // tables and enums: @was(schema.old_name)
    std::optional<std::string> backfill;
    std::optional<int> backfill_batch;
    std::optional<std::string> using_expression;  // @using(expr) on a column
};

// What a directive is written on: which directives it may carry.
enum class Target {
    table,
    column,
    enumeration,
    enum_value,
    index,
    constraint,
    view,
    function,
    trigger,
    policy,
    sequence,
    domain,
    composite_type,
    attribute
};

// Sequence options as the IR keeps them: those equal to PostgreSQL's defaults for `type` left
// unset (lower_tables.cpp).
ir::SequenceOptions lower_sequence(const syntax::SequenceOptions& in, const ir::Type& type);

class Lowering {
public:
    Lowering(const SourceSet& sources, Diagnostics& diagnostics) : sources_(sources), diagnostics_(diagnostics) {}

    // A file's declarations, in order, each as soon as it is parsed (begin_file first): a table
    // that needs nothing declared elsewhere is lowered now (and its syntax freed), the rest is
    // kept for finish().
    void expect_tables(std::size_t count);
    void begin_file(std::uint32_t file);
    void add_declaration(syntax::Declaration&& declaration);
    // Everything kept, in the pass's order; then what runs once every table is lowered.
    ir::Database finish();

private:
    const SourceSet& sources_;
    Diagnostics& diagnostics_;
    ir::Database db_;
    std::set<ir::QualifiedName> enum_names_;
    // Domains and composite types, collected from the declarations up front: a type may use
    // one declared after it.
    std::set<ir::QualifiedName> user_type_names_;
    bool user_type_declared(const ir::QualifiedName& name) const {
        return enum_names_.count(name) > 0 || user_type_names_.count(name) > 0;
    }
    std::set<std::string> extension_names_;
    // Where each declared extension lives (no schema: wherever CREATE EXTENSION puts it).
    std::map<std::string, std::optional<std::string>> extension_schemas_;
    ir::Type resolve_extension_type(const syntax::Type& t, ir::Type out);
    const std::string public_schema_ = "public";

    // Unnamed constraints and indexes, named once every explicit name is known.
    // 12 bytes: a large schema has one for nearly every key and index.
    struct Unnamed {
        enum Kind : std::uint8_t { primary_key, unique, check, foreign_key, index, exclusion };
        Unnamed(std::size_t table, Kind kind, std::size_t position)
            : table(static_cast<std::uint32_t>(table)), kind(kind), position(static_cast<std::uint32_t>(position)) {}
        std::uint32_t table;
        Kind kind;
        std::uint32_t position;  // index into the table's vector of that kind
    };
    std::vector<Unnamed> unnamed_;

    ir::Origin origin(Span span) const { return ir::Origin{span, Span{}}; }

    // -------------------------------------------------------------- directives (lower_directives.cpp)
    Directives lower_directives(const std::vector<Directive>& directives, Target target);

    // @backfill_batch(rows): how many rows each committed batch of a backfill fills.
    void lower_backfill_batch(const Directive& d, Target target, Directives& out);

    static std::string trim(std::string_view text);

    // -------------------------------------------------------------- SQL expressions (lower_expressions.cpp)
    // A subquery is refused unless `subqueries` (policies may look rows up; checks and defaults may not).
    std::optional<std::string> lower_expression(const syntax::Expression& expression, std::string_view role,
                                                bool subqueries = false);

    // -------------------------------------------------------------- schemas, extensions, enums (lower_declarations.cpp)
    void lower_schema(const syntax::Schema& s);

    void lower_extension(const syntax::Extension& x);

    static ir::QualifiedName qualified(const syntax::QualifiedName& name);

    void lower_enum(const syntax::Enum& e);

    // -------------------------------------------------------------- sequences (lower_sequences.cpp)
    void lower_free_sequence(const syntax::Sequence& q);
    // `owned by`: the table in the sequence's own schema first, then public (as references).
    void resolve_sequence_owners();
    // A free sequence that is exactly what `serial` makes for the column that owns it and takes
    // its default from it is that column's: the column becomes serial (as a database read says).
    // Once tables are sorted, before grants are lowered.
    void fold_serial_sequences();
    std::map<ir::QualifiedName, const syntax::Sequence*> sequence_syntax_;
    // -------------------------------------------------------------- domains, composite types (lower_user_types.cpp)
    void collect_user_type_names(const std::vector<syntax::File>& files);
    void lower_domain(const syntax::Domain& d);
    void lower_composite_type(const syntax::CompositeType& t);
    std::string lower_collation(const syntax::QualifiedName& collation) const;

    // -------------------------------------------------------------- types (lower_types.cpp)
    // The declared enum closest to a misspelt type name (public ones unqualified, as written).
    std::optional<std::string> similar_enum(std::string_view written) const;

    ir::Type resolve_type(const syntax::Type& t, const std::string& table_schema);
    // The built-in type `t` names (unquoted, unqualified), canonical; nullopt for any other.
    std::optional<ir::Type> builtin_type(const syntax::Type& t);
    static std::optional<ir::Type> builtin_type_uncached(const syntax::Type& t);
    std::map<std::string, std::optional<ir::Type>, std::less<>> builtin_types_;  // by spelling with parameters

    // -------------------------------------------------------------- lowering file by file (lower.cpp)
    // What was kept of each file: every declaration but the tables lowered when it was added.
    std::vector<syntax::File> kept_;
    // Where each kept table goes in db_.tables (declaration order), in the order they were kept.
    std::vector<std::size_t> kept_table_slots_;
    // A column of a table lowered early whose type names something declared elsewhere (an enum,
    // a domain, an extension's type): resolved by finish() once every declaration is known.
    struct PendingType {
        std::size_t table;
        std::size_t column;
        syntax::Type type;
    };
    std::vector<PendingType> pending_types_;
    // Whether a table can be lowered before the other files are read: no partitioning, policies
    // or grants, no reference resolved by the tables declared elsewhere, an identity column's
    // type built in.
    bool lowerable_alone(const syntax::Table& t) const;
    void resolve_pending_types();

    // -------------------------------------------------------------- tables (lower_tables.cpp)
    // Into db_.tables[slot]. `alone`: types that are not built in are left to resolve_pending_types().
    void lower_table(const syntax::Table& t, std::size_t slot, bool alone);

    static std::vector<std::string> values(const std::vector<syntax::Name>& names);

    ir::Column lower_column(const syntax::Column& c, const std::string& schema, bool resolve_type_now);

    std::optional<std::string> lower_default(const syntax::Expression& e);

    ir::ForeignKey lower_reference(const syntax::Reference& r, const std::string& schema);

    // INITIALLY DEFERRED makes a key deferrable, as in PostgreSQL.
    template <class Key>
    static void lower_timing(const syntax::KeyTiming& timing, Key& key);

    // A reference may name a table declared later: the tables that need such names are kept
    // for finish(), when every declaration's name has been noted.
    std::set<ir::QualifiedName> declared_tables_;
    bool table_declared_in(const ir::QualifiedName& name) const { return declared_tables_.count(name) > 0; }

    void note_table_name(const syntax::Table& t);

    // -------------------------------------------------------------- partitioning (lower_partitions.cpp)
    struct DeclaredPartitioning {
        ir::PartitionStrategy strategy;
        std::size_t key_size;
    };
    std::map<ir::QualifiedName, DeclaredPartitioning> partitioned_tables_;  // collected up front
    void collect_partitioning(const syntax::Table& t);
    ir::QualifiedName partition_parent_name(const syntax::QualifiedName& parent, const std::string& schema) const;
    void lower_partitioning(const syntax::Table& t, ir::Table& table);
    void lower_partition_of(const syntax::Table& t, ir::Table& table);
    void unique_keys_cover_partition_key(const ir::Table& table, const syntax::Table& t);

private:
    ir::Index lower_index(const syntax::Index& index);

    // Adds a `with (...)` clause's parameters to `out`: each name once, and (on a table or an
    // index of a built-in method) one PostgreSQL 15 knows for `relation`.
    void lower_storage(const syntax::StorageClause& clause, const std::string& relation, const std::string& what,
                       ir::StorageParameters& out);

    static std::string qualified_text(const syntax::QualifiedName& name);

    // -------------------------------------------------------------- table clauses (lower_table_clauses.cpp)
    ir::Exclusion lower_exclusion(const syntax::Exclusion& x);
    void lower_replica_identity(const syntax::ReplicaIdentity& r, ir::Table& table);
    // `collate`, `statistics` of a column.
    void lower_column_clauses(const syntax::Column& c, ir::Column& out);

    // -------------------------------------------------------------- views (lower_views.cpp)
    void lower_view(const syntax::View& v);
    void lower_view_options(const syntax::StorageClause& clause, ir::View& view, const std::string& shown);
    void add_view_option(ir::View& view, const std::string& name, const std::string& value, Span span);
    void view_column_comment(ir::View& view, const syntax::ViewColumnComment& column, const std::string& shown);
    // The output columns: the alias list, then the names the query gives the rest.
    void view_columns(ir::View& view, const syntax::View& v, const ColumnsOf& columns_of);
    // Once every view is lowered: each view's columns (a view's after those of the views it
    // reads), then the comments on them.
    void derive_view_columns();
    struct PendingView {
        const syntax::View* syntax;
        bool query_known;  // the query parsed and is one query
        bool visiting, done;
    };
    std::vector<PendingView> pending_views_;  // beside db_.views until they are sorted

    // -------------------------------------------------------------- functions, triggers (lower_routines.cpp, lower_triggers.cpp)
    void lower_routine(const syntax::Routine& r);
    // A type of libpg_query's TypeName node (an argument's, a result's): canonical, no modifiers.
    ir::Type routine_type(const nlohmann::json& type_name, Span span, const std::string& schema);
    ir::Trigger lower_trigger(const syntax::Trigger& t, const std::string& shown, bool on_view);

    // -------------------------------------------------------------- access (lower_access.cpp, lower_grants.cpp)
    std::map<std::string, Span> declared_roles_;  // every `role` declaration, collected up front
    void lower_role(const syntax::Role& r);
    // Whether `grantee` may receive privileges or a policy here: `public` (when `public_allowed`)
    // or a declared role; reports it when not.
    bool check_grantee(const syntax::Grantee& grantee, bool public_allowed, std::string_view where);
    void lower_policy(const syntax::Policy& p, ir::Table& table);
    // One privilege as written, for every grantee, appended to `out`: `all` expanded to the
    // object's privileges, a column list to one grant per column (each checked against `columns`).
    void lower_privilege(const syntax::Privilege& privilege, const std::vector<syntax::Grantee>& grantees,
                         bool grant_option, std::string_view kind, const std::vector<std::string>* columns,
                         const std::string& shown, std::vector<ir::Grant>& out);
    // Top-level grants, the revoke of PUBLIC's execute and default privileges, once every object is
    // lowered and sorted; then PUBLIC's execute on functions, sorting and duplicates of every grant list.
    void lower_access(const std::vector<syntax::File>& files);
    void lower_grant(const syntax::Grant& g, std::set<ir::FunctionKey>& revoked);
    void lower_default_privileges(const syntax::DefaultPrivileges& d);
    const ir::Function* grant_function(const syntax::GrantTarget& target, bool procedure);
    void finish_grants();

    // -------------------------------------------------------------- after all tables (lower.cpp)
    void add_used_schemas();

    void sort_by_name();

    // Names the way PostgreSQL would: relation names (tables, indexes, the indexes behind
    // primary keys and unique constraints) are unique per schema, as are constraint names here.
    void name_unnamed_objects();

    // `references users` without columns means users' primary key.
    void resolve_implicit_references();
};

}  // namespace schemac::lowering
