#include "compiler/ir/ir_json.hpp"

#include <fmt/format.h>

namespace schemac {
namespace {

using ojson = nlohmann::ordered_json;

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

void put_sequence_options(ojson& j, const ir::SequenceOptions& options) {
    put(j, "start", options.start);
    put(j, "increment", options.increment);
    put(j, "min_value", options.min_value);
    put(j, "max_value", options.max_value);
    put(j, "cache", options.cache);
    put(j, "cycle", options.cycle);
}

void put(ojson& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}

ojson column_json(const ir::Column& c) {
    ojson j;
    j["name"] = c.name;
    j["type"] = type_json(c.type);
    put(j, "collation", c.collation);
    put(j, "not_null", c.not_null);
    put(j, "default", c.default_value);
    if (c.identity) {
        ojson id;
        id["kind"] = c.identity->kind == ir::IdentityKind::always ? "always" : "by default";
        put_sequence_options(id, c.identity->options);
        j["identity"] = id;
    }
    put(j, "generated", c.generated);
    put(j, "comment", c.comment);
    put(j, "was", c.was);
    put(j, "backfill", c.backfill);
    put(j, "backfill_batch", c.backfill_batch);
    if (c.statistics) j["statistics"] = *c.statistics;
    put(j, "using", c.using_expression);
    return j;
}

ojson index_element_json(const ir::IndexElement& e) {
    ojson el;
    if (!e.column.empty())
        el["column"] = e.column;
    else
        el["expression"] = e.expression;
    put(el, "collation", e.collation);
    put(el, "opclass", e.opclass);
    put(el, "descending", e.descending);
    put(el, "nulls_first", e.nulls_first);
    return el;
}

ojson index_json(const ir::Index& i) {
    ojson x;
    x["name"] = i.name;
    put(x, "unique", i.unique);
    x["method"] = i.method;
    x["elements"] = ojson::array();
    for (const ir::IndexElement& e : i.elements) x["elements"].push_back(index_element_json(e));
    if (!i.include.empty()) x["include"] = i.include;
    put(x, "nulls_not_distinct", i.nulls_not_distinct);
    put(x, "storage", i.storage);
    put(x, "where", i.where);
    put(x, "was", i.was);
    return x;
}

void put_indexes(ojson& j, const std::vector<ir::Index>& indexes) {
    if (indexes.empty()) return;
    j["indexes"] = ojson::array();
    for (const ir::Index& i : indexes) j["indexes"].push_back(index_json(i));
}

// What a table and a function begin with: their name, where they move from, their comment.
template <class T>
ojson head_json(const T& x) {
    ojson j;
    j["schema"] = x.name.schema;
    j["name"] = x.name.name;
    put(j, "was", x.was);
    put(j, "was_schema", x.was_schema);
    put(j, "comment", x.comment);
    return j;
}

ojson qualified_json(const ir::QualifiedName& name) {
    ojson j;
    j["schema"] = name.schema;
    j["name"] = name.name;
    return j;
}

ojson trigger_json(const ir::Trigger& t) {
    ojson j;
    j["name"] = t.name;
    put(j, "was", t.was);
    put(j, "comment", t.comment);
    put(j, "constraint", t.constraint);
    j["timing"] = ir::trigger_timing_text(t.timing);
    j["events"] = ojson::array();
    for (auto [on, word] : {std::pair{t.on_insert, "insert"}, std::pair{t.on_update, "update"},
                            std::pair{t.on_delete, "delete"}, std::pair{t.on_truncate, "truncate"}})
        if (on) j["events"].push_back(word);
    if (!t.update_columns.empty()) j["update_columns"] = t.update_columns;
    put(j, "old_table", t.old_table);
    put(j, "new_table", t.new_table);
    put(j, "for_each_row", t.for_each_row);
    put(j, "when", t.when);
    if (t.from_table) j["from_table"] = qualified_json(*t.from_table);
    put(j, "deferrable", t.deferrable);
    put(j, "initially_deferred", t.initially_deferred);
    j["function"] = qualified_json(t.function);
    if (!t.arguments.empty()) j["arguments"] = t.arguments;
    return j;
}

ojson grants_json(const std::vector<ir::Grant>& grants) {
    ojson list = ojson::array();
    for (const ir::Grant& g : grants) {
        ojson x;
        x["grantee"] = g.grantee;
        x["privilege"] = g.privilege;
        if (!g.column.empty()) x["column"] = g.column;
        put(x, "grant_option", g.grant_option);
        list.push_back(x);
    }
    return list;
}

// Absent when empty: documents from before grants read the same.
void put_grants(ojson& j, const std::vector<ir::Grant>& grants) {
    if (!grants.empty()) j["grants"] = grants_json(grants);
}

ojson policy_json(const ir::Policy& p) {
    ojson j;
    j["name"] = p.name;
    put(j, "was", p.was);
    put(j, "comment", p.comment);
    if (!p.permissive) j["restrictive"] = true;
    j["command"] = ir::policy_command_text(p.command);
    j["roles"] = p.roles;
    put(j, "using", p.using_expression);
    put(j, "with_check", p.check_expression);
    return j;
}

void put_triggers(ojson& j, const std::vector<ir::Trigger>& triggers) {
    if (triggers.empty()) return;
    j["triggers"] = ojson::array();
    for (const ir::Trigger& t : triggers) j["triggers"].push_back(trigger_json(t));
}

ojson argument_json(const ir::FunctionArgument& a) {
    ojson j;
    if (!a.name.empty()) j["name"] = a.name;
    if (a.mode != ir::ArgumentMode::in) j["mode"] = ir::argument_mode_text(a.mode);
    j["type"] = type_json(a.type);
    put(j, "default", a.default_value);
    return j;
}

ojson function_json(const ir::Function& f) {
    ojson j = head_json(f);
    put(j, "procedure", f.procedure);
    j["arguments"] = ojson::array();
    for (const ir::FunctionArgument& a : f.arguments) j["arguments"].push_back(argument_json(a));
    if (f.returns) j["returns"] = type_json(*f.returns);
    put(j, "returns_set", f.returns_set);
    if (!f.returns_table.empty()) {
        j["returns_table"] = ojson::array();
        for (const ir::FunctionArgument& a : f.returns_table) j["returns_table"].push_back(argument_json(a));
    }
    j["language"] = f.language;
    if (f.volatility != ir::Volatility::volatile_) j["volatility"] = ir::volatility_text(f.volatility);
    put(j, "strict", f.strict);
    put(j, "security_definer", f.security_definer);
    put(j, "leakproof", f.leakproof);
    if (f.parallel != ir::ParallelSafety::unsafe) j["parallel"] = ir::parallel_text(f.parallel);
    if (f.cost) j["cost"] = *f.cost;
    if (f.rows) j["rows"] = *f.rows;
    put(j, "settings", f.settings);
    if (f.sql_body)
        j["sql_body"] = *f.sql_body;
    else
        j["body"] = f.body;
    put(j, "link_symbol", f.link_symbol);
    // Always written, even empty: an absent key reads as PostgreSQL's default (PUBLIC may execute),
    // which is what every function had before grants were part of the IR.
    j["grants"] = grants_json(f.grants);
    return j;
}

ojson view_json(const ir::View& v) {
    ojson j;
    j["schema"] = v.name.schema;
    j["name"] = v.name.name;
    put(j, "materialized", v.materialized);
    put(j, "was", v.was);
    put(j, "was_schema", v.was_schema);
    put(j, "comment", v.comment);
    put(j, "options", v.options);
    put(j, "with_no_data", v.with_no_data);
    j["columns"] = ojson::array();
    for (const ir::ViewColumn& c : v.columns) {
        ojson x;
        x["name"] = c.name;
        put(x, "comment", c.comment);
        j["columns"].push_back(x);
    }
    j["query"] = v.query;
    put_indexes(j, v.indexes);
    put_triggers(j, v.triggers);
    put_grants(j, v.grants);
    return j;
}

ojson exclusion_json(const ir::Exclusion& e) {
    ojson x;
    x["name"] = e.name;
    x["method"] = e.method;
    x["elements"] = ojson::array();
    for (const ir::ExclusionElement& el : e.elements) {
        ojson y = index_element_json(el.element);
        y["operator"] = el.operator_;
        x["elements"].push_back(y);
    }
    if (!e.include.empty()) x["include"] = e.include;
    put(x, "storage", e.storage);
    put(x, "where", e.where);
    put(x, "deferrable", e.deferrable);
    put(x, "initially_deferred", e.initially_deferred);
    put(x, "was", e.was);
    return x;
}

ojson table_json(const ir::Table& t) {
    ojson j = head_json(t);
    put(j, "unlogged", t.unlogged);
    put(j, "storage", t.storage);
    if (t.partition_by) {
        ojson key;
        key["strategy"] = ir::partition_strategy_text(t.partition_by->strategy);
        key["elements"] = ojson::array();
        for (const ir::IndexElement& e : t.partition_by->elements) key["elements"].push_back(index_element_json(e));
        j["partition_by"] = key;
    }
    if (t.partition_of) {
        j["partition_of"] = qualified_json(*t.partition_of);
        j["partition_bound"] = t.partition_bound;
    }
    put(j, "unmanaged_partitions", t.unmanaged_partitions);
    if (t.replica_identity != ir::ReplicaIdentity::default_) {
        j["replica_identity"] = ir::replica_identity_text(t.replica_identity);
        put(j, "replica_identity_index", t.replica_identity_index);
    }
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
            put(x, "no_inherit", c.no_inherit);
            put(x, "not_valid", c.not_valid);
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
            put(x, "not_valid", f.not_valid);
            put(x, "was", f.was);
            j["foreign_keys"].push_back(x);
        }
    }
    if (!t.exclusions.empty()) {
        j["exclusions"] = ojson::array();
        for (const ir::Exclusion& e : t.exclusions) j["exclusions"].push_back(exclusion_json(e));
    }
    put_indexes(j, t.indexes);
    put_triggers(j, t.triggers);
    put(j, "row_level_security", t.row_level_security);
    put(j, "force_row_level_security", t.force_row_level_security);
    if (!t.policies.empty()) {
        j["policies"] = ojson::array();
        for (const ir::Policy& p : t.policies) j["policies"].push_back(policy_json(p));
    }
    put_grants(j, t.grants);
    return j;
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
        put_grants(x, s.grants);
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
    if (!db.views.empty()) {  // absent when empty: snapshots from before views read the same
        j["views"] = ojson::array();
        for (const ir::View& v : db.views) j["views"].push_back(view_json(v));
    }
    if (!db.functions.empty()) {  // absent when empty, as views
        j["functions"] = ojson::array();
        for (const ir::Function& f : db.functions) j["functions"].push_back(function_json(f));
    }
    // Absent when empty, as views: documents from before these kinds read the same.
    if (!db.sequences.empty()) {
        j["sequences"] = ojson::array();
        for (const ir::Sequence& q : db.sequences) {
            ojson x = head_json(q);
            x["type"] = type_json(q.type);
            put_sequence_options(x, q.options);
            if (q.owned_by_table) {
                ojson owner = qualified_json(*q.owned_by_table);
                owner["column"] = q.owned_by_column;
                x["owned_by"] = owner;
            }
            put_grants(x, q.grants);
            j["sequences"].push_back(x);
        }
    }
    if (!db.domains.empty()) {
        j["domains"] = ojson::array();
        for (const ir::Domain& d : db.domains) {
            ojson x = head_json(d);
            x["type"] = type_json(d.type);
            put(x, "collation", d.collation);
            put(x, "not_null", d.not_null);
            put(x, "default", d.default_value);
            if (!d.checks.empty()) {
                x["checks"] = ojson::array();
                for (const ir::Check& c : d.checks) {
                    ojson y;
                    y["name"] = c.name;
                    y["expression"] = c.expression;
                    put(y, "not_valid", c.not_valid);
                    put(y, "was", c.was);
                    x["checks"].push_back(y);
                }
            }
            j["domains"].push_back(x);
        }
    }
    if (!db.composite_types.empty()) {
        j["composite_types"] = ojson::array();
        for (const ir::CompositeType& c : db.composite_types) {
            ojson x = head_json(c);
            x["attributes"] = ojson::array();
            for (const ir::CompositeAttribute& a : c.attributes) {
                ojson y;
                y["name"] = a.name;
                y["type"] = type_json(a.type);
                put(y, "collation", a.collation);
                put(y, "was", a.was);
                x["attributes"].push_back(y);
            }
            j["composite_types"].push_back(x);
        }
    }
    if (!db.range_types.empty()) {
        j["range_types"] = ojson::array();
        for (const ir::RangeType& r : db.range_types) {
            ojson x = qualified_json(r.name);
            put(x, "was", r.was);
            put(x, "comment", r.comment);
            x["subtype"] = type_json(r.subtype);
            put(x, "subtype_opclass", r.subtype_opclass);
            put(x, "collation", r.collation);
            put(x, "multirange", r.multirange);
            j["range_types"].push_back(x);
        }
    }
    if (!db.roles.empty()) {
        j["roles"] = ojson::array();
        for (const ir::Role& r : db.roles) j["roles"].push_back(ojson{{"name", r.name}});
    }
    if (!db.sequence_grants.empty()) {
        j["sequence_grants"] = ojson::array();
        for (const ir::SequenceGrants& s : db.sequence_grants) {
            ojson x = qualified_json(s.sequence);
            x["grants"] = grants_json(s.grants);
            j["sequence_grants"].push_back(x);
        }
    }
    if (!db.default_privileges.empty()) {
        j["default_privileges"] = ojson::array();
        for (const ir::DefaultPrivileges& d : db.default_privileges) {
            ojson x;
            if (!d.for_role.empty()) x["for_role"] = d.for_role;
            if (!d.schema.empty()) x["schema"] = d.schema;
            x["objects"] = ir::default_privilege_objects_text(d.objects);
            x["grants"] = grants_json(d.grants);
            j["default_privileges"].push_back(x);
        }
    }
    return j;
}

namespace {
void collect_not_utf8(const ojson& j, const std::string& path, std::vector<std::string>& out) {
    auto valid = [](std::string_view text) { return find_bad_bytes(text, 1).empty(); };
    if (j.is_string()) {
        const std::string& text = j.get_ref<const std::string&>();
        if (!valid(text)) out.push_back(fmt::format("{} \"{}\"", path, printable_text(text)));
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) collect_not_utf8(j[i], fmt::format("{}[{}]", path, i), out);
    } else if (j.is_object()) {
        for (const auto& item : j.items()) {
            std::string key = valid(item.key()) ? item.key()
                                                : printable_text(item.key());  // a storage parameter's name
            collect_not_utf8(item.value(), path.empty() ? key : path + "." + key, out);
        }
    }
}
}  // namespace

std::vector<std::string> ir_text_not_utf8(const ir::Database& db) {
    std::vector<std::string> out;
    collect_not_utf8(ir_to_json(db), "", out);
    return out;
}

std::string ir_to_json_text(const ir::Database& db) {
    return ir_to_json(db).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace schemac
