// "Did you mean ...?": the closest candidate to a misspelt name, if one is close enough.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace schemac
