// Lowering of SQL expressions: checked and put in canonical form by PostgreSQL's parser.
#include "compiler/lower/lowering.hpp"

#include <fmt/format.h>

#include "compiler/sql/sql_expression.hpp"

namespace schemac::lowering {

std::optional<std::string> Lowering::lower_expression(const syntax::Expression& expression, std::string_view role,
                                                      bool subqueries) {
    const SqlExpression& sql = analyze_sql_expression(expression.text);
    if (!sql.valid) {
        std::uint32_t at = expression.span.begin + static_cast<std::uint32_t>(sql.error_offset);
        std::uint32_t end = at;
        const std::string& text = sources_.file(expression.span.file).text();
        while (end < expression.span.end && end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])))
            ++end;
        if (end == at) end = std::min<std::uint32_t>(at + 1, expression.span.end);
        diagnostics_.error("sql-syntax", Span{expression.span.file, at, end},
                           fmt::format("invalid SQL in {}: {}", role, sql.error),
                           "the expression is PostgreSQL SQL; check it with psql if in doubt");
        return std::nullopt;
    }
    if (sql.has_subquery && !subqueries) {
        diagnostics_.error("sql-subquery", expression.span, fmt::format("a {} cannot contain a subquery", role),
                           "PostgreSQL evaluates it row by row; move the lookup into a trigger or the application");
        return std::nullopt;
    }
    return sql.canonical;
}

}  // namespace schemac::lowering
