#include "compiler/lower/lower.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <memory>
#include <unordered_set>
#include <utility>

#include "compiler/ir/types.hpp"
#include "compiler/lower/lowering.hpp"
#include "compiler/sql/implicit_names.hpp"

namespace schemac {
namespace lowering {

void Lowering::expect_tables(std::size_t count) {
    try {
        db_.tables.reserve(count);
    } catch (const std::exception&) {  // std::bad_alloc, std::length_error: only a hint, the list grows
    }
}

void Lowering::begin_file(std::uint32_t file) {
    kept_.emplace_back();
    kept_.back().file = file;
}

void Lowering::add_declaration(syntax::Declaration&& declaration) {
    auto* t = std::get_if<syntax::Table>(&declaration);
    if (!t) {
        kept_.back().declarations.push_back(std::move(declaration));
        return;
    }
    // A table lowered now consults no other table's name (lowerable_alone): those it may need
    // are all known by finish().
    note_table_name(*t);
    std::size_t slot = db_.tables.size();
    db_.tables.emplace_back();  // declaration order, whenever the table is lowered
    if (lowerable_alone(*t)) {
        lower_table(*t, slot, true);  // its syntax is freed as soon as the parser lets it go
    } else {
        kept_table_slots_.push_back(slot);
        kept_.back().declarations.push_back(std::move(declaration));
    }
}

ir::Database Lowering::finish() {
    std::vector<syntax::File>& files = kept_;
    // Enums, extensions and schemas first: table columns resolve their types against them.
    for (const syntax::File& file : files) {
        for (const syntax::Declaration& declaration : file.declarations) {
            if (auto* e = std::get_if<syntax::Enum>(&declaration))
                lower_enum(*e);
            else if (auto* x = std::get_if<syntax::Extension>(&declaration))
                lower_extension(*x);
            else if (auto* s = std::get_if<syntax::Schema>(&declaration))
                lower_schema(*s);
            else if (auto* r = std::get_if<syntax::Role>(&declaration))
                lower_role(*r);
            else if (auto* q = std::get_if<syntax::Sequence>(&declaration))
                lower_free_sequence(*q);
        }
    }
    for (const ir::Enum& e : db_.enums) enum_names_.insert(e.name);
    for (const ir::Extension& x : db_.extensions) {
        extension_names_.insert(x.name);
        extension_schemas_[x.name] = x.schema;
    }
    // Domains and composite types next: their types resolve against the enums and each other.
    collect_user_type_names(files);
    for (const syntax::File& file : files) {
        for (const syntax::Declaration& declaration : file.declarations) {
            if (auto* d = std::get_if<syntax::Domain>(&declaration))
                lower_domain(*d);
            else if (auto* c = std::get_if<syntax::CompositeType>(&declaration))
                lower_composite_type(*c);
        }
    }
    // The tables kept by add_file, into the places their declarations hold; then the types of
    // those lowered early.
    std::size_t next_kept = 0;
    for (syntax::File& file : files) {
        for (syntax::Declaration& declaration : file.declarations) {
            if (auto* t = std::get_if<syntax::Table>(&declaration)) {
                lower_table(*t, kept_table_slots_[next_kept++], false);
                std::vector<syntax::TableItem>().swap(t->items);  // done with it: free it now
            }
        }
    }
    resolve_pending_types();
    // Unnamed constraints are named in declaration order (a clash gives the later one a number),
    // whichever order their tables were lowered in.
    std::stable_sort(unnamed_.begin(), unnamed_.end(),
                     [](const Unnamed& a, const Unnamed& b) { return a.table < b.table; });
    // Views after tables: their output columns come from what they read.
    for (syntax::File& file : files)
        for (syntax::Declaration& declaration : file.declarations)
            if (auto* v = std::get_if<syntax::View>(&declaration)) lower_view(*v);
    derive_view_columns();
    for (const syntax::File& file : files)
        for (const syntax::Declaration& declaration : file.declarations)
            if (auto* r = std::get_if<syntax::Routine>(&declaration)) lower_routine(*r);
    resolve_sequence_owners();
    add_used_schemas();
    sort_by_name();
    fold_serial_sequences();
    name_unnamed_objects();
    resolve_implicit_references();
    lower_access(files);
    return std::move(db_);
}

void Lowering::resolve_pending_types() {
    for (const PendingType& pending : pending_types_) {
        ir::Table& table = db_.tables[pending.table];
        ir::Column& column = table.columns[pending.column];
        column.type = resolve_type(pending.type, table.name.schema);
        if (is_serial_type(column.type)) column.not_null = true;  // as lower_table does
    }
    std::vector<PendingType>().swap(pending_types_);
}

void Lowering::add_used_schemas() {
    std::set<std::string> declared;
    for (const ir::Schema& s : db_.schemas) declared.insert(s.name);
    auto use = [&](const std::string& name) {
        if (declared.insert(name).second) db_.schemas.push_back(ir::Schema{name, std::nullopt, {}, {}});
    };
    for (const ir::Enum& e : db_.enums) use(e.name.schema);
    for (const ir::Domain& d : db_.domains) use(d.name.schema);
    for (const ir::CompositeType& c : db_.composite_types) use(c.name.schema);
    for (const ir::Table& t : db_.tables) use(t.name.schema);
    for (const ir::View& v : db_.views) use(v.name.schema);
    for (const ir::Function& f : db_.functions) use(f.name.schema);
    for (const ir::Sequence& s : db_.sequences) use(s.name.schema);
}

void Lowering::sort_by_name() {
    // Stable: duplicates keep declaration order, so "previously defined here" is right.
    std::vector<std::size_t> order(db_.tables.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return db_.tables[a].name < db_.tables[b].name; });
    std::vector<std::size_t> new_position(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) new_position[order[i]] = i;
    // In place, one cycle of the permutation at a time: a second vector of every table would
    // raise the peak memory of a large schema by as much.
    std::vector<bool> placed(order.size(), false);
    for (std::size_t start = 0; start < order.size(); ++start) {
        if (placed[start]) continue;
        ir::Table held = std::move(db_.tables[start]);
        std::size_t at = start;
        while (order[at] != start) {
            db_.tables[at] = std::move(db_.tables[order[at]]);
            placed[at] = true;
            at = order[at];
        }
        db_.tables[at] = std::move(held);
        placed[at] = true;
    }
    for (Unnamed& u : unnamed_) u.table = new_position[u.table];

