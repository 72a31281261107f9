// The schema as an entity-relationship diagram: tables with their columns and keys, and a line
// for each foreign key, as Mermaid (for pull-request descriptions and READMEs, which render it)
// or as Graphviz DOT (a cluster per PostgreSQL schema; `dot -Tsvg` draws it). The same IR gives
// the same bytes.
#pragma once

#include <functional>
#include <string>

#include "compiler/ir/ir.hpp"

namespace schemac::docs {

std::string mermaid_diagram(const ir::Database& database);

struct DotOptions {
    // Only the tables of this PostgreSQL schema (and the tables its foreign keys reach, drawn
    // apart); every table when empty.
    std::string schema;
    // The link of a table's box (an SVG drawn from the DOT links it); none when not set.
    std::function<std::string(const ir::QualifiedName&)> table_link;
};

std::string dot_diagram(const ir::Database& database, const DotOptions& options = {});

}  // namespace schemac::docs
