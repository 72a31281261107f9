// DefaultedBox<T>: a T kept on the heap, one pointer wide, where no pointer stands for a
// default-constructed T. For a group of members that nearly every value leaves at their
// defaults (a column's identity, generated expression and migration directives): the group
// costs 8 bytes until one of them is set.
//
// Promises:
//  - Reading (`get`, `*`, `->`) never allocates: an empty box reads as T{}.
//  - `set` allocates on first use; it is the only way to write.
//  - Value semantics: copies are deep; equality compares the values, so an empty box equals
//    one holding a default T.
#pragma once

#include <memory>

namespace schemac::ir {

template <typename T>
class DefaultedBox {
public:
    DefaultedBox() = default;
    DefaultedBox(const DefaultedBox& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
    DefaultedBox(DefaultedBox&&) noexcept = default;
    DefaultedBox& operator=(const DefaultedBox& other) {
        if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
        return *this;
    }
    DefaultedBox& operator=(DefaultedBox&&) noexcept = default;

    const T& get() const { return value_ ? *value_ : default_value(); }
    const T& operator*() const { return get(); }
    const T* operator->() const { return &get(); }
    // The value to write into, allocated (as T{}) on first use.
    T& set() {
        if (!value_) value_ = std::make_unique<T>();
        return *value_;
    }

    friend bool operator==(const DefaultedBox& a, const DefaultedBox& b) {
        if (a.value_ == b.value_) return true;
        return a.get() == b.get();
    }

private:
    static const T& default_value() {
        static const T value{};
        return value;
    }
    std::unique_ptr<T> value_;
};

}  // namespace schemac::ir
