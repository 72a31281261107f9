// Lowering of directives (@was, @backfill, @backfill_batch): where each may stand, what its
// argument must be.
#include "compiler/lower/lowering.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "compiler/ir/identifiers.hpp"

namespace schemac::lowering {
namespace {

const char* target_name(Target target) {
    switch (target) {
        case Target::table: return "a table";
        case Target::column: return "a column";
        case Target::enumeration: return "an enum";
        case Target::enum_value: return "an enum value";
        case Target::index: return "an index";
        case Target::constraint: return "a constraint";
        case Target::view: return "a view";
        case Target::function: return "a function";
        case Target::trigger: return "a trigger";
        case Target::policy: return "a policy";
        case Target::sequence: return "a sequence";
        case Target::domain: return "a domain";
        case Target::composite_type: return "a composite type";
        case Target::attribute: return "an attribute";
    }
    return "this";
}

}  // namespace

Directives Lowering::lower_directives(const std::vector<Directive>& directives, Target target) {
    Directives out;
    if (directives.empty()) return out;
    std::map<std::string, Span> seen;
    for (const Directive& d : directives) {
        auto [previous, fresh] = seen.emplace(d.name, d.name_span);
        if (!fresh) {
            diagnostics_
                .error("repeated-directive", d.span, fmt::format("@{} is given twice", d.name), "keep one of them")
                .notes.push_back({previous->second, "first given here"});
            continue;
        }
        if (d.name == "was") {
            std::string argument = trim(d.argument);
            bool movable = target == Target::table || target == Target::enumeration || target == Target::view ||
                           target == Target::function || target == Target::sequence || target == Target::domain ||
                           target == Target::composite_type;
            // `old_schema.old_name`: an identifier, a dot, an identifier.
            if (std::optional<WrittenName> old = read_written_name(argument); old && movable && !old->schema.empty()) {
                out.was_schema = std::move(old->schema);
                out.was = std::move(old->name);
                continue;
            }
            if (!is_identifier(argument)) {
                diagnostics_.error("bad-directive", d.argument_span,
                                   fmt::format("@was takes one name, the old name, not '{}'", argument),
                                   movable
                                       ? "write the previous name, e.g. @was(old_name), or @was(old_schema.old_name) "
                                         "for one that moves from another schema"
                                       : "write the previous name only, e.g. @was(old_name)");
                continue;
            }
            out.was = identifier_value(argument);
        } else if (d.name == "backfill") {
            if (target != Target::column) {
                diagnostics_.error("misplaced-directive", d.span,
                                   fmt::format("@backfill applies to columns, not to {}", target_name(target)),
                                   "put @backfill(expression) on the new NOT NULL column it fills");
                continue;
            }
            out.backfill = lower_expression(syntax::Expression{d.argument, d.argument_span}, "backfill");
        } else if (d.name == "using") {
            if (target != Target::column) {
                diagnostics_.error("misplaced-directive", d.span,
                                   fmt::format("@using applies to columns, not to {}", target_name(target)),
                                   "put @using(expression) on the column whose type changes");
                continue;
            }
            out.using_expression = lower_expression(syntax::Expression{d.argument, d.argument_span}, "@using");
        } else if (d.name == "backfill_batch") {
            lower_backfill_batch(d, target, out);
        } else {
            diagnostics_.error(
                "unknown-directive", d.name_span, fmt::format("unknown directive '@{}'", d.name),
                "schemac knows @was(old_name), @backfill(expression), @backfill_batch(rows) and @using(expression)");
        }
    }
    auto batch = seen.find("backfill_batch");
    if (out.backfill_batch && !seen.count("backfill"))
        diagnostics_.error("misplaced-directive", batch->second, "@backfill_batch sets the batch size of a @backfill",
                           "give the column @backfill(expression) too, or remove @backfill_batch");
    return out;
}

void Lowering::lower_backfill_batch(const Directive& d, Target target, Directives& out) {
    if (target != Target::column) {
        diagnostics_.error("misplaced-directive", d.span,
                           fmt::format("@backfill_batch applies to columns, not to {}", target_name(target)),
                           "put @backfill_batch(rows) on the column that has @backfill(expression)");
        return;
    }
    std::string argument = trim(d.argument);
    bool digits = !argument.empty() && argument.size() <= 8 &&
                  std::all_of(argument.begin(), argument.end(), [](char c) { return c >= '0' && c <= '9'; });
    int rows = digits ? std::stoi(argument) : 0;
    if (rows < 1 || rows > 10'000'000) {
        diagnostics_.error("bad-directive", d.argument_span,
                           fmt::format("@backfill_batch takes a number of rows from 1 to 10000000, not '{}'", argument),
                           "write the rows each committed batch fills, e.g. @backfill_batch(5000)");
        return;
    }
    out.backfill_batch = rows;
}

std::string Lowering::trim(std::string_view text) {
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return {};
    auto end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

}  // namespace schemac::lowering
