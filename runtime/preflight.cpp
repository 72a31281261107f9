#include "runtime/preflight.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "compiler/ir/identifiers.hpp"
#include "runtime/preflight_probes.hpp"

namespace schemac::runtime {
namespace {

std::string probe_table_sql(const ir::QualifiedName& table) {
    return quote_identifier(table.schema) + "." + quote_identifier(table.name);
}

// SQL giving one value as a sample shows it: numbers bare, anything else as a quoted literal.
std::string sample_value_sql(const std::string& value) {
    return fmt::format(
        "CASE WHEN {0} IS NULL THEN 'NULL' WHEN pg_typeof({0}) IN ('smallint'::regtype, 'integer'::regtype, "
        "'bigint'::regtype, 'numeric'::regtype) THEN ({0})::text ELSE quote_literal(({0})::text) END",
        value);
}

// `id = 42, tenant = 'acme'` as SQL text, from the values and the names they are shown under.
std::string sample_sql(const std::vector<std::string>& values, const std::vector<std::string>& labels) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < values.size(); ++i)
        parts.push_back(fmt::format("{} || {}", quote_literal(labels[i] + " = "), sample_value_sql(values[i])));
    return fmt::format("concat_ws(', ', {})", fmt::join(parts, ", "));
}

struct TableFacts {
    double rows = -1;                      // pg_class.reltuples: -1 when never counted
    std::vector<std::string> primary_key;  // quoted columns; empty: the table has none
    std::string constraint_kind;           // Probe::validates: pg_constraint.contype ("c", "f", ...)
    std::string check_expression;          // ... and a check's expression
    std::optional<OrphanKey> foreign_key;  // ... or a foreign key's columns
};

// A constraint of `table` as the database holds it (Probe::validates): its kind, and a check's
// expression or a foreign key's columns and referenced table.
void read_constraint(pqxx::transaction_base& tx, const std::string& table, const std::string& name, TableFacts& facts) {
    static const char* const query =
        "SELECT c.contype::text, coalesce(pg_get_expr(c.conbin, c.conrelid), ''), c.confmatchtype::text, "
        "coalesce((SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY AS k(n, i) JOIN "
        "pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n), '[]')::text, coalesce(fn.nspname, ''), "
        "coalesce(fc.relname, ''), coalesce((SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(c.confkey) WITH "
        "ORDINALITY AS k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n), '[]')::text "
        "FROM pg_constraint c LEFT JOIN pg_class fc ON fc.oid = c.confrelid LEFT JOIN pg_namespace fn ON fn.oid = "
        "fc.relnamespace WHERE c.conrelid = to_regclass($1) AND c.conname = $2";
    for (const auto& row : tx.exec_params(query, table, name)) {
        facts.constraint_kind = row[0].as<std::string>();
        facts.check_expression = row[1].as<std::string>();
        if (facts.constraint_kind != "f") continue;
        OrphanKey key;
        key.name = name;
        key.columns = nlohmann::json::parse(row[3].as<std::string>()).get<std::vector<std::string>>();
        key.parent = ir::QualifiedName{row[4].as<std::string>(), row[5].as<std::string>()};
        key.parent_columns = nlohmann::json::parse(row[6].as<std::string>()).get<std::vector<std::string>>();
        key.parent_shown = ir::display_name(*key.parent);
        key.shown_columns = key.columns;
        key.match_full = row[2].as<std::string>() == "f";
        key.validated = true;
        facts.foreign_key = std::move(key);
    }
}

TableFacts table_facts(pqxx::transaction_base& tx, const ir::QualifiedName& table, const std::string& validates) {
    TableFacts facts;
    std::string name = probe_table_sql(table);
    if (!validates.empty()) read_constraint(tx, name, validates, facts);
    pqxx::result r = tx.exec_params(
        "SELECT c.reltuples::float8, c.relkind::text FROM pg_class c WHERE c.oid = to_regclass($1)", name);
    if (r.empty()) return facts;
    facts.rows = r[0][0].as<double>();
    if (r[0][1].as<std::string>() == "p")  // a partitioned table's rows are its partitions'
        facts.rows = tx.exec_params("SELECT coalesce(sum(greatest(c.reltuples, 0)), -1)::float8 FROM "
                                    "pg_partition_tree(to_regclass($1)) t JOIN pg_class c ON c.oid = t.relid",
                                    name)[0][0]
                         .as<double>();
    for (const auto& row : tx.exec_params(
             "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = "
             "ANY (i.indkey) WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY "
             "array_position(i.indkey::int2[], a.attnum)",
             name))
        facts.primary_key.push_back(quote_identifier(row[0].as<std::string>()));
    return facts;
}

