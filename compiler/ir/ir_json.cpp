#include "compiler/ir/ir_json.hpp"

#include <utility>

#include "compiler/ir/json_text_writer.hpp"

namespace schemac {
namespace {

// Each function writes one value (an object, mostly) at the writer's position, keys in the
// order of docs/ir-json.md; optional fields only when set, booleans only when true.
using W = JsonTextWriter;

void put(W& w, const char* key, const std::optional<std::string>& value) {
    if (value) w.text_field(key, *value);
}
void put(W& w, const char* key, bool value) {
    if (value) w.key(key), w.boolean(true);
}
void put(W& w, const char* key, const std::optional<std::int64_t>& value) {
    if (value) w.integer_field(key, *value);
}
void put(W& w, const char* key, const std::string& value) {
    if (!value.empty()) w.text_field(key, value);
}
void put_strings(W& w, const char* key, const std::vector<std::string>& values) {
    if (!values.empty()) w.strings_field(key, values);
}

void put(W& w, const char* key, const ir::StorageParameters& storage) {
    if (storage.empty()) return;
    w.key(key);
    w.begin_object();
    for (const auto& [name, value] : storage) w.text_field(name, value);
    w.end_object();
}

// A list under `key`, each element written by `write`.
template <class T, class Write>
void put_list(W& w, const char* key, const std::vector<T>& items, Write write) {
    w.key(key);
    w.begin_array();
    for (const T& x : items) write(w, x);
    w.end_array();
}
// The same, absent when empty.
template <class T, class Write>
void put_nonempty_list(W& w, const char* key, const std::vector<T>& items, Write write) {
    if (!items.empty()) put_list(w, key, items, write);
}

void type_json(W& w, const ir::Type& t) {
    w.begin_object();
    put(w, "schema", t.schema.str());
    w.text_field("name", t.name);
    put_strings(w, "modifiers", t.modifiers);
    if (t.array_dimensions) w.integer_field("array_dimensions", t.array_dimensions);
    w.end_object();
}
void put_type(W& w, const char* key, const ir::Type& t) {
    w.key(key);
    type_json(w, t);
}

void put_sequence_options(W& w, const ir::SequenceOptions& options) {
    put(w, "start", options.start);
    put(w, "increment", options.increment);
    put(w, "min_value", options.min_value);
    put(w, "max_value", options.max_value);
    put(w, "cache", options.cache);
    put(w, "cycle", options.cycle);
}

void column_json(W& w, const ir::Column& c) {
    w.begin_object();
    w.text_field("name", c.name);
    put_type(w, "type", c.type);
    put(w, "collation", c.collation.str());
    put(w, "not_null", c.not_null);
    put(w, "default", c.default_value);
    if (c.identity()) {
        w.key("identity");
        w.begin_object();
        w.text_field("kind", c.identity()->kind == ir::IdentityKind::always ? "always" : "by default");
        put_sequence_options(w, c.identity()->options);
        w.end_object();
    }
    put(w, "generated", c.generated());
    put(w, "comment", c.comment());
    put(w, "was", c.was());
    put(w, "backfill", c.backfill());
    if (c.backfill_batch()) w.integer_field("backfill_batch", *c.backfill_batch());
    if (c.statistics()) w.integer_field("statistics", *c.statistics());
    put(w, "using", c.using_expression());
    w.end_object();
}

// An index element's fields, without the braces (an exclusion element adds its operator).
void index_element_fields(W& w, const ir::IndexElement& e) {
    if (!e.column.empty())
        w.text_field("column", e.column);
    else
        w.text_field("expression", e.expression);
    put(w, "collation", e.collation.str());
    put(w, "opclass", e.opclass.str());
    put(w, "descending", e.descending);
    put(w, "nulls_first", e.nulls_first);
}
void index_element_json(W& w, const ir::IndexElement& e) {
    w.begin_object();
    index_element_fields(w, e);
    w.end_object();
}

void index_json(W& w, const ir::Index& i) {
    w.begin_object();
    w.text_field("name", i.name);
    put(w, "unique", i.unique);
    w.text_field("method", i.method);
    put_list(w, "elements", i.elements, index_element_json);
    put_strings(w, "include", i.include);
    put(w, "nulls_not_distinct", i.nulls_not_distinct);
    put(w, "storage", i.storage);
    put(w, "where", i.where);
    put(w, "was", i.was);
    w.end_object();
}

// What a table and a function begin with: their name, where they move from, their comment.
template <class T>
void head_fields(W& w, const T& x) {
    w.text_field("schema", x.name.schema);
    w.text_field("name", x.name.name);
    put(w, "was", x.was);
    put(w, "was_schema", x.was_schema);
    put(w, "comment", x.comment);
}

void qualified_fields(W& w, const ir::QualifiedName& name) {
    w.text_field("schema", name.schema);
    w.text_field("name", name.name);
}
void put_qualified(W& w, const char* key, const ir::QualifiedName& name) {
    w.key(key);
    w.begin_object();
    qualified_fields(w, name);
    w.end_object();
}

void trigger_json(W& w, const ir::Trigger& t) {
    w.begin_object();
    w.text_field("name", t.name);
    put(w, "was", t.was);
    put(w, "comment", t.comment);
    put(w, "constraint", t.constraint);
    w.text_field("timing", ir::trigger_timing_text(t.timing));
    w.key("events");
    w.begin_array();
    for (auto [on, word] : {std::pair{t.on_insert, "insert"}, std::pair{t.on_update, "update"},
                            std::pair{t.on_delete, "delete"}, std::pair{t.on_truncate, "truncate"}})
        if (on) w.string(word);
    w.end_array();
    put_strings(w, "update_columns", t.update_columns);
    put(w, "old_table", t.old_table);
    put(w, "new_table", t.new_table);
    put(w, "for_each_row", t.for_each_row);
    put(w, "when", t.when);
    if (t.from_table) put_qualified(w, "from_table", *t.from_table);
    put(w, "deferrable", t.deferrable);
    put(w, "initially_deferred", t.initially_deferred);
    put_qualified(w, "function", t.function);
    put_strings(w, "arguments", t.arguments);
    w.end_object();
}

void grant_json(W& w, const ir::Grant& g) {
    w.begin_object();
    w.text_field("grantee", g.grantee);
    w.text_field("privilege", g.privilege);
    put(w, "column", g.column);
    put(w, "grant_option", g.grant_option);
    w.end_object();
}
void put_grants_always(W& w, const std::vector<ir::Grant>& grants) { put_list(w, "grants", grants, grant_json); }
// Absent when empty: documents from before grants read the same.
void put_grants(W& w, const std::vector<ir::Grant>& grants) { put_nonempty_list(w, "grants", grants, grant_json); }

void policy_json(W& w, const ir::Policy& p) {
    w.begin_object();
    w.text_field("name", p.name);
    put(w, "was", p.was);
    put(w, "comment", p.comment);
    put(w, "restrictive", !p.permissive);
    w.text_field("command", ir::policy_command_text(p.command));
    w.strings_field("roles", p.roles);
    put(w, "using", p.using_expression);
    put(w, "with_check", p.check_expression);
    w.end_object();
}

void argument_json(W& w, const ir::FunctionArgument& a) {
    w.begin_object();
    put(w, "name", a.name);
    if (a.mode != ir::ArgumentMode::in) w.text_field("mode", ir::argument_mode_text(a.mode));
    put_type(w, "type", a.type);
    put(w, "default", a.default_value);
    w.end_object();
}

void function_json(W& w, const ir::Function& f) {
    w.begin_object();
    head_fields(w, f);
    put(w, "procedure", f.procedure);
    put_list(w, "arguments", f.arguments, argument_json);
    if (f.returns) put_type(w, "returns", *f.returns);
    put(w, "returns_set", f.returns_set);
    put_nonempty_list(w, "returns_table", f.returns_table, argument_json);
    w.text_field("language", f.language);
    if (f.volatility != ir::Volatility::volatile_) w.text_field("volatility", ir::volatility_text(f.volatility));
    put(w, "strict", f.strict);
    put(w, "security_definer", f.security_definer);
    put(w, "leakproof", f.leakproof);
    if (f.parallel != ir::ParallelSafety::unsafe) w.text_field("parallel", ir::parallel_text(f.parallel));
    if (f.cost) w.key("cost"), w.number(*f.cost);
    if (f.rows) w.key("rows"), w.number(*f.rows);
    put(w, "settings", f.settings);
    if (f.sql_body)
        w.text_field("sql_body", *f.sql_body);
    else
        w.text_field("body", f.body);
    put(w, "link_symbol", f.link_symbol);
    // Always written, even empty: an absent key reads as PostgreSQL's default (PUBLIC may execute),
    // which is what every function had before grants were part of the IR.
    put_grants_always(w, f.grants);
    w.end_object();
}

void view_json(W& w, const ir::View& v) {
    w.begin_object();
    w.text_field("schema", v.name.schema);
    w.text_field("name", v.name.name);
    put(w, "materialized", v.materialized);
    put(w, "was", v.was);
    put(w, "was_schema", v.was_schema);
    put(w, "comment", v.comment);
    put(w, "options", v.options);
    put(w, "with_no_data", v.with_no_data);
    put_list(w, "columns", v.columns, [](W& w, const ir::ViewColumn& c) {
        w.begin_object();
        w.text_field("name", c.name);
        put(w, "comment", c.comment);
        w.end_object();
    });
    w.text_field("query", v.query);
    put_nonempty_list(w, "indexes", v.indexes, index_json);
    put_nonempty_list(w, "triggers", v.triggers, trigger_json);
    put_grants(w, v.grants);
    w.end_object();
}

void exclusion_json(W& w, const ir::Exclusion& e) {
    w.begin_object();
    w.text_field("name", e.name);
    w.text_field("method", e.method);
    put_list(w, "elements", e.elements, [](W& w, const ir::ExclusionElement& el) {
        w.begin_object();
        index_element_fields(w, el.element);
        w.text_field("operator", el.operator_);
        w.end_object();
    });
    put_strings(w, "include", e.include);
    put(w, "storage", e.storage);
    put(w, "where", e.where);
    put(w, "deferrable", e.deferrable);
    put(w, "initially_deferred", e.initially_deferred);
    put(w, "was", e.was);
    w.end_object();
}

void unique_json(W& w, const ir::Unique& u) {
    w.begin_object();
    w.text_field("name", u.name);
    w.strings_field("columns", u.columns);
    put(w, "nulls_not_distinct", u.nulls_not_distinct);
    put(w, "was", u.was);
    put(w, "deferrable", u.deferrable);
    put(w, "initially_deferred", u.initially_deferred);
    w.end_object();
}

void check_json(W& w, const ir::Check& c) {
    w.begin_object();
    w.text_field("name", c.name);
    w.text_field("expression", c.expression);
    put(w, "no_inherit", c.no_inherit);
    put(w, "not_valid", c.not_valid);
    put(w, "was", c.was);
    w.end_object();
}

void foreign_key_json(W& w, const ir::ForeignKey& f) {
    w.begin_object();
    w.text_field("name", f.name);
    w.strings_field("columns", f.columns);
    w.key("references");
    w.begin_object();
    w.text_field("schema", f.referenced_table.schema);
    w.text_field("table", f.referenced_table.name);
    w.strings_field("columns", f.referenced_columns);
    w.end_object();
    if (f.on_delete != ir::FkAction::no_action) w.text_field("on_delete", ir::fk_action_text(f.on_delete));
    if (f.on_update != ir::FkAction::no_action) w.text_field("on_update", ir::fk_action_text(f.on_update));
    put(w, "match_full", f.match_full);
    put(w, "deferrable", f.deferrable);
    put(w, "initially_deferred", f.initially_deferred);
    put(w, "not_valid", f.not_valid);
    put(w, "was", f.was);
    w.end_object();
}

void table_json(W& w, const ir::Table& t) {
    w.begin_object();
    head_fields(w, t);
    put(w, "unlogged", t.unlogged);
    put(w, "storage", t.storage);
    if (t.partition_by) {
        w.key("partition_by");
        w.begin_object();
        w.text_field("strategy", ir::partition_strategy_text(t.partition_by->strategy));
        put_list(w, "elements", t.partition_by->elements, index_element_json);
        w.end_object();
    }
    if (t.partition_of) {
        put_qualified(w, "partition_of", *t.partition_of);
        w.text_field("partition_bound", t.partition_bound);
    }
    put(w, "unmanaged_partitions", t.unmanaged_partitions);
    if (t.replica_identity != ir::ReplicaIdentity::default_) {
        w.text_field("replica_identity", ir::replica_identity_text(t.replica_identity));
        put(w, "replica_identity_index", t.replica_identity_index.str());
    }
    put_list(w, "columns", t.columns, column_json);
    if (t.primary_key) {
        w.key("primary_key");
        w.begin_object();
        w.text_field("name", t.primary_key->name);
        w.strings_field("columns", t.primary_key->columns);
        put(w, "was", t.primary_key->was);
        put(w, "deferrable", t.primary_key->deferrable);
        put(w, "initially_deferred", t.primary_key->initially_deferred);
        w.end_object();
    }
    put_nonempty_list(w, "uniques", t.uniques, unique_json);
    put_nonempty_list(w, "checks", t.checks, check_json);
    put_nonempty_list(w, "foreign_keys", t.foreign_keys, foreign_key_json);
    put_nonempty_list(w, "exclusions", t.exclusions, exclusion_json);
    put_nonempty_list(w, "indexes", t.indexes, index_json);
    put_nonempty_list(w, "triggers", t.triggers, trigger_json);
    put(w, "row_level_security", t.row_level_security);
    put(w, "force_row_level_security", t.force_row_level_security);
    put_nonempty_list(w, "policies", t.policies, policy_json);
    put_grants(w, t.grants);
    w.end_object();
}

void sequence_json(W& w, const ir::Sequence& q) {
    w.begin_object();
    head_fields(w, q);
    put_type(w, "type", q.type);
    put_sequence_options(w, q.options);
    if (q.owned_by_table) {
        w.key("owned_by");
        w.begin_object();
        qualified_fields(w, *q.owned_by_table);
        w.text_field("column", q.owned_by_column);
        w.end_object();
    }
    put_grants(w, q.grants);
    w.end_object();
}

void domain_json(W& w, const ir::Domain& d) {
    w.begin_object();
    head_fields(w, d);
    put_type(w, "type", d.type);
    put(w, "collation", d.collation);
    put(w, "not_null", d.not_null);
    put(w, "default", d.default_value);
    put_nonempty_list(w, "checks", d.checks, [](W& w, const ir::Check& c) {
        w.begin_object();
        w.text_field("name", c.name);
        w.text_field("expression", c.expression);
        put(w, "not_valid", c.not_valid);
        put(w, "was", c.was);
        w.end_object();
    });
    w.end_object();
}

void composite_type_json(W& w, const ir::CompositeType& c) {
    w.begin_object();
    head_fields(w, c);
    put_list(w, "attributes", c.attributes, [](W& w, const ir::CompositeAttribute& a) {
        w.begin_object();
        w.text_field("name", a.name);
        put_type(w, "type", a.type);
        put(w, "collation", a.collation);
        put(w, "was", a.was);
        w.end_object();
    });
    w.end_object();
}

void range_type_json(W& w, const ir::RangeType& r) {
    w.begin_object();
    qualified_fields(w, r.name);
    put(w, "was", r.was);
    put(w, "comment", r.comment);
    put_type(w, "subtype", r.subtype);
    put(w, "subtype_opclass", r.subtype_opclass);
    put(w, "collation", r.collation);
    put(w, "multirange", r.multirange);
    w.end_object();
}

void enum_json(W& w, const ir::Enum& e) {
    w.begin_object();
    w.text_field("schema", e.name.schema);
    w.text_field("name", e.name.name);
    put(w, "was", e.was);
    put(w, "was_schema", e.was_schema);
    put_list(w, "values", e.values, [](W& w, const ir::EnumValue& v) {
        w.begin_object();
        w.text_field("name", v.name);
        put(w, "was", v.was);
        w.end_object();
    });
    w.end_object();
}

void database_json(W& w, const ir::Database& db) {
    w.begin_object();
    w.text_field("format", "schemac-ir");
    w.integer_field("version", ir::json_format_version);
    put_list(w, "schemas", db.schemas, [](W& w, const ir::Schema& s) {
        w.begin_object();
        w.text_field("name", s.name);
        put(w, "comment", s.comment);
        put_grants(w, s.grants);
        w.end_object();
    });
    put_list(w, "extensions", db.extensions, [](W& w, const ir::Extension& e) {
        w.begin_object();
        w.text_field("name", e.name);
        put(w, "schema", e.schema);
        put(w, "version", e.version);
        w.end_object();
    });
    put_list(w, "enums", db.enums, enum_json);
    put_list(w, "tables", db.tables, table_json);
    // The kinds below are absent when empty: snapshots from before them read the same.
    put_nonempty_list(w, "views", db.views, view_json);
    put_nonempty_list(w, "functions", db.functions, function_json);
    put_nonempty_list(w, "sequences", db.sequences, sequence_json);
    put_nonempty_list(w, "domains", db.domains, domain_json);
    put_nonempty_list(w, "composite_types", db.composite_types, composite_type_json);
    put_nonempty_list(w, "range_types", db.range_types, range_type_json);
    put_nonempty_list(w, "roles", db.roles, [](W& w, const ir::Role& r) {
        w.begin_object();
        w.text_field("name", r.name);
        w.end_object();
    });
    put_nonempty_list(w, "sequence_grants", db.sequence_grants, [](W& w, const ir::SequenceGrants& s) {
        w.begin_object();
        qualified_fields(w, s.sequence);
        put_grants_always(w, s.grants);
        w.end_object();
    });
    put_nonempty_list(w, "default_privileges", db.default_privileges, [](W& w, const ir::DefaultPrivileges& d) {
        w.begin_object();
        put(w, "for_role", d.for_role);
        put(w, "schema", d.schema);
        w.text_field("objects", ir::default_privilege_objects_text(d.objects));
        put_grants_always(w, d.grants);
        w.end_object();
    });
    w.end_object();
}

// What stands at the fifth level of the document (the document, a list of objects, an object, a
// list of its parts, a part) is written on one line: each column, constraint, index, enum value
// and argument, so that a change to one is a change to one line of the snapshot.
constexpr std::size_t one_line_level = 5;

}  // namespace

std::vector<std::string> ir_text_not_utf8(const ir::Database& db) {
    JsonTextWriter w(true);
    database_json(w, db);
    return w.bad_strings();
}

std::string ir_to_json_text(const ir::Database& db) {
    std::string out;
    ir_to_json_pieces(db, [&](std::string_view piece) { out += piece; });
    return out;
}

void ir_to_json_pieces(const ir::Database& db, const std::function<void(std::string_view)>& sink) {
    JsonTextWriter w(sink, 256 * 1024);
    w.one_line_from(one_line_level);
    database_json(w, db);
    w.text() += '\n';
    w.finish();
}

}  // namespace schemac
