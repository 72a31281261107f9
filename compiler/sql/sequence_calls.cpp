#include "compiler/sql/sequence_calls.hpp"

#include <algorithm>
#include <cctype>

#include "compiler/sql/sql_expression.hpp"

namespace schemac {

std::optional<ir::QualifiedName> regclass_name(std::string_view text) {
    std::vector<std::string> parts(1);
    bool quoted = false, part_quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                parts.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                parts.back() += c;
            }
        } else if (c == '"') {
            quoted = part_quoted = true;
        } else if (c == '.') {
            if (parts.back().empty()) return std::nullopt;
            parts.emplace_back();
            part_quoted = false;
        } else if (c == ' ' || c == '\t') {
            continue;
        } else {
            parts.back() += part_quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    if (quoted || parts.back().empty() || parts.size() > 2) return std::nullopt;
    if (parts.size() == 1) return ir::QualifiedName{"public", parts[0]};
    return ir::QualifiedName{parts[0], parts[1]};
}

std::vector<ir::QualifiedName> sequences_called(std::string_view expression) {
    std::vector<ir::QualifiedName> out;
    const SqlExpression& e = analyze_sql_expression(expression);
    if (!e.valid) return out;
    for (const std::string& text : e.sequence_arguments) {
        std::optional<ir::QualifiedName> name = regclass_name(text);
        if (name && std::find(out.begin(), out.end(), *name) == out.end()) out.push_back(*name);
    }
    return out;
}

}  // namespace schemac
