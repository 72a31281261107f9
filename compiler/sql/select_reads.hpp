// What one query reads, decided on PostgreSQL's parse tree (libpg_query), never on its text:
// the relations its FROM clauses name, and the columns it reads from each, through table
// aliases, joins (USING included), subqueries (correlated and LATERAL ones too), CTEs (whose
// names are the query's own, not relations) and set operations. `*` and `alias.*` read every
// column of what they cover. A column written without a qualifier is given to the relation in
// scope that has it, as `columns_of` (the columns schemac knows a relation to have) says; when
// nothing says so and one relation is in scope, to that one; else it is listed as unattributed.
// Output names the query gives itself (`group by day` after `... as day`) are not columns read.
// The foundation of view dependencies: a view is recreated around a change to what it reads.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

struct RelationRead {
    std::optional<std::string> schema;  // as written; nullopt when the name is unqualified
    std::string name;
    std::set<std::string> columns;  // read by name
    bool every_column = false;      // `*` or `alias.*`
    bool operator==(const RelationRead&) const = default;
};

struct SelectReads {
    bool valid = false;                     // the text parses
    std::string error;                      // PostgreSQL's message when it does not
    std::size_t error_offset = 0;           // byte offset of the error in the text
    bool single_select = false;             // exactly one statement, a query (SELECT, VALUES, a set operation)
    std::vector<RelationRead> relations;    // each relation once, sorted by schema and name
    std::vector<std::string> unattributed;  // unqualified columns no relation in scope was found to have
};

// The columns of a relation as schemac knows them; nullopt for a relation it does not know.
using ColumnsOf = std::function<std::optional<std::vector<std::string>>(const std::optional<std::string>& schema,
                                                                        const std::string& name)>;

SelectReads select_reads(std::string_view query, const ColumnsOf& columns_of = {});

}  // namespace schemac
