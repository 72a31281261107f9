#include "compiler/ir/json_document.hpp"

#include <algorithm>
#include <limits>

#include "compiler/ir/json_plain_bytes.hpp"
#include "compiler/ir/strict_json.hpp"

namespace schemac {
namespace {

bool json_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool json_digit(char c) { return c >= '0' && c <= '9'; }

// The fast pass over the text: positions only, every failure a plain `false`.
class JsonScanner {
public:
    explicit JsonScanner(std::string_view text) : s_(text) {}
    std::size_t at = 0;

    void skip_blanks() {
        while (at < s_.size() && json_blank(s_[at])) ++at;
    }
    bool peek(char c) const { return at < s_.size() && s_[at] == c; }
    bool take(char c) {
        if (!peek(c)) return false;
        ++at;
        return true;
    }
    bool done() const { return at >= s_.size(); }
    char current() const { return s_[at]; }
    bool take_word(std::string_view word) {
        if (s_.substr(at, word.size()) != word) return false;
        at += word.size();
        return true;
    }
    // A string from its opening quote: its inside as written, and whether it needs decoding
    // (an escape or a byte outside ASCII). False on an unescaped control character or no end.
    bool string(std::string_view& inside, bool& needs_decoding) {
        std::size_t begin = ++at;
        needs_decoding = false;
        for (; at < s_.size(); ++at) {
            while (at < s_.size() && json_plain_byte(s_[at])) ++at;
            if (at == s_.size()) break;
            auto c = static_cast<unsigned char>(s_[at]);
            if (c == '"') {
                inside = s_.substr(begin, at - begin);
                ++at;
                return true;
            }
            if (c < 0x20) return false;
            if (c == '\\') {
                needs_decoding = true;
                ++at;  // the escaped character is never the end
            } else if (c >= 0x80) {
                needs_decoding = true;
            }
        }
        return false;
    }
    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    bool number(std::string_view& written) {
        std::size_t begin = at;
        take('-');
        if (take('0')) {
        } else if (!digits()) {
            return false;
        }
        if (take('.') && !digits()) return false;
        if (take('e') || take('E')) {
            if (!take('+')) take('-');
            if (!digits()) return false;
        }
        written = s_.substr(begin, at - begin);
        return true;
    }

private:
    std::string_view s_;
    bool digits() {
        std::size_t begin = at;
        while (at < s_.size() && json_digit(s_[at])) ++at;
        return at > begin;
    }
};

}  // namespace

namespace {
// Offsets and lengths are kept in 31 bits.
constexpr std::size_t largest_text = (std::size_t{1} << 31) - 1;
}  // namespace

JsonDocument::JsonDocument(std::string_view text) : text_(text) {
    if (text.size() > largest_text) throw StrictJsonError("over 2 GiB, more than schemac reads");
    if (parse()) return;
    // The slow pass names the first problem (StrictJsonError); a text it accepts is read in
    // the form nlohmann writes it, which the fast pass takes.
    nlohmann::json j = parse_json_strictly(text);
    normalised_ = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    text_ = normalised_;
    if (!parse()) throw StrictJsonError("not valid JSON");
}

bool JsonDocument::parse() {
    nodes_.clear();
    decoded_.clear();
    // Room for every value at once, so the list is never copied while it grows: a value other
    // than the first follows a `:` (a member), a `[` or a `,` (an element). Counted over the
    // whole text (strings too), it is never too few; room never used is never touched. Only a
    // hint: where the room cannot be had (a huge damaged text), the list grows as it goes.
    try {
        std::size_t bound = 1;
        for (char c : text_) bound += (c == ':') | (c == ',') | (c == '[');
        nodes_.reserve(bound);
    } catch (const std::exception&) {  // std::bad_alloc, std::length_error
    }
    JsonScanner in(text_);
    std::vector<std::uint32_t> open;  // objects and arrays not closed yet
    Text key;
    auto offset = [&](std::string_view part) { return static_cast<std::uint32_t>(part.data() - text_.data()); };
    // The key or string that starts at the scanner, as a Text (decoded by nlohmann when needed).
    auto read_string = [&](Text& out) {
        std::string_view inside;
        bool needs_decoding = false;
        std::size_t quote = in.at;
        if (!in.string(inside, needs_decoding)) return false;
        if (!needs_decoding) {
            out = Text{offset(inside), static_cast<std::uint32_t>(inside.size()), false};
            return true;
        }
        nlohmann::json decoded = nlohmann::json::parse(text_.substr(quote, in.at - quote), nullptr, false);
        if (!decoded.is_string()) return false;
        const std::string& s = decoded.get_ref<const std::string&>();
        out = Text{static_cast<std::uint32_t>(decoded_.size()), static_cast<std::uint32_t>(s.size()), true};
        decoded_ += s;
        return true;
    };
    auto add = [&](Kind kind, Text text) {
        if (!open.empty()) ++nodes_[open.back()].text_or_end_size.length;  // a container's size
        auto index = static_cast<std::uint32_t>(nodes_.size());
        Node& node = nodes_.emplace_back();
        node.key_offset = key.offset;
        node.key_length = key.length;
        node.key_decoded = key.decoded;
        node.kind = static_cast<std::uint32_t>(kind);
        node.text_or_end_size = is_container(index) ? Text{index + 1, 0, 0} : text;
        key = Text{};
        return index;
    };
    // Expects a value (after a key in an object); then commas, closing brackets and keys.
    in.skip_blanks();
    for (;;) {
        if (in.done()) return false;
        bool opened = false;
        switch (in.current()) {
            case '{':
            case '[': {
                Kind kind = in.current() == '{' ? Kind::object : Kind::array;
                ++in.at;
                open.push_back(add(kind, Text{}));
                opened = true;
                break;
            }
            case '"': {
                Text text;
                if (!read_string(text)) return false;
                add(Kind::string, text);
                break;
            }
            case 't':
                if (!in.take_word("true")) return false;
                add(Kind::true_, Text{});
                break;
            case 'f':
                if (!in.take_word("false")) return false;
                add(Kind::false_, Text{});
                break;
            case 'n':
                if (!in.take_word("null")) return false;
                add(Kind::null, Text{});
                break;
            default: {
                std::string_view written;
                if (!in.number(written)) return false;
                add(Kind::number, Text{offset(written), static_cast<std::uint32_t>(written.size()), false});
            }
        }
        // After a value (or an opening bracket): close what ends here, then find the next value.
        in.skip_blanks();
        bool first = opened;
        for (;;) {
            if (open.empty()) return in.done();
            bool in_object = kind(open.back()) == Kind::object;
            if (in.take(in_object ? '}' : ']')) {
                nodes_[open.back()].text_or_end_size.offset = static_cast<std::uint32_t>(nodes_.size());  // its end
                if (in_object && !keys_unique(open.back())) return false;
                open.pop_back();
                in.skip_blanks();
                first = false;
                continue;
            }
            if (!first && !in.take(',')) return false;
            in.skip_blanks();
            if (in_object) {
                if (!in.peek('"') || !read_string(key)) return false;
                if (key.length > largest_key) throw StrictJsonError("a key over 256 MiB, more than schemac reads");
                in.skip_blanks();
                if (!in.take(':')) return false;
                in.skip_blanks();
            }
            break;
        }
    }
}

bool JsonDocument::keys_unique(std::uint32_t object) const {
    std::uint32_t o_end = end(object);
    if (size(object) <= 12) {  // the usual object: compared pairwise, nothing allocated
        for (std::uint32_t i = object + 1; i < o_end; i = end(i))
            for (std::uint32_t j = end(i); j < o_end; j = end(j))
                if (key_view(i) == key_view(j)) return false;
        return true;
    }
    std::vector<std::string_view> keys;
    keys.reserve(size(object));
    for (std::uint32_t i = object + 1; i < o_end; i = end(i)) keys.push_back(key_view(i));
    std::sort(keys.begin(), keys.end());
    return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
}

bool JsonValue::is_object() const { return doc_ && doc_->kind(index_) == JsonDocument::Kind::object; }
bool JsonValue::is_array() const { return !doc_ || doc_->kind(index_) == JsonDocument::Kind::array; }
bool JsonValue::is_string() const { return doc_ && doc_->kind(index_) == JsonDocument::Kind::string; }
bool JsonValue::is_boolean() const {
    return doc_ &&
           (doc_->kind(index_) == JsonDocument::Kind::true_ || doc_->kind(index_) == JsonDocument::Kind::false_);
}
bool JsonValue::is_number() const { return doc_ && doc_->kind(index_) == JsonDocument::Kind::number; }
bool JsonValue::is_null() const { return doc_ && doc_->kind(index_) == JsonDocument::Kind::null; }
std::string_view JsonValue::string() const { return doc_->view(doc_->text(index_)); }
std::string_view JsonValue::number() const { return doc_->view(doc_->text(index_)); }
bool JsonValue::boolean() const { return doc_->kind(index_) == JsonDocument::Kind::true_; }
std::uint32_t JsonValue::size() const { return doc_ ? doc_->size(index_) : 0; }
JsonValue JsonValue::next_sibling() const { return JsonValue(doc_, doc_->end(index_)); }
std::string_view JsonValue::key() const { return doc_->key_view(index_); }

nlohmann::json JsonValue::scalar() const {
    switch (doc_->kind(index_)) {
        case JsonDocument::Kind::string: return nlohmann::json(std::string(string()));
        case JsonDocument::Kind::number: return nlohmann::json::parse(doc_->view(doc_->text(index_)));
        case JsonDocument::Kind::true_: return true;
        case JsonDocument::Kind::false_: return false;
        default: return nullptr;
    }
}

std::optional<JsonValue> JsonValue::find(std::string_view key) const {
    if (!is_object()) return std::nullopt;
    for (std::uint32_t i = index_ + 1, end = doc_->end(index_); i < end; i = doc_->end(i))
        if (doc_->key_view(i) == key) return JsonValue(doc_, i);
    return std::nullopt;
}

std::string describe_json_value(JsonValue value) {
    if (value.is_object()) return "an object";
    if (value.is_array()) return "an array";
    return describe_json_value(value.scalar());
}

}  // namespace schemac
