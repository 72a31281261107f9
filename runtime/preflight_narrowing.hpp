// Which stored values a column type change (ALTER COLUMN ... TYPE, no USING) would refuse: the
// SQL condition, over one value, that is true for a value the new type does not fit. Known
// narrowings: character varying(n) / character(n) lengths, integer ranges (smallint, integer,
// bigint) and numeric precision and scale. A change that cannot narrow (a longer varchar, int to
// bigint, anything to text) needs no probe; any other is not probed, and the reason says why.
#pragma once

#include <string>

#include "compiler/ir/ir.hpp"

namespace schemac::runtime {

struct NarrowingTest {
    enum class Kind { none, probe, unknown } kind = Kind::none;
    std::string condition;  // Kind::probe: true for a value that does not fit
    std::string reason;     // Kind::unknown: why it is not probed
};

// `value`: SQL naming the stored value (a quoted column). Arrays are tested element by element.
NarrowingTest narrowing_test(const std::string& value, const ir::Type& from, const ir::Type& to);

}  // namespace schemac::runtime
