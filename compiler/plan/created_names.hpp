// What a step brings into being, read from its Change (never from its SQL): the schemas,
// relations (tables, views, sequences, indexes), types, functions and table members (columns,
// constraints, triggers, policies) that exist once the step has run. `generate --verify` uses
// it to tell a failure that only follows from an earlier one (the table whose CREATE failed is
// missing for its index) from a mistake of its own.
#pragma once

#include <compare>
#include <string>
#include <vector>

#include "compiler/plan/changes.hpp"

namespace schemac::plan {

struct CreatedName {
    // A relation, type or function shares one namespace here: SQL that names `public.users` may
    // mean the table or its row type, and a failure says only that it is missing.
    enum class Kind { schema, object, member } kind = Kind::object;
    std::string schema;  // the schema itself for Kind::schema
    std::string name;    // the object; the table for a member
    std::string member;  // a member's name (column, constraint, trigger, policy)
    auto operator<=>(const CreatedName&) const = default;
    bool operator==(const CreatedName&) const = default;
};

std::vector<CreatedName> created_names(const Change& change);

}  // namespace schemac::plan
