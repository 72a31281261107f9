// The text an expression inside a query was written with, found from libpg_query's parse tree
// alone: a tree gives where an expression's tokens start, not where it ends, so its text is the
// longest stretch (up to whatever the tree places next) that PostgreSQL's parser reads back as
// the very same expression. `total * 2` for the target `total * 2 AS doubled`, `(a + b) * c`
// with its parentheses; comments and line breaks after it never end up in the text.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace schemac {

// The written text of `value` (an expression node of `tree`, the whole parse tree of `sql`);
// nullopt when it cannot be found (a node the tree places nowhere in `sql`).
std::optional<std::string> written_text(std::string_view sql, const nlohmann::json& tree, const nlohmann::json& value);

// A copy of a parse tree without its source locations: two texts that mean the same give equal ones.
nlohmann::json without_locations(const nlohmann::json& node);

}  // namespace schemac
