#include "compiler/source/diagnostic_printer.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace schemac {
namespace {

const char* severity_name(Severity severity) {
    switch (severity) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::note: return "note";
    }
    return "error";
}

struct Style {
    bool on;
    std::string paint(std::string_view code, std::string_view text) const {
        if (!on) return std::string(text);
        return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
    }
};

const char* severity_color(Severity severity) {
    switch (severity) {
        case Severity::error: return "1;31";
        case Severity::warning: return "1;33";
        case Severity::note: return "1;36";
    }
    return "1";
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Display width of a printable text: every code point counts 1.
std::size_t display_width(std::string_view printable) {
    std::size_t width = 0;
    for (char c : printable) width += is_continuation(c) ? 0 : 1;
    return width;
}

std::string location(const SourceSet& sources, Span span) {
    const SourceFile& file = sources.file(span.file);
    LineColumn lc = file.line_column(span.begin);
    return fmt::format("{}:{}:{}", file.path(), lc.line, lc.column);
}

// The source line and an underline below the span (clipped to the first line of the span).
void append_excerpt(std::string& out, const SourceSet& sources, Span span, const Style& style, const char* color) {
    const SourceFile& file = sources.file(span.file);
    LineColumn lc = file.line_column(span.begin);
    std::string_view line = file.line_text(lc.line);
    std::uint32_t line_begin = static_cast<std::uint32_t>(line.data() - file.text().data());
    std::uint32_t from = std::min<std::uint32_t>(span.begin - line_begin, static_cast<std::uint32_t>(line.size()));
    std::uint32_t to = std::min<std::uint32_t>(std::max(span.end, span.begin) - line_begin,
                                               static_cast<std::uint32_t>(line.size()));
    std::string gutter = fmt::format("{}", lc.line);
    std::string pad(gutter.size(), ' ');
    std::size_t lead = display_width(printable_text(line.substr(0, from)));
    std::size_t width = std::max<std::size_t>(1, display_width(printable_text(line.substr(from, to - from))));
    std::string marks(width, '~');
    marks[0] = '^';
    out += fmt::format(" {} | {}\n", style.paint("1;34", gutter), printable_text(line));
    out += fmt::format(" {} | {}{}\n", pad, std::string(lead, ' '), style.paint(color, marks));
}

}  // namespace

std::string format_text(const SourceSet& sources, const Diagnostic& d, const PrintOptions& options) {
    Style style{options.color};
    std::string out;
    std::string head = fmt::format("{}: {}", style.paint(severity_color(d.severity), severity_name(d.severity)),
                                   style.paint("1", d.message));
    if (d.span.known()) {
        out += fmt::format("{}: {}\n", style.paint("1", location(sources, d.span)), head);
        append_excerpt(out, sources, d.span, style, severity_color(d.severity));
    } else {
        out += head + "\n";
    }
    for (const Note& note : d.notes) {
        if (note.span.known()) {
            out += fmt::format("{}: {}: {}\n", style.paint("1", location(sources, note.span)),
                               style.paint(severity_color(Severity::note), "note"), note.message);
            append_excerpt(out, sources, note.span, style, severity_color(Severity::note));
        } else {
            out += fmt::format("{}: {}\n", style.paint(severity_color(Severity::note), "note"), note.message);
        }
    }
    if (!d.help.empty()) out += fmt::format("{}: {}\n", style.paint("1;32", "help"), d.help);
    return out;
}

std::string format_text(const SourceSet& sources, const Diagnostics& diagnostics, const PrintOptions& options) {
    std::string out;
    for (const Diagnostic& d : diagnostics.all()) out += format_text(sources, d, options);
    return out;
}

nlohmann::json to_json(const SourceSet& sources, const Diagnostic& d) {
    nlohmann::json j;
    if (d.span.known()) {
        const SourceFile& file = sources.file(d.span.file);
        LineColumn begin = file.line_column(d.span.begin);
        LineColumn end = file.line_column(std::max(d.span.end, d.span.begin));
        j["file"] = file.path();
        j["line"] = begin.line;
        j["column"] = begin.column;
        j["end"] = {{"line", end.line}, {"column", end.column}};
    } else {
        j["file"] = nullptr;
    }
    j["severity"] = severity_name(d.severity);
    j["code"] = d.code;
    j["message"] = d.message;
    j["help"] = d.help.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.help);
    nlohmann::json notes = nlohmann::json::array();
    for (const Note& note : d.notes) {
        nlohmann::json n{{"message", note.message}};
        if (note.span.known()) {
            const SourceFile& file = sources.file(note.span.file);
            LineColumn lc = file.line_column(note.span.begin);
            n["file"] = file.path();
            n["line"] = lc.line;
            n["column"] = lc.column;
        }
        notes.push_back(std::move(n));
    }
    j["notes"] = std::move(notes);
    return j;
}

nlohmann::json to_json(const SourceSet& sources, const Diagnostics& diagnostics) {
    nlohmann::json all = nlohmann::json::array();
    for (const Diagnostic& d : diagnostics.all()) all.push_back(to_json(sources, d));
    return all;
}

namespace {
// GitHub workflow commands need %, CR and LF escaped in the message, and also : and , in properties.
std::string escape_github(std::string_view text, bool property) {
    std::string out;
    for (char c : text) {
        if (c == '%')
            out += "%25";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else if (property && c == ':')
            out += "%3A";
        else if (property && c == ',')
            out += "%2C";
        else
            out += c;
    }
    return out;
}
}  // namespace

std::string format_github(const SourceSet& sources, const Diagnostics& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics.all()) {
        std::string kind = d.severity == Severity::error     ? "error"
                           : d.severity == Severity::warning ? "warning"
                                                             : "notice";
        std::string message = d.message;
        // The annotation's own place is the diagnostic's; a note elsewhere says where it is.
        for (const Note& note : d.notes) {
            message += "\nnote: ";
            if (note.span.known()) {
                const SourceFile& file = sources.file(note.span.file);
                LineColumn at = file.line_column(note.span.begin);
                message += fmt::format("{}:{}:{}: ", file.path(), at.line, at.column);
            }
            message += note.message;
        }
        if (!d.help.empty()) message += "\nhelp: " + d.help;
        if (d.span.known()) {
            const SourceFile& file = sources.file(d.span.file);
            LineColumn begin = file.line_column(d.span.begin);
            LineColumn end = file.line_column(std::max(d.span.end, d.span.begin));
            out += fmt::format("::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n", kind,
                               escape_github(file.path(), true), begin.line, begin.column, end.line, end.column,
                               escape_github(d.code, true), escape_github(message, false));
        } else {
            out += fmt::format("::{} title={}::{}\n", kind, escape_github(d.code, true), escape_github(message, false));
        }
    }
    return out;
}

std::string summary_line(const Diagnostics& diagnostics) {
    std::size_t errors = diagnostics.error_count();
    std::size_t warnings = diagnostics.all().size() - errors;
    std::string out;
    if (errors) out += fmt::format("{} error{}", errors, errors == 1 ? "" : "s");
    if (warnings) out += fmt::format("{}{} warning{}", out.empty() ? "" : ", ", warnings, warnings == 1 ? "" : "s");
    return out;
}

}  // namespace schemac
