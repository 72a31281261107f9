// RareVector<T>: a vector that is empty nearly always, one pointer wide. The elements live on
// the heap only when there are some. It reads like a const std::vector<T> (it converts to one)
// and compares with one.
//
// Promises:
//  - Value semantics: copies are deep; an empty RareVector and an empty std::vector are equal.
//  - For members of the IR that almost every value leaves empty (a column type's modifiers): a
//    std::vector costs 24 bytes even when empty, and a large project holds hundreds of thousands
//    of column types.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <utility>
#include <vector>

#include "compiler/ir/deep_ptr.hpp"

namespace schemac::ir {

template <typename T>
class RareVector {
public:
    RareVector() = default;
    RareVector(std::vector<T> values) { assign(std::move(values)); }
    RareVector(std::initializer_list<T> values) { assign(std::vector<T>(values)); }
    RareVector& operator=(std::vector<T> values) {
        assign(std::move(values));
        return *this;
    }

    const std::vector<T>& vector() const { return values_ ? *values_ : empty_vector(); }
    operator const std::vector<T>&() const { return vector(); }
    bool empty() const { return !values_; }
    std::size_t size() const { return vector().size(); }
    const T& operator[](std::size_t i) const { return vector()[i]; }
    const T& at(std::size_t i) const { return vector().at(i); }
    const T& front() const { return vector().front(); }
    const T& back() const { return vector().back(); }
    typename std::vector<T>::const_iterator begin() const { return vector().begin(); }
    typename std::vector<T>::const_iterator end() const { return vector().end(); }
    void push_back(T value) { (values_ ? *values_ : values_.emplace()).push_back(std::move(value)); }
    void clear() { values_.reset(); }

    friend bool operator==(const RareVector& a, const RareVector& b) { return a.vector() == b.vector(); }
    friend bool operator==(const RareVector& a, const std::vector<T>& b) { return a.vector() == b; }

private:
    void assign(std::vector<T> values) {
        if (values.empty())
            values_.reset();
        else
            values_.emplace(std::move(values));
    }
    static const std::vector<T>& empty_vector() {
        static const std::vector<T> empty;
        return empty;
    }
    DeepPtr<std::vector<T>> values_;
};

}  // namespace schemac::ir