std::string probe_sql(const Probe& p, const TableFacts& facts, const std::string& tablesample) {
    // The table under its own name as alias (a foreign key's probe names its columns through it),
    // with the columns the plan renames or adds as they are when the change runs.
    std::string alias = quote_identifier(p.table.name);
    std::string from = p.view_columns.empty()
                           ? fmt::format("{} AS {}{}", probe_table_sql(p.table), alias, tablesample)
                           : fmt::format("(SELECT *, {} FROM {}{}) AS {}", fmt::join(p.view_columns, ", "),
                                         probe_table_sql(p.table), tablesample, alias);
    if (p.keys.empty()) {
        std::vector<std::string> key = facts.primary_key;
        std::vector<std::string> labels = key;
        if (key.empty()) key = labels = {"ctid"};
        return fmt::format("SELECT count(*) OVER (), {}, 0 FROM {} WHERE {} ORDER BY {} LIMIT 1",
                           sample_sql(key, labels), from, p.condition, fmt::join(key, ", "));
    }
    std::vector<std::string> selected, names, positions;
    for (std::size_t i = 0; i < p.keys.size(); ++i) {
        selected.push_back(fmt::format("{} AS schemac_key_{}", p.keys[i], i + 1));
        names.push_back(fmt::format("schemac_key_{}", i + 1));
        positions.push_back(std::to_string(i + 1));
    }
    return fmt::format(
        "SELECT count(*) OVER (), {}, sum(schemac_rows) OVER () FROM (SELECT {}, count(*) AS schemac_rows FROM {}{} GROUP BY {} HAVING count(*) "
        "> 1) AS schemac_duplicates ORDER BY {} LIMIT 1",
        sample_sql(names, p.key_labels), fmt::join(selected, ", "), from,
        p.condition.empty() ? "" : " WHERE " + p.condition, fmt::join(positions, ", "), fmt::join(names, ", "));
}

// The percentage of the table's pages a sampled probe reads: about 10,000 rows' worth, at
// least 0.01 % and at most 10 %.
double sample_percent(double rows) {
    if (rows <= 0) return 10;
    return std::clamp(std::round(100.0 * 10000 / rows * 100) / 100, 0.01, 10.0);
}

std::string about_rows(double rows) {
    if (rows < 0) return "its size not yet counted by ANALYZE";
    if (rows >= 1e6) return fmt::format("about {:.1f} million rows", rows / 1e6);
    return fmt::format("about {} rows", static_cast<long long>(rows));
}

std::string seconds_text(int ms) { return ms % 1000 == 0 ? fmt::format("{} s", ms / 1000) : fmt::format("{} ms", ms); }

// "2 rows of orders fail the new check ...", "1 key value of customers is held by more than one
// row, under the new unique constraint ... (email): 2 rows hold it".
std::string finding_message(const Probe& p, long long count, long long rows, bool sampled, double percent) {
    std::string unit = !p.keys.empty() ? (count == 1 ? "key value" : "key values") : (count == 1 ? "row" : "rows");
    std::string held = p.keys.empty() ? "" : fmt::format(": {} rows hold {}", rows, count == 1 ? "it" : "them");
    return fmt::format("{} {} of {}{} {} {}{}", count, unit,
                       p.shown_table.empty() ? ir::display_name(p.table) : p.shown_table,
                       sampled ? fmt::format(" (in a {}% sample of the table)", percent) : "",
                       count == 1 ? p.verb_one : p.verb_many, p.what, held);
}

struct ProbeOutcome {
    bool timed_out = false;
    std::optional<std::string> error;  // why it could not run
    long long count = 0;
    long long rows = 0;  // duplicates: the rows holding the duplicated key values
    std::string sample;
};

