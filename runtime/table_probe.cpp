#include "runtime/table_probe.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

#include "compiler/plan/render_sql.hpp"
#include "runtime/connection.hpp"

namespace schemac::runtime {
namespace {

// Runs the table's CREATE in a savepoint: kept when `keep` and it worked, else rolled back.
// The refusal's message and SQLSTATE, when PostgreSQL refuses it.
std::optional<RefusedPart> attempt_probe_table(pqxx::dbtransaction& tx, const ir::Table& table, bool keep) {
    pqxx::subtransaction savepoint(tx, "schemac_probe");
    std::vector<std::string> statements = plan::render_statements(plan::CreateTable{&table});
    try {
        for (const std::string& statement : statements) savepoint.exec(statement);
    } catch (const pqxx::sql_error& e) {
        savepoint.abort();
        return RefusedPart{
            {}, {}, fmt::format("{}", fmt::join(statements, "\n")), {}, server_message(e.what()), e.sqlstate()};
    }
    if (keep)
        savepoint.commit();
    else
        savepoint.abort();
    return std::nullopt;
}

// The column with its name and type only.
ir::Column probe_bare_column(const ir::Column& c) {
    ir::Column out;
    out.name = c.name;
    out.type = c.type;
    return out;
}

// The table with its columns bare and nothing else: no constraint, key or partitioning.
ir::Table probe_bare_table(const ir::Table& t) {
    ir::Table out;
    out.name = t.name;
    out.unlogged = t.unlogged;
    for (const ir::Column& c : t.columns) out.columns.push_back(probe_bare_column(c));
    return out;
}

std::string probe_table_label(const ir::Table& t) {
    return t.name.schema == "public" ? t.name.name : t.name.schema + "." + t.name.name;
}

std::string probed_column_part(const ir::Table& t, const ir::Column& c) {
    std::string column = fmt::format("column {}.{}", probe_table_label(t), c.name);
    if (c.generated()) return "the generated expression of " + column;
    if (c.default_value) return "the default of " + column;
    if (c.identity()) return "the identity of " + column;
    return column;
}

// Where a column's part is declared: its default expression when that is the part, else the column.
Span probed_column_span(const ir::Column& c) {
    if (c.default_value && !c.generated() && c.origin.detail.known()) return c.origin.detail;
    return c.origin.span;
}

std::vector<std::string> probe_statement_lines(const ir::Table& table) {
    std::vector<std::string> lines;
    for (const std::string& statement : plan::render_statements(plan::CreateTable{&table})) {
        std::size_t begin = 0;
        while (begin < statement.size()) {
            std::size_t end = statement.find('\n', begin);
            if (end == std::string::npos) end = statement.size();
            lines.push_back(statement.substr(begin, end - begin));
            begin = end + 1;
        }
    }
    return lines;
}

// A line of a CREATE TABLE without the comma that separates it from the next.
std::string probe_line_without_comma(std::string line) {
    if (line.ends_with(',')) line.pop_back();
    return line;
}

// The lines of `with`'s CREATE TABLE that `without`'s lacks: the part's own SQL, as the step's
// statement writes it, under that statement's first line, the other lines elided.
std::string probe_part_excerpt(const ir::Table& step, const ir::Table& with, const ir::Table& without) {
    std::vector<std::string> others;
    for (const std::string& line : probe_statement_lines(without)) others.push_back(probe_line_without_comma(line));
    std::vector<std::string> full = probe_statement_lines(step);
    std::string out = full.empty() ? std::string() : full.front();
    std::vector<std::string> lines = probe_statement_lines(with);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::string line = probe_line_without_comma(lines[i]);
        if (std::find(others.begin(), others.end(), line) != others.end()) continue;
        auto in_step = std::find_if(full.begin(), full.end(), [&](const std::string& l) {
            return probe_line_without_comma(l) == line;
        });
        out += "\n    ...\n" + (in_step == full.end() ? lines[i] : *in_step);
    }
    return out + "\n    ...";
}

}  // namespace

