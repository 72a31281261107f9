#include "runtime/introspect_code.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "compiler/ir/types.hpp"
#include "compiler/sql/function_body.hpp"
#include "compiler/sql/sql_expression.hpp"
#include "runtime/catalog_fields.hpp"
#include "runtime/catalog_rows.hpp"
#include "runtime/catalog_types.hpp"
#include "runtime/introspect_access.hpp"
#include "runtime/trigger_condition.hpp"

namespace schemac::runtime {
namespace {

std::optional<std::string> optional_json_text(const nlohmann::json& j) {
    if (j.is_null()) return std::nullopt;
    return j.get<std::string>();
}

// A type as functions.sql describes one (its element type's kind, schema, name and format_type
// text, and whether it is an array): canonical, without modifiers, as PostgreSQL keeps an
// argument's or a result's type. Built-in types (pseudo-types such as `trigger` and `void`
// included) by their canonical name, an extension's by its own name, any other (an enum, a
// domain, a table's row type) by its schema and name.
ir::Type code_type(const std::string& schema, const std::string& name, const std::string& formatted, bool is_array,
                   bool from_extension) {
    ir::Type type;
    if (schema == "pg_catalog")
        type = builtin_type(formatted);
    else if (from_extension)
        type = ir::Type{extension_type_schema(schema), name, {}, 0};
    else
        type = ir::Type{schema, name, {}, 0};
    type.modifiers.clear();
    type.array_dimensions = is_array ? 1 : 0;
    return type;
}

ir::ArgumentMode argument_mode(const std::string& code) {
    if (code == "o") return ir::ArgumentMode::out;
    if (code == "b") return ir::ArgumentMode::inout;
    if (code == "v") return ir::ArgumentMode::variadic;
    return ir::ArgumentMode::in;
}

ir::Volatility volatility(const std::string& code) {
    if (code == "i") return ir::Volatility::immutable;
    if (code == "s") return ir::Volatility::stable;
    return ir::Volatility::volatile_;
}

ir::ParallelSafety parallel(const std::string& code) {
    if (code == "s") return ir::ParallelSafety::safe;
    if (code == "r") return ir::ParallelSafety::restricted;
    return ir::ParallelSafety::unsafe;
}

// PostgreSQL's default cost: 1 for C and internal functions, 100 for the others.
double default_cost(const std::string& language) { return language == "c" || language == "internal" ? 1 : 100; }

ir::Function function_of(const CatalogRow& row, std::vector<std::string>& unreadable) {
    ir::Function f;
    f.name = {row["schema_name"].as<std::string>(), row["function_name"].as<std::string>()};
    f.procedure = row["procedure"].as<bool>();
    bool returns_table = false;
    for (const auto& a : nlohmann::json::parse(row["arguments"].c_str())) {
        ir::FunctionArgument argument;
        argument.name = a["name"].get<std::string>();
        argument.type = code_type(a["type_schema"].get<std::string>(), a["type_name"].get<std::string>(),
                                  a["formatted_type"].get<std::string>(), a["is_array"].get<bool>(),
                                  a["from_extension"].get<bool>());
        std::string mode = a["mode"].get<std::string>();
        if (mode == "t") {  // a column of `returns table (...)`
            returns_table = true;
            f.returns_table.push_back(std::move(argument));
            continue;
        }
        argument.mode = argument_mode(mode);
        if (auto value = optional_json_text(a["default"]))
            argument.default_value = canonical_expression(
                *value,
                fmt::format("default of argument {} of function {}",
                            argument.name.empty() ? std::to_string(f.arguments.size() + 1) : argument.name,
                            ir::display_name(f.name)),
                unreadable);
        f.arguments.push_back(std::move(argument));
    }
    if (returns_table) {
        f.returns_set = true;
    } else if (!f.procedure) {
        f.returns = code_type(row["return_type_schema"].as<std::string>(), row["return_type_name"].as<std::string>(),
                              row["return_formatted_type"].as<std::string>(), row["return_is_array"].as<bool>(),
                              row["return_type_from_extension"].as<bool>());
        f.returns_set = row["returns_set"].as<bool>();
    }
    f.language = row["language"].as<std::string>();
    std::string source = row["source"].as<std::string>();
    if (auto file = optional_text(row["binary_file"])) {  // `as 'obj_file', 'link_symbol'`
        f.body = *file;
        f.link_symbol = source;
    } else {
        f.body = source;
    }
    if (auto sql_body = optional_text(row["sql_body"])) {  // PostgreSQL's deparse, in the compiler's canonical form
        f.body.clear();
        f.sql_body = canonical_sql_body(*sql_body).value_or(*sql_body);
    }
    f.volatility = volatility(row["volatility"].as<std::string>());
    f.strict = row["strict"].as<bool>();
    f.security_definer = row["security_definer"].as<bool>();
    f.leakproof = row["leakproof"].as<bool>();
    f.parallel = parallel(row["parallel"].as<std::string>());
    double cost = row["cost"].as<double>(), rows = row["rows"].as<double>();
    if (cost != default_cost(f.language)) f.cost = cost;
    if (f.returns_set && rows != 1000) f.rows = rows;
    for (const auto& setting : nlohmann::json::parse(row["settings"].c_str())) {
        std::string text = setting.get<std::string>();
        std::size_t equals = text.find('=');
        if (equals == std::string::npos) continue;
        f.settings[text.substr(0, equals)] = text.substr(equals + 1);
    }
    f.comment = optional_text(row["comment"]);
    f.grants = grants_of_json(row["grants"]);
    return f;
}

// tgargs: each argument followed by a zero byte, here in hex.
std::vector<std::string> trigger_arguments(const std::string& hex) {
    std::vector<std::string> out;
    std::string current;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        char byte = static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
        if (byte == '\0') {
            out.push_back(std::move(current));
            current.clear();
        } else {
            current += byte;
        }
    }
    return out;
}

// What `tgenabled` says other than "fires as usual", in words; empty when it fires as usual.
std::string firing_text(const std::string& enabled) {
    if (enabled == "D") return "it is disabled (ALTER TABLE ... DISABLE TRIGGER)";
    if (enabled == "R") return "it fires only in replica sessions (ALTER TABLE ... ENABLE REPLICA TRIGGER)";
    if (enabled == "A") return "it fires in replica sessions too (ALTER TABLE ... ENABLE ALWAYS TRIGGER)";
    return {};
}

// PostgreSQL's tgtype bits.
constexpr int row_bit = 1, before_bit = 2, insert_bit = 4, delete_bit = 8, update_bit = 16, truncate_bit = 32,
              instead_bit = 64;

ir::Trigger trigger_of(const CatalogRow& row, const ir::QualifiedName& table, std::vector<std::string>& unreadable) {
    ir::Trigger t;
    t.name = row["trigger_name"].as<std::string>();
    std::string what = fmt::format("trigger {} on {}", t.name, ir::display_name(table));
    int bits = row["type_bits"].as<int>();
    t.timing = bits & instead_bit  ? ir::TriggerTiming::instead_of
               : bits & before_bit ? ir::TriggerTiming::before
                                   : ir::TriggerTiming::after;
    t.on_insert = bits & insert_bit;
    t.on_update = bits & update_bit;
    t.on_delete = bits & delete_bit;
    t.on_truncate = bits & truncate_bit;
    t.for_each_row = bits & row_bit;
    t.update_columns = json_names(row["update_columns"]);
    if (auto definition = optional_text(row["definition"])) {
        if (auto condition = trigger_condition(*definition))
            t.when = canonical_expression(*condition, "when of " + what, unreadable);
        else
            unreadable.push_back(fmt::format("{}: its WHEN condition could not be found in `{}`", what, *definition));
    }
    t.old_table = optional_text(row["old_table"]);
    t.new_table = optional_text(row["new_table"]);
    t.constraint = row["constraint_trigger"].as<bool>();
    if (auto from = optional_text(row["from_table"]))
        t.from_table = ir::QualifiedName{row["from_schema"].as<std::string>(), *from};
    t.deferrable = row["deferrable"].as<bool>();
    t.initially_deferred = row["initially_deferred"].as<bool>();
    t.function = {row["function_schema"].as<std::string>(), row["function_name"].as<std::string>()};
    t.arguments = trigger_arguments(row["arguments"].as<std::string>());
    t.comment = optional_text(row["comment"]);
    if (std::string firing = firing_text(row["enabled"].as<std::string>()); !firing.empty())
        unreadable.push_back(fmt::format("{}: {}, which the .schema language does not describe", what, firing));
    return t;
}

}  // namespace

