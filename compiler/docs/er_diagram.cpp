#include "compiler/docs/er_diagram.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "compiler/docs/html_text.hpp"
#include "compiler/ir/types.hpp"

namespace schemac::docs {

namespace {

using ir::display_name;

bool in_primary_key(const ir::Table& table, const std::string& column) {
    if (!table.primary_key) return false;
    const auto& columns = table.primary_key->columns;
    return std::find(columns.begin(), columns.end(), column) != columns.end();
}

bool in_foreign_key(const ir::Table& table, const std::string& column) {
    for (const ir::ForeignKey& fk : table.foreign_keys)
        if (std::find(fk.columns.begin(), fk.columns.end(), column) != fk.columns.end()) return true;
    return false;
}

bool unique_alone(const ir::Table& table, const std::string& column) {
    for (const ir::Unique& u : table.uniques)
        if (u.columns.size() == 1 && u.columns[0] == column) return true;
    return false;
}

// Whether a foreign key's columns are all NOT NULL (each child row has exactly one parent) and
// whether they are unique (at most one child a parent).
bool columns_not_null(const ir::Table& table, const std::vector<std::string>& columns) {
    for (const std::string& name : columns)
        for (const ir::Column& c : table.columns)
            if (c.name == name && !c.not_null && !in_primary_key(table, name)) return false;
    return true;
}

bool columns_unique(const ir::Table& table, const std::vector<std::string>& columns) {
    if (table.primary_key && table.primary_key->columns == columns) return true;
    for (const ir::Unique& u : table.uniques)
        if (u.columns == columns) return true;
    return false;
}

// Mermaid's entity names are words: letters, digits, `_` and `-`.
std::string mermaid_word(std::string_view text) {
    std::string out;
    for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
    return out.empty() ? "_" : out;
}

// A type as one Mermaid word: letters, digits and `_-[]()`; the written type goes in the comment.
std::string mermaid_type(const std::string& type) {
    std::string out;
    for (char c : type) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '[' || c == ']' || c == '(' ||
            c == ')')
            out += c;
        else if (c == ' ' || c == ',' || c == '.')
            out += '_';
    }
    return out.empty() ? "unknown" : out;
}

std::string mermaid_text(std::string_view text) {
    std::string out;
    for (char c : text) out += c == '"' ? '\'' : (c == '\n' ? ' ' : c);
    return out;
}

std::string dot_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c == '\n' ? ' ' : c;
    }
    return out + "\"";
}

}  // namespace

std::string mermaid_diagram(const ir::Database& database) {
    // Entity names, unique: `orders`, `billing_invoices` (`billing.invoices`).
    std::map<ir::QualifiedName, std::string> names;
    std::set<std::string> taken;
    for (const ir::Table& table : database.tables) {
        std::string word = mermaid_word(display_name(table.name));
        std::string name = word;
        for (int n = 2; taken.count(name); ++n) name = fmt::format("{}_{}", word, n);
        taken.insert(name);
        names[table.name] = name;
    }
    std::string out = "erDiagram\n";
    for (const ir::Table& table : database.tables) {
        out += fmt::format("    {} {{\n", names[table.name]);
        for (const ir::Column& column : table.columns) {
            std::string type = render_type(column.type);
            std::vector<std::string> keys;
            if (in_primary_key(table, column.name)) keys.push_back("PK");
            if (in_foreign_key(table, column.name)) keys.push_back("FK");
            if (unique_alone(table, column.name)) keys.push_back("UK");
            // The comment says what the one-word type cannot: the written type, not null, the comment.
            std::vector<std::string> notes;
            if (mermaid_type(type) != type) notes.push_back(type);
            if (column.not_null && !in_primary_key(table, column.name)) notes.push_back("not null");
            if (column.comment()) notes.push_back(*column.comment());
            out += fmt::format(
                "        {} {}{}{}\n", mermaid_type(type), mermaid_word(column.name),
                keys.empty() ? "" : " " + fmt::format("{}", fmt::join(keys, ", ")),
                notes.empty() ? "" : fmt::format(" \"{}\"", mermaid_text(fmt::format("{}", fmt::join(notes, ", ")))));
        }
        out += "    }\n";
    }
    for (const ir::Table& table : database.tables)
        for (const ir::ForeignKey& fk : table.foreign_keys) {
            auto parent = names.find(fk.referenced_table);
            if (parent == names.end()) continue;  // a table the project does not manage
            std::string parent_side = columns_not_null(table, fk.columns) ? "||" : "|o";
            std::string child_side = columns_unique(table, fk.columns) ? "o|" : "o{";
            out += fmt::format("    {} {}--{} {} : \"{}\"\n", parent->second, parent_side, child_side,
                               names[table.name], mermaid_text(fmt::format("{}", fmt::join(fk.columns, ", "))));
        }
    return out;
}

