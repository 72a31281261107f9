#include "compiler/ir/json_text_writer.hpp"

#include <fmt/format.h>

#include <array>

#include <nlohmann/json.hpp>

#include "compiler/ir/json_plain_bytes.hpp"
#include "compiler/source/source.hpp"

namespace schemac {
namespace {

// True when nlohmann would write the text as it is between its quotes.
bool json_writes_as_is(std::string_view text) {
    for (char ch : text)
        if (!json_plain_byte(ch)) return false;
    return true;
}

bool json_valid_utf8(std::string_view text) { return find_bad_bytes(text, 1).empty(); }

}  // namespace

// `,`, a line break and the indent of 128 levels: a line break is one append of a part of it.
constexpr std::array<char, 2 + 256> line_breaks = [] {
    std::array<char, 2 + 256> text{};
    text[0] = ',';
    text[1] = '\n';
    for (std::size_t i = 2; i < text.size(); ++i) text[i] = ' ';
    return text;
}();

void JsonTextWriter::line_break(bool comma, std::size_t depth) {
    std::size_t indent = 2 * depth;
    const char* from = line_breaks.data() + (comma ? 0 : 1);
    if (indent + 2 <= line_breaks.size()) {
        out_.append(from, line_breaks.data() + indent + 2 - from);
    } else {
        out_.append(from, line_breaks.data() + 2 - from);
        out_.append(indent, ' ');
    }
}

bool JsonTextWriter::on_one_line() const { return one_line_from_ && frames_.size() >= one_line_from_; }

void JsonTextWriter::separate(const Frame& f) {
    if (!on_one_line())
        line_break(!f.empty, frames_.size());
    else if (!f.empty)
        out_ += ", ";
}

void JsonTextWriter::before_value() {
    if (frames_.empty()) return;
    Frame& f = frames_.back();
    if (!f.array) return;  // the key came first
    separate(f);
    f.empty = false;
    ++f.count;
}

void JsonTextWriter::hand_on_full_piece() {
    if (sink_ && out_.size() >= piece_) {
        sink_(out_);
        out_.clear();
    }
}

void JsonTextWriter::finish() {
    if (!sink_) return;
    if (!out_.empty()) sink_(out_);
    out_.clear();
}

void JsonTextWriter::key(std::string_view name) {
    hand_on_full_piece();
    Frame& f = frames_.back();
    separate(f);
    f.empty = false;
    if (record_) f.key = json_valid_utf8(name) ? std::string(name) : printable_text(name);
    escaped(name);
    out_ += ": ";
}

void JsonTextWriter::open(bool array, char bracket) {
    before_value();
    out_ += bracket;
    frames_.push_back(Frame{array, true, 0, {}});
}

void JsonTextWriter::close(char bracket) {
    bool broken = !frames_.back().empty && !on_one_line();
    frames_.pop_back();
    if (broken) line_break(false, frames_.size());
    out_ += bracket;
    hand_on_full_piece();
}

void JsonTextWriter::begin_object() { open(false, '{'); }
void JsonTextWriter::end_object() { close('}'); }
void JsonTextWriter::begin_array() { open(true, '['); }
void JsonTextWriter::end_array() { close(']'); }

void JsonTextWriter::escaped(std::string_view text) {
    if (json_writes_as_is(text)) {
        out_ += '"';
        out_ += text;
        out_ += '"';
        return;
    }
    // Rare (quotes, backslashes, control characters, non-ASCII): nlohmann's own escaping, so
    // the bytes are exactly its bytes.
    out_ += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void JsonTextWriter::string(std::string_view text) {
    before_value();
    if (record_ && !json_writes_as_is(text) && !json_valid_utf8(text))
        bad_.push_back(fmt::format("{} \"{}\"", path(), printable_text(text)));
    escaped(text);
}

void JsonTextWriter::integer(std::int64_t n) {
    before_value();
    out_ += fmt::format_int(n).c_str();
}

void JsonTextWriter::boolean(bool b) {
    before_value();
    out_ += b ? "true" : "false";
}

void JsonTextWriter::number(double d) {
    before_value();
    out_ += nlohmann::json(d).dump();
}

void JsonTextWriter::strings_field(std::string_view name, const std::vector<std::string>& texts) {
    key(name);
    begin_array();
    for (const std::string& t : texts) string(t);
    end_array();
}

std::string JsonTextWriter::path() const {
    std::string out;
    for (const Frame& f : frames_) {
        if (f.array)
            out += fmt::format("[{}]", f.count - 1);
        else
            out += (out.empty() ? "" : ".") + f.key;
    }
    return out;
}

}  // namespace schemac
