#include "runtime/dependents.hpp"

#include <fmt/format.h>

#include <map>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/ir.hpp"
#include "runtime/catalog_queries.hpp"
#include "runtime/connection.hpp"

namespace schemac::runtime {
namespace {

// `schema.name` as regclass text, quoted: PostgreSQL resolves it as the statement naming it will.
std::string regclass_text(const std::string& schema, const std::string& name) {
    return schema.empty() ? quote_identifier(name) : quote_identifier(schema) + "." + quote_identifier(name);
}

struct Located {
    std::size_t position;  // the statement's place among all pending statements
    const PendingMigration* migration;
    const SqlStatement* statement;
};

std::string table_text(const ColumnChange& change) {
    return change.schema.empty() ? change.table : change.schema + "." + change.table;
}

}  // namespace

std::vector<BlockingDependent> blocking_dependents(pqxx::transaction_base& tx,
                                                   const std::vector<PendingMigration>& pending) {
    std::vector<std::pair<Located, ColumnChange>> changes;
    std::vector<std::pair<Located, DroppedDependent>> drops;
    std::size_t position = 0;
    for (const PendingMigration& m : pending) {
        if (!m.statements) continue;
        for (const SqlStatement& s : *m.statements) {
            StatementFacts facts = statement_facts(s.text);
            Located here{position++, &m, &s};
            for (ColumnChange& c : facts.column_changes) changes.push_back({here, std::move(c)});
            for (DroppedDependent& d : facts.dropped_dependents) drops.push_back({here, std::move(d)});
        }
    }
    std::vector<BlockingDependent> out;
    if (changes.empty()) return out;

    // Where each dependent is dropped first, by its oid.
    std::map<std::string, std::size_t> dropped_at;
    if (!drops.empty()) {
        std::vector<std::string> relations, rules;
        for (const auto& [where, d] : drops) {
            relations.push_back(regclass_text(d.schema, d.relation));
            rules.push_back(d.rule);
        }
        for (const auto& row :
             tx.exec_params(catalog::dropped_dependents, text_array_literal(relations), text_array_literal(rules))) {
            if (row["dependent_oid"].is_null()) continue;
            std::size_t at = drops[row["drop_index"].as<std::size_t>() - 1].first.position;
            dropped_at.emplace(row["dependent_oid"].as<std::string>(), at);  // the first drop counts
        }
    }

    std::vector<std::string> relations, columns;
    for (const auto& [where, c] : changes) {
        relations.push_back(regclass_text(c.schema, c.table));
        columns.push_back(c.kind == ColumnChange::drop_table ? "" : c.column);
    }
    for (const auto& row :
         tx.exec_params(catalog::view_dependents, text_array_literal(relations), text_array_literal(columns))) {
        const auto& [where, change] = changes[row["change_index"].as<std::size_t>() - 1];
        auto dropped = dropped_at.find(row["dependent_oid"].as<std::string>());
        if (dropped != dropped_at.end() && dropped->second < where.position) continue;
        out.push_back(BlockingDependent{
            where.migration->name, where.statement, change, row["kind"].as<std::string>(),
            ir::QualifiedName{row["schema_name"].as<std::string>(), row["relation_name"].as<std::string>()},
            row["rule_name"].as<std::string>(),
            row["column_name"].is_null() ? "" : row["column_name"].as<std::string>()});
    }
    return out;
}

std::string dependent_text(const BlockingDependent& b) {
    if (b.kind == "rule") return fmt::format("rule {} on {}", b.rule, ir::display_name(b.relation));
    return b.kind + " " + ir::display_name(b.relation);
}

std::string blocking_dependent_message(const BlockingDependent& b) {
    const ColumnChange& c = b.change;
    const std::string dependent = dependent_text(b);
    std::string column = table_text(c) + "." + c.column;
    switch (c.kind) {
        case ColumnChange::type:
            return fmt::format("{} reads column {}, whose type this statement changes: PostgreSQL refuses that while "
                               "a view or rule reads the column",
                               dependent, column);
        case ColumnChange::drop_column:
            return fmt::format("{} reads column {}, which this statement drops: PostgreSQL refuses that while {} "
                               "exists (with CASCADE, it drops {} too)",
                               dependent, column, dependent, dependent);
        case ColumnChange::rename_column:
            return fmt::format("{} reads column {}, which this statement renames: {} would go on reading it under "
                               "its new name, a change to it that no schema declares",
                               dependent, column, dependent);
        case ColumnChange::drop_expression:
            return fmt::format("{} reads generated column {}, whose expression this statement drops: {} would read a "
                               "plain column from then on",
                               dependent, column, dependent);
        case ColumnChange::drop_table:
            return fmt::format("{} reads table {}, which this statement drops: PostgreSQL refuses that while {} "
                               "exists (with CASCADE, it drops {} too)",
                               dependent, table_text(c), dependent, dependent);
    }
    return {};
}

std::string blocking_dependent_help(const BlockingDependent& b) {
    std::string relation = quote_identifier(b.relation.schema) + "." + quote_identifier(b.relation.name);
    if (b.kind == "rule")
        return fmt::format("schemac does not manage rules: drop it first, in {} before this statement (`DROP RULE {} "
                           "ON {};`), create it again after if it is still wanted, then run `schemac hash`",
                           b.migration, quote_identifier(b.rule), relation);
    return fmt::format("declare the {} in the .schema files and generate the migration again, so that schemac drops "
                       "and recreates it around the change; or drop it first, in {} before this statement (`DROP {} "
                       "{};`), create it again after if it is still wanted, then run `schemac hash`",
                       b.kind, b.migration, b.kind == "view" ? "VIEW" : "MATERIALIZED VIEW", relation);
}

}  // namespace schemac::runtime
