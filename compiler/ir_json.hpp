// The IR's JSON form (docs/ir-json.md): versioned, keys in a fixed order, optional fields
// written only when set and booleans only when true, so that equal IRs give byte-identical
// text and read(write(ir)) == ir. The snapshot file uses this form.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "compiler/ir.hpp"

namespace schemac {

struct IrJsonError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

nlohmann::ordered_json ir_to_json(const ir::Database& db);
std::string ir_to_json_text(const ir::Database& db);  // two-space indent, final newline
ir::Database ir_from_json(const nlohmann::json& json);  // throws IrJsonError
ir::Database ir_from_json_text(std::string_view text);  // throws IrJsonError

}  // namespace schemac
