// The words every drift message shares, so that they read alike whatever the object: where the
// live side is ("in the database") and a text as a .schema file quotes it, or "none".
#pragma once

#include <optional>
#include <string>

#include "compiler/writer/schema_writer.hpp"

namespace schemac::runtime {

inline constexpr const char* in_database = "in the database";

inline std::string quoted_or_none(const std::optional<std::string>& text) {
    return text ? schema_string(*text) : "none";
}

}  // namespace schemac::runtime