    auto by_trigger_name = [](const ir::Trigger& a, const ir::Trigger& b) { return a.name < b.name; };
    for (ir::Table& t : db_.tables) std::stable_sort(t.triggers.begin(), t.triggers.end(), by_trigger_name);
    for (ir::View& v : db_.views) std::stable_sort(v.triggers.begin(), v.triggers.end(), by_trigger_name);
    ir::sort_top_level(db_);  // the tables are in order already
}

void Lowering::name_unnamed_objects() {
    // Per schema; the names added are the IR's own, whose places do not change while this runs.
    std::map<std::string, TakenNames> relations;
    std::map<std::string, TakenNames> constraints;
    // Sized once: growing a set of 200,000 names rehashes it over and over.
    std::map<std::string, std::size_t> relation_counts, constraint_counts;
    for (const ir::Table& t : db_.tables) {
        relation_counts[t.name.schema] += 2 + t.uniques.size() + t.indexes.size() + t.exclusions.size();
        constraint_counts[t.name.schema] += t.checks.size() + t.foreign_keys.size();
    }
    for (const auto& [schema, count] : relation_counts) relations[schema].reserve(count);
    for (const auto& [schema, count] : constraint_counts) constraints[schema].reserve(count);
    for (const ir::Table& t : db_.tables) {
        auto& taken_relations = relations[t.name.schema];
        auto& taken_constraints = constraints[t.name.schema];
        taken_relations.add(t.name.name);
        if (t.primary_key && !t.primary_key->name.empty()) taken_relations.add(t.primary_key->name);
        for (const ir::Unique& u : t.uniques)
            if (!u.name.empty()) taken_relations.add(u.name);
        for (const ir::Index& i : t.indexes)
            if (!i.name.empty()) taken_relations.add(i.name);
        for (const ir::Exclusion& x : t.exclusions)
            if (!x.name.empty()) taken_relations.add(x.name);
        for (const ir::Check& c : t.checks)
            if (!c.name.empty()) taken_constraints.add(c.name);
        for (const ir::ForeignKey& f : t.foreign_keys)
            if (!f.name.empty()) taken_constraints.add(f.name);
    }
    for (const ir::View& v : db_.views) {
        relations[v.name.schema].add(v.name.name);
        for (const ir::Index& i : v.indexes)
            if (!i.name.empty()) relations[v.name.schema].add(i.name);
    }
    // Each name chosen is stored in the IR first, then added: the set looks at the IR's own.
    auto store_name = [](std::string& place, std::string chosen, TakenNames& taken) {
        place = std::move(chosen);
        taken.add(place);
    };
    // A table's unnamed objects come one after another: its namespaces are looked up once for them.
    std::size_t current_table = db_.tables.size();
    TakenNames* relations_of_table = nullptr;
    TakenNames* constraints_of_table = nullptr;
    for (const Unnamed& u : unnamed_) {
        ir::Table& t = db_.tables[u.table];
        if (u.table != current_table) {
            current_table = u.table;
            relations_of_table = &relations[t.name.schema];
            constraints_of_table = &constraints[t.name.schema];
        }
        TakenNames& taken_relations = *relations_of_table;
        TakenNames& taken_constraints = *constraints_of_table;
        switch (u.kind) {
            case Unnamed::primary_key:
                store_name(t.primary_key->name, free_name(t.name.name, "", "pkey", taken_relations), taken_relations);
                break;
            case Unnamed::unique: {
                ir::Unique& unique = t.uniques[u.position];
                store_name(unique.name, free_name(t.name.name, join_name_parts(unique.columns), "key", taken_relations),
                           taken_relations);
                break;
            }
            case Unnamed::check: {
                ir::Check& check = t.checks[u.position];
                store_name(check.name,
                           free_name(t.name.name, check_name_part(check.expression), "check", taken_constraints),
                           taken_constraints);
                break;
            }
            case Unnamed::foreign_key: {
                ir::ForeignKey& fk = t.foreign_keys[u.position];
                store_name(fk.name, free_name(t.name.name, join_name_parts(fk.columns), "fkey", taken_constraints),
                           taken_constraints);
                break;
            }
            case Unnamed::exclusion: {
                ir::Exclusion& exclusion = t.exclusions[u.position];
                store_name(exclusion.name,
                           free_name(t.name.name, exclusion_name_part(exclusion), "excl", taken_relations),
                           taken_relations);
                break;
            }
            case Unnamed::index: {
                ir::Index& index = t.indexes[u.position];
                store_name(index.name, free_name(t.name.name, index_name_part(index), "idx", taken_relations),
                           taken_relations);
                break;
            }
        }
    }
    // A materialized view's unnamed indexes, named as PostgreSQL names a table's.
    for (ir::View& v : db_.views)
        for (ir::Index& index : v.indexes)
            if (index.name.empty())
                store_name(index.name, free_name(v.name.name, index_name_part(index), "idx", relations[v.name.schema]),
                           relations[v.name.schema]);
    // Sorted once every name is chosen: sorting moves the names the sets look at.
    for (ir::View& v : db_.views)
        std::stable_sort(v.indexes.begin(), v.indexes.end(),
                         [](const ir::Index& a, const ir::Index& b) { return a.name < b.name; });
    auto sort_named = [](auto& list) {
        ir::stable_sort_unless_sorted(list, [](const auto& a, const auto& b) { return a.name < b.name; });
    };
    for (ir::Table& t : db_.tables) {
        sort_named(t.uniques);
        sort_named(t.checks);
        sort_named(t.foreign_keys);
        sort_named(t.indexes);
        sort_named(t.exclusions);
    }
}

void Lowering::resolve_implicit_references() {
    for (ir::Table& table : db_.tables) {
        for (ir::ForeignKey& fk : table.foreign_keys) {
            if (!fk.referenced_columns.empty()) continue;
            const ir::Table* target = ir::find_table(db_, fk.referenced_table);
            if (target && target->primary_key) fk.referenced_columns = target->primary_key->columns;
        }
    }
}

}  // namespace lowering

SchemaLowering::SchemaLowering(const SourceSet& sources, Diagnostics& diagnostics)
    : lowering_(std::make_unique<lowering::Lowering>(sources, diagnostics)) {}

SchemaLowering::~SchemaLowering() = default;

void SchemaLowering::expect_tables(std::size_t count) { lowering_->expect_tables(count); }

void SchemaLowering::begin_file(std::uint32_t file) { lowering_->begin_file(file); }

void SchemaLowering::add(syntax::Declaration&& declaration) { lowering_->add_declaration(std::move(declaration)); }

ir::Database SchemaLowering::finish() { return lowering_->finish(); }

}  // namespace schemac
