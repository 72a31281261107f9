// A JSON text read into a flat, compact index of its values (no tree of nlohmann objects): one
// pass, strings without escapes left in the text, and no allocation per value. It accepts and
// refuses exactly what parse_json_strictly does, with its messages: a document the fast pass
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
    // 8 bytes: a snapshot of 5,000 tables has half a million values.
    struct Text {
        std::uint32_t offset = 0;
        std::uint32_t length : 31 = 0;  // a text is under 2 GiB (the constructor says so)
        std::uint32_t decoded : 1 = 0;
    };
    struct Node {
        Kind kind;
        std::uint32_t end = 0;   // the index after this value's last descendant
        std::uint32_t size = 0;  // children
        Text key;                // as a member of an object
        Text text;               // strings (decoded), numbers (as written)
    };
    std::string_view view(Text t) const {
        return (t.decoded ? std::string_view(decoded_) : text_).substr(t.offset, t.length);
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