std::string canonical_expression(const std::string& text, const std::string& what,
                                 std::vector<std::string>& unreadable) {
    const SqlExpression& e = analyze_sql_expression(text);
    if (e.valid) return e.canonical;
    unreadable.push_back(fmt::format("{}: PostgreSQL's text `{}` does not parse as a PostgreSQL 15 "
                                     "expression ({}), so it cannot be compared",
                                     what, text, e.error));
    return text;
}

std::vector<ir::Function> read_functions(const pqxx::result& rows, std::vector<std::string>& unreadable) {
    std::vector<ir::Function> out;
    for (const auto& row : CatalogRows(rows)) out.push_back(function_of(row, unreadable));
    std::sort(out.begin(), out.end(),
              [](const ir::Function& a, const ir::Function& b) { return ir::function_key(a) < ir::function_key(b); });
    return out;
}

std::vector<std::pair<ir::QualifiedName, ir::Trigger>> read_triggers(const pqxx::result& rows,
                                                                     std::vector<std::string>& unreadable) {
    std::vector<std::pair<ir::QualifiedName, ir::Trigger>> out;
    for (const auto& row : CatalogRows(rows)) {
        ir::QualifiedName table{row["schema_name"].as<std::string>(), row["table_name"].as<std::string>()};
        ir::Trigger t = trigger_of(row, table, unreadable);
        out.emplace_back(std::move(table), std::move(t));
    }
    return out;
}

}  // namespace schemac::runtime
