// Lowering of the declarations tables depend on: schemas, extensions and enums.
#include "compiler/lower/lowering.hpp"

namespace schemac::lowering {

void Lowering::lower_schema(const syntax::Schema& s) {
    ir::Schema out{s.name.value, std::nullopt, origin(s.name.span), {}};
    if (s.comment) out.comment = s.comment->text;
    db_.schemas.push_back(std::move(out));
}

void Lowering::lower_extension(const syntax::Extension& x) {
    ir::Extension out{x.name.value, std::nullopt, x.version, origin(x.name.span)};
    if (x.schema) out.schema = x.schema->value;
    db_.extensions.push_back(std::move(out));
}

ir::QualifiedName Lowering::qualified(const syntax::QualifiedName& name) {
    return ir::QualifiedName{name.schema ? name.schema->value : "public", name.name.value};
}

void Lowering::lower_enum(const syntax::Enum& e) {
    ir::Enum out;
    out.name = qualified(e.name);
    Directives d = lower_directives(e.directives, Target::enumeration);
    out.was = d.was;
    if (d.was_schema != out.name.schema) out.was_schema = d.was_schema;
    out.origin = origin(e.name.name.span);
    for (const syntax::EnumValue& v : e.values) {
        out.values.push_back(
            ir::EnumValue{v.label, lower_directives(v.directives, Target::enum_value).was, origin(v.span)});
    }
    db_.enums.push_back(std::move(out));
}

}  // namespace schemac::lowering
