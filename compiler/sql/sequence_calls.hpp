// The sequences an SQL expression calls nextval, currval or setval on, read from its parse tree:
// `nextval('invoice_no')` and `nextval('billing.invoice_no'::regclass)` name them by text, as
// regclass reads it (unquoted parts lower-cased, an unqualified name in public, the first
// schema of the default search path).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac {

// `billing.invoice_no`, `"Invoice No"`: the name regclass reads; nullopt when it is no name.
std::optional<ir::QualifiedName> regclass_name(std::string_view text);

// In order of appearance, each once.
std::vector<ir::QualifiedName> sequences_called(std::string_view expression);

}  // namespace schemac
