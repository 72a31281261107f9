#include "runtime/preflight_narrowing.hpp"

#include <fmt/format.h>

#include <optional>

#include "compiler/ir/types.hpp"

namespace schemac::runtime {
namespace {

std::optional<int> narrowing_modifier(const ir::Type& type, std::size_t at) {
    if (type.modifiers.size() <= at) return std::nullopt;
    try {
        return std::stoi(type.modifiers[at]);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

bool is_character_type(const std::string& name) {
    return name == "character varying" || name == "character" || name == "text" || name == "citext";
}
bool is_float_type(const std::string& name) { return name == "real" || name == "double precision"; }
bool is_number_type(const ir::Type& type) {
    return is_integer_type(type) || type.name == "numeric" || is_float_type(type.name);
}

// smallint 1, integer 2, bigint 3.
int integer_rank(const std::string& name) {
    return name == "smallint" ? 1 : name == "integer" ? 2 : name == "bigint" ? 3 : 0;
}

struct IntegerRange {
    const char* low;
    const char* high;
};
IntegerRange integer_range(const std::string& name) {
    if (name == "smallint") return {"-32768", "32767"};
    if (name == "integer") return {"-2147483648", "2147483647"};
    return {"-9223372036854775808", "9223372036854775807"};
}

// The test for one element (arrays aside), from and to with their serial types resolved.
NarrowingTest element_test(const std::string& v, const ir::Type& from, const ir::Type& to) {
    NarrowingTest none;
    if (to.name == "text" || to.name == "citext") return none;
    if (to.name == "character varying" || to.name == "character") {
        std::optional<int> n = narrowing_modifier(to, 0);
        if (to.name == "character" && !n) n = 1;  // character is character(1)
        if (!n) return none;                      // character varying without a length
        if (is_character_type(from.name) && from.name != "text" && from.name != "citext") {
            std::optional<int> m = narrowing_modifier(from, 0);
            if (from.name == "character" && !m) m = 1;
            if (m && *m <= *n) return none;
        }
        // PostgreSQL refuses a value longer than n unless what is past n is only spaces.
        return {NarrowingTest::Kind::probe, fmt::format("char_length(rtrim({}::text, ' ')) > {}", v, *n), {}};
    }
    if (integer_rank(to.name) > 0 && is_number_type(from)) {
        if (integer_rank(from.name) > 0 && integer_rank(from.name) <= integer_rank(to.name)) return none;
        IntegerRange r = integer_range(to.name);
        std::string value = integer_rank(from.name) > 0 ? v : fmt::format("round({})", v);
        return {NarrowingTest::Kind::probe, fmt::format("{} NOT BETWEEN {} AND {}", value, r.low, r.high), {}};
    }
    if (to.name == "numeric" && is_number_type(from)) {
        std::optional<int> p = narrowing_modifier(to, 0);
        if (!p) return none;  // numeric without a precision holds any number
        int s = narrowing_modifier(to, 1).value_or(0);
        if (from.name == "numeric") {
            std::optional<int> fp = narrowing_modifier(from, 0);
            int fs = narrowing_modifier(from, 1).value_or(0);
            if (fp && *fp - fs <= *p - s && fs <= s) return none;
        } else if (integer_rank(from.name) > 0) {
            int digits = integer_rank(from.name) == 1 ? 5 : integer_rank(from.name) == 2 ? 10 : 19;
            if (digits <= *p - s) return none;
        }
        // Rounded to the new scale, the value must have fewer than p - s digits before the point
        // (NaN fits any numeric; infinity none).
        return {NarrowingTest::Kind::probe,
                fmt::format("({0}::numeric <> 'NaN' AND abs(round({0}::numeric, {1})) >= 10::numeric ^ {2})", v, s,
                            *p - s),
                {}};
    }
    if (to.name == from.name && to.modifiers == from.modifiers) return none;
    if (is_float_type(to.name) && is_number_type(from)) return none;  // rounds, never refuses
    if (to.name == "bigint" || to.name == "numeric") return none;
    return {NarrowingTest::Kind::unknown,
            {},
            fmt::format("whether every value of type {} converts to {} is not known ahead", render_type(from),
                        render_type(to))};
}

}  // namespace

NarrowingTest narrowing_test(const std::string& value, const ir::Type& from_declared, const ir::Type& to_declared) {
    ir::Type from = serial_column_type(from_declared), to = serial_column_type(to_declared);
    if (from.array_dimensions != to.array_dimensions)
        return {NarrowingTest::Kind::unknown, {}, "an array's dimensions change"};
    if (to.array_dimensions == 0) return element_test(value, from, to);
    ir::Type from_element = from, to_element = to;
    from_element.array_dimensions = to_element.array_dimensions = 0;
    NarrowingTest element = element_test("schemac_element.value", from_element, to_element);
    if (element.kind != NarrowingTest::Kind::probe) return element;
    element.condition = fmt::format("EXISTS (SELECT FROM unnest({}) AS schemac_element(value) WHERE {})", value,
                                    element.condition);
    return element;
}

}  // namespace schemac::runtime
