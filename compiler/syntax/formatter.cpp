#include "compiler/syntax/formatter.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/ir/identifiers.hpp"

namespace schemac {
namespace {

using namespace syntax;

constexpr std::size_t max_one_line_enum = 100;
constexpr std::size_t max_one_line_policy = 100;

// Display width in code points (alignment of UTF-8 names).
std::size_t width(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad(std::string text, std::size_t to) {
    std::size_t w = width(text);
    if (w < to) text.append(to - w, ' ');
    return text;
}

// A type as written with white space folded: none inside or before brackets and
// parentheses or around commas (`numeric( 12 , 2 )` -> `numeric(12,2)`, `text [ ]` -> `text[]`).
std::string type_spacing(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        bool tight = c == '(' || c == ')' || c == '[' || c == ']' || c == ',';
        char last = out.empty() ? '\0' : out.back();
        bool after_open = last == '(' || last == '[' || last == ',';
        if (space && !out.empty() && !tight && !after_open) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string names(const std::vector<Name>& list) {
    std::string out;
    for (const Name& n : list) out += (out.empty() ? "" : ", ") + n.written;
    return out;
}

std::string qualified(const QualifiedName& q) {
    return q.schema ? q.schema->written + "." + q.name.written : q.name.written;
}

// `select, update (email, name)`.
std::string privileges_text(const std::vector<Privilege>& privileges) {
    std::string out;
    for (const Privilege& p : privileges)
        out += (out.empty() ? "" : ", ") + p.word + (p.columns.empty() ? "" : " (" + names(p.columns) + ")");
    return out;
}

// A function's argument types as written, white space folded: `bigint,  text` -> `bigint, text`.
std::string argument_types_text(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (c == ',') {
            out += ", ";
            space = false;
            continue;
        }
        if (space && out.back() != ' ' && out.back() != '(') out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string directive_text(const Directive& d) { return fmt::format("@{}({})", d.name, d.argument); }

std::string directives_prefix(const std::vector<Directive>& directives) {
    std::string out;
    for (const Directive& d : directives) out += directive_text(d) + " ";
    return out;
}

class Printer {
public:
    Printer(const SourceSet& sources, const File& file)
        : text_(sources.file(file.file).text()), comments_(file.comments), file_(file) {}

    std::string run() {
        std::uint32_t cursor = sources_begin();
        const auto& declarations = file_.declarations;
        for (std::size_t i = 0; i < declarations.size(); ++i) {
            Span span = span_of(declarations[i]);
            std::vector<SourceComment> leading = take_comments(span.begin);
            bool multi_line = !one_line(declarations[i]);
            if (i > 0) {
                bool previous_multi = !one_line(declarations[i - 1]);
                std::uint32_t gap_end = leading.empty() ? span.begin : leading.front().span.begin;
                if (multi_line || previous_multi || blank_line_between(cursor, gap_end)) out_ += "\n";
            }
            emit_comment_lines(leading, "");
            if (!leading.empty() && blank_line_between(leading.back().span.end, span.begin)) out_ += "\n";
            std::visit([&](const auto& d) { print(d); }, declarations[i]);
            append_to_last_line(take_comments(span.end));
            // Comments later on the declaration's last line trail it; a one-line declaration's span
            // takes in its line end, after which the next line (and its comments) begins.
            std::uint32_t content_end = span.end;
            while (content_end > span.begin && (text_[content_end - 1] == '\n' || text_[content_end - 1] == '\r'))
                --content_end;
            cursor = emit_trailing_after(content_end);
        }
        std::vector<SourceComment> rest = take_comments(static_cast<std::uint32_t>(text_.size()));
        if (!rest.empty()) {
            if (!out_.empty()) out_ += "\n";
            emit_comment_lines(rest, "");
        }
        return out_;
    }

private:
    const std::string& text_;
    const std::vector<SourceComment>& comments_;
    const File& file_;
    std::size_t next_comment_ = 0;
    std::string out_;

    std::uint32_t sources_begin() const {
        return text_.size() >= 3 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    }

    // A comment as written, without the blanks that end a line comment (a CR before the end of
    // the file among them, which would otherwise become part of a CR LF line end next time).
    std::string comment_text(const SourceComment& c) const {
        std::string text = text_.substr(c.span.begin, c.span.end - c.span.begin);
        while (!text.empty() && std::string_view(" \t\r\f\v").find(text.back()) != std::string_view::npos)
            text.pop_back();
        return text;
    }

    // The comments not yet printed that start before `end`, in order. Each comment is taken
    // once, and none is ever skipped: whatever the printer has not placed yet comes along.
    std::vector<SourceComment> take_comments(std::uint32_t end) {
        std::vector<SourceComment> out;
        while (next_comment_ < comments_.size() && comments_[next_comment_].span.begin < end) {
            out.push_back(comments_[next_comment_]);
            ++next_comment_;
        }
        return out;
    }

    bool same_line(std::uint32_t a, std::uint32_t b) const {
        if (a > b) std::swap(a, b);
        return text_.find('\n', a) >= b;
    }

    bool blank_line_between(std::uint32_t begin, std::uint32_t end) const {
        bool seen_newline = false;
        for (std::uint32_t i = begin; i < end && i < text_.size(); ++i) {
            char c = text_[i];
            if (c == '\n') {
                if (seen_newline) return true;
                seen_newline = true;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                seen_newline = false;
            }
        }
        return false;
    }

    // Comments on lines of their own, indented, keeping single blank lines between groups.
    void emit_comment_lines(const std::vector<SourceComment>& comments, std::string_view indent) {
        for (std::size_t i = 0; i < comments.size(); ++i) {
            if (i > 0 && blank_line_between(comments[i - 1].span.end, comments[i].span.begin)) out_ += "\n";
            out_ += std::string(indent) + comment_text(comments[i]) + "\n";
        }
    }

    // Comments after position `at` on the same line go at the end of the line just printed.
    std::uint32_t emit_trailing_after(std::uint32_t at) {
        std::string trailing;
        while (next_comment_ < comments_.size() && same_line(at, comments_[next_comment_].span.begin) &&
               comments_[next_comment_].span.begin >= at) {
            trailing += " " + comment_text(comments_[next_comment_]);
            at = comments_[next_comment_].span.end;
            ++next_comment_;
        }
        if (!trailing.empty()) {
            out_.pop_back();  // the newline
            out_ += trailing + "\n";
        }
        return at;
    }

    void append_to_last_line(const std::vector<SourceComment>& comments) {
        if (comments.empty()) return;
        out_.pop_back();  // the newline
        out_ += " " + inline_comments(comments) + "\n";
    }

    std::string inline_comments(const std::vector<SourceComment>& comments) const {
        std::string out;
        for (const SourceComment& c : comments) out += (out.empty() ? "" : " ") + comment_text(c);
        return out;
    }

    // Declarations of one line, written one after the other without a blank line between.
    static bool one_line(const Declaration& d) {
        return std::holds_alternative<Extension>(d) || std::holds_alternative<Schema>(d) ||
               std::holds_alternative<Role>(d) || std::holds_alternative<Grant>(d) ||
               std::holds_alternative<DefaultPrivileges>(d) || std::holds_alternative<Sequence>(d) ||
               bodiless_partition(d);
    }
    static bool bodiless_partition(const Declaration& d) {
        const auto* t = std::get_if<Table>(&d);
        return t && t->partition_of && !t->body_end.known();
    }

    // ------------------------------------------------------------ declarations
    void print(const Role& r) { out_ += "role " + r.name.written + "\n"; }

    static const char* object_text(GrantObject object) {
        switch (object) {
            case GrantObject::schema: return "schema";
            case GrantObject::sequence: return "sequence";
            case GrantObject::table: return "table";
            case GrantObject::view: return "view";
            case GrantObject::function: return "function";
            case GrantObject::procedure: return "procedure";
        }
        return "table";
    }

    void print(const Grant& g) {
        std::string targets;
        for (const GrantTarget& t : g.targets)
            targets += (targets.empty() ? "" : ", ") + qualified(t.name) +
                       (t.arguments ? "(" + argument_types_text(t.arguments->text) + ")" : "");
        if (g.revoke) {
            out_ += fmt::format("revoke execute on {} {} from public\n", object_text(g.object), targets);
            return;
        }
        out_ += fmt::format("grant {} on {} {} to {}{}\n", privileges_text(g.privileges), object_text(g.object),
                            targets, names(g.grantees), g.grant_option ? " with grant option" : "");
    }

    void print(const DefaultPrivileges& d) {
        out_ += "default privileges";
        if (d.for_role) out_ += " for role " + d.for_role->written;
        if (d.schema) out_ += " in schema " + d.schema->written;
        out_ += fmt::format(" grant {} on {} to {}{}\n", privileges_text(d.privileges),
                            ir::default_privilege_objects_text(d.objects), names(d.grantees),
                            d.grant_option ? " with grant option" : "");
    }

    void print(const Extension& x) {
        out_ += "extension " + x.name.written;
        if (x.schema) out_ += " schema " + x.schema->written;
        if (x.version) out_ += " version " + quote_literal(*x.version);
        out_ += "\n";
    }

    // `sequence NAME [@was(..)] [as TYPE] [options] [owned by T.C] [comment '...']`, in that order.
    void print(const Sequence& q) {
        std::vector<std::string> parts{"sequence " + qualified(q.name)};
        for (const Directive& d : q.directives) parts.push_back(directive_text(d));
        if (q.type) parts.push_back("as " + q.type->written);
        const SequenceOptions& o = q.options;
        if (o.increment) parts.push_back(fmt::format("increment {}", *o.increment));
        if (o.no_min_value) parts.push_back("no minvalue");
        if (o.min_value) parts.push_back(fmt::format("minvalue {}", *o.min_value));
        if (o.no_max_value) parts.push_back("no maxvalue");
        if (o.max_value) parts.push_back(fmt::format("maxvalue {}", *o.max_value));
        if (o.start) parts.push_back(fmt::format("start {}", *o.start));
        if (o.cache) parts.push_back(fmt::format("cache {}", *o.cache));
        if (o.cycle) parts.push_back(*o.cycle ? "cycle" : "no cycle");
        if (!q.owned_by.empty()) {
            std::string owner;
            for (const Name& n : q.owned_by) owner += (owner.empty() ? "" : ".") + n.written;
            parts.push_back("owned by " + owner);
        }
        if (q.comment) parts.push_back("comment " + quote_literal(q.comment->text));
        out_ += fmt::format("{}\n", fmt::join(parts, " "));
    }

    void print(const Schema& s) {
        out_ += "schema " + s.name.written;
        if (s.comment) out_ += " comment " + quote_literal(s.comment->text);
        out_ += "\n";
    }

    void print(const Enum& e) {
        std::string head = "enum " + qualified(e.name) + " " + directives_prefix(e.directives) + "{";
        std::vector<SourceComment> inside = peek_comments(e.span.begin, e.span.end);
        std::string values;
        for (const EnumValue& v : e.values) {
            std::string value = v.written;
            for (const Directive& d : v.directives) value += " " + directive_text(d);
            values += (values.empty() ? "" : ", ") + value;
        }
        std::string one_line = head + (values.empty() ? "}" : " " + values + " }");
        if (inside.empty() && width(one_line) <= max_one_line_enum) {
            out_ += one_line + "\n";
            return;
        }
        out_ += head;
        std::uint32_t cursor = e.name.span.end;
        cursor = header_comments(cursor, e.values.empty() ? e.body_end.begin : e.values.front().span.begin);
        out_ += "\n";
        std::vector<Line> lines;
        for (std::size_t i = 0; i < e.values.size(); ++i) {
            const EnumValue& v = e.values[i];
            Line line;
            line.leading = take_comments(v.span.begin);
            line.blank_before = i > 0 &&
                                blank_line_between(cursor, line.leading.empty() ? v.span.begin
                                                                                : line.leading.front().span.begin);
            line.text = v.written;
            for (const Directive& d : v.directives) line.text += " " + directive_text(d);
            std::uint32_t end = v.span.end;
            // A comma after the value belongs to it.
            std::uint32_t after = end;
            while (after < text_.size() && (text_[after] == ' ' || text_[after] == '\t')) ++after;
            if (after < text_.size() && text_[after] == ',') end = after + 1;
            line.trailing = trailing_on_line(end, e.body_end.begin);
            cursor = line.trailing.empty() ? end : line.trailing.back().span.end;
            lines.push_back(std::move(line));
        }
        emit_lines(lines);
        emit_comment_lines(take_comments(e.body_end.begin), "  ");
        out_ += "}\n";
    }

    void print(const Table& t) {
        if (t.partition_of && !t.body_end.known()) {  // a partition without a body: one line
            out_ += table_header_text(t) + "\n";
            return;
        }
        out_ += table_header_text(t) + " {";
        std::uint32_t cursor = t.name.span.end;
        if (t.partition_of) cursor = std::max(cursor, t.partition_of->bound.span.end);
        if (t.partition_by) cursor = std::max(cursor, t.partition_by->span.end);
        cursor = header_comments(cursor, t.items.empty() ? t.body_end.begin : span_of(t.items.front()).begin);
        out_ += "\n";

        std::size_t name_width = 0, type_width = 0;
        for (const TableItem& item : t.items) {
            if (const auto* c = std::get_if<Column>(&item)) {
                name_width = std::max(name_width, width(c->name.written));
                type_width = std::max(type_width, width(type_text(c->type)));
            }
        }
        std::vector<Line> lines;
        for (std::size_t i = 0; i < t.items.size(); ++i) {
            lines.push_back(item_line(span_of(t.items[i]), i > 0, cursor, t.body_end.begin));
            lines.back().text = std::visit([&](const auto& item) { return item_text(item, name_width, type_width); },
                                           t.items[i]);
        }
        emit_lines(lines);
        emit_comment_lines(take_comments(t.body_end.begin), "  ");
        out_ += "}\n";
    }

    // A view: its header and query as written (keywords in lower case), then one clause a line.
    void print(const View& v) {
        // Comments between the name and the query go on lines of their own, before the view.
        emit_comment_lines(take_comments(v.query.span.begin), "");
        out_ += std::string(v.materialized ? "materialized " : "") + "view " + qualified(v.name) + " " +
                directives_prefix(v.directives);
        if (!v.columns.empty()) out_ += "(" + names(v.columns) + ") ";
        out_ += "as (" + v.query.text + ")\n";
        std::uint32_t cursor = v.query.span.end;
        cursor = emit_trailing_after(cursor + 1);
        std::vector<Line> lines;
        for (const ViewItem& item : v.items) {
            lines.push_back(item_line(span_of(item), true, cursor, v.span.end));
            lines.back().text = std::visit([&](const auto& i) { return item_text(i, 0, 0); }, item);
        }
        emit_lines(lines);
    }

    // A function or procedure: the keyword, the name and directives, then the arguments, clauses
    // and body exactly as written (a body reaches PostgreSQL verbatim), then its comment line.
    void print(const Routine& r) {
        emit_comment_lines(take_comments(r.arguments_span.begin), "");
        out_ += std::string(r.procedure ? "procedure " : "function ") + qualified(r.name);
        if (!r.directives.empty()) out_ += " " + directives_prefix(r.directives);
        std::uint32_t end = std::max(r.arguments_span.end, r.clauses.span.end);
        out_ += text_.substr(r.arguments_span.begin, end - r.arguments_span.begin);
        if (r.comment) out_ += "\n  comment " + quote_literal(r.comment->text);
        out_ += "\n";
    }

    // A domain: its header on one line, then each check and its comment on lines of their own.
    // Comments inside it keep the declaration as written.
    void print(const Domain& d) {
        if (!peek_comments(d.span.begin, d.span.end).empty()) {
            out_ += text_.substr(d.span.begin, d.span.end - d.span.begin);
            take_comments(d.span.end);
            out_ += "\n";
            return;
        }
        out_ += "domain " + qualified(d.name) + " " + directives_prefix(d.directives) + "as " + type_text(d.type);
        if (d.collation) out_ += " collate " + qualified(*d.collation);
        if (d.not_null) out_ += " not null";
        if (d.null) out_ += " null";
        if (d.default_value) out_ += " default " + d.default_value->text;
        for (const CheckClause& c : d.checks) out_ += "\n  " + check_text(c);
        if (d.comment) out_ += "\n  comment " + quote_literal(d.comment->text);
        out_ += "\n";
    }

    // A composite type: one attribute a line. Comments inside it keep the declaration as written.
    void print(const CompositeType& t) {
        if (!peek_comments(t.span.begin, t.span.end).empty()) {
            out_ += text_.substr(t.span.begin, t.span.end - t.span.begin);
            take_comments(t.span.end);
            out_ += "\n";
            return;
        }
        out_ += "type " + qualified(t.name) + " " + directives_prefix(t.directives) + "{\n";
        std::size_t name_width = 0;
        for (const CompositeAttribute& a : t.attributes) name_width = std::max(name_width, width(a.name.written));
        for (const CompositeAttribute& a : t.attributes) {
            std::string line = pad(a.name.written, name_width) + " " + type_text(a.type);
            if (a.collation) line += " collate " + qualified(*a.collation);
            for (const Directive& dir : a.directives) line += " " + directive_text(dir);
            out_ += "  " + line + "\n";
        }
        out_ += "}";
        if (t.comment) out_ += " comment " + quote_literal(t.comment->text);
        out_ += "\n";
    }

    // Comments between a declaration's name and its first item that sit on the line of the
    // opening brace stay there; the rest become leading comments of the first item.
    std::uint32_t header_comments(std::uint32_t cursor, std::uint32_t first_item) {
        std::uint32_t brace = static_cast<std::uint32_t>(text_.find('{', cursor));
        std::string trailing;
        std::uint32_t line_of = brace;  // comments on this line (or that of the last one taken) stay
        while (
            next_comment_ < comments_.size() && comments_[next_comment_].span.begin < first_item &&
            (comments_[next_comment_].span.begin < brace || same_line(line_of, comments_[next_comment_].span.begin))) {
            trailing += " " + comment_text(comments_[next_comment_]);
            cursor = comments_[next_comment_].span.end;
            if (cursor > brace) line_of = cursor;
            ++next_comment_;
        }
        out_ += trailing;
        return std::max(cursor, brace + 1);
    }

    std::vector<SourceComment> peek_comments(std::uint32_t begin, std::uint32_t end) const {
        std::vector<SourceComment> out;
        for (std::size_t i = next_comment_; i < comments_.size() && comments_[i].span.begin < end; ++i) {
            if (comments_[i].span.begin >= begin) out.push_back(comments_[i]);
        }
        return out;
    }

    // Comments inside an item, or after it on its last line, before `limit`.
    std::vector<SourceComment> trailing_on_line(std::uint32_t end, std::uint32_t limit) {
        std::vector<SourceComment> out = take_comments(end);
        std::uint32_t at = out.empty() ? end : std::max(end, out.back().span.end);
        while (next_comment_ < comments_.size() && comments_[next_comment_].span.begin < limit &&
               comments_[next_comment_].span.begin >= at && same_line(at, comments_[next_comment_].span.begin)) {
            out.push_back(comments_[next_comment_]);
            at = comments_[next_comment_].span.end;
            ++next_comment_;
        }
        return out;
    }

    struct Line {
        std::vector<SourceComment> leading;
        bool blank_before = false;
        bool blank_after_leading = false;
        std::string text;
        std::vector<SourceComment> trailing;
    };

    // The comments around one item of a body at `span` (its text is the caller's), and whether a
    // blank line goes before it (never before the first, when `blank_allowed` is false). Moves
    // `cursor` past the item and its trailing comments.
    Line item_line(Span span, bool blank_allowed, std::uint32_t& cursor, std::uint32_t limit) {
        Line line;
        line.leading = take_comments(span.begin);
        line.blank_after_leading = !line.leading.empty() &&
                                   blank_line_between(line.leading.back().span.end, span.begin);
        line.blank_before = blank_allowed &&
                            blank_line_between(cursor,
                                               line.leading.empty() ? span.begin : line.leading.front().span.begin);
        line.trailing = trailing_on_line(span.end, limit);
        cursor = line.trailing.empty() ? span.end : std::max(span.end, line.trailing.back().span.end);
        return line;
    }

    // Items of a body, two-space indented; trailing comments aligned across consecutive lines.
    void emit_lines(const std::vector<Line>& lines) {
        std::size_t i = 0;
        while (i < lines.size()) {
            // A run: consecutive lines with trailing comments and no blank line or leading comment between.
            std::size_t j = i + 1;
            if (!lines[i].trailing.empty()) {
                while (j < lines.size() && !lines[j].trailing.empty() && !lines[j].blank_before &&
                       lines[j].leading.empty())
                    ++j;
            }
            std::size_t column = 0;
            for (std::size_t k = i; k < j; ++k) column = std::max(column, width(last_line(lines[k].text)));
            for (std::size_t k = i; k < j; ++k) {
                const Line& line = lines[k];
                if (line.blank_before) out_ += "\n";
                emit_comment_lines(line.leading, "  ");
                if (line.blank_after_leading) out_ += "\n";
                out_ += "  " + line.text;
                if (!line.trailing.empty()) {
                    out_ += std::string(column - width(last_line(line.text)) + 2, ' ') + inline_comments(line.trailing);
                }
                out_ += "\n";
            }
            i = j;
        }
    }

    static std::string_view last_line(std::string_view text) {
        auto newline = text.rfind('\n');
        return newline == std::string_view::npos ? text : text.substr(newline + 1);
    }

    // ------------------------------------------------------------ table items
    // As written, with white space folded and unquoted words in lower case.
    std::string type_text(const Type& type) const {
        // Comments inside the type (between its words) are placed with the others, not here.
        std::string written;
        std::uint32_t at = type.span.begin;
        auto first = std::lower_bound(comments_.begin(), comments_.end(), type.span.begin,
                                      [](const SourceComment& c, std::uint32_t begin) { return c.span.begin < begin; });
        for (auto c = first; c != comments_.end() && c->span.begin < type.span.end; ++c) {
            written.append(text_, at, c->span.begin - at);
            written += ' ';
            at = c->span.end;
        }
        written.append(text_, at, type.span.end - at);
        std::string out = type_spacing(written);
        bool quoted = false;
        for (char& c : out) {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        }
        return out;
    }

    std::string reference_text(const Reference& r, bool space_before_columns) const {
        std::string out = "references " + qualified(r.table);
        if (!r.columns.empty()) out += (space_before_columns ? " (" : "(") + names(r.columns) + ")";
        if (r.on_delete) out += fmt::format(" on delete {}", ir::fk_action_text(*r.on_delete));
        if (r.on_update) out += fmt::format(" on update {}", ir::fk_action_text(*r.on_update));
        if (r.match_full) out += *r.match_full ? " match full" : " match simple";
        if (r.deferrable) out += *r.deferrable ? " deferrable" : " not deferrable";
        if (r.initially_deferred) out += *r.initially_deferred ? " initially deferred" : " initially immediate";
        if (r.not_valid) out += " not valid";
        return out;
    }

    static std::string check_text(const CheckClause& c) {
        std::string out = "check ";
        if (c.name) out += c.name->written + " ";
        out += directives_prefix(c.directives);
        out += "(" + c.expression.text + ")";
        if (c.no_inherit) out += " no inherit";
        if (c.not_valid) out += " not valid";
        return out;
    }

    static std::string sequence_text(const SequenceOptions& s) {
        std::vector<std::string> parts;
        if (s.start) parts.push_back(fmt::format("start with {}", *s.start));
        if (s.increment) parts.push_back(fmt::format("increment by {}", *s.increment));
        if (s.no_min_value) parts.push_back("no minvalue");
        if (s.min_value) parts.push_back(fmt::format("minvalue {}", *s.min_value));
        if (s.no_max_value) parts.push_back("no maxvalue");
        if (s.max_value) parts.push_back(fmt::format("maxvalue {}", *s.max_value));
        if (s.cache) parts.push_back(fmt::format("cache {}", *s.cache));
        if (s.cycle) parts.push_back(*s.cycle ? "cycle" : "no cycle");
        if (parts.empty() && !s.span.known()) return "";
        std::string out = " (";
        for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? " " : "") + parts[i];
        return out + ")";
    }

    std::string item_text(const Column& c, std::size_t name_width, std::size_t type_width) const {
        std::vector<std::string> modifiers;
        // Directives that say how to migrate (@backfill, @using) come last, before the comment.
        auto migration_directive = [](const Directive& d) {
            return d.name.starts_with("backfill") || d.name == "using";
        };
        if (c.collation) modifiers.push_back("collate " + qualified(*c.collation));
        for (const Directive& d : c.directives) {
            if (!migration_directive(d)) modifiers.push_back(directive_text(d));
        }
        if (c.primary_key) modifiers.push_back("primary key");
        if (c.not_null) modifiers.push_back("not null");
        if (c.null) modifiers.push_back("null");
        if (c.unique) modifiers.push_back("unique");
        if (c.identity) {
            modifiers.push_back(std::string("generated ") + (c.identity->always ? "always" : "by default") +
                                " as identity" + sequence_text(c.identity->options));
        }
        if (c.generated) modifiers.push_back("generated always as (" + c.generated->text + ") stored");
        if (c.default_value) modifiers.push_back("default " + c.default_value->text);
        if (c.references) modifiers.push_back(reference_text(*c.references, false));
        for (const CheckClause& check : c.checks) modifiers.push_back(check_text(check));
        if (c.statistics) modifiers.push_back("statistics " + c.statistics->written);
        for (const Directive& d : c.directives) {
            if (migration_directive(d)) modifiers.push_back(directive_text(d));
        }
        if (c.comment) modifiers.push_back("comment " + quote_literal(c.comment->text));

        std::string out = pad(c.name.written, name_width) + " ";
        if (modifiers.empty()) return out + type_text(c.type);
        out += pad(type_text(c.type), type_width);
        for (const std::string& m : modifiers) out += " " + m;
        return out;
    }

    static std::string timing_text(const KeyTiming& t) {
        std::string out;
        if (t.deferrable) out += *t.deferrable ? " deferrable" : " not deferrable";
        if (t.initially_deferred) out += *t.initially_deferred ? " initially deferred" : " initially immediate";
        return out;
    }

    std::string item_text(const PrimaryKey& pk, std::size_t, std::size_t) const {
        std::string out = "primary key ";
        if (pk.name) out += pk.name->written + " ";
        return out + directives_prefix(pk.directives) + "(" + names(pk.columns) + ")" + timing_text(pk.timing);
    }

    std::string item_text(const Unique& u, std::size_t, std::size_t) const {
        std::string out = "unique ";
        if (u.nulls_not_distinct) out += "nulls not distinct ";
        if (u.name) out += u.name->written + " ";
        return out + directives_prefix(u.directives) + "(" + names(u.columns) + ")" + timing_text(u.timing);
    }

    std::string item_text(const CheckClause& c, std::size_t, std::size_t) const { return check_text(c); }

    std::string item_text(const ForeignKey& f, std::size_t, std::size_t) const {
        std::string out = "foreign key ";
        if (f.name) out += f.name->written + " ";
        return out + directives_prefix(f.directives) + "(" + names(f.columns) + ") " +
               reference_text(f.reference, true);
    }

    std::string item_text(const Index& i, std::size_t, std::size_t) const {
        std::string out = i.unique ? "unique index " : "index ";
        if (i.name) out += i.name->written + " ";
        out += directives_prefix(i.directives);
        if (i.method) out += "using " + i.method->written + " ";
        out += "(" + index_elements_text(i.elements) + ")";
        if (!i.include.empty()) out += " include (" + names(i.include) + ")";
        if (i.nulls_not_distinct) out += " nulls not distinct";
        if (i.storage) out += " " + storage_text(*i.storage);
        if (i.where) out += " where " + i.where->text;
        return out;
    }

    // An index's (or a partition key's) elements as written, comma-separated.
    static std::string index_elements_text(const std::vector<IndexElement>& list) {
        std::string elements;
        for (const IndexElement& e : list) elements += (elements.empty() ? "" : ", ") + index_element_text(e);
        return elements;
    }

    // A partition's bound as written, on one line: the comments between its words left out (they
    // follow the declaration's line), runs of white space outside strings as one space.
    std::string bound_text(Span span) const {
        std::string out;
        bool quoted = false, space = false;
        for (std::uint32_t i = span.begin; i < span.end; ++i) {
            auto comment = std::find_if(comments_.begin(), comments_.end(), [&](const SourceComment& c) {
                return c.span.begin == i;
            });
            if (!quoted && comment != comments_.end()) {
                i = comment->span.end - 1;
                space = true;
                continue;
            }
            char c = text_[i];
            if (c == '\'') quoted = !quoted;
            if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
                space = true;
                continue;
            }
            if (space && !out.empty() && out.back() != '(' && c != ')') out += ' ';
            space = false;
            out += c;
        }
        return out;
    }

    std::string item_text(const PartitionsUnmanaged&, std::size_t, std::size_t) const { return "partitions unmanaged"; }

    // `[unlogged] table NAME [@was] [partition by ...]` or `partition NAME [@was] of PARENT BOUND
    // [partition by ...]`: a declaration's header, before its body.
    std::string table_header_text(const Table& t) const {
        std::string out;
        if (t.partition_of) {
            out = "partition " + qualified(t.name) + " " + directives_prefix(t.directives) + "of " +
                  qualified(t.partition_of->parent) + " " + bound_text(t.partition_of->bound.span);
        } else {
            out = std::string(t.unlogged ? "unlogged " : "") + "table " + qualified(t.name);
            std::string directives = directives_prefix(t.directives);
            if (!directives.empty()) out += " " + directives.substr(0, directives.size() - 1);
        }
        if (t.partition_by)
            out += std::string(" partition by ") + ir::partition_strategy_text(t.partition_by->strategy) + " (" +
                   index_elements_text(t.partition_by->elements) + ")";
        return out;
    }

    static std::string index_element_text(const IndexElement& e) {
        std::string element = e.column      ? e.column->written
                              : e.bare_call ? e.expression->text
                                            : "(" + e.expression->text + ")";
        if (e.collation) element += " collate " + qualified(*e.collation);
        if (e.opclass) element += " " + qualified(*e.opclass);
        if (e.descending) element += *e.descending ? " desc" : " asc";
        if (e.nulls_first) element += *e.nulls_first ? " nulls first" : " nulls last";
        return element;
    }

    std::string item_text(const Exclusion& x, std::size_t, std::size_t) const {
        const Index& i = x.index;
        std::string out = "exclude ";
        if (i.name) out += i.name->written + " ";
        out += directives_prefix(i.directives);
        if (i.method) out += "using " + i.method->written + " ";
        std::string elements;
        for (std::size_t k = 0; k < i.elements.size(); ++k)
            elements += (k ? ", " : "") + index_element_text(i.elements[k]) + " with " +
                        (k < x.operators.size() ? x.operators[k].written : "");
        out += "(" + elements + ")";
        if (!i.include.empty()) out += " include (" + names(i.include) + ")";
        if (i.storage) out += " " + storage_text(*i.storage);
        if (i.where) out += " where (" + i.where->text + ")";
        return out + timing_text(x.timing);
    }

    std::string item_text(const ReplicaIdentity& r, std::size_t, std::size_t) const {
        if (r.identity == ir::ReplicaIdentity::index) return "replica identity using index " + r.index->written;
        return std::string("replica identity ") + ir::replica_identity_text(r.identity);
    }

    static std::string storage_text(const StorageClause& clause) {
        std::string out;
        for (const StorageParameter& p : clause.parameters)  // a view option may stand alone
            out += (out.empty() ? "" : ", ") + p.name.written +
                   (p.written_value.empty() ? "" : " = " + p.written_value);
        return "with (" + out + ")";
    }

    std::string item_text(const StorageClause& c, std::size_t, std::size_t) const { return storage_text(c); }

    std::string item_text(const TableComment& c, std::size_t, std::size_t) const {
        return "comment " + quote_literal(c.comment.text);
    }

    std::string item_text(const Trigger& t, std::size_t, std::size_t) const {
        std::string out = t.constraint ? "constraint trigger " : "trigger ";
        out += t.name.written + " " + directives_prefix(t.directives) + ir::trigger_timing_text(t.timing) + " ";
        std::vector<std::string> events;
        if (t.on_insert) events.push_back("insert");
        if (t.on_update) events.push_back(t.update_columns.empty() ? "update" : "update of " + names(t.update_columns));
        if (t.on_delete) events.push_back("delete");
        if (t.on_truncate) events.push_back("truncate");
        for (std::size_t i = 0; i < events.size(); ++i) out += (i ? " or " : "") + events[i];
        if (t.from_table) out += " from " + qualified(*t.from_table);
        out += timing_text(t.deferral);
        if (t.old_table || t.new_table) out += " referencing";
        if (t.old_table) out += " old table as " + t.old_table->written;
        if (t.new_table) out += " new table as " + t.new_table->written;
        out += t.for_each_row ? " for each row" : " for each statement";
        if (t.when) out += " when (" + t.when->text + ")";
        out += " execute function " + qualified(t.function) + "(";
        for (std::size_t i = 0; i < t.arguments.size(); ++i) out += (i ? ", " : "") + t.arguments[i].written;
        out += ")";
        if (t.comment) out += " comment " + quote_literal(t.comment->text);
        return out;
    }

    std::string item_text(const RowLevelSecurity& r, std::size_t, std::size_t) const {
        return r.force ? "force row level security" : "row level security";
    }

    std::string item_text(const TableGrant& g, std::size_t, std::size_t) const {
        return "grant " + privileges_text(g.privileges) + " to " + names(g.grantees) +
               (g.grant_option ? " with grant option" : "");
    }

    // One line when it fits; else `using`, `with check` and `comment` each on a line of its own.
    std::string item_text(const Policy& p, std::size_t, std::size_t) const {
        std::string head = "policy " + p.name.written;
        for (const Directive& d : p.directives) head += " " + directive_text(d);
        if (p.permissive) head += *p.permissive ? " as permissive" : " as restrictive";
        if (p.command) head += std::string(" for ") + ir::policy_command_text(*p.command);
        if (!p.roles.empty()) head += " to " + names(p.roles);
        std::vector<std::string> clauses;
        if (p.using_expression) clauses.push_back("using (" + p.using_expression->text + ")");
        if (p.check_expression) clauses.push_back("with check (" + p.check_expression->text + ")");
        if (p.comment) clauses.push_back("comment " + quote_literal(p.comment->text));
        std::string one = head;
        for (const std::string& c : clauses) one += " " + c;
        if (width(one) <= max_one_line_policy && one.find('\n') == std::string::npos) return one;
        for (const std::string& c : clauses) head += "\n    " + c;
        return head;
    }

    std::string item_text(const ViewNoData&, std::size_t, std::size_t) const { return "with no data"; }

    std::string item_text(const ViewCheckOption& c, std::size_t, std::size_t) const {
        return c.kind ? "with " + *c.kind + " check option" : "with check option";
    }

    std::string item_text(const ViewColumnComment& c, std::size_t, std::size_t) const {
        return "column " + c.column.written + " comment " + quote_literal(c.comment.text);
    }
};

}  // namespace

std::string format_schema_file(const SourceSet& sources, const syntax::File& file) {
    return Printer(sources, file).run();
}

}  // namespace schemac
