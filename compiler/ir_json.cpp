#include "compiler/ir_json.hpp"

#include <fmt/format.h>

namespace schemac {
namespace {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

ir::FkAction action_from(const std::string& name) {
    for (ir::FkAction a : {ir::FkAction::no_action, ir::FkAction::restrict, ir::FkAction::cascade,
                           ir::FkAction::set_null, ir::FkAction::set_default})
        if (name == ir::fk_action_text(a)) return a;
    throw IrJsonError(fmt::format("unknown referential action '{}'", name));
}

void put(ojson& j, const char* key, const std::optional<std::string>& value) {
    if (value) j[key] = *value;
}
void put(ojson& j, const char* key, bool value) {
    if (value) j[key] = true;
}
void put(ojson& j, const char* key, const std::optional<std::int64_t>& value) {
    if (value) j[key] = *value;
}

void put(ojson& j, const char* key, const ir::StorageParameters& storage) {
    if (storage.empty()) return;
    ojson x = ojson::object();
    for (const auto& [name, value] : storage) x[name] = value;
    j[key] = x;
}

ojson type_json(const ir::Type& t) {
    ojson j;
    if (!t.schema.empty()) j["schema"] = t.schema;
    j["name"] = t.name;
    if (!t.modifiers.empty()) j["modifiers"] = t.modifiers;
    if (t.array_dimensions) j["array_dimensions"] = t.array_dimensions;
    return j;
}

ojson column_json(const ir::Column& c) {
    ojson j;
    j["name"] = c.name;
    j["type"] = type_json(c.type);
    put(j, "not_null", c.not_null);
    put(j, "default", c.default_value);
    if (c.identity) {
        ojson id;
        id["kind"] = c.identity->kind == ir::IdentityKind::always ? "always" : "by default";
        put(id, "start", c.identity->options.start);
        put(id, "increment", c.identity->options.increment);
        put(id, "min_value", c.identity->options.min_value);
        put(id, "max_value", c.identity->options.max_value);
        put(id, "cache", c.identity->options.cache);
        put(id, "cycle", c.identity->options.cycle);
        j["identity"] = id;
    }
    put(j, "generated", c.generated);
    put(j, "comment", c.comment);
    put(j, "was", c.was);
    put(j, "backfill", c.backfill);
    put(j, "backfill_batch", c.backfill_batch);
    return j;
}

ojson table_json(const ir::Table& t) {
    ojson j;
    j["schema"] = t.name.schema;
    j["name"] = t.name.name;
    put(j, "was", t.was);
    put(j, "was_schema", t.was_schema);
    put(j, "comment", t.comment);
    put(j, "unlogged", t.unlogged);
    put(j, "storage", t.storage);
    j["columns"] = ojson::array();
    for (const ir::Column& c : t.columns) j["columns"].push_back(column_json(c));
    if (t.primary_key) {
        ojson pk;
        pk["name"] = t.primary_key->name;
        pk["columns"] = t.primary_key->columns;
        put(pk, "was", t.primary_key->was);
        put(pk, "deferrable", t.primary_key->deferrable);
        put(pk, "initially_deferred", t.primary_key->initially_deferred);
        j["primary_key"] = pk;
    }
    if (!t.uniques.empty()) {
        j["uniques"] = ojson::array();
        for (const ir::Unique& u : t.uniques) {
            ojson x;
            x["name"] = u.name;
            x["columns"] = u.columns;
            put(x, "nulls_not_distinct", u.nulls_not_distinct);
            put(x, "was", u.was);
            put(x, "deferrable", u.deferrable);
            put(x, "initially_deferred", u.initially_deferred);
            j["uniques"].push_back(x);
        }
    }
    if (!t.checks.empty()) {
        j["checks"] = ojson::array();
        for (const ir::Check& c : t.checks) {
            ojson x;
            x["name"] = c.name;
            x["expression"] = c.expression;
            put(x, "was", c.was);
            j["checks"].push_back(x);
        }
    }
    if (!t.foreign_keys.empty()) {
        j["foreign_keys"] = ojson::array();
        for (const ir::ForeignKey& f : t.foreign_keys) {
            ojson x;
            x["name"] = f.name;
            x["columns"] = f.columns;
            ojson ref;
            ref["schema"] = f.referenced_table.schema;
            ref["table"] = f.referenced_table.name;
            ref["columns"] = f.referenced_columns;
            x["references"] = ref;
            if (f.on_delete != ir::FkAction::no_action) x["on_delete"] = ir::fk_action_text(f.on_delete);
            if (f.on_update != ir::FkAction::no_action) x["on_update"] = ir::fk_action_text(f.on_update);
            put(x, "match_full", f.match_full);
            put(x, "deferrable", f.deferrable);
            put(x, "initially_deferred", f.initially_deferred);
            put(x, "was", f.was);
            j["foreign_keys"].push_back(x);
        }
    }
    if (!t.indexes.empty()) {
        j["indexes"] = ojson::array();
        for (const ir::Index& i : t.indexes) {
            ojson x;
            x["name"] = i.name;
            put(x, "unique", i.unique);
            x["method"] = i.method;
            x["elements"] = ojson::array();
            for (const ir::IndexElement& e : i.elements) {
                ojson el;
                if (!e.column.empty()) el["column"] = e.column;
                else el["expression"] = e.expression;
                if (!e.collation.empty()) el["collation"] = e.collation;
                if (!e.opclass.empty()) el["opclass"] = e.opclass;
                put(el, "descending", e.descending);
                put(el, "nulls_first", e.nulls_first);
                x["elements"].push_back(el);
            }
            if (!i.include.empty()) x["include"] = i.include;
            put(x, "nulls_not_distinct", i.nulls_not_distinct);
            put(x, "storage", i.storage);
            put(x, "where", i.where);
            put(x, "was", i.was);
            j["indexes"].push_back(x);
        }
    }
    return j;
}

// ------------------------------------------------------------------ reading
const json& field(const json& j, const char* key, const char* where) {
    if (!j.is_object() || !j.contains(key)) throw IrJsonError(fmt::format("{}: missing \"{}\"", where, key));
    return j.at(key);
}
std::string text(const json& j, const char* key, const char* where) {
    const json& v = field(j, key, where);
    if (!v.is_string()) throw IrJsonError(fmt::format("{}: \"{}\" must be a string", where, key));
    return v.get<std::string>();
}
std::optional<std::string> optional_text(const json& j, const char* key, const char* where) {
    if (!j.contains(key)) return std::nullopt;
    return text(j, key, where);
}
bool flag(const json& j, const char* key) { return j.contains(key) && j.at(key).is_boolean() && j.at(key).get<bool>(); }
std::optional<std::int64_t> optional_integer(const json& j, const char* key) {
    if (!j.contains(key)) return std::nullopt;
    return j.at(key).get<std::int64_t>();
}
std::vector<std::string> names(const json& j, const char* key, const char* where) {
    if (!j.contains(key)) return {};
    const json& v = j.at(key);
    if (!v.is_array()) throw IrJsonError(fmt::format("{}: \"{}\" must be an array", where, key));
    std::vector<std::string> out;
    for (const json& n : v) out.push_back(n.get<std::string>());
    return out;
}
ir::StorageParameters storage_from(const json& j, const char* where) {
    ir::StorageParameters out;
    if (!j.contains("storage")) return out;
    const json& v = j.at("storage");
    if (!v.is_object()) throw IrJsonError(fmt::format("{}: \"storage\" must be an object", where));
    for (const auto& [name, value] : v.items()) {
        if (!value.is_string()) throw IrJsonError(fmt::format("{}: storage parameter \"{}\" must be a string", where, name));
        out[name] = value.get<std::string>();
    }
    return out;
}
const json& array(const json& j, const char* key) {
    static const json empty = json::array();
    return j.contains(key) ? j.at(key) : empty;
}

ir::Type type_from(const json& j) {
    ir::Type t;
    t.schema = j.value("schema", "");
    t.name = text(j, "name", "type");
    t.modifiers = names(j, "modifiers", "type");
    t.array_dimensions = j.value("array_dimensions", 0);
    return t;
}

ir::Column column_from(const json& j) {
    ir::Column c;
    c.name = text(j, "name", "column");
    c.type = type_from(field(j, "type", "column"));
    c.not_null = flag(j, "not_null");
    c.default_value = optional_text(j, "default", "column");
    if (j.contains("identity")) {
        const json& id = j.at("identity");
        ir::Identity identity;
        identity.kind = text(id, "kind", "identity") == "always" ? ir::IdentityKind::always : ir::IdentityKind::by_default;
        identity.options.start = optional_integer(id, "start");
        identity.options.increment = optional_integer(id, "increment");
        identity.options.min_value = optional_integer(id, "min_value");
        identity.options.max_value = optional_integer(id, "max_value");
        identity.options.cache = optional_integer(id, "cache");
        identity.options.cycle = flag(id, "cycle");
        c.identity = identity;
    }
    c.generated = optional_text(j, "generated", "column");
    c.comment = optional_text(j, "comment", "column");
    c.was = optional_text(j, "was", "column");
    c.backfill = optional_text(j, "backfill", "column");
    if (std::optional<std::int64_t> batch = optional_integer(j, "backfill_batch"))
        c.backfill_batch = static_cast<int>(*batch);
    return c;
}

ir::Table table_from(const json& j) {
    ir::Table t;
    t.name = ir::QualifiedName{text(j, "schema", "table"), text(j, "name", "table")};
    t.was = optional_text(j, "was", "table");
    t.was_schema = optional_text(j, "was_schema", "table");
    t.comment = optional_text(j, "comment", "table");
    t.unlogged = flag(j, "unlogged");
    t.storage = storage_from(j, "table");
    for (const json& c : array(j, "columns")) t.columns.push_back(column_from(c));
    if (j.contains("primary_key")) {
        const json& pk = j.at("primary_key");
        t.primary_key = ir::PrimaryKey{text(pk, "name", "primary key"), names(pk, "columns", "primary key"),
                                       optional_text(pk, "was", "primary key"), {}, flag(pk, "deferrable"),
                                       flag(pk, "initially_deferred")};
    }
    for (const json& u : array(j, "uniques")) {
        t.uniques.push_back(ir::Unique{text(u, "name", "unique"), names(u, "columns", "unique"), flag(u, "nulls_not_distinct"),
                                       optional_text(u, "was", "unique"), {}, flag(u, "deferrable"),
                                       flag(u, "initially_deferred")});
    }
    for (const json& c : array(j, "checks")) {
        t.checks.push_back(ir::Check{text(c, "name", "check"), text(c, "expression", "check"), optional_text(c, "was", "check"), {}});
    }
    for (const json& f : array(j, "foreign_keys")) {
        ir::ForeignKey fk;
        fk.name = text(f, "name", "foreign key");
        fk.columns = names(f, "columns", "foreign key");
        const json& ref = field(f, "references", "foreign key");
        fk.referenced_table = ir::QualifiedName{text(ref, "schema", "references"), text(ref, "table", "references")};
        fk.referenced_columns = names(ref, "columns", "references");
        fk.on_delete = action_from(f.value("on_delete", "no action"));
        fk.on_update = action_from(f.value("on_update", "no action"));
        fk.match_full = flag(f, "match_full");
        fk.deferrable = flag(f, "deferrable");
        fk.initially_deferred = flag(f, "initially_deferred");
        fk.was = optional_text(f, "was", "foreign key");
        t.foreign_keys.push_back(std::move(fk));
    }
    for (const json& i : array(j, "indexes")) {
        ir::Index index;
        index.name = text(i, "name", "index");
        index.unique = flag(i, "unique");
        index.method = text(i, "method", "index");
        for (const json& e : array(i, "elements")) {
            ir::IndexElement el;
            el.column = e.value("column", "");
            el.expression = e.value("expression", "");
            if (el.column.empty() == el.expression.empty())
                throw IrJsonError("index element: exactly one of \"column\" and \"expression\"");
            el.collation = e.value("collation", "");
            el.opclass = e.value("opclass", "");
            el.descending = flag(e, "descending");
            el.nulls_first = flag(e, "nulls_first");
            index.elements.push_back(std::move(el));
        }
        index.include = names(i, "include", "index");
        index.nulls_not_distinct = flag(i, "nulls_not_distinct");
        index.storage = storage_from(i, "index");
        index.where = optional_text(i, "where", "index");
        index.was = optional_text(i, "was", "index");
        t.indexes.push_back(std::move(index));
    }
    return t;
}

}  // namespace

nlohmann::ordered_json ir_to_json(const ir::Database& db) {
    ojson j;
    j["format"] = "schemac-ir";
    j["version"] = ir::json_format_version;
    j["schemas"] = ojson::array();
    for (const ir::Schema& s : db.schemas) {
        ojson x;
        x["name"] = s.name;
        put(x, "comment", s.comment);
        j["schemas"].push_back(x);
    }
    j["extensions"] = ojson::array();
    for (const ir::Extension& e : db.extensions) {
        ojson x;
        x["name"] = e.name;
        put(x, "schema", e.schema);
        put(x, "version", e.version);
        j["extensions"].push_back(x);
    }
    j["enums"] = ojson::array();
    for (const ir::Enum& e : db.enums) {
        ojson x;
        x["schema"] = e.name.schema;
        x["name"] = e.name.name;
        put(x, "was", e.was);
        put(x, "was_schema", e.was_schema);
        x["values"] = ojson::array();
        for (const ir::EnumValue& v : e.values) {
            ojson value;
            value["name"] = v.name;
            put(value, "was", v.was);
            x["values"].push_back(value);
        }
        j["enums"].push_back(x);
    }
    j["tables"] = ojson::array();
    for (const ir::Table& t : db.tables) j["tables"].push_back(table_json(t));
    return j;
}

std::string ir_to_json_text(const ir::Database& db) { return ir_to_json(db).dump(2) + "\n"; }

ir::Database ir_from_json(const nlohmann::json& j) {
    if (!j.is_object() || j.value("format", "") != "schemac-ir")
        throw IrJsonError("not a schemac IR document (expected \"format\": \"schemac-ir\")");
    int version = j.value("version", 0);
    if (version != ir::json_format_version)
        throw IrJsonError(fmt::format("IR version {} is not supported; this schemac reads version {}", version,
                                      ir::json_format_version));
    ir::Database db;
    try {
        for (const json& s : array(j, "schemas")) db.schemas.push_back(ir::Schema{text(s, "name", "schema"), optional_text(s, "comment", "schema"), {}});
        for (const json& e : array(j, "extensions")) {
            db.extensions.push_back(ir::Extension{text(e, "name", "extension"), optional_text(e, "schema", "extension"),
                                                  optional_text(e, "version", "extension"), {}});
        }
        for (const json& e : array(j, "enums")) {
            ir::Enum out;
            out.name = ir::QualifiedName{text(e, "schema", "enum"), text(e, "name", "enum")};
            out.was = optional_text(e, "was", "enum");
            out.was_schema = optional_text(e, "was_schema", "enum");
            for (const json& v : array(e, "values")) out.values.push_back(ir::EnumValue{text(v, "name", "enum value"), optional_text(v, "was", "enum value"), {}});
            db.enums.push_back(std::move(out));
        }
        for (const json& t : array(j, "tables")) db.tables.push_back(table_from(t));
    } catch (const nlohmann::json::exception& e) {
        throw IrJsonError(e.what());
    }
    return db;
}

ir::Database ir_from_json_text(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) throw IrJsonError("not valid JSON");
    return ir_from_json(j);
}

}  // namespace schemac
