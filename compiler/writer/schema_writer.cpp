#include "compiler/writer/schema_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <tao/pegtl.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/storage_parameters.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/sql/function_sql.hpp"
#include "compiler/sql/implicit_names.hpp"
#include "compiler/sql/select_output.hpp"
#include "compiler/sql/select_reads.hpp"
#include "compiler/syntax/formatter.hpp"
#include "compiler/syntax/parser.hpp"
#include "compiler/writer/access_text.hpp"
#include "compiler/writer/sequence_text.hpp"
#include "grammar/accepts.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac {
namespace {

std::string name(const std::string& n) { return quote_identifier(n); }

std::string names(const std::vector<std::string>& list) {
    std::string out;
    for (const std::string& n : list) out += (out.empty() ? "" : ", ") + name(n);
    return out;
}

// `schema.name` written from the referencing object's schema: unqualified only within public.
std::string qualified(const ir::QualifiedName& q, const std::string& in_schema) {
    if (q.schema == "public" && in_schema == "public") return name(q.name);
    return name(q.schema) + "." + name(q.name);
}

// A collation or operator class as the IR keeps it (`C`, `public.my_ops`).
std::string dotted(const std::string& text) {
    std::size_t dot = text.find('.');
    if (dot == std::string::npos) return name(text);
    return name(text.substr(0, dot)) + "." + name(text.substr(dot + 1));
}

// An index element written as a function call without extra parentheses: `lower(email)`.
bool is_function_call(const std::string& text) { return grammar_accepts<grammar::function_call>(text); }

std::string default_text(const std::string& expression) {
    if (grammar_accepts<grammar::bare_default_expression>(expression)) return expression;
    return "(" + expression + ")";
}

const std::map<std::string, std::string>& short_type_names() {
    static const std::map<std::string, std::string> names{
        {"timestamp with time zone", "timestamptz"},
        {"timestamp without time zone", "timestamp"},
        {"time with time zone", "timetz"},
        {"time without time zone", "time"},
        {"character varying", "varchar"},
        {"character", "char"},
        {"bit varying", "varbit"},
    };
    return names;
}

// Whether an object's name is the one PostgreSQL would give it when none is written (before any
// number is appended for a collision).
bool implicit(const ir::PrimaryKey& k, const ir::Table& t) {
    return k.name == make_object_name(t.name.name, "", "pkey");
}
bool implicit(const ir::Unique& u, const ir::Table& t) {
    return u.name == make_object_name(t.name.name, join_name_parts(u.columns), "key");
}
bool implicit(const ir::ForeignKey& f, const ir::Table& t) {
    return f.name == make_object_name(t.name.name, join_name_parts(f.columns), "fkey");
}
bool implicit(const ir::Check& c, const ir::Table& t) {
    return c.name == make_object_name(t.name.name, check_name_part(c.expression), "check");
}
bool implicit(const ir::Index& i, const ir::Table& t) {
    return i.name == make_object_name(t.name.name, index_name_part(i), "idx");
}
bool implicit(const ir::Exclusion& x, const ir::Table& t) {
    return x.name == make_object_name(t.name.name, exclusion_name_part(x), "excl");
}

// Names more than one object of a schema holds, in the namespaces lowering names objects in
// (relations: tables, keys' indexes and indexes; constraints: checks and foreign keys). Such a
// name is always written: left out, lowering would give one of its holders a numbered name
// (`LIKE ... INCLUDING ALL` copies a check's name to a second table).
class SharedNames {
public:
    SharedNames() = default;
    explicit SharedNames(const ir::Database& db) {
        std::map<std::pair<std::string, std::string>, int> relations, constraints;
        for (const ir::Table& t : db.tables) {
            auto relation = [&](const std::string& n) { ++relations[{t.name.schema, n}]; };
            relation(t.name.name);
            if (t.primary_key) relation(t.primary_key->name);
            for (const ir::Unique& u : t.uniques) relation(u.name);
            for (const ir::Index& i : t.indexes) relation(i.name);
            for (const ir::Exclusion& x : t.exclusions) relation(x.name);
            for (const ir::Check& c : t.checks) ++constraints[{t.name.schema, c.name}];
            for (const ir::ForeignKey& f : t.foreign_keys) ++constraints[{t.name.schema, f.name}];
        }
        for (const ir::View& v : db.views) {
            ++relations[{v.name.schema, v.name.name}];
            for (const ir::Index& i : v.indexes) ++relations[{v.name.schema, i.name}];
        }
        for (const auto& [key, count] : relations)
            if (count > 1) relations_.insert(key);
        for (const auto& [key, count] : constraints)
            if (count > 1) constraints_.insert(key);
    }
    bool shared(const ir::Check& c, const ir::Table& t) const {
        return constraints_.count({t.name.schema, c.name}) > 0;
    }
    bool shared(const ir::ForeignKey& f, const ir::Table& t) const {
        return constraints_.count({t.name.schema, f.name}) > 0;
    }
    template <class Object>
    bool shared(const Object& o, const ir::Table& t) const {
        return relations_.count({t.name.schema, o.name}) > 0;
    }

private:
    std::set<std::pair<std::string, std::string>> relations_, constraints_;
};

// Whether an object's name may be left out: lowering would give it that very name.
template <class Object>
bool name_left_out(const Object& object, const ir::Table& table, const SharedNames& shared) {
    return implicit(object, table) && !shared.shared(object, table);
}

// ` name` where the name may not be left out, else nothing.
template <class Object>
std::string optional_name(const Object& object, const ir::Table& table, const SharedNames& shared) {
    return name_left_out(object, table, shared) ? "" : " " + name(object.name);
}

std::string sequence_options_text(const ir::SequenceOptions& o) {
    std::vector<std::string> parts;
    if (o.start) parts.push_back(fmt::format("start with {}", *o.start));
    if (o.increment) parts.push_back(fmt::format("increment by {}", *o.increment));
    if (o.min_value) parts.push_back(fmt::format("minvalue {}", *o.min_value));
    if (o.max_value) parts.push_back(fmt::format("maxvalue {}", *o.max_value));
    if (o.cache) parts.push_back(fmt::format("cache {}", *o.cache));
    if (o.cycle) parts.push_back("cycle");
    return fmt::format("{}", fmt::join(parts, " "));
}

template <class Key>
std::string key_timing_text(const Key& key) {
    if (!key.deferrable) return "";
    return key.initially_deferred ? " deferrable initially deferred" : " deferrable";
}

std::string references_text(const ir::ForeignKey& fk, const ir::Table& table, bool on_column) {
    std::string out = fmt::format("references {}{}({})", qualified(fk.referenced_table, table.name.schema),
                                  on_column ? "" : " ", names(fk.referenced_columns));
    if (fk.on_delete != ir::FkAction::no_action) out += fmt::format(" on delete {}", ir::fk_action_text(fk.on_delete));
    if (fk.on_update != ir::FkAction::no_action) out += fmt::format(" on update {}", ir::fk_action_text(fk.on_update));
    if (fk.match_full) out += " match full";
    if (fk.deferrable) out += " deferrable";
    if (fk.initially_deferred) out += " initially deferred";
    if (fk.not_valid) out += " not valid";
    return out;
}

std::string index_element_text(const ir::IndexElement& e) {
    std::string out;
    if (!e.column.empty())
        out = name(e.column);
    else
        out = is_function_call(e.expression) ? e.expression.str() : "(" + e.expression + ")";
    if (!e.collation.empty()) out += " collate " + dotted(e.collation);
    if (!e.opclass.empty()) out += " " + dotted(e.opclass);
    if (e.descending) out += " desc";
    if (e.nulls_first && !e.descending) out += " nulls first";
    if (!e.nulls_first && e.descending) out += " nulls last";
    return out;
}

std::string primary_key_line(const ir::PrimaryKey& key, const ir::Table& table, const SharedNames& shared) {
    return fmt::format("primary key{} ({}){}", optional_name(key, table, shared), names(key.columns),
                       key_timing_text(key));
}

std::string unique_line(const ir::Unique& unique, const ir::Table& table, const SharedNames& shared) {
    return fmt::format("unique{}{} ({}){}", unique.nulls_not_distinct ? " nulls not distinct" : "",
                       optional_name(unique, table, shared), names(unique.columns), key_timing_text(unique));
}

std::string check_line(const ir::Check& check, const ir::Table& table, const SharedNames& shared) {
    return fmt::format("check{} ({}){}{}", optional_name(check, table, shared), check.expression,
                       check.no_inherit ? " no inherit" : "", check.not_valid ? " not valid" : "");
}

std::string foreign_key_line(const ir::ForeignKey& key, const ir::Table& table, const SharedNames& shared) {
    return fmt::format("foreign key{} ({}) {}", optional_name(key, table, shared), names(key.columns),
                       references_text(key, table, false));
}

std::string index_line(const ir::Index& index, const ir::Table& table, const SharedNames& shared) {
    std::vector<std::string> elements;
    for (const ir::IndexElement& e : index.elements) elements.push_back(index_element_text(e));
    std::string out = fmt::format("{}index{}", index.unique ? "unique " : "", optional_name(index, table, shared));
    if (index.method != "btree") out += " using " + name(index.method);
    out += fmt::format(" ({})", fmt::join(elements, ", "));
    if (!index.include.empty()) out += fmt::format(" include ({})", names(index.include));
    if (index.nulls_not_distinct) out += " nulls not distinct";
    if (!index.storage.empty()) out += " " + storage_text(index.storage);
    if (index.where) out += " where " + *index.where;
    return out;
}

std::string exclusion_line(const ir::Exclusion& x, const ir::Table& table, const SharedNames& shared) {
    std::vector<std::string> elements;
    for (const ir::ExclusionElement& e : x.elements)
        elements.push_back(index_element_text(e.element) + " with " + e.operator_);
    std::string out = fmt::format("exclude{} using {} ({})", optional_name(x, table, shared), name(x.method),
                                  fmt::join(elements, ", "));
    if (!x.include.empty()) out += fmt::format(" include ({})", names(x.include));
    if (!x.storage.empty()) out += " " + storage_text(x.storage);
    if (x.where) out += " where (" + *x.where + ")";
    return out + key_timing_text(x);
}

std::string replica_identity_line(const ir::Table& t) {
    if (t.replica_identity == ir::ReplicaIdentity::index)
        return "replica identity using index " + name(t.replica_identity_index);
    return std::string("replica identity ") + ir::replica_identity_text(t.replica_identity);
}

// A trigger's line: every clause PostgreSQL keeps, arguments as strings (as TG_ARGV has them).
std::string trigger_line(const ir::Trigger& t, const std::string& in_schema) {
    std::string out = fmt::format("{}trigger {} {} ", t.constraint ? "constraint " : "", name(t.name),
                                  ir::trigger_timing_text(t.timing));
    std::vector<std::string> events;
    if (t.on_insert) events.push_back("insert");
    if (t.on_update) events.push_back(t.update_columns.empty() ? "update" : "update of " + names(t.update_columns));
    if (t.on_delete) events.push_back("delete");
    if (t.on_truncate) events.push_back("truncate");
    out += fmt::format("{}", fmt::join(events, " or "));
    if (t.from_table) out += " from " + qualified(*t.from_table, in_schema);
    if (t.deferrable) out += t.initially_deferred ? " deferrable initially deferred" : " deferrable";
    if (t.old_table || t.new_table) out += " referencing";
    if (t.old_table) out += " old table as " + name(*t.old_table);
    if (t.new_table) out += " new table as " + name(*t.new_table);
    out += t.for_each_row ? " for each row" : " for each statement";
    if (t.when) out += " when (" + *t.when + ")";
    // PostgreSQL's own trigger functions are written without pg_catalog, as lowering reads them.
    std::string function = t.function.schema == "pg_catalog" ? name(t.function.name) : qualified(t.function, in_schema);
    std::vector<std::string> arguments;
    for (const std::string& a : t.arguments) arguments.push_back(schema_string(a));
    out += fmt::format(" execute function {}({})", function, fmt::join(arguments, ", "));
    if (t.comment) out += " comment " + schema_string(*t.comment);
    return out;
}

// A function or procedure: PostgreSQL's CREATE statement (the one rendering of it) without
// CREATE and the semicolon, the body verbatim in dollar quotes; then its comment line.
std::string function_text(const ir::Function& f) {
    std::string text = create_function_sql(f, false).text;
    std::string_view statement = text;
    statement.remove_prefix(std::string_view("CREATE ").size());
    while (!statement.empty() && (statement.back() == ';' || statement.back() == '\n')) statement.remove_suffix(1);
    std::string out = lower_ascii(statement.substr(0, statement.find(' '))) +
                      std::string(statement.substr(statement.find(' ')));
    if (f.comment) out += "\n  comment " + schema_string(*f.comment);
    return out + "\n";
}

// What goes on a column's own line, and what is left for table-level lines.
struct TableLayout {
    std::set<std::string> primary_key_column;  // empty or the one column of an inline primary key
    std::map<std::string, const ir::Unique*> inline_unique;
    std::map<std::string, const ir::ForeignKey*> inline_reference;
    std::vector<const ir::Unique*> uniques;
    std::vector<const ir::ForeignKey*> foreign_keys;
};

TableLayout layout(const ir::Table& t, const SharedNames& shared) {
    TableLayout l;
    if (t.primary_key && t.primary_key->columns.size() == 1 && !t.primary_key->deferrable &&
        name_left_out(*t.primary_key, t, shared))
        l.primary_key_column.insert(t.primary_key->columns[0]);
    for (const ir::Unique& u : t.uniques) {
        if (u.columns.size() == 1 && !u.nulls_not_distinct && !u.deferrable && name_left_out(u, t, shared) &&
            !l.inline_unique.count(u.columns[0]))
            l.inline_unique[u.columns[0]] = &u;
        else
            l.uniques.push_back(&u);
    }
    for (const ir::ForeignKey& f : t.foreign_keys) {
        // Inline only on a column the table lists: a partition's own foreign key names its parent's column.
        if (f.columns.size() == 1 && f.referenced_columns.size() == 1 && name_left_out(f, t, shared) &&
            !l.inline_reference.count(f.columns[0]) && ir::find_column(t, f.columns[0]))
            l.inline_reference[f.columns[0]] = &f;
        else
            l.foreign_keys.push_back(&f);
    }
    return l;
}

std::string column_text(const ir::Column& c, const ir::Table& t, const TableLayout& l) {
    std::string out = name(c.name) + " " + schema_type_text(c.type, t.name.schema);
    if (!c.collation.empty()) out += " collate " + dotted(c.collation);
    bool in_primary_key = t.primary_key &&
                          std::count(t.primary_key->columns.begin(), t.primary_key->columns.end(), c.name);
    if (c.not_null && !in_primary_key && !is_serial_type(c.type)) out += " not null";
    if (l.primary_key_column.count(c.name)) out += " primary key";
    if (l.inline_unique.count(c.name)) out += " unique";
    if (c.default_value) out += " default " + default_text(*c.default_value);
    if (auto it = l.inline_reference.find(c.name); it != l.inline_reference.end())
        out += " " + references_text(*it->second, t, true);
    if (c.identity()) out += " " + identity_text(*c.identity());
    if (c.generated()) out += " generated always as (" + *c.generated() + ") stored";
    if (c.statistics()) out += fmt::format(" statistics {}", *c.statistics());
    if (c.comment()) out += " comment " + schema_string(*c.comment());
    return out;
}

// PostgreSQL's bound text (`FOR VALUES FROM ('a') TO ('b')`) with its keywords as .schema files
// write them (`for values from ('a') to ('b')`); the values stay as they are.
std::string bound_schema_text(const std::string& bound) {
    std::string out = bound;
    bool quoted = false;
    int depth = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        char c = out[i];
        if (c == '\'') quoted = !quoted;
        if (quoted) continue;
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if (depth == 0 && std::isalpha(static_cast<unsigned char>(c)))
            out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string table_header(const ir::Table& t) {
    std::string out;
    if (t.partition_of)
        out = fmt::format("partition {} of {} {}", qualified(t.name, "public"), qualified(*t.partition_of, "public"),
                          bound_schema_text(t.partition_bound));
    else
        out = fmt::format("{}table {}", t.unlogged ? "unlogged " : "", qualified(t.name, "public"));
    if (t.partition_by) {
        std::vector<std::string> elements;
        for (const ir::IndexElement& e : t.partition_by->elements) elements.push_back(index_element_text(e));
        out += fmt::format(" partition by {} ({})", ir::partition_strategy_text(t.partition_by->strategy),
                           fmt::join(elements, ", "));
    }
    return out;
}

std::string table_text(const ir::Table& t, const SharedNames& shared) {
    TableLayout l = layout(t, shared);
    std::string out = table_header(t) + " {\n";
    for (const ir::Column& c : t.columns) out += "  " + column_text(c, t, l) + "\n";
    std::vector<std::string> lines;
    if (t.primary_key && l.primary_key_column.empty()) lines.push_back(primary_key_line(*t.primary_key, t, shared));
    for (const ir::Unique* u : l.uniques) lines.push_back(unique_line(*u, t, shared));
    for (const ir::Check& c : t.checks) lines.push_back(check_line(c, t, shared));
    for (const ir::ForeignKey* f : l.foreign_keys) lines.push_back(foreign_key_line(*f, t, shared));
    for (const ir::Index& i : t.indexes) lines.push_back(index_line(i, t, shared));
    for (const ir::Exclusion& x : t.exclusions) lines.push_back(exclusion_line(x, t, shared));
    if (t.replica_identity != ir::ReplicaIdentity::default_) lines.push_back(replica_identity_line(t));
    if (!t.storage.empty()) lines.push_back(storage_text(t.storage));
    if (t.comment) lines.push_back("comment " + schema_string(*t.comment));
    for (const ir::Trigger& g : t.triggers) lines.push_back(trigger_line(g, t.name.schema));
    for (std::string& line : policy_lines(t)) lines.push_back(std::move(line));
    for (std::string& line : table_grant_lines(t)) lines.push_back(std::move(line));
    if (t.unmanaged_partitions) lines.push_back("partitions unmanaged");
    if (t.partition_of && t.columns.empty() && lines.empty()) return table_header(t) + "\n";
    if (!lines.empty() && !t.partition_of) out += "\n";
    for (const std::string& line : lines) out += "  " + line + "\n";
    return out + "}\n";
}

std::string enum_label(const std::string& label) {
    bool word = !label.empty() && (std::isalpha(static_cast<unsigned char>(label[0])) || label[0] == '_');
    for (char ch : label) word = word && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_');
    return word ? label : schema_string(label);
}

std::string enum_text(const ir::Enum& e) {
    std::vector<std::string> labels;
    for (const ir::EnumValue& v : e.values) labels.push_back(enum_label(v.name));
    return fmt::format("enum {} {{ {} }}\n", qualified(e.name, "public"), fmt::join(labels, ", "));
}

// `collate "C"`, `collate public.ci`: a collation as ir::Column::collation holds it.
std::string collation_clause(const std::string& collation) {
    if (collation.empty()) return "";
    std::size_t dot = collation.find('.');
    if (dot == std::string::npos) return " collate " + name(collation);
    return " collate " + name(collation.substr(0, dot)) + "." + name(collation.substr(dot + 1));
}

// A domain: its header, then each check on a line of its own (named unless PostgreSQL would
// give it that name), then its comment.
std::string domain_text(const ir::Domain& d) {
    std::string out = fmt::format("domain {} as {}{}", qualified(d.name, "public"),
                                  schema_type_text(d.type, d.name.schema), collation_clause(d.collation));
    if (d.not_null) out += " not null";
    if (d.default_value) out += " default " + default_text(*d.default_value);
    std::string implicit = d.name.name + "_check";
    for (const ir::Check& c : d.checks)
        out += fmt::format("\n  check {}({})", c.name == implicit ? "" : name(c.name) + " ", c.expression);
    if (d.comment) out += "\n  comment " + schema_string(*d.comment);
    return out + "\n";
}

// A composite type: one attribute a line.
std::string composite_type_text(const ir::CompositeType& t) {
    std::string out = fmt::format("type {} {{\n", qualified(t.name, "public"));
    for (const ir::CompositeAttribute& a : t.attributes)
        out += fmt::format("  {} {}{}\n", name(a.name), schema_type_text(a.type, t.name.schema),
                           collation_clause(a.collation));
    out += "}";
    if (t.comment) out += " comment " + schema_string(*t.comment);
    return out + "\n";
}

std::string extension_text(const ir::Extension& x) {
    std::string out = "extension " + name(x.name);
    if (x.schema) out += " schema " + name(*x.schema);
    if (x.version) out += " version " + schema_string(*x.version);
    return out + "\n";
}

std::string schema_declaration(const ir::Schema& s) {
    return "schema " + name(s.name) + (s.comment ? " comment " + schema_string(*s.comment) : "") + "\n";
}

// A file name for a schema or table: the name itself, with characters a path cannot hold
// replaced.
// The column names a view's query gives, as compiling it would (the columns of the tables and
// views of `db`); nullopt when they cannot be told.
std::optional<std::vector<std::string>> query_column_names(const ir::View& v, const ir::Database& db) {
    ColumnsOf columns_of = [&](const std::optional<std::string>& schema,
                               const std::string& relation) -> std::optional<std::vector<std::string>> {
        ir::QualifiedName q{schema.value_or("public"), relation};
        std::vector<std::string> out;
        if (const ir::Table* t = ir::find_table(db, q)) {
            for (const ir::Column& c : t->columns) out.push_back(c.name);
        } else if (const ir::View* other = ir::find_view(db, q); other && !other->columns.empty()) {
            for (const ir::ViewColumn& c : other->columns) out.push_back(c.name);
        } else {
            return std::nullopt;
        }
        return out;
    };
    std::optional<std::vector<OutputColumn>> output = select_output(v.query, columns_of);
    if (!output) return std::nullopt;
    std::vector<std::string> out;
    for (const OutputColumn& c : *output) out.push_back(c.name);
    return out;
}

// A view: the column names its query does not give itself (the shortest list of aliases that
// compiles to its columns), its query as the IR holds it, then one clause a line.
std::string view_text(const ir::View& v, const ir::Database& db, const SharedNames& shared) {
    std::string out = fmt::format("{}view {}", v.materialized ? "materialized " : "", qualified(v.name, "public"));
    std::vector<std::string> columns;
    for (const ir::ViewColumn& c : v.columns) columns.push_back(c.name);
    std::optional<std::vector<std::string>> given = query_column_names(v, db);
    if (given && given->size() == columns.size()) {
        std::size_t needed = columns.size();
        while (needed > 0 && columns[needed - 1] == (*given)[needed - 1]) --needed;
        columns.resize(needed);
    }
    if (!columns.empty()) out += fmt::format(" ({})", names(columns));
    out += fmt::format(" as ({})\n", v.query);
    if (v.with_no_data) out += "  with no data\n";
    if (!v.options.empty()) out += "  " + storage_text(v.options) + "\n";
    if (v.comment) out += "  comment " + schema_string(*v.comment) + "\n";
    for (const ir::ViewColumn& c : v.columns)
        if (c.comment) out += fmt::format("  column {} comment {}\n", name(c.name), schema_string(*c.comment));
    ir::Table holder;  // a matview's indexes are named from it as a table's are
    holder.name = v.name;
    for (const ir::Index& index : v.indexes) out += "  " + index_line(index, holder, shared) + "\n";
    for (const ir::Trigger& g : v.triggers) out += "  " + trigger_line(g, v.name.schema) + "\n";
    return out + view_grant_lines(v);
}

// Views in an order where each comes after the views it reads (then by name): how readers
// expect them, though the compiler does not mind.
std::vector<const ir::View*> views_in_dependency_order(const ir::Database& db) {
    std::map<ir::QualifiedName, const ir::View*> by_name;
    for (const ir::View& v : db.views) by_name.emplace(v.name, &v);
    std::vector<const ir::View*> out;
    std::set<ir::QualifiedName> placed, visiting;
    std::function<void(const ir::View&)> place = [&](const ir::View& v) {
        if (placed.count(v.name) || !visiting.insert(v.name).second) return;
        for (const RelationRead& r : select_reads(v.query).relations) {
            auto it = by_name.find(ir::QualifiedName{r.schema.value_or("public"), r.name});
            if (it != by_name.end()) place(*it->second);
        }
        placed.insert(v.name);
        out.push_back(&v);
    };
    for (const ir::View& v : db.views) place(v);
    return out;
}

std::string file_stem(const std::string& text) {
    std::string out;
    for (char ch : text) out += (ch == '/' || ch == '\\' || ch == '\0' || ch == ':') ? '_' : ch;
    if (!out.empty() && out[0] == '.') out[0] = '_';
    return out;
}

// Runs a written file through the parser and the formatter: what `schemac fmt` would write.
std::string formatted(const std::string& file_name, const std::string& text) {
    SourceSet sources;
    std::uint32_t id = sources.add(file_name, text);
    Diagnostics diagnostics;
    syntax::File parsed = parse_file(sources, id, diagnostics);
    if (!parsed.complete || diagnostics.has_errors()) {
        std::string why = diagnostics.all().empty() ? "" : diagnostics.all().front().message;
        throw std::logic_error(fmt::format("schemac wrote {} in a form it cannot read back ({})", file_name, why));
    }
    return format_schema_file(sources, parsed);
}

}  // namespace

std::string storage_text(const ir::StorageParameters& storage) {
    std::vector<std::string> parameters;
    for (const auto& [parameter, value] : storage)
        parameters.push_back(parameter + " = " + storage_value_schema(value));
    return fmt::format("with ({})", fmt::join(parameters, ", "));
}

std::string schema_string(const std::string& text) { return quote_literal(text); }

std::string schema_type_text(const ir::Type& type, const std::string& in_schema) {
    std::string base;
    if (!type.schema.empty()) {
        base = qualified(ir::QualifiedName{type.schema, type.name}, in_schema);
    } else {
        auto it = short_type_names().find(type.name);
        std::string word = it == short_type_names().end() ? type.name : it->second;
        base = word;
    }
    // An extension's type in its own schema keeps its modifiers: `extensions.geometry(point,4326)`.
    if (!type.modifiers.empty()) base += fmt::format("({})", fmt::join(type.modifiers, ","));
    for (int i = 0; i < type.array_dimensions; ++i) base += "[]";
    return base;
}

std::string identity_text(const ir::Identity& identity) {
    std::string out = identity.kind == ir::IdentityKind::always ? "generated always as identity"
                                                                : "generated by default as identity";
    std::string options = sequence_options_text(identity.options);
    return options.empty() ? out : out + " (" + options + ")";
}

std::string primary_key_text(const ir::PrimaryKey& key, const ir::Table& table) {
    return primary_key_line(key, table, {});
}
std::string unique_text(const ir::Unique& unique, const ir::Table& table) { return unique_line(unique, table, {}); }
std::string check_text(const ir::Check& check, const ir::Table& table) { return check_line(check, table, {}); }
std::string foreign_key_text(const ir::ForeignKey& key, const ir::Table& table) {
    return foreign_key_line(key, table, {});
}
std::string index_text(const ir::Index& index, const ir::Table& table) { return index_line(index, table, {}); }
std::string exclusion_text(const ir::Exclusion& exclusion, const ir::Table& table) {
    return exclusion_line(exclusion, table, {});
}

std::vector<SchemaFile> write_schema_files(const ir::Database& db, SchemaSplit split) {
    SharedNames shared(db);
    // What each PostgreSQL schema holds, in the IR's (sorted) order.
    std::set<std::string> schema_names;
    for (const ir::Schema& s : db.schemas) schema_names.insert(s.name);
    for (const ir::Enum& e : db.enums) schema_names.insert(e.name.schema);
    for (const ir::Domain& d : db.domains) schema_names.insert(d.name.schema);
    for (const ir::CompositeType& c : db.composite_types) schema_names.insert(c.name.schema);
    for (const ir::Table& t : db.tables) schema_names.insert(t.name.schema);
    for (const ir::View& v : db.views) schema_names.insert(v.name.schema);
    for (const ir::Function& f : db.functions) schema_names.insert(f.name.schema);
    for (const ir::Sequence& q : db.sequences) schema_names.insert(q.name.schema);
    if (schema_names.empty()) schema_names.insert("public");
    // Extensions are the database's: they go with public when it is there, else the first schema.
    std::string extension_home = schema_names.count("public") ? "public" : *schema_names.begin();

    // A schema is declared unless a table or enum in it implies it (only public can be implied:
    // the others are always declared, so that their comments and owners have one place).
    std::set<std::string> implied;
    for (const ir::Enum& e : db.enums) implied.insert(e.name.schema);
    for (const ir::Table& t : db.tables) implied.insert(t.name.schema);
    for (const ir::View& v : db.views) implied.insert(v.name.schema);
    for (const ir::Sequence& q : db.sequences) implied.insert(q.name.schema);
    std::map<std::string, std::vector<std::string>> head;  // per schema: declaration, extensions, enums
    std::string roles = role_lines(db);
    if (!roles.empty()) head[extension_home].push_back(roles);
    for (const ir::Schema& s : db.schemas) {
        if (s.name != "public" || s.comment || !implied.count(s.name)) head[s.name].push_back(schema_declaration(s));
        if (!s.grants.empty()) head[s.name].push_back(schema_grant_lines(s));
    }
    std::string extensions;
    for (const ir::Extension& x : db.extensions) extensions += extension_text(x);
    if (!extensions.empty()) head[extension_home].push_back(extensions);
    for (const ir::Enum& e : db.enums) head[e.name.schema].push_back(enum_text(e));
    for (const ir::Sequence& q : db.sequences)
        head[q.name.schema].push_back(
            sequence_text(q) + sequence_grant_lines(ir::SequenceGrants{q.name, q.grants, {}}));
    for (const ir::Domain& d : db.domains) head[d.name.schema].push_back(domain_text(d));
    for (const ir::CompositeType& c : db.composite_types) head[c.name.schema].push_back(composite_type_text(c));
    for (const ir::Function& f : db.functions)
        head[f.name.schema].push_back(function_text(f) + function_grant_lines(f));
    for (const ir::DefaultPrivileges& d : db.default_privileges)
        head[d.schema.empty() || !schema_names.count(d.schema) ? extension_home : d.schema].push_back(
            default_privileges_lines(d));

    std::map<std::string, std::vector<std::string>> files;  // file name -> declarations
    std::set<std::string> used;
    auto file_name = [&](const std::string& stem) {
        std::string candidate = file_stem(stem) + ".schema";
        for (int n = 2; used.count(candidate); ++n) candidate = fmt::format("{}_{}.schema", file_stem(stem), n);
        used.insert(candidate);
        return candidate;
    };
    std::vector<const ir::View*> views = views_in_dependency_order(db);
    for (const std::string& schema : schema_names) {
        std::vector<std::string> declarations = head[schema];
        bool has_tables = false;
        for (const ir::Table& t : db.tables) {
            if (t.name.schema != schema) continue;
            has_tables = true;
            if (split == SchemaSplit::schema) declarations.push_back(table_text(t, shared));
        }
        for (const ir::View* v : views) {
            if (v->name.schema != schema) continue;
            has_tables = true;
            if (split == SchemaSplit::schema) declarations.push_back(view_text(*v, db, shared));
        }
        std::string sequences;
        for (const ir::SequenceGrants& g : db.sequence_grants)
            if (g.sequence.schema == schema) sequences += sequence_grant_lines(g);
        if (!sequences.empty()) declarations.push_back(sequences);
        if (declarations.empty() && !has_tables)
            declarations.push_back(schema_declaration(ir::Schema{schema, {}, {}, {}}));
        if (!declarations.empty()) files[file_name(schema)] = std::move(declarations);
    }
    if (split == SchemaSplit::table) {
        for (const ir::Table& t : db.tables)
            files[file_name(t.name.schema == "public" ? t.name.name : t.name.schema + "." + t.name.name)] = {
                table_text(t, shared)};
        for (const ir::View* v : views)
            files[file_name(v->name.schema == "public" ? v->name.name : v->name.schema + "." + v->name.name)] = {
                view_text(*v, db, shared)};
    }
    std::vector<SchemaFile> out;
    for (auto& [file, declarations] : files)
        out.push_back(SchemaFile{file, formatted(file, fmt::format("{}", fmt::join(declarations, "\n")))});
    return out;
}

}  // namespace schemac
