// What changing a column's type means: whether values may be lost (narrowing), whether
// PostgreSQL rewrites the table, and the USING expression when no assignment cast exists.
// int -> bigint, varchar(50) -> varchar(100) or text, numeric(10,2) -> numeric(12,2) widen;
// the reverse narrows, as does any conversion schemac cannot prove lossless.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/ir/ir.hpp"

namespace schemac::plan {

struct TypeChange {
    bool narrowing = false;
    bool rewrite = true;
    std::optional<std::string> using_expression;
    // Whether PostgreSQL has a cast at all (pg_cast, or I/O conversion through a string type):
    // false for bigint -> timestamp, integer -> date, uuid -> bigint. Then only a declared
    // conversion (@using) can change the type.
    bool castable = true;
};

TypeChange classify_type_change(const ir::Type& from, const ir::Type& to, std::string_view column);

}  // namespace schemac::plan
