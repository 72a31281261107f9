// Fuzz target: any bytes as a connection string (a URI or libpq's key/value form), the shape
// a password reaches schemac in. Redaction never crashes; where libpq reads the redacted text,
// the only password it finds there is ***; and the password libpq reads from the original is
// among the secrets schemac remembers for it, which the command line hides wherever they
// appear in its output.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "runtime/redact.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text = schemac::fuzz::input_text(data, size);
    if (text.find('\0') != std::string::npos) return 0;  // no C string holds one
    std::string redacted = schemac::runtime::redact_password(text);
    if (std::optional<std::string> after = schemac::runtime::libpq_password(redacted))
        schemac::fuzz::require(after->empty() || *after == schemac::runtime::redacted_marker,
                               "libpq reads a password from the redacted text", text + "\n" + redacted);
    std::optional<std::string> before = schemac::runtime::libpq_password(text);
    if (!before || before->empty()) return 0;
    std::vector<std::string> secrets = schemac::runtime::passwords_in(text);
    schemac::fuzz::require(std::find(secrets.begin(), secrets.end(), *before) != secrets.end(),
                           "the password libpq reads is not among the remembered secrets", text + "\n" + *before);
    return 0;
}
