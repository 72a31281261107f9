#include "compiler/syntax/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <set>
#include <vector>

#include "compiler/ir/identifiers.hpp"
#include "compiler/source/source_text_check.hpp"
#include "compiler/syntax/parser_actions_access.hpp"
#include "compiler/syntax/parser_actions_columns.hpp"
#include "compiler/syntax/parser_actions_common.hpp"
#include "compiler/syntax/parser_actions_enums.hpp"
#include "compiler/syntax/parser_actions_partitions.hpp"
#include "compiler/syntax/parser_actions_routines.hpp"
#include "compiler/syntax/parser_actions_schemas.hpp"
#include "compiler/syntax/parser_actions_sequences.hpp"
#include "compiler/syntax/parser_actions_tables.hpp"
#include "compiler/syntax/parser_actions_types.hpp"
#include "compiler/syntax/parser_actions_views.hpp"
#include "compiler/syntax/parser_builder.hpp"
#include "grammar/error_messages.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac {

namespace g = grammar;
namespace p = tao::pegtl;
using namespace syntax;
using parsing::action;
using parsing::Builder;

namespace {

// ------------------------------------------------------------------ errors and recovery
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

// The token at an error position: its span and how to name it in the message.
std::pair<Span, std::string> found_at(const std::string& text, std::uint32_t file, std::uint32_t at) {
    while (at < text.size() && is_blank(text[at])) ++at;
    if (at >= text.size()) return {Span{file, at, at}, "end of file"};
    if (text[at] == '\n' || text[at] == '\r') return {Span{file, at, at}, "end of line"};
    std::uint32_t end = at;
    if (std::size_t word = word_length(std::string_view(text).substr(at))) {
        end += static_cast<std::uint32_t>(word);
    } else {
        ++end;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    }
    return {Span{file, at, end}, fmt::format("'{}'", printable_text(std::string_view(text).substr(at, end - at)))};
}

// The '(' or '[' still open at `to` when the text from `from` is read as the grammar reads SQL
// (strings, quoted names and comments skipped whole): where an unclosed one was opened.
std::optional<std::uint32_t> unclosed_opener(const std::string& text, std::uint32_t from, std::uint32_t to) {
    std::vector<std::uint32_t> open;
    for (std::uint32_t i = from; i < to;) {
        p::memory_input in(text.data() + i, text.data() + to, "");
        try {
            if (p::parse<g::sql_atom, p::nothing, g::control>(in)) {
                i = static_cast<std::uint32_t>(in.current() - text.data());
                continue;
            }
        } catch (const g::SyntaxError&) {
            break;  // an unterminated string runs to the end
        }
        char c = text[i];
        if (c == '(' || c == '[')
            open.push_back(i);
        else if ((c == ')' || c == ']') && !open.empty())
            open.pop_back();
        ++i;
    }
    if (open.empty()) return std::nullopt;
    return open.back();
}

// When the column's default ends just before `at` (blanks between): the default written with
// the rest of its line in parentheses, which is how an expression is given.
std::optional<std::string> parenthesise_default_help(const std::string& text, const std::optional<Expression>& value,
                                                     std::uint32_t at) {
    if (!value || !value->span.known() || value->span.end > at) return std::nullopt;
    for (std::uint32_t i = value->span.end; i < at; ++i)
        if (!is_blank(text[i])) return std::nullopt;
    std::size_t line_end = text.find_first_of("\r\n", at);
    std::string_view rest = std::string_view(text).substr(
        value->span.begin, (line_end == std::string::npos ? text.size() : line_end) - value->span.begin);
    if (std::size_t comment = rest.find("//"); comment != std::string_view::npos) rest = rest.substr(0, comment);
    while (!rest.empty() && is_blank(rest.back())) rest.remove_suffix(1);
    return fmt::format("wrap an expression in parentheses: default ({})", rest);
}

bool starts_declaration(const std::string& text, std::size_t line) {
    p::memory_input in(text.data() + line, text.data() + text.size(), "");
    try {
        return p::parse<p::seq<g::blanks, g::declaration_keyword>, p::nothing, g::control>(in);
    } catch (const g::SyntaxError&) {
        return false;  // an unterminated comment: nothing starts here
    }
}

// Where to resume after an error in the declaration that began at `begin`: the error's own
// line if it starts a new declaration (an unclosed body), else the next line that does.
std::uint32_t resume_after(const std::string& text, std::uint32_t begin, std::uint32_t at) {
    std::size_t line_start = at == 0 ? 0 : text.rfind('\n', at - 1);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    if (line_start > begin && starts_declaration(text, line_start)) return static_cast<std::uint32_t>(line_start);
    std::size_t pos = text.find('\n', at);
    while (pos != std::string::npos) {
        std::size_t line = pos + 1;
        if (starts_declaration(text, line)) return static_cast<std::uint32_t>(line);
        pos = text.find('\n', line);
    }
    return static_cast<std::uint32_t>(text.size());
}

}  // namespace

syntax::File parse_file(const SourceSet& sources, std::uint32_t file_index, Diagnostics& diagnostics) {
    return parse_file(sources, file_index, diagnostics, {});
}

