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

#include "compiler/ir/deep_ptr.hpp"

namespace schemac::ir {

template <typename T>
class DefaultedBox {
public:
    const T& get() const { return value_ ? *value_ : default_value(); }
    const T& operator*() const { return get(); }
    const T* operator->() const { return &get(); }
    // The value to write into, allocated (as T{}) on first use.
    T& set() { return value_ ? *value_ : value_.emplace(); }

    friend bool operator==(const DefaultedBox& a, const DefaultedBox& b) {
        if (a.value_.get() == b.value_.get()) return true;
        return a.get() == b.get();
    }

private:
    static const T& default_value() {
        static const T value{};
        return value;
    }
    DeepPtr<T> value_;
};

}  // namespace schemac::ir
