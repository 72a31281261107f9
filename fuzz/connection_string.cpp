// Fuzz target: any bytes as a connection string (a URI or libpq's key/value form), the shape
// a password reaches schemac in. Redaction never crashes or misbehaves under the sanitizers, and
// where libpq reads the redacted text, the only password it finds there is ***. Since
// redact_password checks its own result with libpq (and writes the string again from libpq's
// reading when its spans leave a password), that property now holds by construction: what this
// target still finds are crashes, hangs and undefined behaviour in the span reader.
#include <optional>
#include <string>

#include "fuzz/fuzz_check.hpp"
#include "runtime/redact.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text = schemac::fuzz::input_text(data, size);
    if (text.find('\0') != std::string::npos) return 0;  // no C string holds one
    std::string redacted = schemac::runtime::redact_password(text);
    if (std::optional<std::string> after = schemac::runtime::libpq_password(redacted))
        schemac::fuzz::require(after->empty() || *after == schemac::runtime::redacted_marker,
                               "libpq reads a password from the redacted text", text + "\n" + redacted);
    return 0;
}