TableProbe probe_refused_table(pqxx::dbtransaction& tx, const ir::Table& table) {
    TableProbe out;
    if (table.partition_of || table.columns.empty()) return out;
    ir::Table base = probe_bare_table(table);
    ir::Table repaired = table;  // loses each refused part
    auto refuse = [&](RefusedPart failure, std::string part, Span origin, const ir::Table& with,
                      const ir::Table& without) {
        failure.part = std::move(part);
        failure.origin = origin;
        failure.excerpt = probe_part_excerpt(table, with, without);
        out.refused.push_back(std::move(failure));
    };
    if (attempt_probe_table(tx, base, false)) {
        // A column's type itself is refused (an unknown type): each column alone says which.
        std::vector<std::string> refused_columns;
        for (const ir::Column& c : table.columns) {
            ir::Table alone = base;
            alone.columns = {probe_bare_column(c)};
            if (auto failure = attempt_probe_table(tx, alone, false)) {
                refuse(std::move(*failure), fmt::format("the type of column {}.{}", probe_table_label(table), c.name),
                       c.origin.span, alone, ir::Table{});
                refused_columns.push_back(c.name);
            }
        }
        // Every column refused alike: the table is to blame (its schema is missing, its name taken).
        if (refused_columns.size() == table.columns.size()) out.refused.clear();
        if (out.refused.empty()) return out;
        std::erase_if(base.columns, [&](const ir::Column& c) {
            return std::find(refused_columns.begin(), refused_columns.end(), c.name) != refused_columns.end();
        });
        std::erase_if(repaired.columns, [&](const ir::Column& c) {
            return std::find(refused_columns.begin(), refused_columns.end(), c.name) != refused_columns.end();
        });
    }
    for (std::size_t i = 0; i < base.columns.size(); ++i) {
        auto full = std::find_if(table.columns.begin(), table.columns.end(), [&](const ir::Column& c) {
            return c.name == base.columns[i].name;
        });
        ir::Table with = base;
        with.columns[i] = *full;
        if (auto failure = attempt_probe_table(tx, with, false)) {
            refuse(std::move(*failure), probed_column_part(table, *full), probed_column_span(*full), with, base);
            for (ir::Column& c : repaired.columns)
                if (c.name == full->name) c = base.columns[i];
        }
    }
    // One constraint at a time on the bare columns; a refused one is left out of the table.
    auto probe_each = [&](auto& constraints, auto&& add, const char* what) {
        for (std::size_t i = 0; i < constraints.size();) {
            ir::Table with = base;
            add(with, constraints[i]);
            if (auto failure = attempt_probe_table(tx, with, false)) {
                refuse(std::move(*failure),
                       fmt::format("{} {} of table {}", what, constraints[i].name, probe_table_label(table)),
                       constraints[i].origin.span, with, base);
                constraints.erase(constraints.begin() + static_cast<long>(i));
            } else {
                ++i;
            }
        }
    };
    probe_each(
        repaired.checks, [](ir::Table& t, const ir::Check& c) { t.checks.push_back(c); }, "check");
    probe_each(
        repaired.uniques, [](ir::Table& t, const ir::Unique& u) { t.uniques.push_back(u); }, "unique");
    probe_each(
        repaired.exclusions, [](ir::Table& t, const ir::Exclusion& x) { t.exclusions.push_back(x); },
        "exclusion constraint");
    if (repaired.primary_key) {
        ir::Table with = base;
        with.primary_key = repaired.primary_key;
        if (auto failure = attempt_probe_table(tx, with, false)) {
            refuse(std::move(*failure), fmt::format("the primary key of table {}", probe_table_label(table)),
                   repaired.primary_key->origin.span, with, base);
            repaired.primary_key.reset();
        }
    }
    if (!out.refused.empty()) out.repaired = !attempt_probe_table(tx, repaired, true);
    return out;
}

TableProbe probe_refused_column(pqxx::dbtransaction& tx, const ir::QualifiedName& table, const ir::Column& column,
                                RefusedPart refusal) {
    TableProbe out;
    if (!column.default_value && !column.generated()) return out;
    pqxx::subtransaction savepoint(tx, "schemac_probe");
    try {
        for (const std::string& statement : plan::render_statements(plan::AddColumn{table, probe_bare_column(column)}))
            savepoint.exec(statement);
    } catch (const pqxx::sql_error&) {
        savepoint.abort();  // the column itself is refused: the step as a whole is the mistake
        return out;
    }
    savepoint.commit();
    ir::Table named;
    named.name = table;
    refusal.part = probed_column_part(named, column);
    refusal.origin = probed_column_span(column);
    out.refused.push_back(std::move(refusal));
    out.repaired = true;
    return out;
}

}  // namespace schemac::runtime
