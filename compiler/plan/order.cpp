// The one rank function that orders a plan's steps inside each migration file, and why.
#include <algorithm>

#include "compiler/plan/plan_context.hpp"

namespace schemac::plan {
namespace {

int rank(const Change& change) {
    return std::visit(
        overloaded{
            // Parents first: every object lives in a schema; extensions bring types and functions.
            [](const CreateSchema&) { return 0; },
            [](const CreateExtension&) { return 1; },
            [](const AlterExtension&) { return 1; },
            // Views that are dropped (or recreated) go before anything they read changes: a
            // column's type, name or generated expression, a table, a key a GROUP BY leans on.
            // The planner adds them in reverse dependency order (views reading them first).
            [](const DropView&) { return 2; },
            // Renames and moves to another schema next, so every later step names objects by
            // their new names (a move before the rename that goes with it: the planner adds
            // them in that order and the sort keeps it).
            [](const SetSchema&) { return 3; },
            [](const RenameView&) { return 3; },
            [](const RenameTable&) { return 3; },
            [](const RenameEnum&) { return 3; },
            [](const RenameColumn&) { return 4; },
            [](const RenameSequence&) { return 5; },
            // Children are dropped before their parents: a foreign key before the key, column
            // or table it leans on; constraints and indexes before the columns they cover.
            [](const DropConstraint& c) { return c.foreign_key ? 6 : 7; },
            [](const DropIndex&) { return 7; },
            // Constraint and index renames after the drops, so that a freed name can be taken.
            [](const RenameConstraint&) { return 8; },
            [](const RenameIndex&) { return 8; },
            // A recreated enum converts values through their labels: renames go first.
            [](const RenameEnumValue&) { return 9; },
            [](const DropTable&) { return 10; },
            [](const DropColumn&) { return 11; },
            // Types before the columns that use them; existing columns convert to a recreated
            // enum before columns of the new type are added.
            [](const CreateEnum&) { return 12; },
            [](const AddEnumValue&) { return 12; },
            [](const RecreateEnum&) { return 13; },
            // Persistence after the foreign keys that go are gone and before new ones come
            // (PostgreSQL checks both ends); the planner emits these in an order that works.
            [](const SetLogged&) { return 13; },
            // Column changes: a generation expression goes before a type change; an identity is
            // dropped before a default is set, and a default dropped (and NOT NULL set) before an
            // identity is added.
            [](const DropExpression&) { return 14; },
            [](const AlterColumnType&) { return 15; },
            // A serial's sequence changes type with its column; a column that stops being serial
            // loses its default and sequence before another default or an identity is set, and
            // one that becomes serial gets them once its type is final.
            [](const AlterSerialSequenceType&) { return 15; },
            [](const DropIdentity&) { return 16; },
            [](const DropSerialSequence&) { return 16; },
            [](const SetColumnDefault&) { return 17; },
            [](const CreateSerialSequence&) { return 18; },
            [](const DropNotNull&) { return 19; },
            [](const CreateTable&) { return 20; },
            [](const AddColumn&) { return 21; },
            // A backfill needs its column; NOT NULL needs the backfill.
            [](const Backfill&) { return 22; },
            // The trigger that fills rows written during a batched backfill comes with its
            // column and goes after the NOT NULL is validated (both in the order planned).
            [](const BackfillTrigger& c) { return c.drop ? 31 : 22; },
            [](const SetNotNull&) { return 23; },
            [](const AddIdentity&) { return 24; },
            [](const AlterIdentity&) { return 24; },
            // Keys and checks once their columns hold their final values; an index attached as
            // a key (`USING INDEX`) after it is built; foreign keys after every table and key
            // exists, which also settles cycles between new tables.
            [](const AddConstraint& c) {
                if (std::holds_alternative<ir::ForeignKey>(c.constraint)) return 30;
                if (!c.using_index.empty()) return 29;
                return std::holds_alternative<ir::Check>(c.constraint) ? 26 : 25;
            },
            // Views once what they read is in its final shape (a GROUP BY may lean on a primary
            // key), in dependency order as the planner adds them; a materialized view's indexes after it.
            [](const CreateView&) { return 27; },
            [](const ReplaceView&) { return 27; },
            [](const CreateIndex&) { return 28; },
            [](const ReplaceIndex&) { return 28; },
            // Validation after the constraints it checks (in its own, later file).
            [](const ValidateConstraint&) { return 31; },
            [](const FinishNotNull&) { return 31; },
            [](const SetSchemaComment&) { return 32; },
            [](const SetTableComment&) { return 32; },
            [](const SetColumnComment&) { return 32; },
            [](const SetStorageParameters&) { return 32; },
            [](const SetViewOptions&) { return 32; },
            [](const SetViewComment&) { return 32; },
            [](const SetViewColumnComment&) { return 32; },
            // Filled once its indexes exist (CONCURRENTLY needs a unique one).
            [](const RefreshMaterializedView&) { return 32; },
            // Drops of containers last: an enum once no column uses it, a schema once empty.
            [](const DropEnum&) { return 33; },
            [](const DropExtension&) { return 34; },
            [](const DropSchema&) { return 35; },
        },
        change);
}

}  // namespace

void sort_steps(std::vector<Step>& steps) {
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
        if (a.phase != b.phase) return a.phase < b.phase;
        return rank(a.change) < rank(b.change);
    });
}

}  // namespace schemac::plan