syntax::File parse_file(const SourceSet& sources, std::uint32_t file_index, Diagnostics& diagnostics,
                        const std::function<void(syntax::Declaration&&)>& take) {
    const SourceFile& source = sources.file(file_index);
    const std::string& text = source.text();
    File out;
    out.file = file_index;
    if (!check_source_text(sources, file_index, diagnostics)) {  // not text: nothing to parse
        out.complete = false;
        return out;
    }
    Builder builder(text.data(), file_index, out);
    auto hand_over = [&] {
        if (!take) return;
        for (Declaration& declaration : out.declarations) take(std::move(declaration));
        out.declarations.clear();
    };
    std::uint32_t pos = source.content_begin();
    // Where the last syntax error was. Recovery may parse a declaration's line again (when the
    // failed parse began before it); failing at the same place again is the same mistake.
    std::optional<std::uint32_t> last_error;
    while (pos < text.size()) {
        // Lazy: nothing here asks for line numbers (spans are byte offsets), so PEGTL need not
        // count lines as it reads; the file's name is pointed at, not copied.
        p::memory_input<p::tracking_mode::lazy, p::eol::lf_crlf, const char*> in(
            text.data() + pos, text.data() + text.size(), source.path().c_str());
        builder.table = Table{};
        builder.unlogged.reset();
        builder.enumeration = Enum{};
        builder.view = View{};
        builder.materialized.reset();
        builder.routine = Routine{};
        builder.procedure.reset();
        builder.clear_access();
        builder.grant = Grant{};
        builder.default_privileges = DefaultPrivileges{};
        builder.domain = Domain{};
        builder.composite = CompositeType{};
        try {
            p::parse<g::next_declaration, action, g::control>(in, builder);
            pos = static_cast<std::uint32_t>(in.current() - text.data());
            hand_over();
            if (in.empty()) break;
        } catch (const g::SyntaxError& error) {
            out.complete = false;
            auto at = static_cast<std::uint32_t>(error.at - text.data());
            std::string_view message = error.message;
            if (last_error == at) {
                pos = std::max(resume_after(text, pos, at), pos + 1);
                continue;
            }
            last_error = at;
            if (message.substr(0, 12) == "unterminated") {
                std::uint32_t width = message.find("block comment") != std::string_view::npos ? 2 : 1;
                diagnostics.error("syntax", Span{file_index, at, at + width}, std::string(message));
            } else if (std::optional<std::uint32_t> opener;
                       (error.message == g::error_message<g::close_paren> ||
                        error.message == g::error_message<g::close_bracket>)&&found_at(text, file_index, at)
                               .second == "end of file" &&
                       (opener = unclosed_opener(text, pos, at))) {
                // Balanced SQL text runs to the end of the file: the place to fix is the opener.
                char open = text[*opener];
                char close = open == '(' ? ')' : ']';
                diagnostics.error("syntax", Span{file_index, *opener, *opener + 1},
                                  fmt::format("unclosed '{}' opened here: no '{}' closes it before the end of the file",
                                              open, close),
                                  fmt::format("add the '{}' where the text it opens ends", close));
                at = *opener;  // resume after the opener's line: later declarations are read again
            } else if (message.starts_with("expected")) {
                // After a view's clauses: the word that is neither a clause nor a declaration.
                if (error.message == g::error_message<g::view_end> ||
                    error.message == g::error_message<g::routine_end> ||
                    error.message == g::error_message<g::domain_end>)
                    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
                auto [span, found] = found_at(text, file_index, at);
                Diagnostic& d = diagnostics.error("syntax", span, fmt::format("{}, found {}", message, found));
                // An unclosed body: say where it began.
                if (error.message == g::error_message<g::table_body_end> && builder.table.name.span.known())
                    d.notes.push_back({builder.table.name.span, "the table starts here"});
                if (error.message == g::error_message<g::enum_body_end> && builder.enumeration.name.span.known())
                    d.notes.push_back({builder.enumeration.name.span, "the enum starts here"});
                if (error.message == g::error_message<g::view_end> && builder.view.name.span.known())
                    d.notes.push_back({builder.view.name.span, "the view starts here"});
                if (error.message == g::error_message<g::composite_body_end> && builder.composite.name.span.known())
                    d.notes.push_back({builder.composite.name.span, "the type starts here"});
                if (error.message == g::error_message<g::role_end>)
                    d.help =
                        "a role declaration is its name alone: roles (their passwords, login and other options) are "
                        "created outside schemac; declare each role on a line of its own: role NAME";
                // `default now() + 1`: an expression after an unparenthesised default.
                if (error.message == g::error_message<g::item_end>)
                    if (auto help = parenthesise_default_help(text, builder.column.default_value, span.begin))
                        d.help = *help;
            } else {
                diagnostics.error("syntax", found_at(text, file_index, at).first, std::string(message));
            }
            // Never go backwards: resume after the declaration keyword that failed at the least.
            pos = std::max(resume_after(text, pos, at), pos + 1);
        }
    }
    hand_over();  // one read before a syntax error that ended the file
    // Comments are recorded as the parser meets them; keep them in source order for the formatter.
    std::sort(out.comments.begin(), out.comments.end(),
              [](const SourceComment& a, const SourceComment& b) { return a.span.begin < b.span.begin; });
    return out;
}

Span syntax::span_of(const Declaration& declaration) {
    return std::visit([](const auto& d) { return d.span; }, declaration);
}

Span syntax::span_of(const TableItem& item) {
    return std::visit([](const auto& i) { return i.span; }, item);
}

Span syntax::span_of(const ViewItem& item) {
    return std::visit([](const auto& i) { return i.span; }, item);
}

std::size_t count_table_lines(std::string_view text) {
    using namespace grammar::plain_line;
    std::size_t count = 0;
    const char* end = text.data() + text.size();
    for (const char* at = text.data(); at != end;) {  // one memchr a line: the count is on every compile's path
        const char* word = skip_blanks(at, end);
        const char* word_stop = word_end(word, end);
        if ((is_word(word, word_stop, "table") || is_word(word, word_stop, "unlogged")) && word_stop != end &&
            blank(*word_stop))
            ++count;
        const void* line_break = std::memchr(word_stop, '\n', static_cast<std::size_t>(end - word_stop));
        at = line_break ? static_cast<const char*>(line_break) + 1 : end;
    }
    return count;
}

}  // namespace schemac
