// Whether a statement PostgreSQL refused only fails because an earlier step failed: its error
// says an object is missing (undefined table, column, type, function, object or schema) and its
// parse tree (libpg_query) names something that an earlier failed step would have created, as
// that step's Change says (plan::created_names). A typo of its own in the same statement is
// still its own failure when the name it misses is not one a failed step would have made.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/plan/created_names.hpp"

namespace schemac::runtime {

// 42P01, 42703, 42704, 42883, 3F000: PostgreSQL looked a name up and found nothing.
bool missing_object_state(std::string_view sqlstate);

// Whether `statements` (one step's SQL) name any of `created` (what a failed step would have made).
bool names_any(const std::vector<std::string>& statements, const std::vector<plan::CreatedName>& created);

}  // namespace schemac::runtime
