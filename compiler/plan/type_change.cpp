#include "compiler/plan/type_change.hpp"

#include <charconv>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/types.hpp"

namespace schemac::plan {
namespace {

// Built in, or an extension's type, which may be named with its extension's schema.
bool not_user_type(const ir::Type& t) { return t.schema.empty() || is_extension_type(t); }
bool is_string(const ir::Type& t) {
    return not_user_type(t) &&
           (t.name == "text" || t.name == "character varying" || t.name == "character" || t.name == "citext");
}
bool unbounded_string(const ir::Type& t) {
    return not_user_type(t) &&
           (t.name == "text" || t.name == "citext" || (t.name == "character varying" && t.modifiers.empty()));
}
int integer_rank(const ir::Type& t) {
    if (!t.schema.empty()) return 0;
    if (t.name == "smallint") return 1;
    if (t.name == "integer") return 2;
    if (t.name == "bigint") return 3;
    return 0;
}
long modifier(const ir::Type& t, std::size_t i, long otherwise) {
    if (i >= t.modifiers.size()) return otherwise;
    long value = otherwise;
    std::from_chars(t.modifiers[i].data(), t.modifiers[i].data() + t.modifiers[i].size(), value);
    return value;
}
int category(const ir::Type& t) {
    if (!t.schema.empty()) return 0;
    const std::string& n = t.name;
    if (n == "smallint" || n == "integer" || n == "bigint" || n == "numeric" || n == "real" || n == "double precision")
        return 1;
    if (is_string(t) || n == "name") return 2;
    if (n == "date" || n == "timestamp with time zone" || n == "timestamp without time zone") return 3;
    if (n == "time with time zone" || n == "time without time zone") return 4;
    return 0;
}
bool has_assignment_cast(const ir::Type& from, const ir::Type& to) {
    int a = category(from), b = category(to);
    return (a != 0 && a == b) || b == 2;  // anything converts to a string type through its text form
}

// The casts PostgreSQL 15's pg_cast has between built-in types of different categories (as used
// by ALTER COLUMN ... TYPE, explicit ones included), and the I/O conversions to and from string
// types and enums (through text).
bool has_any_cast(const ir::Type& from, const ir::Type& to) {
    if (has_assignment_cast(from, to) || is_string(from) || is_string(to)) return true;
    if (!from.schema.empty() || !to.schema.empty()) return true;  // an enum, an extension's type: not judged
    int a = category(from), b = category(to);
    if (a != 0 && a == b) return true;
    const std::string& f = from.name;
    const std::string& t = to.name;
    auto one_of = [](const std::string& name, std::initializer_list<std::string_view> names) {
        for (std::string_view n : names)
            if (name == n) return true;
        return false;
    };
    if (a == 3 && one_of(t, {"time without time zone", "time with time zone"})) return f != "date";
    if (one_of(f, {"json", "jsonb"}) && one_of(t, {"json", "jsonb"})) return true;
    if (f == "integer" && t == "boolean") return true;
    if (f == "boolean" && t == "integer") return true;
    if (one_of(f, {"integer", "bigint"}) && one_of(t, {"bit", "bit varying"})) return true;
    if (one_of(f, {"bit", "bit varying"}) && one_of(t, {"integer", "bigint", "bit", "bit varying"})) return true;
    if (one_of(f, {"integer", "bigint", "numeric", "smallint"}) && t == "money") return true;
    if (f == "money" && t == "numeric") return true;
    if (one_of(f, {"time without time zone", "interval"}) && one_of(t, {"time without time zone", "interval"}))
        return true;
    if (one_of(f, {"inet", "cidr"}) && one_of(t, {"inet", "cidr"})) return true;
    if (one_of(f, {"macaddr", "macaddr8"}) && one_of(t, {"macaddr", "macaddr8"})) return true;
    if (one_of(f, {"integer", "bigint", "smallint", "oid"}) && t == "oid") return true;
    if (f == "oid" && one_of(t, {"integer", "bigint"})) return true;
    if (one_of(f, {"real", "double precision", "numeric"}) && category(to) == 1) return true;
    return false;
}

bool same_element(const ir::Type& a, const ir::Type& b) {
    return a.schema == b.schema && a.name == b.name && a.modifiers == b.modifiers;
}

}  // namespace

TypeChange classify_type_change(const ir::Type& from, const ir::Type& to, std::string_view column) {
    TypeChange out;
    std::string cast_column = quote_identifier(column);
    // USING only where PostgreSQL has no assignment cast: an explicit cast would also turn an
    // error into silent truncation (text -> varchar(10)), so it is never added where not needed.
    auto needs_cast = [&] {
        if (from.array_dimensions == to.array_dimensions && has_assignment_cast(from, to)) return;
        bool enum_target = !not_user_type(to);
        bool from_string = is_string(from) && from.array_dimensions == to.array_dimensions;
        std::string via = enum_target && !from_string ? "::text" + std::string(to.array_dimensions ? "[]" : "") : "";
        out.using_expression = cast_column + via + "::" + render_type(to);
        if (from.array_dimensions == to.array_dimensions) out.castable = has_any_cast(from, to);
    };
    if (from.array_dimensions != to.array_dimensions) {
        out.narrowing = true;
        needs_cast();
        return out;
    }
    // Anything converts to an unbounded string without loss, through its text form.
    if (unbounded_string(to)) {
        bool binary_coercible = from.schema.empty() &&
                                (from.name == "character varying" || from.name == "text" || from.name == "citext");
        out.rewrite = !binary_coercible;
        return out;
    }
    if (is_string(from) && is_string(to) && from.name == to.name) {
        long from_length = modifier(from, 0, from.name == "character" ? 1 : -1);
        long to_length = modifier(to, 0, to.name == "character" ? 1 : -1);
        out.narrowing = from_length < 0 || to_length < from_length;
        out.rewrite = from.name == "character" || out.narrowing;
        return out;
    }
    if (from.schema.empty() && from.name == "character varying" && to.schema.empty() && to.name == "character") {
        out.narrowing = true;
        return out;
    }
    int from_int = integer_rank(from), to_int = integer_rank(to);
    if (from_int && to_int) {
        out.narrowing = to_int < from_int;
        return out;
    }
    bool to_numeric = to.schema.empty() && to.name == "numeric";
    bool from_numeric = from.schema.empty() && from.name == "numeric";
    if ((from_int || from_numeric) && to_numeric) {
        if (to.modifiers.empty()) {
            out.narrowing = false;
            out.rewrite = !from_numeric;
            return out;
        }
        long to_precision = modifier(to, 0, 0), to_scale = modifier(to, 1, 0);
        long from_integral = from_int == 1 ? 5 : from_int == 2 ? 10 : from_int == 3 ? 19 : -1;
        long from_scale = 0;
        if (from_numeric) {
            if (from.modifiers.empty()) {
                out.narrowing = true;
                return out;
            }
            from_scale = modifier(from, 1, 0);
            from_integral = modifier(from, 0, 0) - from_scale;
        }
        out.narrowing = to_precision - to_scale < from_integral || to_scale < from_scale;
        out.rewrite = !(from_numeric && to_scale == from_scale && !out.narrowing);
        return out;
    }
    bool to_double = to.schema.empty() && to.name == "double precision";
    if (to_double && ((from.schema.empty() && from.name == "real") || from_int == 1 || from_int == 2)) return out;
    if (to.schema.empty() && from.schema.empty()) {
        if (from.name == "timestamp without time zone" && to.name == "timestamp with time zone") return out;
        if (from.name == "date" && (to.name == "timestamp with time zone" || to.name == "timestamp without time zone"))
            return out;
        if (from.name == "json" && to.name == "jsonb") {
            needs_cast();
            return out;
        }
    }
    if (same_element(from, to)) return out;
    out.narrowing = true;
    needs_cast();
    return out;
}

}  // namespace schemac::plan
