#include "compiler/source.hpp"

#include <algorithm>

namespace schemac {

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
    if (text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) content_begin_ = 3;
    line_starts_.push_back(0);
    for (std::size_t i = text_.find('\n'); i != std::string::npos; i = text_.find('\n', i + 1)) {
        line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
    }
}

LineColumn SourceFile::line_column(std::uint32_t offset) const {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
    std::uint32_t start = line_starts_[line - 1];
    if (line == 1) start = std::max(start, content_begin_);
    std::uint32_t column = 1;
    for (std::uint32_t i = start; i < offset; ++i) {
        // Count code points: skip UTF-8 continuation bytes.
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    return {line, column};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    std::uint32_t begin = line_starts_[line - 1];
    if (line == 1) begin = std::max(begin, content_begin_);
    std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<std::uint32_t>(text_.size());
    if (end > begin && text_[end - 1] == '\r') --end;
    if (end < begin) end = begin;
    return std::string_view(text_).substr(begin, end - begin);
}

std::uint32_t SourceSet::add(std::string path, std::string text) {
    files_.emplace_back(std::move(path), std::move(text));
    return static_cast<std::uint32_t>(files_.size() - 1);
}

}  // namespace schemac
