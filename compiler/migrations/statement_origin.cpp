#include "compiler/migrations/statement_origin.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/sql/pg_parse.hpp"

namespace schemac {
namespace {

using json = nlohmann::json;

// A name as a statement writes it: the schema only when it is qualified.
struct WrittenName {
    std::string schema;  // empty: not qualified
    std::string name;
};

WrittenName from_range_var(const json& node) {
    const json& rv = node.contains("RangeVar") ? node["RangeVar"] : node;
    return {rv.value("schemaname", ""), rv.value("relname", "")};
}

// `["s", "t"]` or `["t"]` as libpg_query lists a qualified name (String nodes).
WrittenName from_name_list(const json& list) {
    std::vector<std::string> parts;
    if (list.is_array())
        for (const json& item : list)
            if (item.contains("String")) parts.push_back(item["String"].value("sval", ""));
    if (parts.empty()) return {};
    if (parts.size() == 1) return {"", parts[0]};
    return {parts[parts.size() - 2], parts.back()};
}

// The declaration of `name` among `items` (anything with a QualifiedName `name`): the written
// schema when there is one, else `public`, else the only one of that name.
template <class T>
const T* origin_lookup(const std::vector<T>& items, const WrittenName& name) {
    if (name.name.empty()) return nullptr;
    auto named = [&](const T& item, const std::string& schema) {
        return item.name.name == name.name && item.name.schema == schema;
    };
    for (const T& item : items)
        if (named(item, name.schema.empty() ? "public" : name.schema)) return &item;
    if (!name.schema.empty()) return nullptr;
    const T* only = nullptr;
    for (const T& item : items)
        if (item.name.name == name.name) {
            if (only) return nullptr;
            only = &item;
        }
    return only;
}

template <class T>
const T* origin_by_plain_name(const std::vector<T>& items, const std::string& name) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
    return it == items.end() ? nullptr : &*it;
}

// A constraint of `table` by its name (primary key, unique, check, foreign key, exclusion).
std::optional<Span> constraint_origin(const ir::Table& table, const std::string& name) {
    if (name.empty()) return std::nullopt;
    if (table.primary_key && table.primary_key->name == name) return table.primary_key->origin.span;
    if (const ir::Unique* u = origin_by_plain_name(table.uniques, name)) return u->origin.span;
    if (const ir::Check* c = origin_by_plain_name(table.checks, name)) return c->origin.span;
    if (const ir::ForeignKey* f = origin_by_plain_name(table.foreign_keys, name)) return f->origin.span;
    if (const ir::Exclusion* e = origin_by_plain_name(table.exclusions, name)) return e->origin.span;
    if (const ir::Index* i = origin_by_plain_name(table.indexes, name)) return i->origin.span;  // a unique index
    return std::nullopt;
}

Span column_origin(const ir::Table& table, const std::string& column) {
    if (const ir::Column* c = origin_by_plain_name(table.columns, column)) return c->origin.span;
    return table.origin.span;
}

// ALTER TABLE: the first command that names a column or a constraint says which; else the table.
Span alter_table_origin(const ir::Database& schema, const json& s) {
    WrittenName name = from_range_var(s.value("relation", json::object()));
    const ir::Table* table = origin_lookup(schema.tables, name);
    if (!table) {
        if (const ir::View* view = origin_lookup(schema.views, name)) return view->origin.span;
        if (const ir::Sequence* sequence = origin_lookup(schema.sequences, name)) return sequence->origin.span;
        if (const ir::CompositeType* type = origin_lookup(schema.composite_types, name)) return type->origin.span;
        return {};
    }
    for (const json& item : s.value("cmds", json::array())) {
        const json& cmd = item.value("AlterTableCmd", json::object());
        const json& def = cmd.value("def", json::object());
        if (def.contains("ColumnDef")) return column_origin(*table, def["ColumnDef"].value("colname", ""));
        if (def.contains("Constraint"))
            if (std::optional<Span> at = constraint_origin(*table, def["Constraint"].value("conname", ""))) return *at;
        std::string subtype = cmd.value("subtype", "");
        std::string named = cmd.value("name", "");
        if (named.empty()) continue;
        if (subtype.find("Constraint") != std::string::npos) {
            if (std::optional<Span> at = constraint_origin(*table, named)) return *at;
        } else if (origin_by_plain_name(table->columns, named)) {
            return column_origin(*table, named);
        }
    }
    return table->origin.span;
}

// An index or a trigger of a table or a view: the declaration of `name` on `on`, else the
// relation's own.
template <class Member>
Span relation_member_origin(const ir::Database& schema, const WrittenName& on, const std::string& name,
                            std::vector<Member> ir::Table::*of_table, std::vector<Member> ir::View::*of_view) {
    if (const ir::Table* table = origin_lookup(schema.tables, on)) {
        if (const Member* m = origin_by_plain_name(table->*of_table, name)) return m->origin.span;
        return table->origin.span;
    }
    if (const ir::View* view = origin_lookup(schema.views, on)) {
        if (const Member* m = origin_by_plain_name(view->*of_view, name)) return m->origin.span;
        return view->origin.span;
    }
    return {};
}

Span index_origin(const ir::Database& schema, const json& s) {
    return relation_member_origin(schema, from_range_var(s.value("relation", json::object())), s.value("idxname", ""),
                                  &ir::Table::indexes, &ir::View::indexes);
}

Span trigger_origin(const ir::Database& schema, const json& s) {
    return relation_member_origin(schema, from_range_var(s.value("relation", json::object())), s.value("trigname", ""),
                                  &ir::Table::triggers, &ir::View::triggers);
}

Span policy_origin(const ir::Database& schema, const json& s) {
    const ir::Table* table = origin_lookup(schema.tables, from_range_var(s.value("table", json::object())));
    if (!table) return {};
    if (const ir::Policy* p = origin_by_plain_name(table->policies, s.value("policy_name", ""))) return p->origin.span;
    return table->origin.span;
}

// A type's name (enum, domain, composite or range type) as CREATE/ALTER TYPE and DOMAIN write it.
Span type_origin(const ir::Database& schema, const WrittenName& name) {
    if (const ir::Enum* e = origin_lookup(schema.enums, name)) return e->origin.span;
    if (const ir::Domain* d = origin_lookup(schema.domains, name)) return d->origin.span;
    if (const ir::CompositeType* c = origin_lookup(schema.composite_types, name)) return c->origin.span;
    if (const ir::RangeType* r = origin_lookup(schema.range_types, name)) return r->origin.span;
    return {};
}

// A relation by name: table, view or sequence (GRANT, COMMENT ON, ALTER ... RENAME).
Span relation_origin(const ir::Database& schema, const WrittenName& name) {
    if (const ir::Table* t = origin_lookup(schema.tables, name)) return t->origin.span;
    if (const ir::View* v = origin_lookup(schema.views, name)) return v->origin.span;
    if (const ir::Sequence* s = origin_lookup(schema.sequences, name)) return s->origin.span;
    return {};
}

// COMMENT ON COLUMN s.t.c / COMMENT ON TABLE s.t / ...
Span comment_origin(const ir::Database& schema, const json& s) {
    std::string kind = s.value("objtype", "");
    const json& object = s.value("object", json::object());
    const json& items = object.contains("List") ? object["List"].value("items", json::array()) : json::array();
    if (kind == "OBJECT_COLUMN" && items.size() >= 2) {
        std::vector<std::string> parts;
        for (const json& item : items)
            if (item.contains("String")) parts.push_back(item["String"].value("sval", ""));
        if (parts.size() < 2) return {};
        WrittenName table_name{parts.size() >= 3 ? parts[parts.size() - 3] : "", parts[parts.size() - 2]};
        if (const ir::Table* t = origin_lookup(schema.tables, table_name)) return column_origin(*t, parts.back());
        return relation_origin(schema, table_name);
    }
    if (kind == "OBJECT_TABLE" || kind == "OBJECT_VIEW" || kind == "OBJECT_MATVIEW" || kind == "OBJECT_SEQUENCE")
        return relation_origin(schema, from_name_list(items));
    if (kind == "OBJECT_TYPE" || kind == "OBJECT_DOMAIN") {
        if (object.contains("TypeName")) return type_origin(schema, from_name_list(object["TypeName"]["names"]));
        return type_origin(schema, from_name_list(items));
    }
    if (kind == "OBJECT_SCHEMA" && object.contains("String")) {
        const std::string name = object["String"].value("sval", "");
        auto it = std::find_if(schema.schemas.begin(), schema.schemas.end(), [&](const ir::Schema& x) {
            return x.name == name;
        });
        if (it != schema.schemas.end()) return it->origin.span;
    }
    return {};
}

Span origin_of_node(const ir::Database& schema, const std::string& kind, const json& s) {
    if (kind == "CreateStmt") return relation_origin(schema, from_range_var(s.value("relation", json::object())));
    if (kind == "AlterTableStmt") return alter_table_origin(schema, s);
    if (kind == "IndexStmt") return index_origin(schema, s);
    if (kind == "ViewStmt") return relation_origin(schema, from_range_var(s.value("view", json::object())));
    if (kind == "CreateTableAsStmt" && s.contains("into"))
        return relation_origin(schema, from_range_var(s["into"].value("rel", json::object())));
    if (kind == "CreateFunctionStmt") {
        WrittenName name = from_name_list(s.value("funcname", json::array()));
        if (const ir::Function* f = origin_lookup(schema.functions, name)) return f->origin.span;
        return {};
    }
    if (kind == "CreateEnumStmt" || kind == "AlterEnumStmt" || kind == "CreateRangeStmt" || kind == "AlterDomainStmt")
        return type_origin(schema, from_name_list(s.value("typeName", json::array())));
    if (kind == "CreateDomainStmt") return type_origin(schema, from_name_list(s.value("domainname", json::array())));
    if (kind == "CompositeTypeStmt") return type_origin(schema, from_range_var(s.value("typevar", json::object())));
    if (kind == "CreateSeqStmt") return relation_origin(schema, from_range_var(s.value("sequence", json::object())));
    if (kind == "AlterSeqStmt") return relation_origin(schema, from_range_var(s.value("sequence", json::object())));
    if (kind == "CreateTrigStmt") return trigger_origin(schema, s);
    if (kind == "CreatePolicyStmt" || kind == "AlterPolicyStmt") return policy_origin(schema, s);
    if (kind == "CreateSchemaStmt") {
        const std::string name = s.value("schemaname", "");
        for (const ir::Schema& x : schema.schemas)
            if (x.name == name) return x.origin.span;
        return {};
    }
    if (kind == "CreateExtensionStmt") {
        const std::string name = s.value("extname", "");
        for (const ir::Extension& x : schema.extensions)
            if (x.name == name) return x.origin.span;
        return {};
    }
    if (kind == "GrantStmt" && s.value("targtype", "") == "ACL_TARGET_OBJECT")
        for (const json& object : s.value("objects", json::array()))
            if (object.contains("RangeVar")) return relation_origin(schema, from_range_var(object));
    if (kind == "CommentStmt") return comment_origin(schema, s);
    if (kind == "RenameStmt" && s.contains("relation")) return relation_origin(schema, from_range_var(s["relation"]));
    return {};
}

// The statement's one node ({"CreateStmt": {...}}); null when it does not parse to one.
json origin_statement_node(std::string_view statement) {
    PgParse parsed = pg_parse(statement);
    if (!parsed.ok()) return {};
    json tree = json::parse(*parsed.tree, nullptr, false);
    if (!tree.is_object() || !tree.contains("stmts") || tree["stmts"].size() != 1) return {};
    json node = tree["stmts"][0].value("stmt", json::object());
    if (!node.is_object() || node.empty()) return {};
    return node;
}

// In a table's definition (CREATE TABLE elements, ALTER TABLE commands' definitions): the one
// that starts last at or before `offset`, as a column or a constraint of `table`.
std::optional<Span> element_at(const ir::Table& table, const json& definitions, std::size_t offset) {
    std::string best_kind, best_name;
    long best_at = -1;
    for (const json& item : definitions) {
        json def = item.contains("AlterTableCmd") ? item["AlterTableCmd"].value("def", json::object()) : item;
        for (const char* kind : {"ColumnDef", "Constraint"})
            if (def.is_object() && def.contains(kind)) {
                long at = def[kind].value("location", -1L);
                if (at >= 0 && static_cast<std::size_t>(at) <= offset && at > best_at) {
                    best_at = at;
                    best_kind = kind;
                    best_name = def[kind].value(best_kind == "ColumnDef" ? "colname" : "conname", "");
                }
            }
    }
    if (best_at < 0) return std::nullopt;
    if (best_kind == "ColumnDef") {
        if (const ir::Column* c = origin_by_plain_name(table.columns, best_name)) return c->origin.span;
        return std::nullopt;
    }
    return constraint_origin(table, best_name);
}

}  // namespace

Span statement_origin(const ir::Database& schema, std::string_view statement) {
    json node = origin_statement_node(statement);
    if (node.is_null()) return {};
    return origin_of_node(schema, node.begin().key(), node.begin().value());
}

Span statement_origin(const ir::Database& schema, std::string_view statement, std::size_t error_offset) {
    json node = origin_statement_node(statement);
    if (node.is_null()) return {};
    const std::string kind = node.begin().key();
    const json& s = node.begin().value();
    if (kind == "CreateStmt" || kind == "AlterTableStmt")
        if (const ir::Table* table = origin_lookup(schema.tables, from_range_var(s.value("relation", json::object()))))
            if (std::optional<Span> at = element_at(
                    *table, s.value(kind == "CreateStmt" ? "tableElts" : "cmds", json::array()), error_offset))
                return *at;
    return origin_of_node(schema, kind, s);
}

}  // namespace schemac
