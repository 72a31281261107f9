// LSP positions and byte offsets. A position is a 0-based line and a 0-based character counted
// in UTF-16 code units (the protocol's default encoding); lines end at "\n", "\r\n" or "\r".
// Offsets past the text, and characters past a line's end, are clamped, as the protocol asks.
#pragma once

#include <cstddef>
#include <string_view>

namespace schemac::lsp {

struct Position {
    std::size_t line = 0;
    std::size_t character = 0;
    bool operator==(const Position&) const = default;
};

Position position_at(std::string_view text, std::size_t offset);
std::size_t offset_at(std::string_view text, Position position);

}  // namespace schemac::lsp
