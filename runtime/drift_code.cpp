#include "runtime/drift_code.hpp"

#include <fmt/format.h>

#include <vector>

#include "compiler/ir/types.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "runtime/drift_words.hpp"

namespace schemac::runtime {
namespace {

// One property of each side, as people write it; the first pair that differs is the difference,
// worded `PREFIX LIVE in the database, EXPECTED expected` (`comment 'a' in the database, none expected`).
struct Property {
    Property(std::string live, std::string expected, std::string prefix = {})
        : live(std::move(live)), expected(std::move(expected)), prefix(std::move(prefix)) {}
    std::string live, expected, prefix;
};

std::string first_difference(const std::string& what, const std::vector<Property>& properties) {
    for (const Property& p : properties)
        if (p.live != p.expected)
            return fmt::format("~ {}: {}{} {}, {} expected", what, p.prefix, p.live, in_database, p.expected);
    return {};
}

std::string arguments_text(const std::vector<ir::FunctionArgument>& arguments) {
    std::vector<std::string> parts;
    for (const ir::FunctionArgument& a : arguments) {
        std::string part;
        if (a.mode != ir::ArgumentMode::in) part += std::string(ir::argument_mode_text(a.mode)) + " ";
        if (!a.name.empty()) part += a.name + " ";
        part += render_type(a.type);
        if (a.default_value) part += " default " + *a.default_value;
        parts.push_back(std::move(part));
    }
    return fmt::format("({})", fmt::join(parts, ", "));
}

std::string returns_text(const ir::Function& f) {
    if (f.procedure) return "no result";
    if (!f.returns_table.empty()) return "returns table " + arguments_text(f.returns_table);
    return fmt::format("returns {}{}", f.returns_set ? "setof " : "", f.returns ? render_type(*f.returns) : "nothing");
}

std::string number_text(const std::optional<double>& value, const char* name) {
    return value ? fmt::format("{} {}", name, *value) : fmt::format("{} default", name);
}

std::string settings_text(const std::map<std::string, std::string>& settings) {
    if (settings.empty()) return "no settings";
    std::vector<std::string> parts;
    for (const auto& [name, value] : settings) parts.push_back(fmt::format("set {} = {}", name, value));
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string kind_of(const ir::Function& f) { return f.procedure ? "procedure" : "function"; }

std::string events_text(const ir::Trigger& t) {
    std::vector<std::string> events;
    if (t.on_insert) events.push_back("insert");
    if (t.on_update)
        events.push_back(
            t.update_columns.empty() ? "update" : fmt::format("update of {}", fmt::join(t.update_columns, ", ")));
    if (t.on_delete) events.push_back("delete");
    if (t.on_truncate) events.push_back("truncate");
    return fmt::format("{} {}", ir::trigger_timing_text(t.timing), fmt::join(events, " or "));
}

std::string transition_text(const ir::Trigger& t) {
    if (!t.old_table && !t.new_table) return "no transition tables";
    std::vector<std::string> parts;
    if (t.old_table) parts.push_back("old table as " + *t.old_table);
    if (t.new_table) parts.push_back("new table as " + *t.new_table);
    return fmt::format("referencing {}", fmt::join(parts, " "));
}

std::string constraint_text(const ir::Trigger& t) {
    if (!t.constraint) return "not a constraint trigger";
    std::string out = "a constraint trigger";
    if (t.from_table) out += " from " + ir::display_name(*t.from_table);
    out += t.initially_deferred ? ", deferrable initially deferred"
           : t.deferrable       ? ", deferrable"
                                : ", not deferrable";
    return out;
}

std::string execute_text(const ir::Trigger& t) {
    std::vector<std::string> arguments;
    for (const std::string& a : t.arguments) arguments.push_back(schema_string(a));
    return fmt::format("execute function {}({})", ir::display_name(t.function), fmt::join(arguments, ", "));
}

}  // namespace

std::string function_difference(const ir::Function* live, const ir::Function* expected) {
    if (!live && !expected) return {};
    if (!live)
        return fmt::format("+ {} {}: missing {}", kind_of(*expected), ir::function_signature(*expected), in_database);
    if (!expected) return fmt::format("- {} {}: only {}", kind_of(*live), ir::function_signature(*live), in_database);
    if (*live == *expected) return {};
    std::string what = kind_of(*expected) + " " + ir::function_signature(*expected);
    std::string found = first_difference(
        what,
        {
            {"a " + kind_of(*live), "a " + kind_of(*expected)},
            {arguments_text(live->arguments), arguments_text(expected->arguments), "arguments "},
            {returns_text(*live), returns_text(*expected)},
            {"language " + live->language, "language " + expected->language},
            {ir::volatility_text(live->volatility), ir::volatility_text(expected->volatility)},
            {live->strict ? "strict" : "not strict", expected->strict ? "strict" : "not strict"},
            {live->security_definer ? "security definer" : "security invoker",
             expected->security_definer ? "security definer" : "security invoker"},
            {live->leakproof ? "leakproof" : "not leakproof", expected->leakproof ? "leakproof" : "not leakproof"},
            {std::string("parallel ") + ir::parallel_text(live->parallel),
             std::string("parallel ") + ir::parallel_text(expected->parallel)},
            {number_text(live->cost, "cost"), number_text(expected->cost, "cost")},
            {number_text(live->rows, "rows"), number_text(expected->rows, "rows")},
            {settings_text(live->settings), settings_text(expected->settings)},
            {quoted_or_none(live->comment), quoted_or_none(expected->comment), "comment "},
        });
    if (!found.empty()) return found;
    return fmt::format("~ {}: body differs", what);  // the body, or its link symbol, is all that is left
}

std::string trigger_difference(const ir::QualifiedName& table, const ir::Trigger* live, const ir::Trigger* expected) {
    if (!live && !expected) return {};
    std::string what = fmt::format("trigger {} on {}", (expected ? expected : live)->name, ir::display_name(table));
    if (!live) return fmt::format("+ {}: missing {}", what, in_database);
    if (!expected) return fmt::format("- {}: only {}", what, in_database);
    if (*live == *expected) return {};
    auto when = [](const ir::Trigger& t) { return t.when ? "when (" + *t.when + ")" : std::string("no when"); };
    return first_difference(
        what, {
                  {events_text(*live), events_text(*expected)},
                  {live->for_each_row ? "for each row" : "for each statement",
                   expected->for_each_row ? "for each row" : "for each statement"},
                  {when(*live), when(*expected)},
                  {transition_text(*live), transition_text(*expected)},
                  {constraint_text(*live), constraint_text(*expected)},
                  {execute_text(*live), execute_text(*expected)},
                  {quoted_or_none(live->comment), quoted_or_none(expected->comment), "comment "},
              });
}

}  // namespace schemac::runtime
