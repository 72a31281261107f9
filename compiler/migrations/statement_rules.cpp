#include "compiler/migrations/statement_rules.hpp"

#include <pg_query.h>

#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>

#include "compiler/migrations/leading_words.hpp"
#include "compiler/sql/sql_tokens.hpp"

namespace schemac {
namespace {

using json = nlohmann::json;

// The statement's node ({"IndexStmt": {...}}), or null when it does not parse to one statement.
json statement_node(std::string_view statement) {
    std::string text(statement);
    PgQueryParseResult parsed = pg_query_parse(text.c_str());
    json out;
    if (!parsed.error) {
        json tree = json::parse(parsed.parse_tree, nullptr, false);
        if (tree.is_object() && tree.contains("stmts") && tree["stmts"].size() == 1 &&
            tree["stmts"][0].contains("stmt"))
            out = tree["stmts"][0]["stmt"];
    }
    pg_query_free_parse_result(parsed);
    return out;
}

// A DefElem option's truth as PostgreSQL's defGetBoolean reads it: no value is true.
bool option_true(const json& def_elem) {
    if (!def_elem.contains("arg")) return true;
    const json& arg = def_elem["arg"];
    if (arg.contains("Integer")) return arg["Integer"].value("ival", 0) != 0;
    if (arg.contains("Boolean")) return arg["Boolean"].value("boolval", false);
    if (arg.contains("String")) {
        std::string v = arg["String"].value("sval", "");
        return v == "true" || v == "on" || v == "1" || v == "yes";
    }
    return true;
}

// The options list `key` of `node` has an option `name` that is true.
bool has_option(const json& node, const char* key, std::string_view name) {
    if (!node.contains(key)) return false;
    for (const json& item : node[key])
        if (item.contains("DefElem") && item["DefElem"].value("defname", "") == name && option_true(item["DefElem"]))
            return true;
    return false;
}

std::optional<std::string> refused_in_block(const json& node) {
    if (!node.is_object() || node.empty()) return std::nullopt;
    const std::string kind = node.begin().key();
    const json& s = node.begin().value();
    if (kind == "IndexStmt" && s.value("concurrent", false)) return "CREATE INDEX CONCURRENTLY";
    if (kind == "DropStmt" && s.value("concurrent", false)) return "DROP INDEX CONCURRENTLY";
    if (kind == "ReindexStmt") {
        if (has_option(s, "params", "concurrently")) return "REINDEX CONCURRENTLY";
        std::string object = s.value("kind", "");
        if (object == "REINDEX_OBJECT_SCHEMA") return "REINDEX SCHEMA";
        if (object == "REINDEX_OBJECT_SYSTEM") return "REINDEX SYSTEM";
        if (object == "REINDEX_OBJECT_DATABASE") return "REINDEX DATABASE";
    }
    if (kind == "VacuumStmt" && s.value("is_vacuumcmd", false)) return "VACUUM";
    if (kind == "ClusterStmt" && !s.contains("relation")) return "CLUSTER";
    if (kind == "AlterTableStmt" && s.contains("cmds"))
        for (const json& cmd : s["cmds"]) {
            const json& c = cmd.value("AlterTableCmd", json::object());
            if (c.value("subtype", "") == "AT_DetachPartition" && c.contains("def") &&
                c["def"].contains("PartitionCmd") && c["def"]["PartitionCmd"].value("concurrent", false))
                return "ALTER TABLE ... DETACH CONCURRENTLY";
        }
    if (kind == "CreatedbStmt") return "CREATE DATABASE";
    if (kind == "DropdbStmt") return "DROP DATABASE";
    if (kind == "AlterDatabaseStmt" && s.contains("options"))
        for (const json& item : s["options"])
            if (item.contains("DefElem") && item["DefElem"].value("defname", "") == "tablespace")
                return "ALTER DATABASE SET TABLESPACE";
    if (kind == "CreateTableSpaceStmt") return "CREATE TABLESPACE";
    if (kind == "DropTableSpaceStmt") return "DROP TABLESPACE";
    if (kind == "AlterSystemStmt") return "ALTER SYSTEM";
    if (kind == "DiscardStmt" && s.value("target", "") == "DISCARD_ALL") return "DISCARD ALL";
    return std::nullopt;
}

std::optional<TransactionControl> transaction_control_of(const json& node) {
    if (node.contains("TransactionStmt")) {
        std::string kind = node["TransactionStmt"].value("kind", "");
        if (kind == "TRANS_STMT_BEGIN") return TransactionControl{"BEGIN", true, false};
        if (kind == "TRANS_STMT_START") return TransactionControl{"START TRANSACTION", true, false};
        if (kind == "TRANS_STMT_COMMIT") return TransactionControl{"COMMIT", false, true};
        if (kind == "TRANS_STMT_ROLLBACK") return TransactionControl{"ROLLBACK", false, true};
        if (kind == "TRANS_STMT_SAVEPOINT") return TransactionControl{"SAVEPOINT"};
        if (kind == "TRANS_STMT_RELEASE") return TransactionControl{"RELEASE SAVEPOINT"};
        if (kind == "TRANS_STMT_ROLLBACK_TO") return TransactionControl{"ROLLBACK TO SAVEPOINT"};
        if (kind == "TRANS_STMT_PREPARE") return TransactionControl{"PREPARE TRANSACTION", false, true};
        if (kind == "TRANS_STMT_COMMIT_PREPARED") return TransactionControl{"COMMIT PREPARED"};
        if (kind == "TRANS_STMT_ROLLBACK_PREPARED") return TransactionControl{"ROLLBACK PREPARED"};
        return TransactionControl{"transaction control"};  // a kind newer than this list
    }
    if (node.contains("VariableSetStmt")) {
        std::string name = node["VariableSetStmt"].value("name", "");
        if (name == "TRANSACTION") return TransactionControl{"SET TRANSACTION"};
        if (name == "TRANSACTION SNAPSHOT") return TransactionControl{"SET TRANSACTION SNAPSHOT"};
    }
    return std::nullopt;
}

std::optional<ClientCopy> client_copy_of(const json& node) {
    if (!node.contains("CopyStmt")) return std::nullopt;
    const json& s = node["CopyStmt"];
    if (s.contains("filename")) return std::nullopt;  // a server file or program
    return ClientCopy{s.value("is_from", false) ? "COPY ... FROM STDIN" : "COPY ... TO STDOUT"};
}

// The strings of a name list (`{"List": {"items": [{"String": ...}, ...]}}` or a bare array).
std::vector<std::string> name_parts(const json& list) {
    const json& items = list.contains("List") ? list["List"].value("items", json::array()) : list;
    std::vector<std::string> out;
    for (const json& item : items)
        if (item.contains("String")) out.push_back(item["String"].value("sval", ""));
    return out;
}

std::vector<ColumnChange> column_changes_of(const json& node) {
    std::vector<ColumnChange> out;
    if (node.contains("AlterTableStmt")) {
        const json& s = node["AlterTableStmt"];
        if (s.value("objtype", "") != "OBJECT_TABLE" || !s.contains("relation") || !s.contains("cmds")) return out;
        std::string schema = s["relation"].value("schemaname", ""), table = s["relation"].value("relname", "");
        for (const json& cmd : s["cmds"]) {
            const json& c = cmd.value("AlterTableCmd", json::object());
            std::string subtype = c.value("subtype", "");
            std::optional<ColumnChange::Kind> kind;
            if (subtype == "AT_AlterColumnType") kind = ColumnChange::type;
            if (subtype == "AT_DropColumn") kind = ColumnChange::drop_column;
            if (subtype == "AT_DropExpression") kind = ColumnChange::drop_expression;
            if (kind && c.contains("name")) out.push_back(ColumnChange{*kind, schema, table, c.value("name", "")});
        }
    } else if (node.contains("RenameStmt")) {
        const json& s = node["RenameStmt"];
        if (s.value("renameType", "") == "OBJECT_COLUMN" && s.value("relationType", "") == "OBJECT_TABLE" &&
            s.contains("relation"))
            out.push_back(ColumnChange{ColumnChange::rename_column, s["relation"].value("schemaname", ""),
                                       s["relation"].value("relname", ""), s.value("subname", "")});
    } else if (node.contains("DropStmt") && node["DropStmt"].value("removeType", "") == "OBJECT_TABLE") {
        for (const json& object : node["DropStmt"].value("objects", json::array())) {
            std::vector<std::string> parts = name_parts(object);
            if (parts.empty() || parts.size() > 2) continue;  // a database-qualified name: PostgreSQL refuses it
            out.push_back(ColumnChange{ColumnChange::drop_table, parts.size() == 2 ? parts[0] : "", parts.back(), ""});
        }
    }
    return out;
}

std::vector<DroppedDependent> dropped_dependents_of(const json& node) {
    std::vector<DroppedDependent> out;
    if (!node.contains("DropStmt")) return out;
    std::string kind = node["DropStmt"].value("removeType", "");
    bool on_table = kind == "OBJECT_RULE" || kind == "OBJECT_TRIGGER";
    bool function = kind == "OBJECT_FUNCTION" || kind == "OBJECT_PROCEDURE" || kind == "OBJECT_ROUTINE";
    if (kind != "OBJECT_VIEW" && kind != "OBJECT_MATVIEW" && !on_table && !function) return out;
    for (const json& object : node["DropStmt"].value("objects", json::array())) {
        std::vector<std::string> parts =
            function ? name_parts(object.value("ObjectWithArgs", json::object()).value("objname", json::array()))
                     : name_parts(object);
        if (on_table && parts.size() >= 2 && parts.size() <= 3) {  // [schema,] table, rule or trigger
            DroppedDependent d{parts.size() == 3 ? parts[0] : "", parts[parts.size() - 2], "", ""};
            (kind == "OBJECT_RULE" ? d.rule : d.trigger) = parts.back();
            out.push_back(std::move(d));
        } else if (!on_table && !parts.empty() && parts.size() <= 2) {
            out.push_back(DroppedDependent{parts.size() == 2 ? parts[0] : "", parts.back(), "", "", function});
        }
    }
    return out;
}

// Whether PostgreSQL's scanner alone shows that every answer of statement_facts is "no", which a
// migration's bulk (CREATE TABLE, CREATE INDEX, ALTER TABLE ... ADD) does, without the price of
// a parse: CREATE of anything but a database, a tablespace or an index built CONCURRENTLY (no other
// CREATE parses to a node the facts read), and ALTER TABLE without the keywords DETACH, TYPE, DROP
// and RENAME (every fact of an ALTER TABLE needs one of them). False means "parse it". A long
// CREATE is scanned from its first bytes only, and only tokens another token follows are trusted
// (a cut can change only the last one); an ALTER TABLE must be scanned whole.
bool answers_no_to_every_fact(std::string_view statement) {
    constexpr std::size_t prefix = 256;
    const bool whole = statement.size() <= prefix;
    std::optional<std::vector<SqlToken>> scanned = sql_tokens(whole ? statement : statement.substr(0, prefix));
    if (!scanned) return false;
    std::vector<SqlToken> tokens;
    for (const SqlToken& t : *scanned)
        if (!t.comment()) tokens.push_back(t);
    if (!whole && !tokens.empty()) tokens.pop_back();
    auto keyword = [&](std::size_t i, std::string_view word) {
        return i < tokens.size() && tokens[i].is_keyword(statement, word);
    };
    if (keyword(0, "create")) {
        std::size_t at = keyword(1, "unique") ? 2 : 1;
        if (at + 1 >= tokens.size()) return false;  // the words that decide must be followed by another
        if (keyword(at, "index")) return !keyword(at + 1, "concurrently");
        return !keyword(1, "database") && !keyword(1, "tablespace");
    }
    if (whole && keyword(0, "alter") && keyword(1, "table")) {
        constexpr std::array<std::string_view, 4> deciding{"detach", "type", "drop", "rename"};
        for (std::size_t i = 2; i < tokens.size(); ++i)
            for (std::string_view word : deciding)
                if (tokens[i].is_keyword(statement, word)) return false;
        return true;
    }
    return false;
}

// The same answer as answers_no_to_every_fact for the bulk of a migration, from the bytes alone
// (PostgreSQL's scanner costs more than the rest of these checks together): a statement whose
// first words are CREATE [UNIQUE] INDEX and a name other than CONCURRENTLY, CREATE and a word
// other than UNIQUE, INDEX, DATABASE or TABLESPACE, or ALTER TABLE with none of DETACH, TYPE,
// DROP and RENAME anywhere in its bytes (not even inside a name, a string or a comment). Every
// word leading_words reads is a whole token, so a "yes" here is one answers_no_to_every_fact's
// reasons give too; false means "ask the scanner".
bool words_answer_no_to_every_fact(std::string_view statement) {
    const LeadingWords words = leading_words(statement);
    auto word = [&](std::size_t i, std::string_view lower) { return i < words.count && is_word(words.word[i], lower); };
    if (word(0, "create")) {
        const std::size_t at = word(1, "unique") ? 2 : 1;
        if (word(at, "index")) return at + 1 < words.count && !word(at + 1, "concurrently");
        return at == 1 && words.count >= 2 && !word(1, "database") && !word(1, "tablespace");
    }
    if (word(0, "alter") && word(1, "table"))
        return !any_occurs_ignoring_case(statement, {"detach", "type", "drop", "rename"});
    return false;
}

}  // namespace

std::string_view column_change_verb(ColumnChange::Kind kind) {
    switch (kind) {
        case ColumnChange::type: return "changes the type of";
        case ColumnChange::drop_column: return "drops";
        case ColumnChange::rename_column: return "renames";
        case ColumnChange::drop_expression: return "drops the generation expression of";
        case ColumnChange::drop_table: return "drops";
    }
    return "changes";
}

StatementFacts statement_facts(std::string_view statement) {
    if (words_answer_no_to_every_fact(statement) || answers_no_to_every_fact(statement)) return {};
    return statement_facts_from_parse(statement);
}

StatementFacts statement_facts_from_parse(std::string_view statement) {
    StatementFacts out;
    json node = statement_node(statement);
    if (!node.is_object() || node.empty()) return out;
    out.refused_in_transaction_block = refused_in_block(node);
    out.transaction_control = transaction_control_of(node);
    out.client_copy = client_copy_of(node);
    out.column_changes = column_changes_of(node);
    out.dropped_dependents = dropped_dependents_of(node);
    return out;
}

std::string client_copy_message(const ClientCopy& copy) {
    return fmt::format("{} is not supported in a migration: psql {} the rows of such a COPY, schemac sends each "
                       "statement on its own and has no rows to give it",
                       copy.name, copy.name.ends_with("STDIN") ? "sends" : "receives");
}

std::string client_copy_help(const ClientCopy& copy) {
    if (copy.name.ends_with("STDOUT"))
        return "a migration has no one to read rows it sends: remove the statement, or write the rows to a file on "
               "the database server (COPY ... TO '/path/on/server')";
    return "load the rows with INSERT ... VALUES (or INSERT ... SELECT), or COPY from a file on the database server "
           "(COPY table FROM '/path/on/server'), or run this file with psql instead of schemac migrate";
}

std::optional<ConcurrentIndexBuild> concurrent_index_build(std::string_view statement) {
    json node = statement_node(statement);
    if (!node.is_object() || !node.contains("IndexStmt")) return std::nullopt;
    const json& s = node["IndexStmt"];
    if (!s.value("concurrent", false) || !s.contains("relation")) return std::nullopt;
    ConcurrentIndexBuild out;
    out.schema = s["relation"].value("schemaname", "");
    out.table = s["relation"].value("relname", "");
    out.index = s.value("idxname", "");
    return out;
}

}  // namespace schemac
