#include "tools/lsp/positions.hpp"

#include <algorithm>

#include "compiler/source/source.hpp"

namespace schemac::lsp {
namespace {

// The bytes of the character at `at`: a byte that is not UTF-8 counts alone.
std::size_t character_bytes(std::string_view text, std::size_t at) {
    return std::max<std::size_t>(1, utf8_character_length(text, at));
}

bool line_end(char c) { return c == '\n' || c == '\r'; }

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text), starts_{0} {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!line_end(text[i])) continue;
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        starts_.push_back(i + 1);
    }
}

Position LineIndex::position(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    std::size_t line = static_cast<std::size_t>(
                           std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin()) -
                       1;
    Position p{line, 0};
    for (std::size_t i = starts_[line]; i < offset && !line_end(text_[i]);) {
        std::size_t n = character_bytes(text_, i);
        if (i + n > offset) break;  // an offset inside a character stands at its start
        p.character += n == 4 ? 2 : 1;
        i += n;
    }
    return p;
}

std::size_t LineIndex::offset(Position position) const {
    if (position.line >= starts_.size()) return text_.size();
    std::size_t i = starts_[position.line];
    for (std::size_t units = 0; i < text_.size() && !line_end(text_[i]) && units < position.character;) {
        std::size_t n = character_bytes(text_, i);
        units += n == 4 ? 2 : 1;
        i += n;
    }
    return i;
}

}  // namespace schemac::lsp
