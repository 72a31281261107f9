// The one rank function that orders a plan's steps inside each migration file, and why.
#include <algorithm>

#include "compiler/plan/plan_context.hpp"

namespace schemac::plan {
namespace {

// Where a function's creation (or replacement) goes: before the tables (13.5), after the tables,
// columns and identities (24.5: an SQL body reading them is resolved at creation), after the
// views (27.5: one reading a view). A default set again around a recreated function follows
// all of them (27.6).
double function_rank(FunctionPlace place) {
    switch (place) {
        case FunctionPlace::before_tables:
        case FunctionPlace::before_tables_unchecked: return 13.5;
        case FunctionPlace::after_tables:
        case FunctionPlace::after_tables_unchecked: return 24.5;
        case FunctionPlace::after_views: return 27.5;
    }
    return 13.5;
}

// Domains and composite types. Renames with the other renames; a check, NOT NULL or default that
// goes, before anything else changes; new types after the enums (a domain may be based on one)
// and before the functions and tables that use them (domains before composite types, whose
// attributes may be domains; the planner adds each kind in dependency order); new checks and
// NOT NULL once columns hold their final values; drops once no column, function or other type
// uses them, before the enums they may use (composite types before the domains they contain).
double user_type_rank(const RenameDomain&) { return 3.0; }
double user_type_rank(const RenameCompositeType&) { return 3.0; }
double user_type_rank(const RenameAttribute&) { return 4.0; }
double user_type_rank(const RenameDomainCheck&) { return 8.0; }
double user_type_rank(const DropDomainCheck&) { return 7.0; }
double user_type_rank(const SetDomainNotNull& c) { return c.not_null ? 26.0 : 7.0; }
double user_type_rank(const SetDomainDefault&) { return 12.3; }
double user_type_rank(const CreateDomain&) { return 12.2; }
// As a recreated enum: after the new types it may be based on, its columns converted before others are added.
double user_type_rank(const RecreateDomain&) { return 13.0; }
double user_type_rank(const CreateCompositeType&) { return 12.4; }
double user_type_rank(const AddAttribute&) { return 12.5; }
double user_type_rank(const DropAttribute&) { return 12.5; }
double user_type_rank(const AlterAttributeType&) { return 12.5; }
double user_type_rank(const AddDomainCheck&) { return 26.0; }
double user_type_rank(const ValidateDomainCheck&) { return 31.0; }
double user_type_rank(const SetDomainComment&) { return 32.0; }
double user_type_rank(const SetCompositeTypeComment&) { return 32.0; }
double user_type_rank(const DropCompositeType&) { return 32.8; }
double user_type_rank(const DropDomain&) { return 32.9; }

// Ranks are numbers in file order; a half rank slots a kind between two others.
double rank(const Change& change) {
    return plan::visit(
        overloaded{
            // Parents first: every object lives in a schema; extensions bring types and functions.
            [](const CreateSchema&) { return 0.0; },
            // Default privileges after the schemas they name and before any object is created,
            // so that objects this migration creates receive them.
            [](const GrantDefaultPrivileges&) { return 0.5; },
            [](const RevokeDefaultPrivileges&) { return 0.5; },
            [](const CreateExtension&) { return 1.0; },
            // A policy goes before anything its expressions read or call is dropped, recreated or
            // retyped (PostgreSQL refuses while the policy depends on it): under the names of before.
            [](const DropPolicy&) { return 1.5; },
            [](const AlterExtension&) { return 1.0; },
            // Views that are dropped (or recreated) go before anything they read changes: a
            // column's type, name or generated expression, a table, a key a GROUP BY leans on.
            // The planner adds them in reverse dependency order (views reading them first).
            [](const DropView&) { return 2.0; },
            // Renames and moves to another schema next, so every later step names objects by
            // their new names (a move before the rename that goes with it: the planner adds
            // them in that order and the sort keeps it).
            [](const SetSchema&) { return 3.0; },
            [](const RenameView&) { return 3.0; },
            [](const RenameTable&) { return 3.0; },
            [](const RenameEnum&) { return 3.0; },
            [](const RenameFunction&) { return 3.0; },
            [](const RenameColumn&) { return 4.0; },
            [](const RenameSequence&) { return 5.0; },
            // A free sequence leaves its owning column before that column (or its table) is
            // dropped, which would drop the sequence too; it gets its new owner once every
            // column exists (after identities, below).
            [](const SetSequenceOwner& c) { return c.release ? 5.5 : 24.6; },
            // Children are dropped before their parents: a foreign key before the key, column
            // or table it leans on; constraints and indexes before the columns they cover.
            [](const DropConstraint& c) { return c.foreign_key ? 6.0 : 7.0; },
            [](const DropIndex&) { return 7.0; },
            // Triggers go before the columns they use change, and before the function they run
            // is recreated; a default calling a recreated function is lifted then too.
            [](const DropTrigger&) { return 6.5; },
            [](const SetDefaultAroundFunction& c) { return c.to ? 27.6 : 6.5; },
            // Constraint and index renames after the drops, so that a freed name can be taken.
            [](const RenameConstraint&) { return 8.0; },
            [](const RenameIndex&) { return 8.0; },
            [](const RenameTrigger&) { return 8.0; },
            [](const RenamePolicy&) { return 8.0; },
            // A recreated enum converts values through their labels: renames go first.
            [](const RenameEnumValue&) { return 9.0; },
            // A partition leaves its parent before it (or its bound) is dropped or changed, and
            // before any other table goes; the planner adds partitions before their parents.
            [](const DetachPartition&) { return 9.5; },
            [](const DropTable&) { return 10.0; },
            [](const DropColumn&) { return 11.0; },
            // A recreated function, once everything that calls it is dropped or lifted (the planner
            // adds them callers first); one dropped for good goes at the end, below.
            [](const DropFunction& c) { return c.recreate ? 11.5 : 32.5; },
            // Types before the columns that use them; existing columns convert to a recreated
            // enum before columns of the new type are added.
            // Free sequences before the tables and defaults that call nextval on them.
            [](const CreateSequence&) { return 11.8; },
            [](const AlterSequence&) { return 11.8; },
            [](const CreateEnum&) { return 12.0; },
            [](const AddEnumValue&) { return 12.0; },
            [](const RecreateEnum&) { return 13.0; },
            // Persistence after the foreign keys that go are gone and before new ones come
            // (PostgreSQL checks both ends); the planner emits these in an order that works.
            [](const SetLogged&) { return 13.0; },
            // Functions whose creation needs no table: before the tables, whose defaults and checks
            // may call them (in call order, as the planner adds them).
            [](const CreateFunction& c) { return function_rank(c.place); },
            [](const ReplaceFunction& c) { return function_rank(c.place); },
            // Column changes: a generation expression goes before a type change; an identity is
            // dropped before a default is set, and a default dropped (and NOT NULL set) before an
            // identity is added.
            [](const DropExpression&) { return 14.0; },
            [](const AlterColumnType&) { return 15.0; },
            // A collation changes once the column's type is final (the same statement form).
            [](const SetColumnCollation&) { return 15.0; },
            // A serial's sequence changes type with its column; a column that stops being serial
            // loses its default and sequence before another default or an identity is set, and
            // one that becomes serial gets them once its type is final.
            [](const AlterSerialSequenceType&) { return 15.0; },
            [](const DropIdentity&) { return 16.0; },
            [](const DropSerialSequence&) { return 16.0; },
            [](const SetColumnDefault&) { return 17.0; },
            [](const CreateSerialSequence&) { return 18.0; },
            [](const DropNotNull&) { return 19.0; },
            // Parents before their partitions: the planner adds them in that order.
            [](const CreateTable&) { return 20.0; },
            // Attached again (new bound or parent) once the tables are in their final shape.
            [](const AttachPartition&) { return 24.7; },
            [](const AddColumn&) { return 21.0; },
            // A backfill needs its column; NOT NULL needs the backfill.
            [](const Backfill&) { return 22.0; },
            // The trigger that fills rows written during a batched backfill comes with its
            // column and goes after the NOT NULL is validated (both in the order planned).
            [](const BackfillTrigger& c) { return c.drop ? 31.0 : 22.0; },
            [](const SetNotNull&) { return 23.0; },
            [](const AddIdentity&) { return 24.0; },
            [](const AlterIdentity&) { return 24.0; },
            // Keys and checks once their columns hold their final values; an index attached as
            // a key (`USING INDEX`) after it is built; foreign keys after every table and key
            // exists, which also settles cycles between new tables.
            [](const AddConstraint& c) {
                if (std::holds_alternative<ir::ForeignKey>(c.constraint)) return 30.0;
                if (!c.using_index.empty()) return 29.0;
                return std::holds_alternative<ir::Check>(c.constraint) ? 26.0 : 25.0;
            },
            // Views once what they read is in its final shape (a GROUP BY may lean on a primary
            // key), in dependency order as the planner adds them; a materialized view's indexes after it.
            [](const CreateView&) { return 27.0; },
            [](const ReplaceView&) { return 27.0; },
            [](const CreateIndex&) { return 28.0; },
            [](const ReplaceIndex&) { return 28.0; },
            // Validation after the constraints it checks (in its own, later file).
            // Triggers once their table or view, its indexes and every function exist.
            [](const CreateTrigger&) { return 29.5; },
            [](const ReplaceTrigger&) { return 29.5; },
            // Policies once every table, column, view and function they read or call exists;
            // row-level security turned on or off with them, in the same transaction.
            [](const CreatePolicy&) { return 29.6; },
            [](const AlterPolicy&) { return 29.6; },
            [](const SetRowLevelSecurity&) { return 29.7; },
            [](const SetForceRowLevelSecurity&) { return 29.7; },
            [](const ValidateConstraint&) { return 31.0; },
            [](const FinishNotNull&) { return 31.0; },
            [](const SetSchemaComment&) { return 32.0; },
            [](const SetTableComment&) { return 32.0; },
            [](const SetSequenceComment&) { return 32.0; },
            [](const SetColumnComment&) { return 32.0; },
            [](const SetStorageParameters&) { return 32.0; },
            [](const SetColumnStatistics&) { return 32.0; },
            // Replica identity once the index it names is built (it may be new in this plan).
            [](const SetReplicaIdentity&) { return 32.0; },
            [](const SetViewOptions&) { return 32.0; },
            [](const SetViewComment&) { return 32.0; },
            [](const SetViewColumnComment&) { return 32.0; },
            // Filled once its indexes exist (CONCURRENTLY needs a unique one).
            [](const RefreshMaterializedView&) { return 32.0; },
            [](const SetFunctionComment&) { return 32.0; },
            [](const SetTriggerComment&) { return 32.0; },
            [](const SetPolicyComment&) { return 32.0; },
            // Grants once every object they are on exists in its final form (created, recreated,
            // renamed), before anything is dropped for good.
            [](const GrantPrivileges&) { return 32.2; },
            [](const RevokePrivileges&) { return 32.2; },
            // Drops of containers last: an enum once no column uses it, a schema once empty.
            [](const DropEnum&) { return 33.0; },
            // A sequence once no default calls it any more (the columns and tables are gone or changed).
            [](const DropSequence&) { return 33.0; },
            [](const DropExtension&) { return 34.0; },
            [](const DropSchema&) { return 35.0; },
            // Domains and composite types: every other kind (user_type_rank, below).
            [](const auto& c) { return user_type_rank(c); },
        },
        change);
}

}  // namespace

// Each step's key computed once and the positions sorted, then every step moved once: a step
// (a variant that may hold a whole table) is never moved around by the sort itself.
void sort_steps(std::vector<Step>& steps) {
    struct Key {
        Phase phase;
        double rank;
        std::size_t at;
    };
    std::vector<Key> keys;
    keys.reserve(steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) keys.push_back(Key{steps[i].phase, rank(steps[i].change), i});
    std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
        if (a.phase != b.phase) return a.phase < b.phase;
        return a.rank < b.rank;
    });
    // The permutation applied in place, one cycle at a time: no second vector of steps (a step
    // is over a kilobyte, so a copy of the vector was the plan's largest allocation).
    std::vector<bool> placed(steps.size());
    for (std::size_t start = 0; start < steps.size(); ++start) {
        if (placed[start] || keys[start].at == start) continue;
        Step held = std::move(steps[start]);
        for (std::size_t to = start;;) {
            std::size_t from = keys[to].at;
            placed[to] = true;
            if (from == start) {
                steps[to] = std::move(held);
                break;
            }
            steps[to] = std::move(steps[from]);
            to = from;
        }
    }
}

}  // namespace schemac::plan
