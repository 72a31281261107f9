// LSP positions and byte offsets. A position is a 0-based line and a 0-based character counted
// in UTF-16 code units (the protocol's default encoding); lines end at "\n", "\r\n" or "\r".
// Offsets past the text, and characters past a line's end, are clamped, as the protocol asks.
// A byte that is not UTF-8 counts as one character.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace schemac::lsp {

struct Position {
    std::size_t line = 0;
    std::size_t character = 0;
    bool operator==(const Position&) const = default;
};

// A text's line starts, found once: each conversion is then a binary search and a walk along
// one line. The text must outlive the index, at the same address.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    Position position(std::size_t offset) const;
    std::size_t offset(Position position) const;

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

// One conversion on a text indexed for it.
inline Position position_at(std::string_view text, std::size_t offset) { return LineIndex(text).position(offset); }
inline std::size_t offset_at(std::string_view text, Position p) { return LineIndex(text).offset(p); }

}  // namespace schemac::lsp
