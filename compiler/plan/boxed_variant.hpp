// BoxedVariant<Ts...>: one value of one of the types Ts, kept on the heap at that type's own
// size. A std::variant is as large as its largest type; a plan's changes range from a pointer
// (CreateTable) to two whole functions (ReplaceFunction, over a kilobyte), and a large plan
// holds tens of thousands of them, so the steps keep each change in a box of its own size.
//
// Promises:
//  - Always holds a value: made from a T, or by default the first type's default value.
//  - Sixteen bytes; copies copy the value (one allocation), moves never allocate.
//  - visit(f, v) calls f with a const reference to the value itself, as std::visit would;
//    v.get_if<T>() gives the value when it is a T, else null; v.index() is the T's place in Ts.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>
#include <variant>

#include "compiler/ir/deep_ptr.hpp"

namespace schemac::plan {

template <typename... Ts>
class BoxedVariant {
    template <typename T>
    static constexpr bool one_of = (std::is_same_v<T, Ts> || ...);

public:
    static constexpr std::size_t size = sizeof...(Ts);

    BoxedVariant() : BoxedVariant(std::variant_alternative_t<0, std::variant<Ts...>>{}) {}

    template <typename T, typename D = std::decay_t<T>, std::enable_if_t<one_of<D>, int> = 0>
    BoxedVariant(T&& value) : boxes_(std::in_place_type<ir::DeepPtr<D>>) {  // NOLINT: converting, as std::variant's
        std::get<ir::DeepPtr<D>>(boxes_).emplace(std::forward<T>(value));
    }

    std::size_t index() const { return boxes_.index(); }

    template <typename T>
    const T* get_if() const {
        const auto* box = std::get_if<ir::DeepPtr<T>>(&boxes_);
        return box ? box->get() : nullptr;
    }

    template <typename F, typename... Us>
    friend decltype(auto) visit(F&& f, const BoxedVariant<Us...>& v);

private:
    std::variant<ir::DeepPtr<Ts>...> boxes_;
};

// What std::visit is to a std::variant: f called with the value.
template <typename F, typename... Ts>
decltype(auto) visit(F&& f, const BoxedVariant<Ts...>& v) {
    return std::visit([&](const auto& box) -> decltype(auto) { return f(std::as_const(*box)); }, v.boxes_);
}

}  // namespace schemac::plan
