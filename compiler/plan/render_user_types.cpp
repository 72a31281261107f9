#include "compiler/plan/render_user_types.hpp"

#include <fmt/format.h>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/sql/implicit_names.hpp"

namespace schemac::plan {
namespace {

using V = std::vector<std::string>;

std::string udt_name(const ir::QualifiedName& name) {
    return quote_identifier(name.schema) + "." + quote_identifier(name.name);
}
std::string udt_comment(const std::optional<std::string>& comment) {
    return comment ? quote_literal(*comment) : "NULL";
}
std::string alter_domain(const ir::QualifiedName& domain, std::string_view action) {
    return fmt::format("ALTER DOMAIN {} {};", udt_name(domain), action);
}
std::string alter_composite(const ir::QualifiedName& type, std::string_view action) {
    return fmt::format("ALTER TYPE {} {};", udt_name(type), action);
}
// SET SCHEMA when the schemas differ, then RENAME TO when the names do.
V move_and_rename(std::string_view keyword, const ir::QualifiedName& from, const ir::QualifiedName& to) {
    V out;
    ir::QualifiedName at = from;
    if (from.schema != to.schema) {
        out.push_back(fmt::format("ALTER {} {} SET SCHEMA {};", keyword, udt_name(from), quote_identifier(to.schema)));
        at.schema = to.schema;
    }
    if (from.name != to.name)
        out.push_back(fmt::format("ALTER {} {} RENAME TO {};", keyword, udt_name(at), quote_identifier(to.name)));
    return out;
}

}  // namespace

std::string collate_clause(const std::string& collation) {
    if (collation.empty()) return "";
    std::size_t dot = collation.find('.');
    if (dot == std::string::npos) return " COLLATE " + quote_identifier(collation);
    return " COLLATE " + quote_identifier(collation.substr(0, dot)) + "." + quote_identifier(collation.substr(dot + 1));
}

V user_type_sql(const CreateDomain& c) {
    const ir::Domain& d = c.domain;
    std::string out = fmt::format("CREATE DOMAIN {} AS {}", udt_name(d.name), render_type(d.type));
    out += collate_clause(d.collation);
    if (d.default_value) out += " DEFAULT " + *d.default_value;
    if (d.not_null) out += " NOT NULL";
    for (const ir::Check& check : d.checks)
        out += fmt::format("\n  CONSTRAINT {} CHECK ({})", quote_identifier(check.name), check.expression);
    V statements{out + ";"};
    if (d.comment)
        statements.push_back(fmt::format("COMMENT ON DOMAIN {} IS {};", udt_name(d.name), udt_comment(d.comment)));
    return statements;
}
V user_type_sql(const DropDomain& c) { return V{fmt::format("DROP DOMAIN {};", udt_name(c.name))}; }
V user_type_sql(const RenameDomain& c) { return move_and_rename("DOMAIN", c.from, c.to); }
V user_type_sql(const SetDomainDefault& c) {
    return V{alter_domain(c.domain, c.to ? "SET DEFAULT " + *c.to : "DROP DEFAULT")};
}
V user_type_sql(const SetDomainNotNull& c) {
    return V{alter_domain(c.domain, c.not_null ? "SET NOT NULL" : "DROP NOT NULL")};
}
V user_type_sql(const AddDomainCheck& c) {
    return V{alter_domain(c.domain, fmt::format("ADD CONSTRAINT {} CHECK ({}){}", quote_identifier(c.check.name),
                                                c.check.expression, c.not_valid ? " NOT VALID" : ""))};
}
V user_type_sql(const DropDomainCheck& c) {
    return V{alter_domain(c.domain, "DROP CONSTRAINT " + quote_identifier(c.name))};
}
V user_type_sql(const RenameDomainCheck& c) {
    return V{alter_domain(c.domain,
                          fmt::format("RENAME CONSTRAINT {} TO {}", quote_identifier(c.from), quote_identifier(c.to)))};
}
V user_type_sql(const ValidateDomainCheck& c) {
    return V{alter_domain(c.domain, "VALIDATE CONSTRAINT " + quote_identifier(c.name))};
}
V user_type_sql(const SetDomainComment& c) {
    return V{fmt::format("COMMENT ON DOMAIN {} IS {};", udt_name(c.domain), udt_comment(c.to))};
}
V user_type_sql(const RecreateDomain& c) {
    const ir::QualifiedName& name = c.domain.name;
    std::string old_name = make_object_name(name.name, "", "old");
    V out{fmt::format("ALTER DOMAIN {} RENAME TO {};", udt_name(name), quote_identifier(old_name))};
    for (std::string& statement : user_type_sql(CreateDomain{c.domain})) out.push_back(std::move(statement));
    for (const EnumColumn& column : c.columns) {
        std::string dims;
        for (int i = 0; i < column.array_dimensions; ++i) dims += "[]";
        std::string col = quote_identifier(column.column);
        std::string action = fmt::format("ALTER COLUMN {0} TYPE {1}{2} USING {0}::{3}{2}", col, udt_name(name), dims,
                                         render_type(c.domain.type));
        if (column.default_value)
            action = fmt::format("ALTER COLUMN {0} DROP DEFAULT, {1}, ALTER COLUMN {0} SET DEFAULT {2}", col, action,
                                 *column.default_value);
        out.push_back(fmt::format("ALTER TABLE {} {};", udt_name(column.table), action));
    }
    out.push_back(fmt::format("DROP DOMAIN {};", udt_name(ir::QualifiedName{name.schema, old_name})));
    return out;
}

V user_type_sql(const CreateCompositeType& c) {
    const ir::CompositeType& t = c.type;
    std::vector<std::string> attributes;
    for (const ir::CompositeAttribute& a : t.attributes)
        attributes.push_back(
            fmt::format("  {} {}{}", quote_identifier(a.name), render_type(a.type), collate_clause(a.collation)));
    V statements{fmt::format("CREATE TYPE {} AS (\n{}\n);", udt_name(t.name), fmt::join(attributes, ",\n"))};
    if (t.attributes.empty()) statements = V{fmt::format("CREATE TYPE {} AS ();", udt_name(t.name))};
    if (t.comment)
        statements.push_back(fmt::format("COMMENT ON TYPE {} IS {};", udt_name(t.name), udt_comment(t.comment)));
    return statements;
}
V user_type_sql(const DropCompositeType& c) { return V{fmt::format("DROP TYPE {};", udt_name(c.name))}; }
V user_type_sql(const RenameCompositeType& c) { return move_and_rename("TYPE", c.from, c.to); }
V user_type_sql(const AddAttribute& c) {
    return V{
        alter_composite(c.type, fmt::format("ADD ATTRIBUTE {} {}{}", quote_identifier(c.attribute.name),
                                            render_type(c.attribute.type), collate_clause(c.attribute.collation)))};
}
V user_type_sql(const DropAttribute& c) {
    return V{alter_composite(c.type, "DROP ATTRIBUTE " + quote_identifier(c.attribute))};
}
V user_type_sql(const RenameAttribute& c) {
    return V{alter_composite(c.type, fmt::format("RENAME ATTRIBUTE {} TO {}", quote_identifier(c.from),
                                                 quote_identifier(c.to)))};
}
V user_type_sql(const AlterAttributeType& c) {
    return V{alter_composite(c.type, fmt::format("ALTER ATTRIBUTE {} TYPE {}{}", quote_identifier(c.attribute),
                                                 render_type(c.to), collate_clause(c.collation)))};
}
V user_type_sql(const SetCompositeTypeComment& c) {
    return V{fmt::format("COMMENT ON TYPE {} IS {};", udt_name(c.type), udt_comment(c.to))};
}

}  // namespace schemac::plan
