#include "compiler/plan/lock_estimate.hpp"

#include <string>

namespace schemac::plan {
namespace {

// `r:schema.name`, `r:schema.name#part`: appended into one string sized once (one per lock of
// every step, so no formatting).
std::string key(char kind, const ir::QualifiedName& name, std::string_view part = {}) {
    std::string out;
    out.reserve(4 + name.schema.size() + name.name.size() + part.size());
    out += kind;
    out += ':';
    out += name.schema;
    out += '.';
    out += name.name;
    if (!part.empty()) {
        out += '#';
        out += part;
    }
    return out;
}

std::string index_key(const ir::QualifiedName& table, std::string_view index) {
    return key('i', ir::QualifiedName{table.schema, std::string(index)});
}

// A table with its TOAST table and TOAST index, which are created and dropped with it.
void add_table(std::vector<std::string>& out, const ir::QualifiedName& table) {
    out.push_back(key('r', table));
    out.push_back(key('r', table, "toast"));
    out.push_back(key('r', table, "toast_index"));
}

void add_constraint(std::vector<std::string>& out, const ir::QualifiedName& table, const Constraint& c) {
    std::visit(overloaded{
                   [&](const ir::PrimaryKey& k) { out.push_back(index_key(table, k.name)); },
                   [&](const ir::Unique& k) { out.push_back(index_key(table, k.name)); },
                   [&](const ir::Check&) {},
                   [&](const ir::Exclusion& x) { out.push_back(index_key(table, x.name)); },
                   [&](const ir::ForeignKey& k) {
                       out.push_back(key('r', k.referenced_table));
                       out.push_back(key('r', k.referenced_table, "referenced_key"));
                   },
               },
               c);
}

}  // namespace

std::vector<std::string> locked_objects(const Change& change) {
    std::vector<std::string> out;
    plan::visit(
        overloaded{
            [&](const CreateTable& c) {
                const ir::Table& t = *c.table;
                add_table(out, t.name);
                if (t.primary_key) out.push_back(index_key(t.name, t.primary_key->name));
                for (const auto& u : t.uniques) out.push_back(index_key(t.name, u.name));
                for (const auto& column : t.columns)
                    if (column.identity()) out.push_back(key('S', t.name, column.name));
            },
            [&](const DropTable& c) { add_table(out, c.name); },
            [&](const CreateIndex& c) {
                out.push_back(key('r', c.table));
                out.push_back(index_key(c.table, c.index().name));
            },
            [&](const DropIndex& c) { out.push_back(key('i', c.index)); },
            [&](const SetStorageParameters& c) {
                out.push_back(c.index.empty() ? key('r', c.table) : index_key(c.table, c.index));
            },
            [&](const AddConstraint& c) {
                out.push_back(key('r', c.table));
                add_constraint(out, c.table, c.constraint);
            },
            [&](const SetSchema& c) { out.push_back(key(c.type ? 't' : 'r', c.from)); },
            [&](const RecreateEnum& c) {
                out.push_back(key('t', c.enumeration.name));
                for (const EnumColumn& column : c.columns) add_table(out, column.table);
            },
            [&](const CreateView& c) { out.push_back(key('r', c.view.name)); },
            [&](const DropView& c) { out.push_back(key('r', c.name)); },
            [&](const ReplaceView& c) { out.push_back(key('r', c.to.name)); },
            [&](const RenameView& c) { out.push_back(key('r', c.from)); },
            [&](const RefreshMaterializedView& c) { out.push_back(key('r', c.name)); },
            [&](const auto& c) {
                if constexpr (requires { c.table; })
                    out.push_back(key('r', c.table));
                else if constexpr (requires { c.view; })  // view options and comments
                    out.push_back(key('r', c.view));
                else
                    out.push_back({});  // one object, not shared with other steps
            },
        },
        change);
    return out;
}

}  // namespace schemac::plan