std::string dot_diagram(const ir::Database& database, const DotOptions& options) {
    auto shown = [&](const ir::QualifiedName& name) { return options.schema.empty() || name.schema == options.schema; };
    // The tables drawn: those of the schema, and the tables its foreign keys reach or come from
    // (one step, whatever the order of the tables; a referenced table the project lacks is not).
    std::set<ir::QualifiedName> managed, drawn;
    for (const ir::Table& table : database.tables) managed.insert(table.name);
    for (const ir::Table& table : database.tables) {
        if (shown(table.name)) drawn.insert(table.name);
        for (const ir::ForeignKey& fk : table.foreign_keys)
            if ((shown(table.name) || shown(fk.referenced_table)) && managed.count(fk.referenced_table)) {
                drawn.insert(table.name);
                drawn.insert(fk.referenced_table);
            }
    }
    std::string out =
        "digraph schema {\n"
        "    graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.4, ranksep=0.9];\n"
        "    node [shape=plaintext, fontname=\"Helvetica\", fontsize=11];\n"
        "    edge [fontname=\"Helvetica\", fontsize=9, color=\"#5b6b7f\", arrowhead=none, arrowtail=crow, "
        "dir=both];\n";
    std::map<std::string, std::vector<const ir::Table*>> by_schema;
    for (const ir::Table& table : database.tables)
        if (drawn.count(table.name)) by_schema[table.name.schema].push_back(&table);
    for (const auto& [schema, tables] : by_schema) {
        out += fmt::format("    subgraph {} {{\n        label={};\n        style=\"rounded,dashed\";\n        "
                           "color=\"#9aa5b1\";\n",
                           dot_string("cluster_" + schema), dot_string(schema));
        for (const ir::Table* table : tables) {
            bool faded = !shown(table->name);
            std::string label = fmt::format(
                "<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"3\" color=\"#5b6b7f\">"
                "<tr><td colspan=\"2\" bgcolor=\"{}\"><b>{}</b></td></tr>",
                faded ? "#eef1f4" : "#d9e6f2", html_escaped(display_name(table->name)));
            for (const ir::Column& column : table->columns) {
                std::string key = in_primary_key(*table, column.name)   ? "<font color=\"#9a6700\">PK</font> "
                                  : in_foreign_key(*table, column.name) ? "<font color=\"#1f6feb\">FK</font> "
                                                                        : "";
                label += fmt::format(
                    "<tr><td port={} align=\"left\">{}{}</td><td align=\"left\"><font color=\"#5b6b7f\">{}{}</font>"
                    "</td></tr>",
                    dot_string("c_" + column.name), key, html_escaped(column.name),
                    html_escaped(render_type(column.type)), column.not_null ? "" : "?");
            }
            label += "</table>>";
            std::string link;
            if (options.table_link) {
                std::string target = options.table_link(table->name);
                link = fmt::format(", URL={}, tooltip={}", dot_string(target),
                                   dot_string(table->comment ? *table->comment : display_name(table->name)));
            }
            out += fmt::format("        {} [label={}{}];\n", dot_string(display_name(table->name)), label, link);
        }
        out += "    }\n";
    }
    for (const ir::Table& table : database.tables) {
        if (!drawn.count(table.name)) continue;
        for (const ir::ForeignKey& fk : table.foreign_keys) {
            if (!drawn.count(fk.referenced_table) || fk.columns.empty() || fk.referenced_columns.empty()) continue;
            out += fmt::format("    {}:{} -> {}:{} [tooltip={}{}];\n", dot_string(display_name(table.name)),
                               dot_string("c_" + fk.columns.front()), dot_string(display_name(fk.referenced_table)),
                               dot_string("c_" + fk.referenced_columns.front()), dot_string(fk.name),
                               columns_not_null(table, fk.columns) ? "" : ", style=dashed");
        }
    }
    out += "}\n";
    return out;
}

}  // namespace schemac::docs
