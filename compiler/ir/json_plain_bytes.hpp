// The bytes a JSON string holds as they are: printable ASCII but `"` and `\`. Everything else
// (a quote, a backslash, a control character, a byte outside ASCII, whose UTF-8 needs checking)
// asks for a second look, from the writer (escape it) and the reader (end, escape, decode).
// One load a byte.
#pragma once

#include <array>

namespace schemac {

inline constexpr std::array<bool, 256> json_plain_bytes = [] {
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 0x80; ++c) table[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return table;
}();

inline bool json_plain_byte(char c) { return json_plain_bytes[static_cast<unsigned char>(c)]; }

}  // namespace schemac
