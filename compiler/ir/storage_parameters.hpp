// Storage parameters (`with (fillfactor = 70)` on tables and indexes): which names PostgreSQL 15
// knows, the value text PostgreSQL stores for what was written, and how a value is written
// back in SQL and in .schema files.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

// The parameters PostgreSQL 15 accepts on a table (`relation` "table") or on an index of a
// built-in method ("btree", "gin", ...); nullopt for a method it does not know (an
// extension's), whose parameters are left to PostgreSQL.
std::optional<std::vector<std::string_view>> known_storage_parameters(std::string_view relation);

// A number as PostgreSQL stores it: `+5` -> 5, `007` -> 7; decimals stay as written.
std::string stored_number(std::string_view written);

// In SQL: a number bare (one PostgreSQL stores as written), anything else as a quoted literal.
std::string storage_value_sql(const std::string& value);
// In a .schema file: such a number or a lower-case word bare, anything else as a quoted string.
std::string storage_value_schema(const std::string& value);

}  // namespace schemac
