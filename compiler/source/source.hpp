// Source files and spans. A span is a byte range in one file; line and column are
// computed only when a diagnostic is printed, from the file's line table (made the first time
// one is asked for: a compile without diagnostics never needs it, and at 50,000 tables it is
// 3.4 MiB).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
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
    // The offset where each line starts, made once by whichever thread asks first.
    struct LineTable {
        std::once_flag made;
        std::vector<std::uint32_t> starts;
    };
    const std::vector<std::uint32_t>& line_starts() const;

    std::string path_;
    std::string text_;
    std::uint32_t content_begin_ = 0;
    std::shared_ptr<LineTable> lines_ = std::make_shared<LineTable>();
};

// The length of the UTF-8 character that starts at `at` (1 to 4), or 0 when the bytes there
// are not one: a stray continuation byte, a cut sequence, an overlong form, a surrogate or a
// value above U+10FFFF (all refused by PostgreSQL too).
std::size_t utf8_character_length(std::string_view text, std::size_t at);

// A byte a .schema file may not hold: a NUL (PostgreSQL's parser reads C strings and would
// stop there), or the start of a sequence that is not UTF-8.
struct BadByte {
    std::uint32_t offset = 0;
    std::uint32_t length = 1;  // the bytes of the broken sequence
    bool nul = false;
};
// The first bad byte of each line that has one, in order (at most `limit`).
std::vector<BadByte> find_bad_bytes(std::string_view text, std::size_t limit);

// Text as it is safe to show on a terminal: tabs as four spaces; a byte that is not UTF-8, a
// NUL or another control character as \xHH (C1 controls as \uHHHH), so that none garbles
// the output or moves a caret.
std::string printable_text(std::string_view text);

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
