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
            // Renames and moves to another schema next, so every later step names objects by
            // their new names (a move before the rename that goes with it: the planner adds
            // them in that order and the sort keeps it).
            [](const SetSchema&) { return 2; },
            [](const RenameTable&) { return 2; },
            [](const RenameEnum&) { return 2; },
            [](const RenameColumn&) { return 3; },
            [](const RenameSequence&) { return 4; },
            // Children are dropped before their parents: a foreign key before the key, column
            // or table it leans on; constraints and indexes before the columns they cover.
            [](const DropConstraint& c) { return c.foreign_key ? 5 : 6; },
            [](const DropIndex&) { return 6; },
            // Constraint and index renames after the drops, so that a freed name can be taken.
            [](const RenameConstraint&) { return 7; },
            [](const RenameIndex&) { return 7; },
            // A recreated enum converts values through their labels: renames go first.
            [](const RenameEnumValue&) { return 8; },
            [](const DropTable&) { return 9; },
            [](const DropColumn&) { return 10; },
            // Types before the columns that use them; existing columns convert to a recreated
            // enum before columns of the new type are added.
            [](const CreateEnum&) { return 11; },
            [](const AddEnumValue&) { return 11; },
            [](const RecreateEnum&) { return 12; },
            // Persistence after the foreign keys that go are gone and before new ones come
            // (PostgreSQL checks both ends); the planner emits these in an order that works.
            [](const SetLogged&) { return 12; },
            // Column changes: a generation expression goes before a type change; an identity is
            // dropped before a default is set, and a default dropped (and NOT NULL set) before an
            // identity is added.
            [](const DropExpression&) { return 13; },
            [](const AlterColumnType&) { return 14; },
            // A serial's sequence changes type with its column; a column that stops being serial
            // loses its default and sequence before another default or an identity is set, and
            // one that becomes serial gets them once its type is final.
            [](const AlterSerialSequenceType&) { return 14; },
            [](const DropIdentity&) { return 15; },
            [](const DropSerialSequence&) { return 15; },
            [](const SetColumnDefault&) { return 16; },
            [](const CreateSerialSequence&) { return 17; },
            [](const DropNotNull&) { return 18; },
            [](const CreateTable&) { return 19; },
            [](const AddColumn&) { return 20; },
            // A backfill needs its column; NOT NULL needs the backfill.
            [](const Backfill&) { return 21; },
            // The trigger that fills rows written during a batched backfill comes with its
            // column and goes after the NOT NULL is validated (both in the order planned).
            [](const BackfillTrigger& c) { return c.drop ? 29 : 21; },
            [](const SetNotNull&) { return 22; },
            [](const AddIdentity&) { return 23; },
            [](const AlterIdentity&) { return 23; },
            // Keys and checks once their columns hold their final values; an index attached as
            // a key (`USING INDEX`) after it is built; foreign keys after every table and key
            // exists, which also settles cycles between new tables.
            [](const AddConstraint& c) {
                if (std::holds_alternative<ir::ForeignKey>(c.constraint)) return 28;
                if (!c.using_index.empty()) return 27;
                return std::holds_alternative<ir::Check>(c.constraint) ? 25 : 24;
            },
            [](const CreateIndex&) { return 26; },
            [](const ReplaceIndex&) { return 26; },
            // Validation after the constraints it checks (in its own, later file).
            [](const ValidateConstraint&) { return 29; },
            [](const FinishNotNull&) { return 29; },
            [](const SetSchemaComment&) { return 30; },
            [](const SetTableComment&) { return 30; },
            [](const SetColumnComment&) { return 30; },
            [](const SetStorageParameters&) { return 30; },
            // Drops of containers last: an enum once no column uses it, a schema once empty.
            [](const DropEnum&) { return 31; },
            [](const DropExtension&) { return 32; },
            [](const DropSchema&) { return 33; },
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
