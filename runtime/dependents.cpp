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

// Whether PostgreSQL refuses `change` while an object of `kind` reads the column or table (or
// drops the object with CASCADE), or the object would go on under a name no schema declares.
// A trigger keeps working when its column is renamed or made plain, and goes with its table; a
// function's SQL-standard body is kept parsed, so a rename or a plain column does not change it.
bool blocks(const std::string& kind, ColumnChange::Kind change) {
    if (kind == "trigger") return change == ColumnChange::type || change == ColumnChange::drop_column;
    if (kind == "function" || kind == "procedure")
        return change == ColumnChange::type || change == ColumnChange::drop_column ||
               change == ColumnChange::drop_table;
    return true;
}

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
        std::vector<std::string> relations, rules, triggers, functions;
        for (const auto& [where, d] : drops) {
            relations.push_back(regclass_text(d.schema, d.relation));
            rules.push_back(d.rule);
            triggers.push_back(d.trigger);
            functions.push_back(d.function ? "f" : "");
        }
        for (const auto& row :
             tx.exec_params(catalog::dropped_dependents, text_array_literal(relations), text_array_literal(rules),
                            text_array_literal(triggers), text_array_literal(functions))) {
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
        std::string kind = row["kind"].as<std::string>();
        if (!blocks(kind, change.kind)) continue;
        out.push_back(BlockingDependent{
            where.migration->name, where.statement, change, kind,
            ir::QualifiedName{row["schema_name"].as<std::string>(), row["relation_name"].as<std::string>()},
            row["object_name"].as<std::string>(),
            row["column_name"].is_null() ? "" : row["column_name"].as<std::string>()});
    }
    return out;
}

std::string dependent_text(const BlockingDependent& b) {
    if (b.kind == "rule" || b.kind == "trigger")
        return fmt::format("{} {} on {}", b.kind, b.rule, ir::display_name(b.relation));
    return b.kind + " " + ir::display_name(b.relation);
}

std::string blocking_dependent_message(const BlockingDependent& b) {
    const ColumnChange& c = b.change;
    const std::string dependent = dependent_text(b);
    std::string column = table_text(c) + "." + c.column;
    switch (c.kind) {
        case ColumnChange::type:
            return fmt::format("{} reads column {}, whose type this statement changes: PostgreSQL refuses that while "
                               "{} reads the column",
                               dependent, column,
                               b.kind == "trigger"                             ? "a trigger's definition"
                               : b.kind == "function" || b.kind == "procedure" ? "an SQL-standard body"
                                                                               : "a view or rule");
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
    if (b.kind == "trigger")
        return fmt::format("drop it first, in {} before this statement (`DROP TRIGGER {} ON {};`), create it again "
                           "after if it is still wanted, then run `schemac hash`; or generate the migration again from "
                           "the .schema files, so that schemac drops and recreates it around the change",
                           b.migration, quote_identifier(b.rule), relation);
    if (b.kind == "function" || b.kind == "procedure") {
        std::size_t open = b.relation.name.find('(');
        return fmt::format("drop it first, in {} before this statement (`DROP {} {}.{}{};`), create it again after if "
                           "it is still wanted, then run `schemac hash`; or generate the migration again from the "
                           ".schema files, so that schemac drops and recreates it around the change",
                           b.migration, b.kind == "function" ? "FUNCTION" : "PROCEDURE",
                           quote_identifier(b.relation.schema), quote_identifier(b.relation.name.substr(0, open)),
                           b.relation.name.substr(open));
    }
    return fmt::format("declare the {} in the .schema files and generate the migration again, so that schemac drops "
                       "and recreates it around the change; or drop it first, in {} before this statement (`DROP {} "
                       "{};`), create it again after if it is still wanted, then run `schemac hash`",
                       b.kind, b.migration, b.kind == "view" ? "VIEW" : "MATERIALIZED VIEW", relation);
}

}  // namespace schemac::runtime
