// What the fuzz targets share: a property that does not hold stops the run with a message
// (libFuzzer then keeps the input as a crash file), and the text of libFuzzer's input.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace schemac::fuzz {

[[noreturn]] inline void property_failed(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "\nfuzz property failed: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
    std::abort();
}

inline void require(bool holds, const char* what, std::string_view detail = {}) {
    if (!holds) property_failed(what, detail);
}

inline std::string input_text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace schemac::fuzz
