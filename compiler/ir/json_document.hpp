// A JSON text read into a flat, compact index of its values (no tree of nlohmann objects): one
// pass, strings without escapes left in the text, and no allocation per value. It accepts and
// refuses what parse_json_strictly does, with its messages (and refuses a key over 256 MiB,
// with its own, whatever else the text holds): a document the fast pass
// does not take (a syntax error, a key given twice in one object, a rarity such as a byte order
// mark) goes through parse_json_strictly, which reports the first problem or, when there is
// none, gives the text the fast pass reads. Numbers and escaped strings read as nlohmann reads
// them. The document keeps a view of the text: the text must outlive it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

class JsonDocument;

// One value of a document, by reference (cheap to copy). A default JsonValue is an empty array,
// which is what an absent list reads as.
class JsonValue {
public:
    JsonValue() = default;

    bool is_object() const;
    bool is_array() const;
    bool is_string() const;
    bool is_boolean() const;
    bool is_number() const;
    bool is_null() const;

    std::string_view string() const;  // a string's decoded text
    std::string_view number() const;  // a number as written
    bool boolean() const;
    nlohmann::json scalar() const;  // a value that is not an object or array, as nlohmann reads it
    std::uint32_t size() const;     // members of an object, elements of an array

    // Children in document order: first_child(), then next_sibling() size() - 1 times.
    JsonValue first_child() const { return JsonValue(doc_, index_ + 1); }
    JsonValue next_sibling() const;
    std::string_view key() const;                               // a member's key
    std::optional<JsonValue> find(std::string_view key) const;  // an object's member

private:
    friend class JsonDocument;
    JsonValue(const JsonDocument* doc, std::uint32_t index) : doc_(doc), index_(index) {}
    const JsonDocument* doc_ = nullptr;
    std::uint32_t index_ = 0;
};

class JsonDocument {
public:
    explicit JsonDocument(std::string_view text);  // throws StrictJsonError only
    JsonDocument(const JsonDocument&) = delete;
    JsonDocument& operator=(const JsonDocument&) = delete;

    JsonValue root() const { return JsonValue(this, 0); }

private:
    friend class JsonValue;
    enum class Kind : std::uint8_t { object, array, string, number, true_, false_, null };
    // A text is an offset and length into the document's text, or into decoded_ when `decoded`.
    // 8 bytes.
    struct Text {
        std::uint32_t offset = 0;
        std::uint32_t length : 31 = 0;  // a text is under 2 GiB (the constructor says so)
        std::uint32_t decoded : 1 = 0;
    };
    // 16 bytes (a snapshot of 5,000 tables has 750,000 values): the key and the kind in one
    // half; in the other, a string's or number's text, or where an object or array ends and how
    // many children it has. A scalar ends where it starts, plus one, and has none.
    static constexpr std::uint32_t largest_key = (std::uint32_t{1} << 28) - 1;
    struct Node {
        std::uint32_t key_offset = 0;
        std::uint32_t key_length : 28 = 0;  // at most largest_key
        std::uint32_t key_decoded : 1 = 0;
        std::uint32_t kind : 3 = 0;  // a Kind
        // Strings (decoded) and numbers (as written): their Text. Objects and arrays: the index
        // after their last descendant, and their number of children.
        Text text_or_end_size;
    };
    static_assert(sizeof(Node) == 16);
    Kind kind(std::uint32_t i) const { return static_cast<Kind>(nodes_[i].kind); }
    bool is_container(std::uint32_t i) const { return kind(i) == Kind::object || kind(i) == Kind::array; }
    std::uint32_t end(std::uint32_t i) const { return is_container(i) ? nodes_[i].text_or_end_size.offset : i + 1; }
    std::uint32_t size(std::uint32_t i) const { return is_container(i) ? nodes_[i].text_or_end_size.length : 0; }
    Text text(std::uint32_t i) const { return is_container(i) ? Text{} : nodes_[i].text_or_end_size; }
    Text key(std::uint32_t i) const { return Text{nodes_[i].key_offset, nodes_[i].key_length, nodes_[i].key_decoded}; }
    std::string_view view(Text t) const {
        return (t.decoded ? std::string_view(decoded_) : text_).substr(t.offset, t.length);
    }
    // view(key(i)) without its bounds check (the parser made every key's offset and length).
    std::string_view key_view(std::uint32_t i) const {
        const Node& n = nodes_[i];
        return {(n.key_decoded ? decoded_.data() : text_.data()) + n.key_offset, n.key_length};
    }
    bool parse();
    bool keys_unique(std::uint32_t object) const;

    std::string_view text_;
    std::string normalised_;  // the text nlohmann gave back, when the fast pass did not take the original
    std::string decoded_;     // strings with escapes or bytes outside ASCII, decoded by nlohmann
    std::vector<Node> nodes_;
};

// As describe_json_value (strict_json.hpp) shows a value in a message.
std::string describe_json_value(JsonValue value);

}  // namespace schemac
