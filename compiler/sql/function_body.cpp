#include "compiler/sql/function_body.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/sql/function_sql.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/plpgsql_parse.hpp"
#include "compiler/sql/sql_tokens.hpp"
#include "compiler/sql/sql_uses.hpp"

namespace schemac {
namespace {

using nlohmann::json;

// The dotted names of `text` (`billing."Lines"` -> {billing, Lines}); empty when it is not one.
std::vector<std::string> dotted_names(std::string_view text) {
    std::vector<std::string> out;
    while (true) {
        std::size_t length = identifier_length(text);
        if (length == 0) return {};
        out.push_back(identifier_value(text.substr(0, length)));
        text.remove_prefix(length);
        if (text.empty()) return out;
        if (text[0] != '.') return {};
        text.remove_prefix(1);
    }
}

// A declaration's type that names a relation: `users%rowtype` (the row of users) or
// `billing.lines.amount%type` (a column's type); `total%type` names a variable.
void declared_type_uses(const std::string& type, const std::set<std::string>& variables, SqlUses& uses) {
    std::size_t percent = type.rfind('%');
    if (percent == std::string::npos) {  // a type by its name: `kind`, `billing.kind`, `integer`, `text[]`
        std::string_view name_text(type);
        name_text = name_text.substr(0, name_text.find('['));
        while (!name_text.empty() && name_text.back() == ' ') name_text.remove_suffix(1);
        std::vector<std::string> names = dotted_names(name_text);
        if (names.size() == 1 && names[0] != "unknown")  // the parser's placeholder for its own variables
            uses.add_type(std::nullopt, names[0]);
        else if (names.size() == 2 && names[0] != "pg_catalog")
            uses.add_type(names[0], names[1]);
        return;
    }
    std::string kind = lower_ascii(type.substr(percent + 1));
    std::string_view names_text(type);
    names_text = names_text.substr(0, percent);
    while (!names_text.empty() && (names_text.back() == ' ' || names_text.back() == '\t' || names_text.back() == '\n'))
        names_text.remove_suffix(1);
    std::vector<std::string> names = dotted_names(names_text);
    if (kind.starts_with("type") && !names.empty()) names.pop_back();  // the column
    if (names.empty() || names.size() > 2) return;
    if (names.size() == 1 && variables.count(names[0])) return;
    if (names.size() == 2)
        uses.add_relation(names[0], names[1]);
    else
        uses.add_relation(std::nullopt, names[0]);
}

void plpgsql_uses(json function, SqlUses& uses) {
    std::set<std::string> variables;
    for (const json& datum : function.value("datums", json::array()))
        for (const auto& [kind, fields] : datum.items())
            if (fields.contains("refname")) variables.insert(fields.value("refname", ""));
    for (const json& datum : function.value("datums", json::array()))
        for (const auto& [kind, fields] : datum.items())
            if (fields.contains("datatype"))
                declared_type_uses(fields["datatype"].value("PLpgSQL_type", json::object()).value("typname", ""),
                                   variables, uses);
    for_each_embedded_sql(function, [&](json&, const std::string& query, bool assignment) {
        for (const std::string& statement : embedded_sql_statements(query, assignment)) {
            PgParse parsed = pg_parse(statement);
            if (parsed.ok()) uses.add_tree(json::parse(*parsed.tree, nullptr, false));
        }
    });
}

void finish(BodyFacts& out, const SqlUses& uses) {
    out.relations = uses.relations();
    out.calls = uses.calls();
    out.types = uses.types();
    out.sequences = uses.sequences();
}

}  // namespace

BodyFacts function_body_facts(const ir::Function& function) {
    BodyFacts out;
    SqlUses uses;
    if (function.sql_body) {
        // Checked in the statement it is part of: `BEGIN ATOMIC ... END` and `RETURN expr` are
        // CREATE FUNCTION's grammar, not statements of their own.
        out.checked = true;
        FunctionSql sql = create_function_sql(function, false);
        PgParse parsed = pg_parse(sql.text);
        if (!parsed.ok()) {
            out.valid = false;
            out.error = parsed.error;
            std::size_t at = cursor_byte_offset(sql.text, parsed.cursor);
            out.error_offset = at >= sql.body_offset ? std::min(at - sql.body_offset, function.sql_body->size()) : 0;
            return out;
        }
        json tree = json::parse(*parsed.tree, nullptr, false);
        for (const json& statement : tree.value("stmts", json::array()))
            uses.add_tree(statement.value("stmt", json::object())
                              .value("CreateFunctionStmt", json::object())
                              .value("sql_body", json()));
        finish(out, uses);
        return out;
    }
    if (function.language == "sql") {
        out.checked = true;
        PgParse parsed = pg_parse(function.body);
        if (!parsed.ok()) {
            out.valid = false;
            out.error = parsed.error;
            out.error_offset = cursor_byte_offset(function.body, parsed.cursor);
            return out;
        }
        uses.add_tree(json::parse(*parsed.tree, nullptr, false));
        finish(out, uses);
        return out;
    }
    if (function.language == "plpgsql") {
        out.checked = true;
        PlpgsqlParse parsed = parse_plpgsql(function);
        if (!parsed.function) {
            out.valid = false;
            out.error = parsed.error;
            out.error_offset = parsed.error_offset;
            return out;
        }
        plpgsql_uses(*parsed.function, uses);
        finish(out, uses);
    }
    return out;
}

std::optional<std::string> canonical_sql_body(std::string_view written) {
    const std::string header = "CREATE FUNCTION f() RETURNS void LANGUAGE sql ";
    std::string statement = header + std::string(written);
    PgParse parsed = pg_parse(statement);
    if (!parsed.ok()) return std::nullopt;
    json tree = json::parse(*parsed.tree, nullptr, false);
    if (tree["stmts"].size() != 1 || !tree["stmts"][0]["stmt"].contains("CreateFunctionStmt") ||
        !tree["stmts"][0]["stmt"]["CreateFunctionStmt"].contains("sql_body"))
        return std::nullopt;
    std::optional<std::vector<SqlToken>> tokens = sql_tokens(written);
    if (!tokens) return std::nullopt;
    std::erase_if(*tokens, [](const SqlToken& t) { return t.comment(); });
    auto word = [&](std::size_t i) {
        return lower_ascii(written.substr((*tokens)[i].begin, (*tokens)[i].end - (*tokens)[i].begin));
    };
    if (tokens->size() >= 3 && word(0) == "begin" && word(1) == "atomic" && word(tokens->size() - 1) == "end") {
        // libpg_query 15 cannot deparse the statements of BEGIN ATOMIC in place: each is
        // deparsed on its own (a `;` outside strings ends one: the body holds no other kind).
        std::string out = "BEGIN ATOMIC\n";
        std::size_t from = (*tokens)[1].end;
        for (std::size_t i = 2; i < tokens->size(); ++i) {
            bool ends = (*tokens)[i].kind == ';' || i + 1 == tokens->size();
            if (!ends) continue;
            std::string_view text = written.substr(from, (*tokens)[i].begin - from);
            from = (*tokens)[i].end;
            if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
            std::optional<std::string> deparsed = pg_deparse(text);
            if (!deparsed) return std::nullopt;
            out += "  " + *deparsed + ";\n";
        }
        return out + "END";
    }
    std::optional<std::string> deparsed = pg_deparse(statement);
    if (!deparsed || !deparsed->starts_with(header)) return std::nullopt;
    return deparsed->substr(header.size());
}

std::vector<FunctionCall> sql_calls(std::string_view sql) {
    SqlUses uses;
    for (const std::string& statement : embedded_sql_statements(sql, false)) {
        PgParse parsed = pg_parse(statement);
        if (parsed.ok()) uses.add_tree(json::parse(*parsed.tree, nullptr, false));
    }
    return uses.calls();
}

}  // namespace schemac
