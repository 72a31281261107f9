// Source files and spans. A span is a byte range in one file; line and column are
// computed only when a diagnostic is printed, from the file's line table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

inline constexpr std::uint32_t no_file = UINT32_MAX;

struct Span {
    std::uint32_t file = no_file;
    std::uint32_t begin = 0;  // byte offset of the first byte
    std::uint32_t end = 0;    // byte offset one past the last byte

    bool known() const { return file != no_file; }
};

struct LineColumn {
    std::uint32_t line = 1;    // 1-based
    std::uint32_t column = 1;  // 1-based, counted in characters (UTF-8 code points)
};

class SourceFile {
public:
    SourceFile(std::string path, std::string text);

    const std::string& path() const { return path_; }
    const std::string& text() const { return text_; }
    // Offset where the content starts (3 after a UTF-8 byte-order mark, else 0).
    std::uint32_t content_begin() const { return content_begin_; }

    LineColumn line_column(std::uint32_t offset) const;
    // The text of a 1-based line, without its line ending.
    std::string_view line_text(std::uint32_t line) const;

private:
    std::string path_;
    std::string text_;
    std::uint32_t content_begin_ = 0;
    std::vector<std::uint32_t> line_starts_;
};

// Every file of one compilation; a Span's file is an index into it.
class SourceSet {
public:
    std::uint32_t add(std::string path, std::string text);
    const SourceFile& file(std::uint32_t index) const { return files_.at(index); }
    std::uint32_t size() const { return static_cast<std::uint32_t>(files_.size()); }

private:
    std::vector<SourceFile> files_;
};

}  // namespace schemac
