#include "runtime/drift_types.hpp"

#include <fmt/format.h>

#include "compiler/sql/sql_expression.hpp"
#include "runtime/drift_words.hpp"

namespace schemac::runtime {
namespace {

std::string udt_differs(std::string_view what, std::string_view live, std::string_view expected) {
    return fmt::format("~ {}: {} {}, {} expected", what, live, in_database, expected);
}
std::string domain_what(const ir::QualifiedName& name) { return "domain " + ir::display_name(name); }
std::string type_what(const ir::QualifiedName& name) { return "type " + ir::display_name(name); }
// A default as people write it: PostgreSQL's `'x'::text` is shown as 'x'.
std::string udt_default(const std::optional<std::string>& text) {
    if (!text) return "none";
    const SqlExpression& e = analyze_sql_expression(*text);
    return e.string_constant ? schema_string(*e.string_constant) : *text;
}

}  // namespace

std::string user_type_drift(const plan::CreateDomain& c) {
    return fmt::format("+ {}: missing {}", domain_what(c.domain.name), in_database);
}
std::string user_type_drift(const plan::DropDomain& c) {
    return fmt::format("- {}: only {}", domain_what(c.name), in_database);
}
std::string user_type_drift(const plan::SetDomainDefault& c) {
    return udt_differs(domain_what(c.domain), "default " + udt_default(c.from), udt_default(c.to));
}
std::string user_type_drift(const plan::SetDomainNotNull& c) {
    return udt_differs(domain_what(c.domain), c.not_null ? "nullable" : "not null",
                       c.not_null ? "not null" : "nullable");
}
std::string user_type_drift(const plan::AddDomainCheck& c) {
    return fmt::format("~ {}: check {} ({}) missing {}", domain_what(c.domain), c.check.name, c.check.expression,
                       in_database);
}
std::string user_type_drift(const plan::DropDomainCheck& c) {
    return fmt::format("~ {}: check {} only {} (or it differs)", domain_what(c.domain), c.name, in_database);
}
std::string user_type_drift(const plan::ValidateDomainCheck& c) {
    return udt_differs(domain_what(c.domain), "check " + c.name + " not valid", "valid");
}
std::string user_type_drift(const plan::SetDomainComment& c) {
    return udt_differs(domain_what(c.domain), "comment " + quoted_or_none(c.from), quoted_or_none(c.to));
}
std::string user_type_drift(const plan::RecreateDomain& c) {
    return udt_differs(domain_what(c.domain.name), "base type " + schema_type_text(c.from, c.domain.name.schema),
                       schema_type_text(c.domain.type, c.domain.name.schema));
}
std::string user_type_drift(const plan::CreateCompositeType& c) {
    return fmt::format("+ {}: missing {}", type_what(c.type.name), in_database);
}
std::string user_type_drift(const plan::DropCompositeType& c) {
    return fmt::format("- {}: only {}", type_what(c.name), in_database);
}
std::string user_type_drift(const plan::AddAttribute& c) {
    return fmt::format("~ {}: attribute {} missing {}", type_what(c.type), c.attribute.name, in_database);
}
std::string user_type_drift(const plan::DropAttribute& c) {
    return fmt::format("~ {}: attribute {} only {}", type_what(c.type), c.attribute, in_database);
}
std::string user_type_drift(const plan::AlterAttributeType& c) {
    return udt_differs(type_what(c.type) + " attribute " + c.attribute,
                       "type " + schema_type_text(c.from, c.type.schema), schema_type_text(c.to, c.type.schema));
}
std::string user_type_drift(const plan::SetCompositeTypeComment& c) {
    return udt_differs(type_what(c.type), "comment " + quoted_or_none(c.from), quoted_or_none(c.to));
}

}  // namespace schemac::runtime
