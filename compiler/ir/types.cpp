#include "compiler/ir/types.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "compiler/ir/identifiers.hpp"
#include "compiler/source/suggest.hpp"

namespace schemac {
namespace {

struct Alias {
    std::string_view name;
    std::string_view canonical;
};

// Built-in types by every name PostgreSQL accepts for them, mapped to format_type()'s spelling.
constexpr std::array<Alias, 98> builtin_types{{
    {"smallint", "smallint"},
    {"int2", "smallint"},
    {"integer", "integer"},
    {"int", "integer"},
    {"int4", "integer"},
    {"bigint", "bigint"},
    {"int8", "bigint"},
    {"numeric", "numeric"},
    {"decimal", "numeric"},
    {"dec", "numeric"},
    {"real", "real"},
    {"float4", "real"},
    {"double precision", "double precision"},
    {"float8", "double precision"},
    {"float", "double precision"},
    {"money", "money"},
    {"smallserial", "smallserial"},
    {"serial2", "smallserial"},
    {"serial", "serial"},
    {"serial4", "serial"},
    {"bigserial", "bigserial"},
    {"serial8", "bigserial"},
    {"character varying", "character varying"},
    {"char varying", "character varying"},
    {"varchar", "character varying"},
    {"character", "character"},
    {"char", "character"},
    {"bpchar", "character"},
    {"text", "text"},
    {"name", "name"},
    {"bytea", "bytea"},
    {"timestamp", "timestamp without time zone"},
    {"timestamp without time zone", "timestamp without time zone"},
    {"timestamptz", "timestamp with time zone"},
    {"timestamp with time zone", "timestamp with time zone"},
    {"date", "date"},
    {"time", "time without time zone"},
    {"time without time zone", "time without time zone"},
    {"timetz", "time with time zone"},
    {"time with time zone", "time with time zone"},
    {"interval", "interval"},
    {"boolean", "boolean"},
    {"bool", "boolean"},
    {"point", "point"},
    {"line", "line"},
    {"lseg", "lseg"},
    {"box", "box"},
    {"path", "path"},
    {"polygon", "polygon"},
    {"circle", "circle"},
    {"cidr", "cidr"},
    {"inet", "inet"},
    {"macaddr", "macaddr"},
    {"macaddr8", "macaddr8"},
    {"bit", "bit"},
    {"bit varying", "bit varying"},
    {"varbit", "bit varying"},
    {"tsvector", "tsvector"},
    {"tsquery", "tsquery"},
    {"uuid", "uuid"},
    {"xml", "xml"},
    {"json", "json"},
    {"jsonb", "jsonb"},
    {"jsonpath", "jsonpath"},
    {"int4range", "int4range"},
    {"int8range", "int8range"},
    {"numrange", "numrange"},
    {"tsrange", "tsrange"},
    {"tstzrange", "tstzrange"},
    {"daterange", "daterange"},
    {"int4multirange", "int4multirange"},
    {"int8multirange", "int8multirange"},
    {"nummultirange", "nummultirange"},
    {"tsmultirange", "tsmultirange"},
    {"tstzmultirange", "tstzmultirange"},
    {"datemultirange", "datemultirange"},
    {"pg_lsn", "pg_lsn"},
    {"pg_snapshot", "pg_snapshot"},
    {"txid_snapshot", "txid_snapshot"},
    {"oid", "oid"},
    {"regclass", "regclass"},
    {"regtype", "regtype"},
    {"regproc", "regproc"},
    {"regconfig", "regconfig"},
    {"regdictionary", "regdictionary"},
    {"regoper", "regoper"},
    {"regoperator", "regoperator"},
    {"regprocedure", "regprocedure"},
    {"regrole", "regrole"},
    {"regnamespace", "regnamespace"},
    {"regcollation", "regcollation"},
    {"xid8", "xid8"},
    {"xid", "xid"},
    {"cid", "cid"},
    {"tid", "tid"},
    {"refcursor", "refcursor"},
    {"int2vector", "int2vector"},
    {"oidvector", "oidvector"},
}};

constexpr std::array<Alias, 24> extension_types{{
    {"citext", "citext"},
    {"hstore", "hstore"},
    {"ltree", "ltree"},
    {"lquery", "ltree"},
    {"ltxtquery", "ltree"},
    {"cube", "cube"},
    {"earth", "earthdistance"},
    {"seg", "seg"},
    {"isbn", "isn"},
    {"isbn13", "isn"},
    {"issn", "isn"},
    {"issn13", "isn"},
    {"ismn", "isn"},
    {"ismn13", "isn"},
    {"ean13", "isn"},
    {"upc", "isn"},
    {"geometry", "postgis"},
    {"geography", "postgis"},
    {"box2d", "postgis"},
    {"box3d", "postgis"},
    {"vector", "vector"},
    {"halfvec", "vector"},
    {"sparsevec", "vector"},
    {"lo", "lo"},
}};

bool is_builtin_canonical(std::string_view name) {
    return std::any_of(builtin_types.begin(), builtin_types.end(), [&](const Alias& a) { return a.canonical == name; });
}

bool is_time_type(std::string_view canonical) {
    return canonical.starts_with("timestamp ") || canonical.starts_with("time ");
}

// Aliases sorted by name, for binary search.
const std::vector<Alias>& aliases_by_name() {
    static const std::vector<Alias> sorted = [] {
        std::vector<Alias> v(builtin_types.begin(), builtin_types.end());
        std::sort(v.begin(), v.end(), [](const Alias& a, const Alias& b) { return a.name < b.name; });
        return v;
    }();
    return sorted;
}

}  // namespace

std::optional<std::string> canonical_builtin_type(std::string_view name, std::vector<std::string>& parameters) {
    const auto& aliases = aliases_by_name();
    auto it = std::lower_bound(aliases.begin(), aliases.end(), name, [](const Alias& a, std::string_view n) {
        return a.name < n;
    });
    if (it != aliases.end() && it->name == name) {
        const Alias& alias = *it;
        std::string canonical(alias.canonical);
        if (name == "float" && parameters.size() == 1) {
            // float(p): p <= 24 is real, otherwise double precision; the precision is not kept.
            int precision = std::atoi(parameters[0].c_str());
            canonical = precision >= 1 && precision <= 24 ? "real" : "double precision";
            parameters.clear();
        }
        if ((canonical == "character" || canonical == "bit") && parameters.empty()) parameters = {"1"};
        return canonical;
    }
    return std::nullopt;
}

std::optional<std::string> extension_for_type(std::string_view name) {
    for (const Alias& alias : extension_types) {
        if (alias.name == name) return std::string(alias.canonical);
    }
    return std::nullopt;
}

std::string extension_type_schema(const std::optional<std::string>& extension_schema) {
    if (!extension_schema || *extension_schema == "public" || *extension_schema == "pg_catalog") return {};
    return *extension_schema;
}

bool is_extension_type(const ir::Type& type) { return extension_for_type(type.name).has_value(); }

void for_each_type(ir::Database& db, const std::function<void(ir::Type&)>& visit) {
    for (ir::Table& t : db.tables)
        for (ir::Column& c : t.columns) visit(c.type);
    for (ir::Domain& d : db.domains) visit(d.type);
    for (ir::CompositeType& c : db.composite_types)
        for (ir::CompositeAttribute& a : c.attributes) visit(a.type);
    for (ir::Function& f : db.functions) {
        for (ir::FunctionArgument& a : f.arguments) visit(a.type);
        for (ir::FunctionArgument& a : f.returns_table) visit(a.type);
        if (f.returns) visit(*f.returns);
    }
}

void name_extension_types_with_their_schema(ir::Database& db) {
    std::map<std::string, std::string> schemas;  // extension -> the schema its types are named with
    for (const ir::Extension& x : db.extensions) schemas[x.name] = extension_type_schema(x.schema);
    for_each_type(db, [&](ir::Type& type) {
        auto extension = extension_for_type(type.name);
        if (!type.schema.empty() || !extension) return;
        if (auto it = schemas.find(*extension); it != schemas.end()) type.schema = it->second;
    });
}

bool is_integer_type(const ir::Type& type) {
    return type.schema.empty() && type.array_dimensions == 0 &&
           (type.name == "smallint" || type.name == "integer" || type.name == "bigint");
}

bool is_serial_type(const ir::Type& type) {
    return type.schema.empty() && type.array_dimensions == 0 &&
           (type.name == "smallserial" || type.name == "serial" || type.name == "bigserial");
}

ir::Type serial_column_type(const ir::Type& type) {
    if (!is_serial_type(type)) return type;
    ir::Type out = type;
    out.name = type.name == "smallserial" ? "smallint" : type.name == "serial" ? "integer" : "bigint";
    return out;
}

bool type_is_resolved(const ir::Database& db, const ir::Type& type) {
    if (!type.schema.empty()) {
        ir::QualifiedName name{type.schema, type.name};
        return ir::find_enum(db, name) || ir::find_domain(db, name) || ir::find_composite_type(db, name) ||
               is_extension_type(type);
    }
    return is_builtin_canonical(type.name) || extension_for_type(type.name).has_value();
}

namespace {
int family(const ir::Type& type) {
    if (!type.schema.empty() && !is_extension_type(type)) return 0;
    const std::string& n = type.name;
    if (n == "smallint" || n == "integer" || n == "bigint" || n == "smallserial" || n == "serial" || n == "bigserial")
        return 1;
    if (n == "text" || n == "character varying" || n == "character" || n == "name" || n == "citext") return 2;
    if (n == "timestamp with time zone" || n == "timestamp without time zone" || n == "date") return 3;
    return 0;
}
}  // namespace

bool types_compatible_for_reference(const ir::Type& from, const ir::Type& to) {
    if (from.array_dimensions != to.array_dimensions) return false;
    if (from.schema == to.schema && from.name == to.name) return true;
    int a = family(from);
    int b = family(to);
    if (a != 0 && a == b) return true;
    // An integer may reference a numeric column (implicit cast).
    return a == 1 && to.schema.empty() && to.name == "numeric";
}

std::string render_type(const ir::Type& type) {
    std::string out;
    if (!type.schema.empty())
        out = quote_identifier(type.schema) + "." + quote_identifier(type.name);
    else if (is_builtin_canonical(type.name) || extension_for_type(type.name))
        out = type.name;
    else
        out = quote_identifier(type.name);
    std::string modifiers;
    if (!type.modifiers.empty()) {
        modifiers = "(";
        for (std::size_t i = 0; i < type.modifiers.size(); ++i) modifiers += (i ? "," : "") + type.modifiers[i];
        modifiers += ")";
    }
    if (type.schema.empty() && is_time_type(type.name)) {
        auto space = out.find(' ');
        out.insert(space, modifiers);
    } else {
        out += modifiers;
    }
    for (int i = 0; i < type.array_dimensions; ++i) out += "[]";
    return out;
}

std::vector<std::string_view> builtin_type_names() {
    std::vector<std::string_view> names;
    for (const Alias& alias : builtin_types) names.push_back(alias.name);
    return names;
}

std::optional<std::string> suggest_type(std::string_view name) { return closest_name(name, builtin_type_names()); }

}  // namespace schemac
