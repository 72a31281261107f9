#include "compiler/sql/function_sql.hpp"

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/types.hpp"

namespace schemac {
namespace {

std::string qualified(const ir::QualifiedName& name) {
    return quote_identifier(name.schema) + "." + quote_identifier(name.name);
}

std::string argument_sql(const ir::FunctionArgument& argument) {
    std::string out;
    if (argument.mode == ir::ArgumentMode::out) out += "OUT ";
    if (argument.mode == ir::ArgumentMode::inout) out += "INOUT ";
    if (argument.mode == ir::ArgumentMode::variadic) out += "VARIADIC ";
    if (!argument.name.empty()) out += quote_identifier(argument.name) + " ";
    out += render_type(argument.type);
    if (argument.default_value) out += " DEFAULT " + *argument.default_value;
    return out;
}

std::string arguments_sql(const std::vector<ir::FunctionArgument>& arguments) {
    std::string out = "(";
    for (std::size_t i = 0; i < arguments.size(); ++i) out += (i ? ", " : "") + argument_sql(arguments[i]);
    return out + ")";
}

std::string returns_sql(const ir::Function& function) {
    if (function.procedure) return {};
    if (!function.returns_table.empty()) {
        // The columns: names and types only, whatever else the structs hold.
        std::string out = " RETURNS TABLE (";
        for (std::size_t i = 0; i < function.returns_table.size(); ++i)
            out += (i ? ", " : "") + quote_identifier(function.returns_table[i].name) + " " +
                   render_type(function.returns_table[i].type);
        return out + ")";
    }
    if (!function.returns) return {};
    return std::string(" RETURNS ") + (function.returns_set ? "SETOF " : "") + render_type(*function.returns);
}

}  // namespace

// Each element of a list setting is its own literal, as pg_get_functiondef writes them
// (`SET search_path TO 'public', 'pg_temp'`).
bool list_setting(std::string_view name) {
    return name == "search_path" || name == "temp_tablespaces" || name == "local_preload_libraries" ||
           name == "session_preload_libraries" || name == "shared_preload_libraries";
}

std::vector<std::string> setting_list_elements(std::string_view value) {
    std::vector<std::string> out;
    std::string current;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (quoted) {
            if (c == '"' && i + 1 < value.size() && value[i + 1] == '"') {
                current += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                current += c;
            }
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            out.push_back(current);
            current.clear();
            any = false;
        } else if (c != ' ' && c != '\t' && c != '\n') {
            current += c;
            any = true;
        }
    }
    if (any || !current.empty() || !out.empty()) out.push_back(current);
    return out;
}

namespace {

std::string setting_sql(const std::string& name, const std::string& value) {
    std::string out = " SET " + quote_identifier(name) + " TO ";
    if (!list_setting(name)) return out + quote_literal(value);
    std::vector<std::string> elements = setting_list_elements(value);
    for (std::size_t i = 0; i < elements.size(); ++i) out += (i ? ", " : "") + quote_literal(elements[i]);
    return out;
}

std::string options_sql(const ir::Function& function) {
    std::string out;
    if (!function.procedure) {
        if (function.volatility != ir::Volatility::volatile_)
            out += fmt::format(" {}", function.volatility == ir::Volatility::stable ? "STABLE" : "IMMUTABLE");
        if (function.strict) out += " STRICT";
    }
    if (function.security_definer) out += " SECURITY DEFINER";
    if (!function.procedure) {
        if (function.leakproof) out += " LEAKPROOF";
        if (function.parallel == ir::ParallelSafety::safe) out += " PARALLEL SAFE";
        if (function.parallel == ir::ParallelSafety::restricted) out += " PARALLEL RESTRICTED";
        if (function.cost) out += fmt::format(" COST {}", *function.cost);
        if (function.rows) out += fmt::format(" ROWS {}", *function.rows);
    }
    for (const auto& [name, value] : function.settings) out += setting_sql(name, value);
    return out;
}

}  // namespace

FunctionSql create_function_sql(const ir::Function& function, bool or_replace) {
    FunctionSql out;
    out.text = fmt::format("CREATE {}{} {}{}{} LANGUAGE {}{}", or_replace ? "OR REPLACE " : "",
                           function_kind_sql(function), qualified(function.name), arguments_sql(function.arguments),
                           returns_sql(function), quote_identifier(function.language), options_sql(function));
    if (function.sql_body) {
        out.text += "\n";
        out.body_offset = out.text.size();
        out.text += *function.sql_body;
    } else if (function.link_symbol) {
        out.text += " AS ";
        out.body_offset = out.text.size() + 1;
        out.text += quote_literal(function.body) + ", " + quote_literal(*function.link_symbol);
    } else {
        std::string quoted = dollar_quote(function.body);
        std::size_t tag = (quoted.size() - function.body.size()) / 2;
        out.text += " AS ";
        out.body_offset = out.text.size() + tag;
        out.text += quoted;
    }
    out.text += ";";
    return out;
}

std::string create_function_statement(const ir::Function& function, bool or_replace) {
    return create_function_sql(function, or_replace).text;
}

std::string function_identity_sql(const ir::Function& function) {
    std::string out = qualified(function.name) + "(";
    bool first = true;
    for (const ir::Type& type : input_types(function)) {
        out += (first ? "" : ", ") + render_type(type);
        first = false;
    }
    return out + ")";
}

const char* function_kind_sql(const ir::Function& function) { return function.procedure ? "PROCEDURE" : "FUNCTION"; }

}  // namespace schemac
