// DeepPtr<T>: an owning pointer whose copies copy what it points to. The one place the IR's
// heap boxes (OptionalBox, DefaultedBox, RareVector) keep their value and get deep copies from:
// each of them defaults its copy and move operations to this one's.
//
// Promises:
//  - Copying an empty DeepPtr gives an empty one; copying a full one allocates a copy of its T.
//  - Moving never allocates and leaves the source empty; one pointer wide.
#pragma once

#include <memory>
#include <utility>

namespace schemac::ir {

template <typename T>
class DeepPtr {
public:
    DeepPtr() = default;
    DeepPtr(const DeepPtr& other) : p_(other.p_ ? std::make_unique<T>(*other.p_) : nullptr) {}
    DeepPtr(DeepPtr&&) noexcept = default;
    DeepPtr& operator=(const DeepPtr& other) {
        if (this != &other) p_ = other.p_ ? std::make_unique<T>(*other.p_) : nullptr;
        return *this;
    }
    DeepPtr& operator=(DeepPtr&&) noexcept = default;

    // Replaces the value with a T made of `args`.
    template <typename... Args>
    T& emplace(Args&&... args) {
        p_ = std::make_unique<T>(std::forward<Args>(args)...);
        return *p_;
    }
    void reset() { p_.reset(); }

    T* get() const { return p_.get(); }
    explicit operator bool() const { return p_ != nullptr; }
    T& operator*() const { return *p_; }
    T* operator->() const { return p_.get(); }

private:
    std::unique_ptr<T> p_;
};

}  // namespace schemac::ir
