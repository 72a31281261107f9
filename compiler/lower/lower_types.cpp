// Lowering of column types: built-in names canonicalised, enums, domains, composite types and
// extension types resolved.
#include "compiler/lower/lowering.hpp"

#include <fmt/format.h>

#include "compiler/ir/types.hpp"
#include "compiler/source/suggest.hpp"

namespace schemac::lowering {

std::optional<std::string> Lowering::similar_enum(std::string_view written) const {
    std::vector<std::string> names;
    for (const ir::QualifiedName& e : enum_names_) names.push_back(ir::display_name(e));
    for (const ir::QualifiedName& e : user_type_names_) names.push_back(ir::display_name(e));
    return closest_name(written, {names.begin(), names.end()});
}

std::optional<ir::Type> Lowering::builtin_type(const syntax::Type& t) {
    if (t.schema || t.quoted) return std::nullopt;
    // Looked up once per spelling with its parameters (`numeric(12,2)`): a schema has few. Most
    // types have none, and their name is the spelling: no key is made for them.
    std::string spelling;
    if (!t.parameters.empty()) {
        spelling = t.name + '(';
        for (std::size_t i = 0; i < t.parameters.size(); ++i) (spelling += i ? "," : "") += t.parameters[i];
        spelling += ')';
    }
    std::string_view key = t.parameters.empty() ? std::string_view(t.name) : std::string_view(spelling);
    auto it = builtin_types_.find(key);
    if (it == builtin_types_.end()) it = builtin_types_.emplace(std::string(key), builtin_type_uncached(t)).first;
    if (!it->second) return std::nullopt;
    ir::Type out = *it->second;
    out.array_dimensions = t.array_dimensions;
    return out;
}

std::optional<ir::Type> Lowering::builtin_type_uncached(const syntax::Type& t) {
    ir::Type out;
    out.array_dimensions = t.array_dimensions;
    std::vector<std::string> modifiers = t.parameters;
    std::optional<std::string> canonical = canonical_builtin_type(t.name, modifiers);
    if (!canonical) return std::nullopt;
    out.modifiers = std::move(modifiers);
    out.name = std::move(*canonical);
    return out;
}

ir::Type Lowering::resolve_type(const syntax::Type& t, const std::string& table_schema) {
    if (std::optional<ir::Type> builtin = builtin_type(t)) return std::move(*builtin);
    ir::Type out;
    out.array_dimensions = t.array_dimensions;
    out.modifiers = t.parameters;
    if (t.schema) {
        ir::QualifiedName name{t.schema->value, t.name};
        out.schema = name.schema;
        out.name = name.name;
        if (!user_type_declared(name) && extension_for_type(name.name)) return resolve_extension_type(t, out);
        if (!user_type_declared(name)) {
            std::string help = fmt::format("declare it: enum {}.{} {{ ... }}", name.schema, name.name);
            if (auto similar = similar_enum(ir::display_name(name))) help = fmt::format("did you mean '{}'?", *similar);
            diagnostics_.error("unknown-type", t.span, fmt::format("unknown type '{}.{}'", name.schema, name.name),
                               help);
        }
        return out;
    }
    for (const std::string* schema : {&table_schema, &public_schema_}) {
        if (user_type_declared(ir::QualifiedName{*schema, t.name})) {
            out.schema = *schema;
            out.name = t.name;
            return out;
        }
    }
    out.name = t.name;
    if (extension_for_type(t.name)) return resolve_extension_type(t, out);
    std::string help = fmt::format("declare it (enum {} {{ ... }}) or use a PostgreSQL type", t.name);
    std::optional<std::string> suggestion = suggest_type(t.name);
    if (!suggestion) suggestion = similar_enum(t.name);
    if (suggestion) help = fmt::format("did you mean '{}'?", *suggestion);
    Diagnostic& d = diagnostics_.error("unknown-type", t.span, fmt::format("unknown type '{}'", t.name), help);
    if (suggestion && !t.quoted && t.name.find(' ') == std::string::npos)  // the name alone is replaced
        d.fix = Fix{Span{t.span.file, t.span.begin, t.span.begin + static_cast<std::uint32_t>(t.name.size())},
                    *suggestion};
    return out;
}

// A type an extension provides: named with the schema its extension is declared in
// (`extension citext schema extensions` makes `citext` mean `extensions.citext`), so that the
// migration finds it there; written qualified, the schema must be the extension's.
ir::Type Lowering::resolve_extension_type(const syntax::Type& t, ir::Type out) {
    std::string extension = *extension_for_type(t.name);
    auto declared = extension_schemas_.find(extension);
    if (declared == extension_schemas_.end()) {
        diagnostics_.error(
            "unknown-type", t.span,
            fmt::format("type '{}' comes from the extension {}, which is not declared", t.name, extension),
            fmt::format("add a line: extension {}", t.schema ? extension + " schema " + t.schema->value : extension));
        return out;
    }
    std::string schema = extension_type_schema(declared->second);
    if (t.schema && t.schema->value != schema && !(schema.empty() && t.schema->value == "public")) {
        std::string home = declared->second.value_or("the schema CREATE EXTENSION chooses");
        diagnostics_.error("unknown-type", t.span,
                           fmt::format("type '{}.{}': the extension {} that provides it is declared in {}",
                                       t.schema->value, t.name, extension, home),
                           declared->second ? fmt::format("write {}", schema.empty() ? t.name : schema + "." + t.name)
                                            : fmt::format("say where the extension lives: extension {} schema {}",
                                                          extension, t.schema->value));
        return out;
    }
    out.schema = schema;
    out.name = t.name;
    return out;
}

}  // namespace schemac::lowering
