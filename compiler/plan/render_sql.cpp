#include "compiler/plan/render_sql.hpp"

#include "compiler/plan/render_user_types.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/storage_parameters.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/plan/sequence_sql.hpp"
#include "compiler/sql/function_sql.hpp"
#include "compiler/sql/implicit_names.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::plan {
namespace {

std::string q(std::string_view name) { return quote_identifier(name); }
std::string q(const ir::QualifiedName& name) { return q(name.schema) + "." + q(name.name); }
// `schema.name` appended to `out`, each part quoted: no temporary for the whole name.
void append_q(std::string& out, const ir::QualifiedName& name) {
    out += q(name.schema);
    out += '.';
    out += q(name.name);
}

// `jsonb_path_ops`, `public.my_ops`: each part quoted.
std::string qualified_name(std::string_view dotted) {
    std::string out;
    std::size_t from = 0;
    while (true) {
        std::size_t dot = dotted.find('.', from);
        out += q(dotted.substr(from, dot == std::string_view::npos ? dotted.npos : dot - from));
        if (dot == std::string_view::npos) return out;
        out += ".";
        from = dot + 1;
    }
}

std::string names(const std::vector<std::string>& list) {
    std::string out;
    for (const std::string& n : list) out += (out.empty() ? "" : ", ") + q(n);
    return out;
}

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::string sequence_options(const ir::SequenceOptions& o) {
    std::vector<std::string> parts = sequence_option_clauses(o);
    return parts.empty() ? "" : fmt::format(" ({})", fmt::join(parts, " "));
}

std::string identity_clause(const ir::Identity& identity) {
    return fmt::format("GENERATED {} AS IDENTITY{}",
                       identity.kind == ir::IdentityKind::always ? "ALWAYS" : "BY DEFAULT",
                       sequence_options(identity.options));
}

// A column's definition appended to `out` (CREATE TABLE writes every column into one buffer).
void append_column_definition(std::string& out, const ir::Column& c) {
    out += q(c.name);
    out += ' ';
    out += render_type(c.type);
    if (!c.collation.empty()) {
        out += " COLLATE ";
        out += qualified_name(c.collation);
    }
    if (c.generated()) {
        out += " GENERATED ALWAYS AS (";
        out += *c.generated();
        out += ") STORED";
    }
    if (c.identity()) {
        out += ' ';
        out += identity_clause(*c.identity());
    }
    if (c.default_value) {
        bool bare = fits_bare_column_default(*c.default_value);
        out += bare ? " DEFAULT " : " DEFAULT (";
        out += *c.default_value;
        if (!bare) out += ')';
    }
    if (c.not_null) out += " NOT NULL";
}

std::string column_definition(const ir::Column& c) {
    std::string out;
    append_column_definition(out, c);
    return out;
}

// "SET NULL" for set_null: the .schema spelling in upper case.
std::string fk_action_sql(ir::FkAction action) { return upper(ir::fk_action_text(action)); }

std::string foreign_key_definition(const ir::ForeignKey& fk) {
    std::string out = fmt::format("FOREIGN KEY ({}) REFERENCES {} ({})", names(fk.columns), q(fk.referenced_table),
                                  names(fk.referenced_columns));
    if (fk.match_full) out += " MATCH FULL";
    if (fk.on_delete != ir::FkAction::no_action) out += fmt::format(" ON DELETE {}", fk_action_sql(fk.on_delete));
    if (fk.on_update != ir::FkAction::no_action) out += fmt::format(" ON UPDATE {}", fk_action_sql(fk.on_update));
    if (fk.deferrable) out += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
    return out;
}

template <class Key>
std::string key_timing(const Key& k) {
    if (!k.deferrable) return "";
    return k.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

std::string index_element(const ir::IndexElement& e);
std::string storage_clause(const ir::StorageParameters& storage);

// An operator as written (`=`, `&&`), or `OPERATOR(schema.op)` for one outside pg_catalog.
std::string exclusion_operator_sql(const std::string& op) {
    std::size_t dot = op.find('.');
    if (dot == std::string::npos) return op;
    return "OPERATOR(" + q(op.substr(0, dot)) + "." + op.substr(dot + 1) + ")";
}

std::string exclusion_definition(const ir::Exclusion& x) {
    std::vector<std::string> elements;
    for (const ir::ExclusionElement& e : x.elements)
        elements.push_back(index_element(e.element) + " WITH " + exclusion_operator_sql(e.operator_));
    std::string out = fmt::format("EXCLUDE USING {} ({})", q(x.method), fmt::join(elements, ", "));
    if (!x.include.empty()) out += fmt::format(" INCLUDE ({})", names(x.include));
    if (!x.storage.empty()) out += " WITH " + storage_clause(x.storage);
    if (x.where) out += " WHERE (" + *x.where + ")";
    return out + key_timing(x);
}

std::string constraint_definition(const Constraint& constraint) {
    return std::visit(
        overloaded{
            [](const ir::PrimaryKey& k) {
                return fmt::format("CONSTRAINT {} PRIMARY KEY ({}){}", q(k.name), names(k.columns), key_timing(k));
            },
            [](const ir::Unique& u) {
                return fmt::format("CONSTRAINT {} UNIQUE{} ({}){}", q(u.name),
                                   u.nulls_not_distinct ? " NULLS NOT DISTINCT" : "", names(u.columns), key_timing(u));
            },
            [](const ir::Check& c) {
                return fmt::format("CONSTRAINT {} CHECK ({}){}", q(c.name), c.expression,
                                   c.no_inherit ? " NO INHERIT" : "");
            },
            [](const ir::ForeignKey& f) {
                return fmt::format("CONSTRAINT {} {}", q(f.name), foreign_key_definition(f));
            },
            [](const ir::Exclusion& x) { return fmt::format("CONSTRAINT {} {}", q(x.name), exclusion_definition(x)); },
        },
        constraint);
}

std::string index_element(const ir::IndexElement& e) {
    std::string out = e.column.empty() ? "(" + e.expression + ")" : q(e.column);
    if (!e.collation.empty()) out += " COLLATE " + qualified_name(e.collation);
    if (!e.opclass.empty()) out += " " + qualified_name(e.opclass);
    if (e.descending) out += " DESC";
    if (e.nulls_first != e.descending) out += e.nulls_first ? " NULLS FIRST" : " NULLS LAST";
    return out;
}

// `toast.autovacuum_enabled`: each part of a parameter's name quoted as an identifier.
std::string storage_name(const std::string& name) {
    std::size_t dot = name.find('.');
    if (dot == std::string::npos) return q(name);
    return q(name.substr(0, dot)) + "." + q(name.substr(dot + 1));
}

std::string storage_clause(const ir::StorageParameters& storage) {
    std::vector<std::string> parameters;
    for (const auto& [name, value] : storage)
        parameters.push_back(storage_name(name) + " = " + storage_value_sql(value));
    return fmt::format("({})", fmt::join(parameters, ", "));
}

// ALTER <target> SET (...) and RESET (...), each where it has something to do.
std::vector<std::string> set_and_reset(std::string_view target, const ir::StorageParameters& set,
                                       const std::vector<std::string>& reset) {
    std::vector<std::string> out;
    if (!set.empty()) out.push_back(fmt::format("ALTER {} SET {};", target, storage_clause(set)));
    if (!reset.empty()) {
        std::vector<std::string> names;
        for (const std::string& name : reset) names.push_back(storage_name(name));
        out.push_back(fmt::format("ALTER {} RESET ({});", target, fmt::join(names, ", ")));
    }
    return out;
}

std::vector<std::string> set_storage_parameters(const SetStorageParameters& c) {
    std::string target = c.index.empty() ? "TABLE " + q(c.table)
                                         : "INDEX " + q(ir::QualifiedName{c.table.schema, c.index});
    return set_and_reset(target, c.set, c.reset);
}

std::string create_index(const ir::QualifiedName& table, const ir::Index& index, bool concurrently) {
    std::vector<std::string> elements;
    for (const ir::IndexElement& e : index.elements) elements.push_back(index_element(e));
    std::string out = fmt::format("CREATE {}INDEX {}{} ON {}", index.unique ? "UNIQUE " : "",
                                  concurrently ? "CONCURRENTLY IF NOT EXISTS " : "", q(index.name), q(table));
    if (index.method != "btree") out += " USING " + q(index.method);
    out += fmt::format(" ({})", fmt::join(elements, ", "));
    if (!index.include.empty()) out += fmt::format(" INCLUDE ({})", names(index.include));
    if (index.nulls_not_distinct) out += " NULLS NOT DISTINCT";
    if (!index.storage.empty()) out += " WITH " + storage_clause(index.storage);
    if (index.where) out += " WHERE " + *index.where;
    return out + ";";
}

std::string alter_table(const ir::QualifiedName& table, std::string_view action) {
    return fmt::format("ALTER TABLE {} {};", q(table), action);
}
std::string alter_column(const ir::QualifiedName& table, std::string_view column, std::string_view action) {
    return alter_table(table, fmt::format("ALTER COLUMN {} {}", q(column), action));
}
std::string comment_literal(const std::optional<std::string>& comment) {
    return comment ? quote_literal(*comment) : "NULL";
}
std::string enum_values(const ir::Enum& e) {
    std::vector<std::string> values;
    for (const ir::EnumValue& v : e.values) values.push_back(quote_literal(v.name));
    return fmt::format("{}", fmt::join(values, ", "));
}

// ` PARTITION BY RANGE (...)` for a partitioned table; empty otherwise.
std::string partition_by_clause(const ir::Table& t) {
    if (!t.partition_by) return "";
    std::vector<std::string> elements;
    for (const ir::IndexElement& e : t.partition_by->elements) elements.push_back(index_element(e));
    std::string strategy = ir::partition_strategy_text(t.partition_by->strategy);
    for (char& c : strategy) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return fmt::format(" PARTITION BY {} ({})", strategy, fmt::join(elements, ", "));
}

// CREATE TABLE p PARTITION OF parent [(CONSTRAINT c CHECK (...), ...)] FOR VALUES ... [PARTITION BY ...]:
// the columns, keys and indexes are the parent's; only the partition's own checks are listed.
std::string create_partition(const ir::Table& t) {
    std::vector<std::string> lines;
    for (const ir::Check& c : t.checks) lines.push_back(constraint_definition(c));
    std::string own = lines.empty() ? "" : fmt::format(" (\n    {}\n)", fmt::join(lines, ",\n    "));
    return fmt::format("CREATE TABLE {} PARTITION OF {}{} {}{}{};", q(t.name), q(*t.partition_of), own,
                       t.partition_bound, partition_by_clause(t),
                       t.storage.empty() ? "" : " WITH " + storage_clause(t.storage));
}

// Written into one buffer, line by line: a table of many columns makes no string per line.
std::string create_table(const ir::Table& t) {
    if (t.partition_of) return create_partition(t);
    std::string out = t.unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ";
    append_q(out, t.name);
    out += " (";
    const char* separator = "\n    ";
    auto next_line = [&] {
        out += separator;
        separator = ",\n    ";
    };
    for (const ir::Column& c : t.columns) {
        next_line();
        append_column_definition(out, c);
    }
    auto constraint_line = [&](const Constraint& constraint) {
        next_line();
        out += constraint_definition(constraint);
    };
    if (t.primary_key) constraint_line(*t.primary_key);
    for (const ir::Unique& u : t.uniques) constraint_line(u);
    for (const ir::Check& c : t.checks) constraint_line(c);
    for (const ir::Exclusion& x : t.exclusions) constraint_line(x);
    out += "\n)";
    out += partition_by_clause(t);
    if (!t.storage.empty()) {
        out += " WITH ";
        out += storage_clause(t.storage);
    }
    out += ';';
    return out;
}

// Every sequence option, so that options removed from the schema return to their defaults.
std::string alter_identity(const ir::Identity& identity) {
    const ir::SequenceOptions& o = identity.options;
    std::int64_t increment = o.increment.value_or(1);
    std::int64_t start = o.start.value_or(increment > 0 ? o.min_value.value_or(1) : o.max_value.value_or(-1));
    return fmt::format("SET GENERATED {} SET START WITH {} SET INCREMENT BY {} SET {} SET {} SET CACHE {} SET {}",
                       identity.kind == ir::IdentityKind::always ? "ALWAYS" : "BY DEFAULT", start, increment,
                       o.min_value ? fmt::format("MINVALUE {}", *o.min_value) : "NO MINVALUE",
                       o.max_value ? fmt::format("MAXVALUE {}", *o.max_value) : "NO MAXVALUE", o.cache.value_or(1),
                       o.cycle ? "CYCLE" : "NO CYCLE");
}

std::vector<std::string> recreate_enum(const RecreateEnum& r) {
    const ir::QualifiedName& name = r.enumeration.name;
    std::string old_name = make_object_name(name.name, "", "old");
    ir::QualifiedName old{name.schema, old_name};
    std::vector<std::string> out{
        fmt::format("ALTER TYPE {} RENAME TO {};", q(name), q(old_name)),
        fmt::format("CREATE TYPE {} AS ENUM ({});", q(name), enum_values(r.enumeration)),
    };
    for (const EnumColumn& c : r.columns) {
        std::string dims;
        for (int i = 0; i < c.array_dimensions; ++i) dims += "[]";
        std::string action = fmt::format(
            "ALTER COLUMN {0} DROP DEFAULT, ALTER COLUMN {0} TYPE {1}{2} USING {0}::text{2}::{1}{2}", q(c.column),
            q(name), dims);
        if (c.default_value) action += fmt::format(", ALTER COLUMN {} SET DEFAULT {}", q(c.column), *c.default_value);
        out.push_back(alter_table(c.table, action));
    }
    out.push_back(fmt::format("DROP TYPE {};", q(old)));
    return out;
}

// The DO block that fills a column in committed batches (see Backfill in changes.hpp). It walks
// the table's pages as they were when it started: rows updated meanwhile move to new pages with
// their value, and rows inserted meanwhile get theirs from the BackfillTrigger. The range grows
// while batches come back with fewer rows than asked for (a part filled before an interruption)
// and shrinks when they come back with more. Progress goes out as a NOTICE every few seconds.
std::string batched_backfill(const Backfill& c) {
    std::string table = q(c.table);
    std::string what = quote_literal(ir::display_name(c.table) + "." + c.column);
    std::string body = fmt::format(
        "\n#variable_conflict use_column\n"
        "DECLARE\n"
        "  schemac_batch_rows constant bigint := {batch};\n"
        "  schemac_last_page constant bigint := pg_relation_size({regclass}) / current_setting('block_size')::bigint;\n"
        "  schemac_page bigint := 0;\n"
        "  schemac_pages bigint := 1;\n"
        "  schemac_rows bigint;\n"
        "  schemac_total bigint := 0;\n"
        "  schemac_reported timestamptz := clock_timestamp();\n"
        "BEGIN\n"
        "  WHILE schemac_page <= schemac_last_page LOOP\n"
        "    UPDATE {table} SET {column} = {expression}\n"
        "     WHERE ctid >= format('(%s,0)', schemac_page)::tid AND ctid < format('(%s,0)', schemac_page + schemac_pages)::tid\n"
        "       AND {column} IS NULL;\n"
        "    GET DIAGNOSTICS schemac_rows = ROW_COUNT;\n"
        "    COMMIT;\n"
        "    schemac_total := schemac_total + schemac_rows;\n"
        "    schemac_page := schemac_page + schemac_pages;\n"
        "    IF clock_timestamp() - schemac_reported > interval '5 seconds' THEN\n"
        "      RAISE NOTICE 'backfill %: % rows filled, page % of %', {what}, schemac_total,\n"
        "        least(schemac_page, schemac_last_page + 1), schemac_last_page + 1;\n"
        "      schemac_reported := clock_timestamp();\n"
        "    END IF;\n"
        "    schemac_pages := greatest(1, least(schemac_pages * 2, schemac_pages * schemac_batch_rows / greatest(schemac_rows, 1)));\n"
        "  END LOOP;\n"
        "  RAISE NOTICE 'backfill %: % rows filled', {what}, schemac_total;\n"
        "END\n",
        fmt::arg("batch", c.batch_rows), fmt::arg("regclass", quote_literal(table)), fmt::arg("table", table),
        fmt::arg("column", q(c.column)), fmt::arg("expression", c.expression), fmt::arg("what", what));
    return "DO " + dollar_quote(body) + ";";
}

std::vector<std::string> backfill_trigger(const BackfillTrigger& c) {
    ir::QualifiedName function{c.table.schema, c.name};
    if (c.drop)
        return {fmt::format("DROP TRIGGER {} ON {};", q(c.name), q(c.table)),
                fmt::format("DROP FUNCTION {}();", q(function))};
    // The expression reads the new row's columns by their names (and the table's name), as in
    // the UPDATE that fills the rows already there.
    std::string body = fmt::format(
        "\n#variable_conflict use_column\n"
        "BEGIN\n"
        "  SELECT {expression} INTO NEW.{column} FROM (SELECT NEW.*) AS {alias};\n"
        "  RETURN NEW;\n"
        "END\n",
        fmt::arg("expression", c.expression), fmt::arg("column", q(c.column)), fmt::arg("alias", q(c.table.name)));
    return {
        fmt::format("CREATE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS {};", q(function), dollar_quote(body)),
        fmt::format(
            "CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW WHEN (NEW.{} IS NULL) EXECUTE FUNCTION {}();",
            q(c.name), q(c.table), q(c.column), q(function))};
}

std::string_view view_kind(bool materialized) { return materialized ? "MATERIALIZED VIEW" : "VIEW"; }

// CREATE [OR REPLACE] [MATERIALIZED] VIEW name (columns) WITH (options) AS query [WITH NO DATA].
std::string create_view(const ir::View& v, bool or_replace) {
    std::string out = fmt::format("CREATE {}{} {}", or_replace ? "OR REPLACE " : "", view_kind(v.materialized),
                                  q(v.name));
    if (!v.columns.empty()) {
        std::vector<std::string> columns;
        for (const ir::ViewColumn& c : v.columns) columns.push_back(q(c.name));
        out += fmt::format(" ({})", fmt::join(columns, ", "));
    }
    if (!v.options.empty()) out += " WITH " + storage_clause(v.options);
    out += " AS\n" + v.query;
    if (v.materialized && v.with_no_data) out += "\nWITH NO DATA";
    return out + ";";
}

std::vector<std::string> rename_view(const RenameView& c) {
    std::vector<std::string> out;
    ir::QualifiedName at = c.from;
    if (c.from.schema != c.to.schema) {
        out.push_back(fmt::format("ALTER {} {} SET SCHEMA {};", view_kind(c.materialized), q(at), q(c.to.schema)));
        at.schema = c.to.schema;
    }
    if (at.name != c.to.name)
        out.push_back(fmt::format("ALTER {} {} RENAME TO {};", view_kind(c.materialized), q(at), q(c.to.name)));
    return out;
}

std::vector<std::string> set_view_options(const SetViewOptions& c) {
    return set_and_reset(fmt::format("{} {}", view_kind(c.materialized), q(c.view)), c.set, c.reset);
}

std::vector<std::string> replace_index(const ReplaceIndex& c) {
    ir::Index built = c.index;
    built.name = c.temporary_name;
    return {create_index(c.table, built, true),
            fmt::format("DROP INDEX CONCURRENTLY IF EXISTS {};", q(ir::QualifiedName{c.table.schema, c.index.name})),
            fmt::format("ALTER INDEX {} RENAME TO {};", q(ir::QualifiedName{c.table.schema, c.temporary_name}),
                        q(c.index.name))};
}

// `FUNCTION billing.invoice_total(bigint)`, `PROCEDURE archive(integer)`.
std::string function_object(const ir::Function& f) {
    return fmt::format("{} {}", function_kind_sql(f), function_identity_sql(f));
}

// CREATE [OR REPLACE] FUNCTION; a body PostgreSQL must not resolve at creation (it reads a table
// that is created after it, or counts on the caller's search path) between SET LOCAL
// check_function_bodies off and on.
std::vector<std::string> create_function(const ir::Function& f, FunctionPlace place, bool or_replace) {
    std::string statement = create_function_statement(f, or_replace);
    if (place != FunctionPlace::before_tables_unchecked && place != FunctionPlace::after_tables_unchecked)
        return {statement};
    return {"SET LOCAL check_function_bodies = off;", statement, "SET LOCAL check_function_bodies = on;"};
}

std::vector<std::string> rename_function(const RenameFunction& c) {
    std::vector<std::string> out;
    ir::Function at = c.from;
    if (c.from.name.schema != c.to.schema) {
        out.push_back(fmt::format("ALTER {} SET SCHEMA {};", function_object(at), q(c.to.schema)));
        at.name.schema = c.to.schema;
    }
    if (at.name.name != c.to.name)
        out.push_back(fmt::format("ALTER {} RENAME TO {};", function_object(at), q(c.to.name)));
    return out;
}

// CREATE [OR REPLACE] [CONSTRAINT] TRIGGER, clauses in the order PostgreSQL's grammar takes them.
std::string create_trigger(const ir::QualifiedName& relation, const ir::Trigger& t, bool or_replace) {
    std::vector<std::string> events;
    if (t.on_insert) events.push_back("INSERT");
    if (t.on_update) events.push_back(t.update_columns.empty() ? "UPDATE" : "UPDATE OF " + names(t.update_columns));
    if (t.on_delete) events.push_back("DELETE");
    if (t.on_truncate) events.push_back("TRUNCATE");
    std::string timing = upper(ir::trigger_timing_text(t.timing));
    std::string out = fmt::format("CREATE {}{}TRIGGER {} {} {} ON {}", or_replace ? "OR REPLACE " : "",
                                  t.constraint ? "CONSTRAINT " : "", q(t.name), timing, fmt::join(events, " OR "),
                                  q(relation));
    if (t.from_table) out += " FROM " + q(*t.from_table);
    if (t.constraint && t.deferrable) out += t.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
    if (t.old_table || t.new_table) {
        out += " REFERENCING";
        if (t.old_table) out += " OLD TABLE AS " + q(*t.old_table);
        if (t.new_table) out += " NEW TABLE AS " + q(*t.new_table);
    }
    out += t.for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT";
    if (t.when) out += " WHEN (" + *t.when + ")";
    std::vector<std::string> arguments;
    for (const std::string& a : t.arguments) arguments.push_back(quote_literal(a));
    out += fmt::format(" EXECUTE FUNCTION {}({});", q(t.function), fmt::join(arguments, ", "));
    return out;
}

// A role as GRANT, REVOKE and policies name it: PUBLIC, or the quoted name.
std::string role_sql(const std::string& role) { return role == "public" ? "PUBLIC" : q(role); }

std::string roles_sql(const std::vector<std::string>& roles) {
    std::vector<std::string> out;
    for (const std::string& r : roles) out.push_back(role_sql(r));
    return fmt::format("{}", fmt::join(out, ", "));
}

// PostgreSQL's order of privileges (as \dp and aclitem list them), then the other kinds'.
}  // namespace

int privilege_rank(std::string_view privilege) {
    static constexpr std::string_view order[] = {"select",     "insert",  "update", "delete", "truncate",
                                                 "references", "trigger", "usage",  "create", "execute"};
    for (std::size_t i = 0; i < std::size(order); ++i)
        if (order[i] == privilege) return static_cast<int>(i);
    return static_cast<int>(std::size(order));
}

// `SELECT, INSERT (a, b), UPDATE (a)`: each privilege once, its columns after it; a privilege
// on the whole object before the same privilege on columns.
std::string render_privileges(std::vector<ir::Grant> grants) {
    std::stable_sort(grants.begin(), grants.end(), [](const ir::Grant& a, const ir::Grant& b) {
        int ra = privilege_rank(a.privilege), rb = privilege_rank(b.privilege);
        if (ra != rb) return ra < rb;
        if (a.privilege != b.privilege) return a.privilege < b.privilege;
        if (a.column.empty() != b.column.empty()) return a.column.empty();
        return a.column < b.column;
    });
    std::vector<std::string> items;
    for (std::size_t i = 0; i < grants.size();) {
        const ir::Grant& g = grants[i];
        if (g.column.empty()) {
            items.push_back(upper(g.privilege));
            ++i;
            continue;
        }
        std::vector<std::string> columns;
        std::size_t j = i;
        for (; j < grants.size() && grants[j].privilege == g.privilege && !grants[j].column.empty(); ++j)
            columns.push_back(q(grants[j].column));
        items.push_back(fmt::format("{} ({})", upper(g.privilege), fmt::join(columns, ", ")));
        i = j;
    }
    return fmt::format("{}", fmt::join(items, ", "));
}

std::string render_privilege_names(std::vector<std::string> privileges) {
    std::stable_sort(privileges.begin(), privileges.end(),
                     [](const std::string& a, const std::string& b) { return privilege_rank(a) < privilege_rank(b); });
    for (std::string& p : privileges) p = upper(p);
    return fmt::format("{}", fmt::join(privileges, ", "));
}

namespace {

// `TABLE billing.invoices`, `SEQUENCE s`, `SCHEMA billing`, `FUNCTION f(integer)`.
std::string access_object(const AccessObject& o) {
    switch (o.kind) {
        case AccessKind::table:
        case AccessKind::view:
        case AccessKind::materialized_view: return "TABLE " + q(o.name);
        case AccessKind::sequence: return "SEQUENCE " + q(o.name);
        case AccessKind::schema: return "SCHEMA " + q(o.name.schema);
        case AccessKind::function: return o.function ? function_object(*o.function) : "FUNCTION " + q(o.name);
    }
    return "TABLE " + q(o.name);
}

std::string default_privileges_prefix(const DefaultPrivilegesTarget& t) {
    std::string out = "ALTER DEFAULT PRIVILEGES";
    if (!t.for_role.empty()) out += " FOR ROLE " + q(t.for_role);
    if (!t.schema.empty()) out += " IN SCHEMA " + q(t.schema);
    return out;
}

std::string policy_command_sql(ir::PolicyCommand command) { return upper(ir::policy_command_text(command)); }

std::string create_policy(const ir::QualifiedName& table, const ir::Policy& p) {
    std::string out = fmt::format("CREATE POLICY {} ON {}", q(p.name), q(table));
    if (!p.permissive) out += " AS RESTRICTIVE";
    if (p.command != ir::PolicyCommand::all) out += " FOR " + policy_command_sql(p.command);
    out += " TO " + roles_sql(p.roles);
    if (p.using_expression) out += " USING (" + *p.using_expression + ")";
    if (p.check_expression) out += " WITH CHECK (" + *p.check_expression + ")";
    return out + ";";
}

std::string alter_policy(const AlterPolicy& c) {
    std::string out = fmt::format("ALTER POLICY {} ON {}", q(c.to.name), q(c.table));
    if (c.from.roles != c.to.roles) out += " TO " + roles_sql(c.to.roles);
    if (c.to.using_expression && c.from.using_expression != c.to.using_expression)
        out += " USING (" + *c.to.using_expression + ")";
    if (c.to.check_expression && c.from.check_expression != c.to.check_expression)
        out += " WITH CHECK (" + *c.to.check_expression + ")";
    return out + ";";
}

}  // namespace

std::vector<std::string> render_statements(const Change& change) {
    using V = std::vector<std::string>;
    return plan::visit(
        overloaded{
            [](const CreateSchema& c) { return V{fmt::format("CREATE SCHEMA {};", q(c.name))}; },
            [](const DropSchema& c) { return V{fmt::format("DROP SCHEMA {};", q(c.name))}; },
            [](const SetSchemaComment& c) {
                return V{fmt::format("COMMENT ON SCHEMA {} IS {};", q(c.name), comment_literal(c.to))};
            },
            [](const CreateExtension& c) {
                std::string out = "CREATE EXTENSION IF NOT EXISTS " + q(c.extension.name);
                if (c.extension.schema) out += " WITH SCHEMA " + q(*c.extension.schema);
                if (c.extension.version) out += " VERSION " + quote_literal(*c.extension.version);
                return V{out + ";"};
            },
            [](const DropExtension& c) { return V{fmt::format("DROP EXTENSION {};", q(c.name))}; },
            [](const AlterExtension& c) {
                V out;
                if (c.to.schema && c.to.schema != c.from.schema)
                    out.push_back(fmt::format("ALTER EXTENSION {} SET SCHEMA {};", q(c.name), q(*c.to.schema)));
                if (c.to.version && c.to.version != c.from.version)
                    out.push_back(
                        fmt::format("ALTER EXTENSION {} UPDATE TO {};", q(c.name), quote_literal(*c.to.version)));
                return out;
            },
            [](const CreateEnum& c) {
                return V{
                    fmt::format("CREATE TYPE {} AS ENUM ({});", q(c.enumeration.name), enum_values(c.enumeration))};
            },
            [](const DropEnum& c) { return V{fmt::format("DROP TYPE {};", q(c.name))}; },
            [](const RenameEnum& c) { return V{fmt::format("ALTER TYPE {} RENAME TO {};", q(c.from), q(c.to))}; },
            [](const AddEnumValue& c) {
                std::string out = fmt::format("ALTER TYPE {} ADD VALUE {}", q(c.enumeration), quote_literal(c.value));
                if (c.before)
                    out += " BEFORE " + quote_literal(*c.before);
                else if (c.after)
                    out += " AFTER " + quote_literal(*c.after);
                return V{out + ";"};
            },
            [](const RenameEnumValue& c) {
                return V{fmt::format("ALTER TYPE {} RENAME VALUE {} TO {};", q(c.enumeration), quote_literal(c.from),
                                     quote_literal(c.to))};
            },
            [](const RecreateEnum& c) { return recreate_enum(c); },
            [](const CreateTable& c) { return V{create_table(*c.table)}; },
            [](const DropTable& c) { return V{fmt::format("DROP TABLE {};", q(c.name))}; },
            [](const AttachPartition& c) {
                return V{fmt::format("ALTER TABLE {} ATTACH PARTITION {} {};", q(c.parent), q(c.partition), c.bound)};
            },
            [](const DetachPartition& c) {
                return V{fmt::format("ALTER TABLE {} DETACH PARTITION {}{};", q(c.parent), q(c.partition),
                                     c.concurrently ? " CONCURRENTLY" : "")};
            },
            [](const RenameTable& c) { return V{fmt::format("ALTER TABLE {} RENAME TO {};", q(c.from), q(c.to))}; },
            [](const SetTableComment& c) {
                return V{fmt::format("COMMENT ON TABLE {} IS {};", q(c.table), comment_literal(c.to))};
            },
            [](const RenameSequence& c) {
                return V{fmt::format("ALTER SEQUENCE {} RENAME TO {};", q(c.from), q(c.to))};
            },
            [](const AddColumn& c) { return V{alter_table(c.table, "ADD COLUMN " + column_definition(c.column))}; },
            [](const DropColumn& c) { return V{alter_table(c.table, "DROP COLUMN " + q(c.column))}; },
            [](const RenameColumn& c) {
                return V{alter_table(c.table, fmt::format("RENAME COLUMN {} TO {}", q(c.from), q(c.to)))};
            },
            [](const AlterColumnType& c) {
                std::vector<std::string> actions;
                if (c.lift_default) actions.push_back(fmt::format("ALTER COLUMN {} DROP DEFAULT", q(c.column)));
                // A serial column's type is its integer type (its sequence is a step of its own).
                std::string type = fmt::format("ALTER COLUMN {} TYPE {}", q(c.column),
                                               render_type(serial_column_type(c.to)));
                if (c.using_expression) type += " USING " + *c.using_expression;
                actions.push_back(type);
                if (c.restore_default)
                    actions.push_back(fmt::format("ALTER COLUMN {} SET DEFAULT {}", q(c.column), *c.restore_default));
                return V{alter_table(c.table, fmt::format("{}", fmt::join(actions, ", ")))};
            },
            [](const SetColumnDefault& c) {
                return V{alter_column(c.table, c.column, c.to ? "SET DEFAULT " + *c.to : "DROP DEFAULT")};
            },
            [](const SetNotNull& c) { return V{alter_column(c.table, c.column, "SET NOT NULL")}; },
            [](const DropNotNull& c) { return V{alter_column(c.table, c.column, "DROP NOT NULL")}; },
            [](const Backfill& c) {
                if (c.batch_rows > 0) return V{batched_backfill(c)};
                return V{fmt::format("UPDATE {} SET {} = {} WHERE {} IS NULL;", q(c.table), q(c.column), c.expression,
                                     q(c.column))};
            },
            [](const BackfillTrigger& c) { return backfill_trigger(c); },
            [](const ReplaceIndex& c) { return replace_index(c); },
            [](const AddIdentity& c) {
                return V{alter_column(c.table, c.column, "ADD " + identity_clause(c.identity))};
            },
            [](const AlterIdentity& c) {
                V out;
                if (c.widen_to)
                    out.push_back(
                        alter_column(c.table, c.column,
                                     fmt::format("SET MINVALUE {} SET MAXVALUE {}", c.widen_to->min, c.widen_to->max)));
                if (c.move_into) {
                    std::string sequence = q(ir::QualifiedName{c.table.schema, c.sequence});
                    out.push_back(fmt::format(
                        "SELECT setval({0}, greatest(least(last_value, {2}), {1}), is_called AND last_value BETWEEN {1} AND {2}) "
                        "FROM {3};",
                        quote_literal(sequence), c.move_into->min, c.move_into->max, sequence));
                }
                out.push_back(alter_column(c.table, c.column, alter_identity(c.to)));
                return out;
            },
            [](const DropIdentity& c) { return V{alter_column(c.table, c.column, "DROP IDENTITY")}; },
            [](const DropExpression& c) { return V{alter_column(c.table, c.column, "DROP EXPRESSION")}; },
            [](const CreateSerialSequence& c) {
                ir::QualifiedName sequence{c.table.schema, c.sequence};
                std::string column = q(c.column);
                // Past every value the column holds, so that nextval() does not repeat one.
                std::string next = fmt::format("nextval({}::regclass)", quote_literal(q(sequence)));
                V out{fmt::format("CREATE {}SEQUENCE {} AS {} OWNED BY {}.{};", c.unlogged ? "UNLOGGED " : "",
                                  q(sequence), render_type(serial_column_type(c.to)), q(c.table), column),
                      fmt::format("SELECT setval({}, greatest(max({}), 1), max({}) IS NOT NULL) FROM {};",
                                  quote_literal(q(sequence)), column, column, q(c.table)),
                      alter_column(c.table, c.column, "SET DEFAULT " + next)};
                if (c.fill_nulls)
                    out.push_back(
                        fmt::format("UPDATE {} SET {} = {} WHERE {} IS NULL;", q(c.table), column, next, column));
                return out;
            },
            [](const AlterSerialSequenceType& c) {
                return V{fmt::format("ALTER SEQUENCE {} AS {};", q(c.sequence), render_type(c.to))};
            },
            [](const DropSerialSequence& c) {
                if (c.keep_sequence) return V{alter_column(c.table, c.column, "DROP DEFAULT")};
                return V{alter_column(c.table, c.column, "DROP DEFAULT"),
                         fmt::format("DROP SEQUENCE {};", q(ir::QualifiedName{c.table.schema, c.sequence}))};
            },
            [](const CreateSequence& c) { return V{create_sequence_sql(c.sequence)}; },
            [](const DropSequence& c) {
                return V{fmt::format("DROP SEQUENCE {}{};", c.owner_dropped ? "IF EXISTS " : "", q(c.name))};
            },
            [](const AlterSequence& c) { return V{alter_sequence_sql(c)}; },
            [](const SetSequenceOwner& c) {
                return V{fmt::format("ALTER SEQUENCE {} OWNED BY {};", q(c.name),
                                     c.to.table ? q(*c.to.table) + "." + q(c.to.column) : "NONE")};
            },
            [](const SetSequenceComment& c) {
                return V{fmt::format("COMMENT ON SEQUENCE {} IS {};", q(c.name), comment_literal(c.to))};
            },
            [](const SetColumnComment& c) {
                return V{fmt::format("COMMENT ON COLUMN {}.{} IS {};", q(c.table), q(c.column), comment_literal(c.to))};
            },
            [](const AddConstraint& c) {
                if (!c.using_index.empty()) {
                    bool primary = std::holds_alternative<ir::PrimaryKey>(c.constraint);
                    std::string name = primary ? std::get<ir::PrimaryKey>(c.constraint).name
                                               : std::get<ir::Unique>(c.constraint).name;
                    std::string timing = primary ? key_timing(std::get<ir::PrimaryKey>(c.constraint))
                                                 : key_timing(std::get<ir::Unique>(c.constraint));
                    return V{alter_table(c.table,
                                         fmt::format("ADD CONSTRAINT {} {} USING INDEX {}{}", q(name),
                                                     primary ? "PRIMARY KEY" : "UNIQUE", q(c.using_index), timing))};
                }
                return V{alter_table(c.table,
                                     "ADD " + constraint_definition(c.constraint) + (c.not_valid ? " NOT VALID" : ""))};
            },
            [](const DropConstraint& c) { return V{alter_table(c.table, "DROP CONSTRAINT " + q(c.name))}; },
            [](const RenameConstraint& c) {
                return V{alter_table(c.table, fmt::format("RENAME CONSTRAINT {} TO {}", q(c.from), q(c.to)))};
            },
            [](const ValidateConstraint& c) { return V{alter_table(c.table, "VALIDATE CONSTRAINT " + q(c.name))}; },
            [](const FinishNotNull& c) {
                return V{alter_column(c.table, c.column, "SET NOT NULL"),
                         alter_table(c.table, "DROP CONSTRAINT " + q(c.check_name))};
            },
            [](const CreateIndex& c) { return V{create_index(c.table, c.index(), c.concurrently)}; },
            [](const SetStorageParameters& c) { return set_storage_parameters(c); },
            [](const SetLogged& c) { return V{alter_table(c.table, c.unlogged ? "SET UNLOGGED" : "SET LOGGED")}; },
            [](const SetColumnCollation& c) {
                return V{alter_column(c.table, c.column,
                                      fmt::format("TYPE {} COLLATE {}", render_type(serial_column_type(c.type)),
                                                  c.to.empty() ? q("default") : qualified_name(c.to)))};
            },
            [](const SetColumnStatistics& c) {
                return V{alter_column(c.table, c.column, fmt::format("SET STATISTICS {}", c.to.value_or(-1)))};
            },
            [](const SetReplicaIdentity& c) {
                std::string what = c.to == ir::ReplicaIdentity::index ? "USING INDEX " + q(c.to_index)
                                                                      : upper(ir::replica_identity_text(c.to));
                return V{alter_table(c.table, "REPLICA IDENTITY " + what)};
            },
            [](const DropIndex& c) {
                return V{fmt::format("DROP INDEX {}{};", c.concurrently ? "CONCURRENTLY IF EXISTS " : "", q(c.index))};
            },
            [](const RenameIndex& c) { return V{fmt::format("ALTER INDEX {} RENAME TO {};", q(c.from), q(c.to))}; },
            [](const SetSchema& c) {
                return V{fmt::format("ALTER {} {} SET SCHEMA {};", c.type ? "TYPE" : "TABLE", q(c.from), q(c.schema))};
            },
            [](const CreateView& c) { return V{create_view(c.view, false)}; },
            [](const DropView& c) { return V{fmt::format("DROP {} {};", view_kind(c.materialized), q(c.name))}; },
            [](const ReplaceView& c) { return V{create_view(c.to, true)}; },
            [](const RenameView& c) { return rename_view(c); },
            [](const SetViewOptions& c) { return set_view_options(c); },
            [](const SetViewComment& c) {
                return V{fmt::format("COMMENT ON {} {} IS {};", view_kind(c.materialized), q(c.view),
                                     comment_literal(c.to))};
            },
            [](const SetViewColumnComment& c) {
                return V{fmt::format("COMMENT ON COLUMN {}.{} IS {};", q(c.view), q(c.column), comment_literal(c.to))};
            },
            [](const RefreshMaterializedView& c) {
                return V{
                    fmt::format("REFRESH MATERIALIZED VIEW {}{};", c.concurrently ? "CONCURRENTLY " : "", q(c.name))};
            },
            [](const CreateFunction& c) { return create_function(c.function, c.place, false); },
            [](const ReplaceFunction& c) { return create_function(c.to, c.place, true); },
            [](const DropFunction& c) { return V{fmt::format("DROP {};", function_object(c.function))}; },
            [](const RenameFunction& c) { return rename_function(c); },
            [](const SetFunctionComment& c) {
                return V{fmt::format("COMMENT ON {} IS {};", function_object(c.function), comment_literal(c.to))};
            },
            [](const CreateTrigger& c) { return V{create_trigger(c.table, c.trigger, false)}; },
            [](const ReplaceTrigger& c) { return V{create_trigger(c.table, c.to, true)}; },
            [](const DropTrigger& c) { return V{fmt::format("DROP TRIGGER {} ON {};", q(c.name), q(c.table))}; },
            [](const RenameTrigger& c) {
                return V{fmt::format("ALTER TRIGGER {} ON {} RENAME TO {};", q(c.from), q(c.table), q(c.to))};
            },
            [](const SetTriggerComment& c) {
                return V{
                    fmt::format("COMMENT ON TRIGGER {} ON {} IS {};", q(c.trigger), q(c.table), comment_literal(c.to))};
            },
            [](const SetDefaultAroundFunction& c) {
                return V{alter_column(c.table, c.column, c.to ? "SET DEFAULT " + *c.to : "DROP DEFAULT")};
            },
            [](const SetRowLevelSecurity& c) {
                return V{alter_table(c.table, c.enabled ? "ENABLE ROW LEVEL SECURITY" : "DISABLE ROW LEVEL SECURITY")};
            },
            [](const SetForceRowLevelSecurity& c) {
                return V{alter_table(c.table, c.forced ? "FORCE ROW LEVEL SECURITY" : "NO FORCE ROW LEVEL SECURITY")};
            },
            [](const CreatePolicy& c) { return V{create_policy(c.table, c.policy)}; },
            [](const DropPolicy& c) { return V{fmt::format("DROP POLICY {} ON {};", q(c.name), q(c.table))}; },
            [](const RenamePolicy& c) {
                return V{fmt::format("ALTER POLICY {} ON {} RENAME TO {};", q(c.from), q(c.table), q(c.to))};
            },
            [](const AlterPolicy& c) { return V{alter_policy(c)}; },
            [](const SetPolicyComment& c) {
                return V{
                    fmt::format("COMMENT ON POLICY {} ON {} IS {};", q(c.policy), q(c.table), comment_literal(c.to))};
            },
            [](const GrantPrivileges& c) {
                return V{fmt::format("GRANT {} ON {} TO {}{};", render_privileges(c.grants), access_object(c.object),
                                     role_sql(c.grantee), c.grant_option ? " WITH GRANT OPTION" : "")};
            },
            [](const RevokePrivileges& c) {
                return V{fmt::format("REVOKE {}{} ON {} FROM {};", c.grant_option_only ? "GRANT OPTION FOR " : "",
                                     render_privileges(c.grants), access_object(c.object), role_sql(c.grantee))};
            },
            [](const GrantDefaultPrivileges& c) {
                return V{fmt::format("{} GRANT {} ON {} TO {}{};", default_privileges_prefix(c.target),
                                     render_privilege_names(c.privileges),
                                     upper(ir::default_privilege_objects_text(c.target.objects)), role_sql(c.grantee),
                                     c.grant_option ? " WITH GRANT OPTION" : "")};
            },
            [](const RevokeDefaultPrivileges& c) {
                return V{
                    fmt::format("{} REVOKE {}{} ON {} FROM {};", default_privileges_prefix(c.target),
                                c.grant_option_only ? "GRANT OPTION FOR " : "", render_privilege_names(c.privileges),
                                upper(ir::default_privilege_objects_text(c.target.objects)), role_sql(c.grantee))};
            },
            // Domains and composite types (render_user_types.cpp): every other kind.
            [](const auto& c) { return user_type_sql(c); },
        },
        change);
}

}  // namespace schemac::plan
