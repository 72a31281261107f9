#include "compiler/plan/created_names.hpp"

#include <type_traits>

namespace schemac::plan {
namespace {

CreatedName created_object(const ir::QualifiedName& name) {
    return CreatedName{CreatedName::Kind::object, name.schema, name.name, {}};
}
CreatedName created_member(const ir::QualifiedName& table, const std::string& member) {
    return CreatedName{CreatedName::Kind::member, table.schema, table.name, member};
}

// A table's columns and the names of its constraints, indexes, triggers and policies.
void add_created_table_members(const ir::Table& table, std::vector<CreatedName>& out) {
    for (const ir::Column& c : table.columns) out.push_back(created_member(table.name, c.name));
    if (table.primary_key) out.push_back(created_member(table.name, table.primary_key->name));
    for (const ir::Unique& u : table.uniques) out.push_back(created_member(table.name, u.name));
    for (const ir::Check& c : table.checks) out.push_back(created_member(table.name, c.name));
    for (const ir::Exclusion& e : table.exclusions) out.push_back(created_member(table.name, e.name));
}

std::string created_constraint_name(const Constraint& constraint) {
    return std::visit([](const auto& c) { return c.name; }, constraint);
}

}  // namespace

std::vector<CreatedName> created_names(const Change& change) {
    std::vector<CreatedName> out;
    plan::visit(
        overloaded{
            [&](const CreateSchema& c) {
                out.push_back({CreatedName::Kind::schema, c.name, {}, {}});
            },
            [&](const CreateEnum& c) { out.push_back(created_object(c.enumeration.name)); },
            [&](const RecreateEnum& c) { out.push_back(created_object(c.enumeration.name)); },
            [&](const RenameEnum& c) {
                out.push_back(created_object({c.from.schema, c.to}));
            },
            [&](const CreateTable& c) {
                out.push_back(created_object(c.table->name));
                add_created_table_members(*c.table, out);
            },
            [&](const RenameTable& c) {
                out.push_back(created_object({c.from.schema, c.to}));
            },
            [&](const SetSchema& c) {
                out.push_back(created_object({c.schema, c.from.name}));
            },
            [&](const RenameSequence& c) {
                out.push_back(created_object({c.from.schema, c.to}));
            },
            [&](const AddColumn& c) { out.push_back(created_member(c.table, c.column.name)); },
            [&](const RenameColumn& c) { out.push_back(created_member(c.table, c.to)); },
            [&](const CreateSerialSequence& c) {
                out.push_back(created_object({c.table.schema, c.sequence}));
            },
            [&](const AddConstraint& c) {
                out.push_back(created_member(c.table, created_constraint_name(c.constraint)));
            },
            [&](const RenameConstraint& c) { out.push_back(created_member(c.table, c.to)); },
            [&](const CreateIndex& c) {
                out.push_back(created_object({c.table.schema, c.index().name}));
            },
            [&](const ReplaceIndex& c) {
                out.push_back(created_object({c.table.schema, c.index.name}));
            },
            [&](const RenameIndex& c) {
                out.push_back(created_object({c.from.schema, c.to}));
            },
            [&](const CreateView& c) { out.push_back(created_object(c.view.name)); },
            [&](const RenameView& c) { out.push_back(created_object(c.to)); },
            [&](const CreateFunction& c) { out.push_back(created_object(c.function.name)); },
            [&](const ReplaceFunction& c) { out.push_back(created_object(c.to.name)); },
            [&](const RenameFunction& c) { out.push_back(created_object(c.to)); },
            [&](const CreateTrigger& c) { out.push_back(created_member(c.table, c.trigger.name)); },
            [&](const RenameTrigger& c) { out.push_back(created_member(c.table, c.to)); },
            [&](const CreatePolicy& c) { out.push_back(created_member(c.table, c.policy.name)); },
            [&](const RenamePolicy& c) { out.push_back(created_member(c.table, c.to)); },
            [&](const CreateSequence& c) { out.push_back(created_object(c.sequence.name)); },
            [&](const CreateDomain& c) { out.push_back(created_object(c.domain.name)); },
            [&](const RecreateDomain& c) { out.push_back(created_object(c.domain.name)); },
            [&](const RenameDomain& c) { out.push_back(created_object(c.to)); },
            [&](const AddDomainCheck& c) { out.push_back(created_member(c.domain, c.check.name)); },
            [&](const CreateCompositeType& c) { out.push_back(created_object(c.type.name)); },
            [&](const RenameCompositeType& c) { out.push_back(created_object(c.to)); },
            [&](const AddAttribute& c) { out.push_back(created_member(c.type, c.attribute.name)); },
            [&](const RenameAttribute& c) { out.push_back(created_member(c.type, c.to)); },
            [](const auto&) {},  // every other step creates nothing another step could name
        },
        change);
    return out;
}

}  // namespace schemac::plan
