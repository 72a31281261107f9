// The version of schemac, from the CMake project (recorded in history rows, printed by --version).
#pragma once

#include <string_view>

#ifndef SCHEMAC_VERSION
#define SCHEMAC_VERSION "0.0.0"
#endif

namespace schemac::cli {

inline constexpr std::string_view schemac_version = SCHEMAC_VERSION;

}  // namespace schemac::cli
