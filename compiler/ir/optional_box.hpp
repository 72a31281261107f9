// OptionalBox<T>: an optional value kept on the heap, one pointer wide when empty. It has the
// part of std::optional's interface the IR uses (has_value, *, ->, value_or, reset, emplace,
// comparison with nullopt and with another box) and copies its value like std::optional does.
//
// Promises:
//  - Value semantics: copies are deep, equality compares the values (two empty boxes are equal).
//  - For members that are rarely set (a column's comment, a table's partition key): the IR holds
//    hundreds of thousands of columns, and an empty std::optional<std::string> costs 40 bytes
//    where an empty box costs 8.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "compiler/ir/deep_ptr.hpp"

namespace schemac::ir {

template <typename T>
class OptionalBox {
public:
    OptionalBox() = default;
    OptionalBox(std::nullopt_t) {}
    OptionalBox(T value) { value_.emplace(std::move(value)); }
    OptionalBox(const std::optional<T>& value) {
        if (value) value_.emplace(*value);
    }
    OptionalBox(std::optional<T>&& value) {
        if (value) value_.emplace(std::move(*value));
    }
    template <typename U>
    requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, T> &&
             !std::is_same_v<std::remove_cvref_t<U>, OptionalBox> &&
             !std::is_same_v<std::remove_cvref_t<U>, std::nullopt_t> &&
             !std::is_same_v<std::remove_cvref_t<U>, std::optional<T>>) OptionalBox(U&& value) {
        value_.emplace(std::forward<U>(value));
    }

    bool has_value() const { return static_cast<bool>(value_); }
    explicit operator bool() const { return has_value(); }
    T& operator*() { return *value_; }
    const T& operator*() const { return *value_; }
    T* operator->() { return value_.get(); }
    const T* operator->() const { return value_.get(); }
    T& value() { return *checked(); }
    const T& value() const { return *checked(); }
    template <typename U>
    T value_or(U&& fallback) const {
        return value_ ? *value_ : static_cast<T>(std::forward<U>(fallback));
    }
    void reset() { value_.reset(); }
    template <typename... Args>
    T& emplace(Args&&... args) {
        return value_.emplace(std::forward<Args>(args)...);
    }
    // A copy as std::optional, for code that keeps or passes one.
    std::optional<T> optional() const { return value_ ? std::optional<T>(*value_) : std::nullopt; }
    operator std::optional<T>() const { return optional(); }

    friend bool operator==(const OptionalBox& a, const OptionalBox& b) {
        if (!a.value_ || !b.value_) return !a.value_ && !b.value_;
        return *a.value_ == *b.value_;
    }
    friend bool operator==(const OptionalBox& a, std::nullopt_t) { return !a.value_; }
    friend bool operator==(const OptionalBox& a, const T& b) { return a.value_ && *a.value_ == b; }
    friend bool operator==(const OptionalBox& a, const std::optional<T>& b) {
        if (!a.value_ || !b) return !a.value_ && !b;
        return *a.value_ == *b;
    }

private:
    T* checked() const {
        if (!value_) throw std::bad_optional_access();
        return value_.get();
    }
    DeepPtr<T> value_;
};

}  // namespace schemac::ir
