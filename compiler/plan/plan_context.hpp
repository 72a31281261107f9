// Inside the planner: the matching of `before` to `after` objects (renames declared by @was,
// pairs by name), and the PlanContext every planning pass shares: both IRs, the options, what
// was matched, and the plan it collects steps and refusals into. Shared by the planner's
// files (planner.cpp, plan_enums.cpp, plan_columns.cpp, plan_keys.cpp, plan_table_settings.cpp, plan_views.cpp,
// plan_functions.cpp, plan_triggers.cpp, plan_policies.cpp, plan_access.cpp); not used elsewhere.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/plan/plan.hpp"

namespace schemac::plan {

using Renames = std::vector<std::pair<std::string, std::string>>;  // old name -> new name

// A table that exists before and after (perhaps renamed), and how its columns pair up.
struct TablePair {
    const ir::Table* before = nullptr;
    const ir::Table* after = nullptr;
    Renames column_renames;
    // For each column of `after`, by its position: the column of `before` it keeps (the same name,
    // or the one its @was names), or nullptr for an added column. (A map by name held 60,000
    // nodes at 5,000 tables.) Made by pair_columns, which the planner runs first for every pair.
    std::vector<const ir::Column*> kept_from;
    // The column of `before` that the column of `after` called `name` keeps; nullptr for none.
    const ir::Column* kept_from_named(std::string_view name) const {
        const ir::Column* c = ir::find_column(*after, name);
        return c ? kept_from[static_cast<std::size_t>(c - after->columns.data())] : nullptr;
    }
    std::set<std::string> new_columns;           // after names of added columns
    std::set<std::string> dropped_columns;       // before names
    std::set<std::string> rebuilt_columns;       // after names: dropped and added again (generated expression)
    std::set<std::string> retyped_enum_columns;  // after names: converted to a recreated enum
};

class PlanContext {
public:
    PlanContext(const ir::Database& before, const ir::Database& after, const PlanOptions& options)
        : before(before), after(after), options(options) {}

    const ir::Database& before;
    const ir::Database& after;
    const PlanOptions& options;
    Plan plan;

    std::map<ir::QualifiedName, ir::QualifiedName> table_renames;  // before name -> after name
    std::map<ir::QualifiedName, ir::QualifiedName> enum_renames;   // before name -> after name
    // Domains and composite types renamed or moved by @was: before name -> after name.
    std::map<ir::QualifiedName, ir::QualifiedName> user_type_renames;
    std::map<ir::QualifiedName, TablePair> pairs;  // by after name
    // Tables of `after` that `before` has not (in name order, as `after` keeps them).
    std::vector<const ir::Table*> new_tables;
    std::vector<const ir::Table*> dropped_tables;  // before tables
    std::set<ir::QualifiedName> recreated_enums;   // after names
    // Keys (table after name, constraint or index name) that are dropped or built concurrently
    // in this plan: foreign keys that lean on them must follow.
    std::set<std::pair<ir::QualifiedName, std::string>> dropped_keys, concurrent_keys;
    // Functions of `before` dropped and created again in this plan (a changed return type or
    // signature), with why: what calls them is dropped before and made again after
    // (plan_functions.cpp; views in plan_views.cpp, triggers in plan_triggers.cpp).
    std::map<ir::FunctionKey, std::string> recreated_functions;
    std::map<ir::FunctionKey, ir::FunctionKey> function_renames;  // before key -> after key (@was)

    Step& add(Change change, std::string title, Span origin = {}, unsigned hazards = 0, Phase phase = Phase::main);
    // A step that loses `lost` (see Step::lost): refused (an error at `origin`) unless every one
    // is allowed. `help` defaults to running again with data_loss_flag(lost); `directive` is the
    // @was the help suggests, for editors to write.
    Step& add_data_loss(Change change, std::string title, Span origin, std::vector<std::string> lost,
                        std::string message, std::string help = {},
                        std::optional<DirectiveFix> directive = std::nullopt);

    // `@was(old)` where both `old` and `name` exist in `before`: an error.
    void was_conflict(std::string_view kind, std::string_view name, std::string_view old_name, Span origin);
    // `@was(old)` on an object that is added, where `before` has no `old`: an error when an object
    // of the same kind with a similar name is dropped in this plan (a mistyped old name would turn
    // a rename into a drop and an add); else nothing (the rename may have been applied already).
    // `dropped` are the names of the dropped objects; `qualifier` is written before a suggested name.
    void was_names_nothing(std::string_view kind, std::string_view name, std::string_view old_name,
                           const std::vector<std::string_view>& dropped, Span origin, std::string_view qualifier = {});