// The catalog facts of a probe's table, read-only, under a timeout of at least 2 s (they are
// quick; a probe's own timeout may be set far below that).
TableFacts read_table_facts(Session& session, const Probe& p, const PreflightOptions& options) {
    pqxx::read_transaction tx(session.connection());
    tx.exec(fmt::format("SET LOCAL statement_timeout = {}", std::max(2000, options.statement_timeout_ms)));
    TableFacts facts = table_facts(tx, p.table, p.validates);
    tx.commit();
    return facts;
}

ProbeOutcome run_probe(Session& session, const Probe& p, const PreflightOptions& options, const TableFacts& facts,
                       const std::string& tablesample) {
    ProbeOutcome out;
    try {
        pqxx::read_transaction tx(session.connection());
        tx.exec(fmt::format("SET LOCAL statement_timeout = {}", std::max(1, options.statement_timeout_ms)));
        pqxx::result r = tx.exec(probe_sql(p, facts, tablesample));
        if (!r.empty()) {
            out.count = r[0][0].as<long long>();
            out.rows = r[0][2].as<long long>();
            out.sample = r[0][1].is_null() ? "" : r[0][1].as<std::string>();
        }
        tx.commit();
    } catch (const pqxx::sql_error& e) {
        std::string message = server_message(e.what());
        out.timed_out = e.sqlstate() == "57014";  // query_canceled: the statement timeout
        if (!out.timed_out) out.error = message.substr(0, message.find('\n'));
    }
    return out;
}

}  // namespace

PreflightReport run_preflight(Session& session, const plan::Plan& plan, const PreflightOptions& options) {
    PlannedProbes planned = plan_probes(plan);
    PreflightReport report;
    report.skipped = std::move(planned.skipped);
    for (Probe p : planned.probes) {
        TableFacts facts = read_table_facts(session, p, options);
        if (!p.validates.empty()) {  // a constraint the database holds NOT VALID, validated by the migrations
            if (facts.foreign_key) {
                p.code = "preflight-orphans";
                describe_orphans(p, *facts.foreign_key);
            } else if (facts.constraint_kind != "c") {
                report.skipped.push_back({p.origin, fmt::format("not probed: whether the rows of {} written while {} "
                                                                "was NOT VALID pass it",
                                                                ir::display_name(p.table), p.validates)});
                continue;
            } else {
                describe_check(p, p.validates, facts.check_expression, true);
            }
        }
        ++report.probes;
        ProbeOutcome outcome = run_probe(session, p, options, facts, "");
        bool sampled = false;
        double percent = 0;
        if (outcome.timed_out) {  // again on a sample of the table's pages
            sampled = true;
            percent = sample_percent(facts.rows);
            outcome = run_probe(session, p, options, facts,
                                fmt::format(" TABLESAMPLE SYSTEM ({}) REPEATABLE (0)", percent));
        }
        if (outcome.timed_out) {
            report.skipped.push_back(
                {p.origin, fmt::format("not probed: {} is too large for a {} probe ({}), even on a {}% sample; run "
                                       "with a longer --preflight-timeout to check whether its {} {} {}",
                                       ir::display_name(p.table), seconds_text(options.statement_timeout_ms),
                                       about_rows(facts.rows), percent, p.keys.empty() ? "rows" : "key values",
                                       p.verb_many, p.what)});
            continue;
        }
        if (outcome.error) {
            report.skipped.push_back(
                {p.origin, fmt::format("not probed: whether {} of {} {} {}: {}", p.keys.empty() ? "rows" : "key values",
                                       ir::display_name(p.table), p.verb_many, p.what, *outcome.error)});
            continue;
        }
        if (outcome.count == 0) continue;
        PreflightFinding f;
        f.code = p.code;
        f.origin = p.origin;
        f.message = finding_message(p, outcome.count, outcome.rows, sampled, percent);
        f.help = p.help;
        f.count = outcome.count;
        f.sample = outcome.sample;
        f.sampled = sampled;
        report.findings.push_back(std::move(f));
    }
    return report;
}

}  // namespace schemac::runtime
