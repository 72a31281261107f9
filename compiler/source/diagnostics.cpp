#include "compiler/source/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace schemac {

Diagnostic& Diagnostics::error(std::string code, Span span, std::string message, std::string help) {
    items_.push_back({Severity::error, std::move(code), span, std::move(message), std::move(help), {}, {}, {}});
    return items_.back();
}

Diagnostic& Diagnostics::warning(std::string code, Span span, std::string message, std::string help) {
    items_.push_back({Severity::warning, std::move(code), span, std::move(message), std::move(help), {}, {}, {}});
    return items_.back();
}

Diagnostic& Diagnostics::add(Diagnostic diagnostic) {
    items_.push_back(std::move(diagnostic));
    return items_.back();
}

std::size_t Diagnostics::error_count() const {
    return static_cast<std::size_t>(
        std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

void Diagnostics::sort() {
    std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.span.file, a.span.begin) < std::tie(b.span.file, b.span.begin);
    });
}

}  // namespace schemac
