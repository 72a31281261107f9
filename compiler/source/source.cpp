#include "compiler/source/source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace schemac {

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
    if (text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) content_begin_ = 3;
}

const std::vector<std::uint32_t>& SourceFile::line_starts() const {
    std::call_once(lines_->made, [&] {
        std::vector<std::uint32_t>& starts = lines_->starts;
        starts.reserve(static_cast<std::size_t>(std::count(text_.begin(), text_.end(), '\n')) + 1);
        starts.push_back(0);
        for (std::size_t i = text_.find('\n'); i != std::string::npos; i = text_.find('\n', i + 1))
            starts.push_back(static_cast<std::uint32_t>(i + 1));
    });
    return lines_->starts;
}

LineColumn SourceFile::line_column(std::uint32_t offset) const {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
    const std::vector<std::uint32_t>& starts = line_starts();
    auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    auto line = static_cast<std::uint32_t>(it - starts.begin());
    std::uint32_t start = starts[line - 1];
    if (line == 1) start = std::max(start, content_begin_);
    std::uint32_t column = 1;
    for (std::uint32_t i = start; i < offset; ++i) {
        // Count code points: skip UTF-8 continuation bytes.
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    return {line, column};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
    const std::vector<std::uint32_t>& starts = line_starts();
    if (line == 0 || line > starts.size()) return {};
    std::uint32_t begin = starts[line - 1];
    if (line == 1) begin = std::max(begin, content_begin_);
    std::uint32_t end = line < starts.size() ? starts[line] - 1 : static_cast<std::uint32_t>(text_.size());
    if (end > begin && text_[end - 1] == '\r') --end;
    if (end < begin) end = begin;
    return std::string_view(text_).substr(begin, end - begin);
}

std::size_t utf8_character_length(std::string_view text, std::size_t at) {
    auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
    auto continuation = [&](std::size_t i) { return (byte(i) & 0xC0) == 0x80; };
    unsigned char lead = byte(at);
    if (at >= text.size()) return 0;
    if (lead < 0x80) return 1;
    if (lead < 0xC2) return 0;  // a continuation byte, or an overlong two-byte form
    if (lead < 0xE0) return continuation(at + 1) ? 2 : 0;
    if (lead < 0xF0) {
        unsigned char second = byte(at + 1);
        if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)) return 0;  // overlong; surrogate
        return continuation(at + 1) && continuation(at + 2) ? 3 : 0;
    }
    if (lead < 0xF5) {
        unsigned char second = byte(at + 1);
        if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) return 0;  // overlong; above U+10FFFF
        return continuation(at + 1) && continuation(at + 2) && continuation(at + 3) ? 4 : 0;
    }
    return 0;
}

std::string printable_text(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = utf8_character_length(text, i);
        if (c == '\t') {
            out += "    ";
        } else if (length == 0 || c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02X}", c);
            length = 1;
        } else if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            out += fmt::format("\\u{:04X}", static_cast<unsigned char>(text[i + 1]));
        } else {
            out.append(text.substr(i, length));
        }
        i += std::max<std::size_t>(length, 1);
    }
    return out;
}

namespace {

// Whether none of the 8 * Words bytes at `at` is NUL or above 0x7F: plain ASCII, nothing to look at.
template <std::size_t Words>
bool plain_ascii(std::string_view text, std::size_t at) {
    constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    std::uint64_t flagged = 0;
    for (std::size_t k = 0; k < Words; ++k) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + at + 8 * k, sizeof word);
        // A byte is flagged when its high bit is set, or (the classic test) when it is zero.
        flagged |= word | ((word - ones) & ~word);
    }
    return (flagged & highs) == 0;
}

}  // namespace

std::vector<BadByte> find_bad_bytes(std::string_view text, std::size_t limit) {
    std::vector<BadByte> out;
    std::size_t i = 0;
    while (i < text.size() && out.size() < limit) {
        if (i + 32 <= text.size() && plain_ascii<4>(text, i)) {  // most of every file
            i += 32;
            continue;
        }
        if (i + 8 <= text.size() && plain_ascii<1>(text, i)) {
            i += 8;
            continue;
        }
        std::size_t length = text[i] == '\0' ? 0 : utf8_character_length(text, i);
        if (length) {
            i += length;
            continue;
        }
        BadByte bad{static_cast<std::uint32_t>(i), 1, text[i] == '\0'};
        // A cut sequence: its lead and the continuation bytes that follow it.
        while (!bad.nul && i + bad.length < text.size() && bad.length < 4 &&
               (static_cast<unsigned char>(text[i + bad.length]) & 0xC0) == 0x80 &&
               static_cast<unsigned char>(text[i]) >= 0xC2)
            ++bad.length;
        out.push_back(bad);
        std::size_t next_line = text.find('\n', i);
        i = next_line == std::string_view::npos ? text.size() : next_line + 1;
    }
    return out;
}

std::uint32_t SourceSet::add(std::string path, std::string text) {
    files_.emplace_back(std::move(path), std::move(text));
    return static_cast<std::uint32_t>(files_.size() - 1);
}

}  // namespace schemac