    bool is_new_table(const ir::QualifiedName& after_name) const;
    ir::QualifiedName after_table_name(const ir::QualifiedName& before_name) const;
    ir::Type after_type(const ir::Type& before_type) const;  // through enum renames
    const TablePair* pair_for(const ir::QualifiedName& after_name) const;
    // Whether indexes and keys of table `after_name` may be built concurrently (a partitioned
    // table's may not: PostgreSQL builds them on each partition itself) (plan_partitions.cpp).
    bool concurrent_on(const ir::QualifiedName& after_name) const;
    // Whether a foreign key of table `after_name` may be added NOT VALID (not on a partitioned table).
    bool not_valid_foreign_key_on(const ir::QualifiedName& after_name) const;
};

// The matching passes, then the steps per kind of object, in planner.cpp and its neighbours.
void match_tables(PlanContext& ctx);
void match_enums(PlanContext& ctx);
void plan_schemas_and_extensions(PlanContext& ctx);
void plan_enums(PlanContext& ctx);
// Domains and composite types: renames matched before the tables' columns are planned (a column of
// a renamed type keeps it), their steps once the enums are planned (plan_user_types.cpp).
void match_user_types(PlanContext& ctx);
void plan_user_types(PlanContext& ctx);
void plan_new_and_dropped_tables(PlanContext& ctx);
// A kept table whose schema or name changes: SET SCHEMA, then RENAME in its new schema.
void rename_or_move_table(PlanContext& ctx, const ir::QualifiedName& from, const ir::Table& to);
void plan_columns(PlanContext& ctx, TablePair& pair);
void plan_keys_and_indexes(PlanContext& ctx, TablePair& pair);
// The indexes of a kept table or materialized view named `table` (after name); `pair` says which
// columns are renamed, rebuilt or converted (nothing, for a materialized view).
void plan_indexes(PlanContext& ctx, const TablePair& pair, const ir::QualifiedName& table,
                  const std::vector<ir::Index>& before, const std::vector<ir::Index>& after);
// Functions and procedures, once every table, column and enum change is planned, before the views
// (which are recreated around a recreated function they call) (plan_functions.cpp).
void plan_functions(PlanContext& ctx);
// Views and materialized views, once every table, column and enum change is planned (plan_views.cpp).
void plan_views(PlanContext& ctx);
// Triggers of tables and views, once the views are planned (a recreated view's come again) (plan_triggers.cpp).
void plan_triggers(PlanContext& ctx);
// Row-level security and policies of tables, once functions and views are planned (a policy is
// made again around a recreated function or view it uses) (plan_policies.cpp).
void plan_policies(PlanContext& ctx);
// Grants and default privileges of managed roles, once every object's creation, recreation and
// rename is planned (a recreated object gets its grants back) (plan_access.cpp).
void plan_access(PlanContext& ctx);
void plan_foreign_keys(PlanContext& ctx);
// Partitions of kept tables: a changed bound or parent is DETACH + ATTACH; a table that turns
// partitioned (or back) is refused with the migration path (plan_partitions.cpp).
void plan_partitions(PlanContext& ctx);
// Before a partition of a kept table is dropped: DETACH it (CONCURRENTLY, in the no-transaction
// file, where that is safe); returns the phase its DROP TABLE goes in.
Phase detach_dropped_partition(PlanContext& ctx, const ir::Table& partition);
// Tables in the order partition trees allow: parents before their partitions (`parents_first`),
// or partitions before their parents.
std::vector<const ir::Table*> in_partition_order(const ir::Database& db, std::vector<const ir::Table*> tables,
                                                 bool parents_first);
// Free-standing sequences, once the columns are planned (a column that stops being serial may
// leave its sequence to one `after` declares) (plan_sequences.cpp).
void plan_sequences(PlanContext& ctx);
// Warnings: foreign-key columns that stay narrower than the integer key they reference, which
// this plan widens (plan_key_width.cpp).
void warn_narrower_references(PlanContext& ctx);
// Storage parameters of a kept table or index (`index` empty: the table), and persistence.
void plan_storage(PlanContext& ctx, const ir::QualifiedName& table, const std::string& index,
                  const ir::StorageParameters& before, const ir::StorageParameters& after, Span origin);
void plan_persistence(PlanContext& ctx);
// A column's collation and statistics target (`old`: none for a column the plan creates) and a
// table's replica identity (`before`: none for a new table) (plan_table_clauses.cpp).
void plan_column_clauses(PlanContext& ctx, const ir::QualifiedName& table, const ir::Column* old, const ir::Column& c,
                         bool type_changes);
void plan_replica_identity(PlanContext& ctx, const ir::Table* before, const ir::Table& after);
// The parameters to SET (new or changed) and to RESET (gone) to turn `before` into `after`.
void changed_parameters(const ir::StorageParameters& before, const ir::StorageParameters& after,
                        ir::StorageParameters& set, std::vector<std::string>& reset);
void sort_steps(std::vector<Step>& steps);

// `--allow-data-loss users.legacy_note`: what accepts exactly these losses.
std::string data_loss_flag(const std::vector<std::string>& lost);
// Errors for names of PlanOptions::allowed_losses that no step of the plan loses.
void check_allowed_losses(PlanContext& ctx);

// Shared display helpers for step titles.
std::string table_title(const ir::QualifiedName& table);
std::string column_title(const ir::QualifiedName& table, std::string_view column);
// "~ view b renamed from a", "~ function billing.f(integer) moved from schema public": `what` is
// the object as titled under its new name.
std::string rename_title(std::string_view what, const ir::QualifiedName& from, const ir::QualifiedName& to);

}  // namespace schemac::plan
