#include "tools/lsp/positions.hpp"

#include <algorithm>

namespace schemac::lsp {
namespace {

// The bytes of the UTF-8 character starting with `lead`, at least 1 (a stray byte counts alone).
std::size_t character_bytes(unsigned char lead) {
    if (lead >= 0xF0) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC0) return 2;
    return 1;
}

}  // namespace

Position position_at(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    Position p;
    std::size_t i = 0;
    while (i < offset) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n' || c == '\r') {
            i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
            ++p.line;
            p.character = 0;
            continue;
        }
        std::size_t n = std::min(character_bytes(c), text.size() - i);
        if (i + n > offset) break;  // an offset inside a character stands at its start
        p.character += n == 4 ? 2 : 1;
        i += n;
    }
    return p;
}

std::size_t offset_at(std::string_view text, Position position) {
    std::size_t i = 0;
    for (std::size_t line = 0; line < position.line; ++line) {
        while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
        if (i == text.size()) return i;
        i += (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    }
    std::size_t units = 0;
    while (i < text.size() && text[i] != '\n' && text[i] != '\r' && units < position.character) {
        std::size_t n = std::min(character_bytes(static_cast<unsigned char>(text[i])), text.size() - i);
        units += n == 4 ? 2 : 1;
        i += n;
    }
    return i;
}

}  // namespace schemac::lsp
