// Free-standing sequences: created before the tables whose defaults call them, owned once the
// owning column exists, altered option by option (never restarted), renamed by @was, dropped
// once nothing calls them. A serial column's sequence that `after` declares on its own (the
// column stopped being serial) is kept and altered into the declared one.
#include <fmt/format.h>

#include "compiler/ir/types.hpp"
#include "compiler/plan/plan_context.hpp"
#include "compiler/sql/implicit_names.hpp"

namespace schemac::plan {
namespace {

SequenceOwner owner_of(const ir::Sequence& s) { return SequenceOwner{s.owned_by_table, s.owned_by_column}; }

std::string sequence_title(const ir::QualifiedName& name) { return ir::display_name(name); }

// Whether `before`'s owner of a sequence goes away in this plan (its table or column dropped),
// which takes the sequence with it.
bool owner_dropped(const PlanContext& ctx, const SequenceOwner& owner) {
    if (!owner.table) return false;
    for (const ir::Table* t : ctx.dropped_tables)
        if (t->name == *owner.table) return true;
    ir::QualifiedName after_name = ctx.after_table_name(*owner.table);
    const TablePair* pair = ctx.pair_for(after_name);
    return pair && pair->dropped_columns.count(owner.column) > 0;
}

// The owner as named once renames have run: the table's and the column's new names.
SequenceOwner renamed_owner(const PlanContext& ctx, const SequenceOwner& owner) {
    if (!owner.table) return owner;
    SequenceOwner out = owner;
    out.table = ctx.after_table_name(*owner.table);
    if (const TablePair* pair = ctx.pair_for(*out.table))
        for (const auto& [from, to] : pair->column_renames)
            if (from == owner.column) out.column = to;
    return out;
}

// A serial column of `before` whose sequence is `name`, and which is no longer serial in `after`:
// the sequence `after` declares is that one, kept.
std::optional<ir::Sequence> serial_sequence_kept(const PlanContext& ctx, const ir::QualifiedName& name) {
    for (const auto& [after_name, pair] : ctx.pairs) {
        for (const ir::Column& c : pair.before->columns) {
            if (!is_serial_type(c.type)) continue;
            if (ir::QualifiedName{after_name.schema, make_object_name(after_name.name, c.name, "seq")} != name)
                continue;
            ir::Sequence out;
            out.name = name;
            out.type = serial_column_type(c.type);
            out.owned_by_table = pair.before->name;
            out.owned_by_column = c.name;
            return out;
        }
    }
    return std::nullopt;
}

void set_owner(PlanContext& ctx, const ir::QualifiedName& name, const SequenceOwner& from, const SequenceOwner& to,
               Span at) {
    SequenceOwner now = renamed_owner(ctx, from);
    if (now == to) return;
    std::string title = fmt::format("~ sequence {} owned by {}", sequence_title(name),
                                    to.table ? ir::display_name(*to.table) + "." + to.column : "none");
    if (from.table && owner_dropped(ctx, from)) {
        // Released before the old owner goes, or it would go with it.
        ctx.add(SetSequenceOwner{name, from, SequenceOwner{}, true},
                fmt::format("~ sequence {} released from {}.{} (dropped)", sequence_title(name),
                            ir::display_name(*from.table), from.column),
                at);
        if (!to.table) return;
        ctx.add(SetSequenceOwner{name, SequenceOwner{}, to, false}, title, at);
        return;
    }
    ctx.add(SetSequenceOwner{name, now, to, false}, title, at);
}

void alter_sequence(PlanContext& ctx, const ir::Sequence& old, const ir::Sequence& s) {
    Span at = s.origin.span;
    if (old.type != s.type || old.options != s.options) {
        std::vector<std::string> what;
        if (old.type != s.type) what.push_back("type " + s.type.name);
        if (old.options != s.options) what.push_back("options");
        ctx.add(AlterSequence{s.name, old.type, s.type, old.options, s.options},
                fmt::format("~ sequence {} {}", sequence_title(s.name), fmt::join(what, " and ")), at);
    }
    set_owner(ctx, s.name, owner_of(old), owner_of(s), at);
    if (old.comment != s.comment)
        ctx.add(SetSequenceComment{s.name, old.comment, s.comment}, "~ sequence " + sequence_title(s.name) + " comment",
                at);
}

}  // namespace

void plan_sequences(PlanContext& ctx) {
    std::set<ir::QualifiedName> claimed;  // before names
    for (const ir::Sequence& s : ctx.after.sequences) {
        const ir::Sequence* old = ir::find_sequence(ctx.before, s.name);
        if (!old && s.was) {
            ir::QualifiedName was_name{s.was_schema.value_or(s.name.schema), *s.was};
            const ir::Sequence* renamed = ir::find_sequence(ctx.before, was_name);
            if (renamed && !ir::find_sequence(ctx.after, was_name) && was_name.schema == s.name.schema) {
                ctx.add(RenameSequence{was_name, s.name.name},
                        fmt::format("~ sequence {} renamed from {}", sequence_title(s.name), was_name.name),
                        s.origin.span);
                old = renamed;
            }
        } else if (old && s.was && ir::find_sequence(ctx.before, {s.was_schema.value_or(s.name.schema), *s.was})) {
            ctx.was_conflict("sequence", sequence_title(s.name), *s.was, s.origin.span);
        }
        if (old) {
            claimed.insert(old->name);
            alter_sequence(ctx, *old, s);
            continue;
        }
        if (std::optional<ir::Sequence> kept = serial_sequence_kept(ctx, s.name)) {
            alter_sequence(ctx, *kept, s);
            continue;
        }
        ir::Sequence created = s;
        created.owned_by_table.reset();
        created.owned_by_column.clear();
        created.grants.clear();
        ctx.add(CreateSequence{created}, "+ sequence " + sequence_title(s.name), s.origin.span);
        if (s.owned_by_table)
            ctx.add(SetSequenceOwner{s.name, SequenceOwner{}, owner_of(s), false},
                    fmt::format("~ sequence {} owned by {}.{}", sequence_title(s.name),
                                ir::display_name(*s.owned_by_table), s.owned_by_column),
                    s.origin.span);
        if (s.comment)
            ctx.add(SetSequenceComment{s.name, std::nullopt, s.comment},
                    "~ sequence " + sequence_title(s.name) + " comment", s.origin.span);
    }
    for (const ir::Sequence& s : ctx.before.sequences) {
        if (claimed.count(s.name)) continue;
        bool with_owner = owner_dropped(ctx, owner_of(s));
        std::string title = "- sequence " + sequence_title(s.name);
        if (with_owner) {
            // Its owning column's drop, a data loss of its own, takes it.
            ctx.add(DropSequence{s.name, true}, title + " (with its owning column)");
            continue;
        }
        // Where it has got to is data: the next numbers would start again from scratch.
        ctx.add_data_loss(DropSequence{s.name, false}, title, {}, {sequence_title(s.name)},
                          fmt::format("sequence {} would be dropped, and where it has got to with it (it is in {}, "
                                      "not in this one)",
                                      sequence_title(s.name), ctx.options.before_name));
    }
}

}  // namespace schemac::plan
