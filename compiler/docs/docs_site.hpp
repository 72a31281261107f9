// The schema as a static HTML site, read without a server (file:// in any browser): an index
// with a diagram and the objects of each PostgreSQL schema, a page per table (columns, types,
// keys, indexes, checks, triggers, comments; what it references and what references it, linked
// both ways), per view and per function, enums on the index, and a search box over every
// object and column (its index is a script, as a page opened from disk cannot fetch JSON).
// Deterministic: the same IR and diagrams give the same bytes.
#pragma once

#include <map>
#include <string>

#include "compiler/ir/ir.hpp"

namespace schemac::docs {

// The page of a table, view or function, relative to the site's root: "tables/public.orders.html".
std::string table_page(const ir::QualifiedName& name);

struct SiteInput {
    std::string title;  // "schemas/": what was documented
    // PostgreSQL schema -> its diagram, an SVG document drawn from dot_diagram with table_page
    // links (they are relative to the index, where it is drawn inline).
    std::map<std::string, std::string> svgs;
};

// Path relative to the site's root -> file text.
std::map<std::string, std::string> docs_site(const ir::Database& database, const SiteInput& input);

}  // namespace schemac::docs
