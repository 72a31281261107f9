#include "compiler/source/source_text_check.hpp"

#include <fmt/format.h>

namespace schemac {

bool check_source_text(const SourceSet& sources, std::uint32_t file, Diagnostics& diagnostics) {
    constexpr std::size_t shown = 10;
    const SourceFile& source = sources.file(file);
    std::vector<BadByte> bad = find_bad_bytes(source.text(), shown + 1);
    Diagnostic* last = nullptr;
    bool helped = false;
    for (std::size_t i = 0; i < bad.size() && i < shown; ++i) {
        const BadByte& b = bad[i];
        Span span{file, b.offset, b.offset + b.length};
        if (b.nul) {
            last = &diagnostics.error(
                "nul-byte", span, "a NUL byte (0x00) in a .schema file",
                "remove it: a .schema file is text, and PostgreSQL's parser would stop reading at it");
            continue;
        }
        std::string bytes;
        for (std::uint32_t k = 0; k < b.length; ++k)
            bytes += fmt::format("{}0x{:02X}", k ? " " : "", static_cast<unsigned char>(source.text()[b.offset + k]));
        last = &diagnostics.error(
            "invalid-utf8", span,
            fmt::format("the file is not valid UTF-8: {} {} not a character", bytes, b.length == 1 ? "is" : "are"),
            helped
                ? ""
                : "save the file as UTF-8 (from Latin-1, for example: `iconv -f latin1 -t utf-8`); .schema files are read as UTF-8");
        helped = true;  // once per file
    }
    if (bad.size() > shown) last->notes.push_back({{}, "later lines with bad bytes are not listed"});
    return bad.empty();
}

}  // namespace schemac
