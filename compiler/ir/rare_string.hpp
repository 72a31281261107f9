// RareString: a string that is empty nearly always, one pointer wide. The text lives on the heap
// only when it is not empty. It reads like a const std::string (it converts to one, and to a
// std::string_view), compares with strings, and formats with fmt like one.
//
// Promises:
//  - Value semantics: copies are deep; an empty RareString and an empty std::string are equal.
//  - For members of the IR that almost every value leaves empty (a column type's schema, a
//    column's collation): a std::string costs 32 bytes even when empty, and a large project holds
//    hundreds of thousands of columns.
#pragma once

#include <fmt/format.h>

#include <compare>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace schemac::ir {

class RareString {
public:
    RareString() = default;
    RareString(std::string text) { assign(std::move(text)); }
    RareString(std::string_view text) { assign(std::string(text)); }
    RareString(const char* text) { assign(std::string(text)); }
    RareString(const RareString& other) : text_(other.text_ ? std::make_unique<std::string>(*other.text_) : nullptr) {}
    RareString(RareString&&) noexcept = default;
    RareString& operator=(const RareString& other) {
        if (this != &other) text_ = other.text_ ? std::make_unique<std::string>(*other.text_) : nullptr;
        return *this;
    }
    RareString& operator=(RareString&&) noexcept = default;
    RareString& operator=(std::string text) {
        assign(std::move(text));
        return *this;
    }
    RareString& operator=(std::string_view text) { return *this = std::string(text); }
    RareString& operator=(const char* text) { return *this = std::string(text); }

    const std::string& str() const { return text_ ? *text_ : empty_string(); }
    operator const std::string&() const { return str(); }
    operator std::string_view() const { return str(); }
    bool empty() const { return !text_; }
    std::size_t size() const { return str().size(); }
    const char* c_str() const { return str().c_str(); }
    const char* data() const { return str().data(); }
    std::string::const_iterator begin() const { return str().begin(); }
    std::string::const_iterator end() const { return str().end(); }
    bool starts_with(std::string_view prefix) const { return str().starts_with(prefix); }
    void clear() { text_.reset(); }

    friend bool operator==(const RareString& a, const RareString& b) { return a.str() == b.str(); }
    friend bool operator==(const RareString& a, std::string_view b) { return a.str() == b; }
    friend bool operator==(const RareString& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const RareString& a, const char* b) { return a.str() == b; }
    friend std::strong_ordering operator<=>(const RareString& a, const RareString& b) { return a.str() <=> b.str(); }
    friend std::string operator+(const RareString& a, std::string_view b) { return a.str() + std::string(b); }
    friend std::string operator+(std::string a, const RareString& b) { return a + b.str(); }

private:
    void assign(std::string text) {
        if (text.empty())
            text_.reset();
        else
            text_ = std::make_unique<std::string>(std::move(text));
    }
    static const std::string& empty_string() {
        static const std::string empty;
        return empty;
    }
    std::unique_ptr<std::string> text_;
};

}  // namespace schemac::ir

template <>
struct fmt::formatter<schemac::ir::RareString> : fmt::formatter<std::string_view> {
    auto format(const schemac::ir::RareString& text, fmt::format_context& ctx) const {
        return fmt::formatter<std::string_view>::format(std::string_view(text.str()), ctx);
    }
};
