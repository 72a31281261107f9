// SQL expressions (defaults, checks, generated columns, index expressions and predicates,
// backfills) checked by PostgreSQL's own parser (libpg_query) and put in canonical form.
// Results are memoised per distinct text: real schemas repeat `now()` and `'{}'` a lot.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace schemac {

struct SqlExpression {
    bool valid = false;
    std::string canonical;                 // libpg_query's deparsed text, e.g. `now() + '7 days'::interval`
    std::string error;                     // PostgreSQL's message when not valid
    std::size_t error_offset = 0;          // byte offset into the expression text
    std::vector<std::string> column_refs;  // names of the columns it mentions, in order of appearance
    // Byte offsets into the text of each unqualified column name (`amount`, `"Amount"`).
    std::vector<std::size_t> column_ref_offsets;
    // The unqualified column names outside every subquery, with their byte offsets into the text:
    // the columns of the row an expression is evaluated on (a policy's, a check's).
    std::vector<std::pair<std::string, std::size_t>> outer_column_refs;
    bool has_subquery = false;
    bool has_aggregate_or_window = false;        // best effort: FILTER/OVER or a known aggregate name
    std::optional<std::string> string_constant;  // 'draft' or 'draft'::some_type
    // The text naming a sequence in each nextval/currval/setval call with a constant first
    // argument (`billing.invoice_no` of nextval('billing.invoice_no'::regclass)), in order.
    std::vector<std::string> sequence_arguments;
};

const SqlExpression& analyze_sql_expression(std::string_view text);

// Whether the expression can stand bare after DEFAULT in a column definition, where
// PostgreSQL's grammar takes only a restricted expression (no AT TIME ZONE, comparisons,
// boolean operators or IS tests without parentheses). Asked of PostgreSQL's own parser.
bool fits_bare_column_default(std::string_view text);

// The canonical text with column names replaced (old -> new), as PostgreSQL itself rewrites
// checks, index expressions and predicates when a column is renamed.
std::string rename_columns_in_expression(std::string_view text,
                                         const std::vector<std::pair<std::string, std::string>>& renames);

}  // namespace schemac
