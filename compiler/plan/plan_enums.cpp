// Enums: created, dropped (data loss), renamed by @was; values added at their position,
// renamed by @was; removed or reordered values make a new type that every column converts to.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/plan/plan_context.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::plan {
namespace {

std::string enum_title(const ir::QualifiedName& name) { return ir::display_name(name); }

// Columns of existing tables whose type is (an array of) the enum.
std::vector<EnumColumn> enum_columns_of(PlanContext& ctx, const ir::QualifiedName& enum_name) {
    std::vector<EnumColumn> out;
    for (auto& [table_name, pair] : ctx.pairs) {
        for (const ir::Column& c : pair.after->columns) {
            if (c.type.schema != enum_name.schema || c.type.name != enum_name.name) continue;
            if (!pair.kept_from[static_cast<std::size_t>(&c - pair.after->columns.data())] ||
                pair.rebuilt_columns.count(c.name))
                continue;
            out.push_back(EnumColumn{table_name, c.name, c.type.array_dimensions, c.default_value});
            pair.retyped_enum_columns.insert(c.name);
        }
    }
    return out;
}

void plan_values(PlanContext& ctx, const ir::Enum& old, const ir::Enum& e) {
    std::string title = "~ enum " + enum_title(e.name);
    // Pair values: same label, else the @was label.
    std::vector<int> old_index(e.values.size(), -1);
    std::vector<bool> claimed(old.values.size(), false);
    auto find_old = [&](const std::string& label) -> int {
        for (std::size_t i = 0; i < old.values.size(); ++i)
            if (old.values[i].name == label) return static_cast<int>(i);
        return -1;
    };
    auto in_new = [&](const std::string& label) {
        return std::any_of(e.values.begin(), e.values.end(), [&](const ir::EnumValue& v) { return v.name == label; });
    };
    std::vector<std::pair<std::string, std::string>> renames;
    for (std::size_t i = 0; i < e.values.size(); ++i) {
        const ir::EnumValue& v = e.values[i];
        int at = find_old(v.name);
        if (at >= 0) {
            if (v.was && find_old(*v.was) >= 0)
                ctx.was_conflict("enum value", enum_title(e.name) + "." + v.name, *v.was, v.origin.span);
        } else if (v.was && (at = find_old(*v.was)) >= 0 && !in_new(*v.was)) {
            renames.emplace_back(*v.was, v.name);
        } else {
            at = -1;
        }
        if (at >= 0 && !claimed[at]) {
            claimed[at] = true;
            old_index[i] = at;
        }
    }
    for (std::size_t i = 0; i < e.values.size(); ++i) {
        const ir::EnumValue& v = e.values[i];
        if (!v.was || old_index[i] >= 0 || find_old(*v.was) >= 0) continue;
        std::vector<std::string_view> removed;
        for (std::size_t j = 0; j < old.values.size(); ++j)
            if (!claimed[j]) removed.push_back(old.values[j].name);
        ctx.was_names_nothing("enum value", enum_title(e.name) + "." + v.name, *v.was, removed, v.origin.span);
    }
    for (const auto& [from, to] : renames)
        ctx.add(RenameEnumValue{e.name, from, to}, fmt::format("{} value {} renamed from {}", title, to, from),
                e.origin.span);

    std::vector<std::string> removed;
    for (std::size_t i = 0; i < old.values.size(); ++i)
        if (!claimed[i]) removed.push_back(old.values[i].name);
    bool in_order = true;
    int last = -1;
    for (int at : old_index) {
        if (at < 0) continue;
        if (at < last) in_order = false;
        last = at;
    }
    if (!removed.empty() || !in_order) {
        ctx.recreated_enums.insert(e.name);
        RecreateEnum recreate{e, enum_columns_of(ctx, e.name), {}};
        for (const ir::EnumValue& v : old.values) recreate.from.push_back(v.name);
        std::string what = removed.empty() ? title + " values reordered (type recreated)"
                                           : fmt::format("{} value{} {} removed (type recreated)", title,
                                                         removed.size() == 1 ? "" : "s", fmt::join(removed, ", "));
        unsigned hazards = recreate.columns.empty() ? 0u : Hazard::table_rewrite | Hazard::access_exclusive_lock;
        if (removed.empty()) {
            ctx.add(std::move(recreate), what, e.origin.span, hazards);
        } else {
            std::vector<std::string> lost;
            for (const std::string& value : removed) lost.push_back(enum_title(e.name) + "." + value);
            std::string flag = data_loss_flag(lost);
            ctx.add_data_loss(std::move(recreate), what, e.origin.span, std::move(lost),
                              fmt::format("removing {} from enum {} fails on, or loses, the rows that hold {}",
                                          fmt::join(removed, ", "), enum_title(e.name),
                                          removed.size() == 1 ? "it" : "them"),
                              "update those rows first (a migration from `schemac new`); then run again with " + flag)
                .hazards |= hazards;
        }
        return;
    }
    // New values, each before the next value that already exists (by its current label).
    for (std::size_t i = 0; i < e.values.size(); ++i) {
        if (old_index[i] >= 0) continue;
        std::optional<std::string> before, after;
        for (std::size_t j = i + 1; j < e.values.size() && !before; ++j)
            if (old_index[j] >= 0) before = old.values[old_index[j]].name;
        // None follows: after the value before it, which exists or was added by the step before
        // (renames run later, in the main file: an existing value goes by its current label).
        if (!before && i > 0) after = old_index[i - 1] >= 0 ? old.values[old_index[i - 1]].name : e.values[i - 1].name;
        // Runs in the file before the main one: the enum still has its old name there.
        ctx.add(AddEnumValue{old.name, e.values[i].name, before, after},
                fmt::format("{} value {} added", title, e.values[i].name), e.values[i].origin.span, 0,
                Phase::enum_values);
    }
}

}  // namespace

void plan_enums(PlanContext& ctx) {
    std::set<ir::QualifiedName> claimed;
    for (const ir::Enum& e : ctx.after.enums) {
        const ir::Enum* old = ir::find_enum(ctx.before, e.name);
        if (!old) {
            for (const auto& [from, to] : ctx.enum_renames) {
                if (to != e.name) continue;
                old = ir::find_enum(ctx.before, from);
                ir::QualifiedName at = from;
                if (from.schema != e.name.schema) {
                    at.schema = e.name.schema;
                    ctx.add(SetSchema{from, e.name.schema, true},
                            fmt::format("~ enum {} moved from schema {}", enum_title(at), from.schema), e.origin.span);
                }
                if (at.name != e.name.name)
                    ctx.add(RenameEnum{at, e.name.name},
                            fmt::format("~ enum {} renamed from {}", enum_title(e.name), from.name), e.origin.span);
            }
        }
        if (!old) {
            ctx.add(CreateEnum{e}, "+ enum " + enum_title(e.name), e.origin.span);
            continue;
        }
        claimed.insert(old->name);
        plan_values(ctx, *old, e);
    }
    for (const ir::Enum& e : ctx.before.enums) {
        if (claimed.count(e.name)) continue;
        ctx.add_data_loss(DropEnum{e.name}, "- enum " + enum_title(e.name), {}, {enum_title(e.name)},
                          fmt::format("enum {} would be dropped (it is in {}, not in this one)", enum_title(e.name),
                                      ctx.options.before_name));
    }
}

}  // namespace schemac::plan
