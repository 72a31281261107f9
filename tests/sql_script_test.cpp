// The statement splitter against PostgreSQL's own reading of a migration file: a `--` comment
// ends at a line feed or a lone carriage return, SQL-standard bodies (BEGIN ATOMIC) stay whole,
// a NUL byte, a syntax error, a psql meta-command or a COPY with its rows are refused where
// they are, and a byte-order mark never reaches PostgreSQL. Also the statement facts that
// `check`, `hash` and `migrate` refuse: transaction control and a client COPY; and that the
// shortcuts statement_facts takes give a parse's answers on every statement of the repository.
#include <doctest/doctest.h>

#include <cctype>
#include <filesystem>

#include "compiler/compile.hpp"
#include "compiler/ir/identifiers.hpp"
#include "compiler/migrations/sql_script.hpp"
#include "compiler/migrations/statement_rules.hpp"
#include "compiler/plan/migration_text.hpp"
#include "compiler/plan/plan.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

std::vector<std::string> texts(const std::vector<SqlStatement>& statements) {
    std::vector<std::string> out;
    for (const SqlStatement& s : statements) out.push_back(s.text);
    return out;
}

// The error split_sql_statements throws for `script`.
SqlScriptError refusal(std::string_view script) {
    try {
        split_sql_statements(script);
    } catch (const SqlScriptError& e) {
        return e;
    }
    FAIL("the script was split: " << script);
    return SqlScriptError(0, "");
}

}  // namespace

TEST_CASE("a -- comment ends at a lone carriage return, as in PostgreSQL's scanner") {
    std::string script =
        "-- step one\rINSERT INTO items(payload) VALUES ('after CR');\n-- step two\rCREATE TABLE copy_of_items AS\n"
        "SELECT * FROM items;\n";
    std::vector<SqlStatement> s = split_sql_statements(script);
    CHECK(texts(s) == std::vector<std::string>{"INSERT INTO items(payload) VALUES ('after CR')",
                                               "CREATE TABLE copy_of_items AS\nSELECT * FROM items"});
    CHECK(s[0].offset == 12);
    CHECK(s[0].line == 1);
    CHECK(s[1].line == 2);
    CHECK(split_agrees_with_parser(script));

    // CR LF and lone CR line endings throughout; comments of both kinds, nested.
    s = split_sql_statements("-- a\r\nSELECT 1;\r\n/* b /* c */ d */\rSELECT 2 -- e\r;\r\n\r\n-- f\r");
    CHECK(texts(s) == std::vector<std::string>{"SELECT 1", "SELECT 2 -- e\r"});
    CHECK(s[0].line == 2);
    CHECK(s[1].line == 3);
    CHECK(is_no_transaction_script("-- schemac:no-transaction\rCREATE INDEX CONCURRENTLY i ON t (a);"));
    CHECK(is_no_transaction_script("-- schemac:no-transaction\r\nSELECT 1;"));
}

TEST_CASE("BEGIN ATOMIC bodies are one statement, empty statements are none") {
    std::string script =
        "CREATE FUNCTION two() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
        "CREATE PROCEDURE p() LANGUAGE sql\nBEGIN ATOMIC\n  INSERT INTO t VALUES (1);\n  INSERT INTO t VALUES (2);\nEND;\n"
        ";;\nSELECT two()";
    std::vector<SqlStatement> s = split_sql_statements(script);
    REQUIRE(s.size() == 3);
    CHECK(s[0].text == "CREATE FUNCTION two() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END");
    CHECK(s[1].text.ends_with("INSERT INTO t VALUES (2);\nEND"));
    CHECK(s[1].line == 2);
    CHECK(s[2].text == "SELECT two()");
    CHECK(s[2].line == 8);
    CHECK(split_agrees_with_parser(script));
}

TEST_CASE("a NUL byte is refused where it is") {
    std::string script = "INSERT INTO t VALUES ('before nul');\n";
    script += '\0';
    script += "\nINSERT INTO t VALUES ('after nul');\n";
    SqlScriptError e = refusal(script);
    CHECK(e.offset == 37);
    CHECK(std::string(e.what()).starts_with("a NUL byte (\\0) in the file"));
    CHECK_FALSE(statements_fingerprint(script));
    CHECK(refusal(std::string("SELECT 'a\0b'", 12)).offset == 9);
}

TEST_CASE("a byte that is not UTF-8 is refused where it is, the fingerprint does not throw on it") {
    SqlScriptError e = refusal("CREATE TABLE t (a text);\nINSERT INTO t VALUES ('caf\xe9');\n");
    CHECK(e.offset == 51);
    CHECK(std::string(e.what()).starts_with("the file is not UTF-8 here (byte 0xE9)"));
    CHECK_FALSE(statements_fingerprint("SELECT 'caf\xe9'"));
    CHECK(refusal("SELECT '\xc0\xaf'").offset == 8);          // overlong
    CHECK(refusal("SELECT '\xed\xa0\x80'").offset == 8);      // a surrogate
    CHECK(refusal("SELECT '\xf4\x90\x80\x80'").offset == 8);  // past U+10FFFF
    CHECK(refusal("SELECT '\xe2\x82'").offset == 8);          // cut short
    CHECK(split_sql_statements("SELECT 'caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80'").size() == 1);
    CHECK(refusal("SELECT 'a;b\xbb'; SELECT 2").offset == 11);
}

TEST_CASE("a byte-order mark is skipped: never sent, never hiding the no-transaction marker") {
    std::string script = "\xEF\xBB\xBF-- schemac:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n";
    CHECK(is_no_transaction_script(script));
    std::vector<SqlStatement> s = split_sql_statements(script);
    REQUIRE(s.size() == 1);
    CHECK(s[0].text == "CREATE INDEX CONCURRENTLY i ON t (a)");
    CHECK(s[0].offset == 29);
    CHECK(s[0].line == 2);
    s = split_sql_statements("\xEF\xBB\xBFSELECT 1");
    REQUIRE(s.size() == 1);
    CHECK(s[0].text == "SELECT 1");
    CHECK(s[0].offset == 3);
    CHECK(statements_fingerprint("\xEF\xBB\xBFSELECT 1") == statements_fingerprint("SELECT 1"));
    // Only at the start: elsewhere it is a character PostgreSQL reads as part of a name.
    CHECK(refusal("SELECT 1;\n\xEF\xBB\xBFSELECT 2").offset == 10);
}

TEST_CASE("a file the parser does not accept is refused at the error, psql's meta-commands and COPY by name") {
    SqlScriptError e = refusal("SELECT 1;\nSELEC 2;\n");
    CHECK(e.offset == 10);
    CHECK(std::string(e.what()) == "syntax error at or near \"SELEC\" (read with PostgreSQL 15's parser)");
    // The parser's cursor counts characters; the offset is in bytes.
    CHECK(refusal("SELECT 'ééé' + ;").offset == 18);
    CHECK(refusal("SELECT 'unterminated").offset == 7);
    CHECK(refusal("garbage;").offset == 0);  // the scanner split dropped a statement without keywords

    e = refusal("SELECT 1;\n\\i other.sql\nSELECT 2;\n");
    CHECK(e.offset == 10);
    CHECK(std::string(e.what()).starts_with("`\\i` is a psql meta-command"));

    e = refusal("SELECT 1;\n-- the rows\nCOPY items (id, payload) FROM stdin;\n1\tone\n2\ttwo\n\\.\nSELECT 2;\n");
    CHECK(e.offset == 22);
    CHECK(std::string(e.what()).starts_with("COPY ... FROM STDIN is not supported in a migration"));
    CHECK(e.help.find("INSERT") != std::string::npos);
}

TEST_CASE("the split agrees with PostgreSQL's parser") {
    for (const char* script :
         {"", ";", "  -- only a comment\r", "SELECT 1", "SELECT 1;SELECT 2", "SELECT $$;$$; SELECT ';'",
          "SELECT $a$ $$ ; $a$; /* ; */ SELECT \"a;b\" FROM t", "DO $$BEGIN PERFORM 1; END$$;",
          "SELECT 1 -- x\r; SELECT 2", "select E'\\';' ; select 3", "/* a /* b */ ; */ SELECT 1;", "SELECT 1; garbage",
          "SELECT 'a", "SELECT (1;", "\xEF\xBB\xBF", "SELECT 1\v"})
        CHECK_MESSAGE(split_agrees_with_parser(script), script);
}

TEST_CASE("transaction control and client COPY, from the parse tree") {
    struct Case {
        const char* sql;
        const char* control;  // nullptr: not transaction control
    };
    for (const Case& c :
         {Case{"BEGIN", "BEGIN"},
          Case{"begin transaction isolation level serializable", "BEGIN"},
          Case{"START TRANSACTION", "START TRANSACTION"},
          Case{"COMMIT", "COMMIT"},
          Case{"END", "COMMIT"},
          Case{"commit and chain", "COMMIT"},
          Case{"ROLLBACK", "ROLLBACK"},
          Case{"ABORT", "ROLLBACK"},
          Case{"SAVEPOINT s", "SAVEPOINT"},
          Case{"RELEASE s", "RELEASE SAVEPOINT"},
          Case{"RELEASE SAVEPOINT s", "RELEASE SAVEPOINT"},
          Case{"ROLLBACK TO s", "ROLLBACK TO SAVEPOINT"},
          Case{"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "SET TRANSACTION"},
          Case{"SET TRANSACTION SNAPSHOT '00000003-0000001B-1'", "SET TRANSACTION SNAPSHOT"},
          Case{"PREPARE TRANSACTION 'x'", "PREPARE TRANSACTION"},
          Case{"COMMIT PREPARED 'x'", "COMMIT PREPARED"},
          Case{"ROLLBACK PREPARED 'x'", "ROLLBACK PREPARED"},
          Case{"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", nullptr},
          Case{"SET LOCAL lock_timeout = '1s'", nullptr},
          Case{"SELECT 'COMMIT'", nullptr},
          Case{"DO $$BEGIN COMMIT; END$$", nullptr},
          Case{"PREPARE q AS SELECT 1", nullptr},
          Case{"not sql", nullptr}}) {
        INFO(c.sql);
        std::optional<TransactionControl> control = statement_facts(c.sql).transaction_control;
        if (c.control) {
            REQUIRE(control);
            CHECK(control->name == c.control);
        } else {
            CHECK_FALSE(control);
        }
    }
    CHECK(statement_facts("BEGIN").transaction_control->opens);
    CHECK(statement_facts("END").transaction_control->closes);
    CHECK(statement_facts("PREPARE TRANSACTION 'x'").transaction_control->closes);
    CHECK_FALSE(statement_facts("SAVEPOINT a").transaction_control->closes);

    CHECK(statement_facts("COPY t FROM stdin").client_copy->name == "COPY ... FROM STDIN");
    CHECK(statement_facts("copy t (a, b) from STDIN with (format csv)").client_copy->name == "COPY ... FROM STDIN");
    CHECK(statement_facts("COPY (SELECT 1) TO STDOUT").client_copy->name == "COPY ... TO STDOUT");
    CHECK_FALSE(statement_facts("COPY t FROM '/tmp/t.csv'").client_copy);
    CHECK_FALSE(statement_facts("COPY t TO PROGRAM 'cat'").client_copy);
}

TEST_CASE("what a statement changes under the views that read a table, and the views and rules it drops") {
    auto changes = [](const char* sql) {
        std::vector<std::string> out;
        for (const ColumnChange& c : statement_facts(sql).column_changes)
            out.push_back(std::string(column_change_verb(c.kind)) + " " + (c.schema.empty() ? "" : c.schema + ".") +
                          c.table + (c.column.empty() ? "" : "." + c.column));
        return out;
    };
    using list = std::vector<std::string>;
    CHECK(changes("ALTER TABLE users ALTER COLUMN email TYPE text, DROP COLUMN name, ADD COLUMN x int") ==
          list{"changes the type of users.email", "drops users.name"});
    CHECK(changes("alter table \"Billing\".Invoices alter total set data type numeric(14,2) using total::numeric") ==
          list{"changes the type of Billing.invoices.total"});
    CHECK(changes("ALTER TABLE ONLY t RENAME COLUMN a TO b") == list{"renames t.a"});
    CHECK(changes("ALTER TABLE t ALTER COLUMN g DROP EXPRESSION") == list{"drops the generation expression of t.g"});
    CHECK(changes("DROP TABLE IF EXISTS a, s.b CASCADE") == list{"drops a", "drops s.b"});
    // Longer than the scanner's shortcut reads: parsed.
    CHECK(changes("ALTER TABLE t ADD CONSTRAINT long_check CHECK (a IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, "
                  "14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, "
                  "39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50)), DROP COLUMN b") == list{"drops t.b"});
    CHECK(changes("/* keep */ alter table t rename b to c") == list{"renames t.b"});
    CHECK(changes("ALTER\nTABLE\tt ALTER a\ttYpE bigint") == list{"changes the type of t.a"});
    CHECK(changes("ALTER TABLE t ADD CONSTRAINT no_drop CHECK (note <> 'drop')").empty());
    // Not a column's type, name or existence: nothing a view reading it notices.
    CHECK(changes("ALTER TABLE t ALTER COLUMN a SET DEFAULT 1, ALTER COLUMN a SET NOT NULL").empty());
    CHECK(changes("ALTER TABLE t RENAME TO u").empty());
    CHECK(changes("ALTER VIEW v RENAME COLUMN a TO b").empty());
    CHECK(changes("DROP VIEW v").empty());
    CHECK(changes("not sql").empty());

    std::vector<DroppedDependent> dropped = statement_facts("DROP VIEW IF EXISTS v, s.w CASCADE").dropped_dependents;
    REQUIRE(dropped.size() == 2);
    CHECK((dropped[0].schema.empty() && dropped[0].relation == "v" && dropped[0].rule.empty()));
    CHECK((dropped[1].schema == "s" && dropped[1].relation == "w"));
    dropped = statement_facts("DROP MATERIALIZED VIEW totals").dropped_dependents;
    REQUIRE(dropped.size() == 1);
    CHECK(dropped[0].relation == "totals");
    dropped = statement_facts("DROP RULE keep_log ON s.users").dropped_dependents;
    REQUIRE(dropped.size() == 1);
    CHECK((dropped[0].schema == "s" && dropped[0].relation == "users" && dropped[0].rule == "keep_log"));
    CHECK(statement_facts("DROP TABLE v").dropped_dependents.empty());
    dropped = statement_facts("DROP TRIGGER IF EXISTS touch ON s.users").dropped_dependents;
    REQUIRE(dropped.size() == 1);
    CHECK((dropped[0].schema == "s" && dropped[0].relation == "users" && dropped[0].trigger == "touch"));
    CHECK(dropped[0].rule.empty());
    dropped = statement_facts("DROP FUNCTION billing.total(bigint), inc").dropped_dependents;
    REQUIRE(dropped.size() == 2);
    CHECK((dropped[0].schema == "billing" && dropped[0].relation == "total" && dropped[0].function));
    CHECK((dropped[1].schema.empty() && dropped[1].relation == "inc" && dropped[1].function));
    dropped = statement_facts("DROP PROCEDURE s.settle(integer)").dropped_dependents;
    REQUIRE(dropped.size() == 1);
    CHECK((dropped[0].schema == "s" && dropped[0].relation == "settle" && dropped[0].function));
}

namespace {

// Every answer of a StatementFacts, one line.
std::string facts_text(const StatementFacts& f) {
    std::string out = "refused=" + f.refused_in_transaction_block.value_or("-");
    if (f.transaction_control)
        out += " control=" + f.transaction_control->name + (f.transaction_control->opens ? "+opens" : "") +
               (f.transaction_control->closes ? "+closes" : "");
    if (f.client_copy) out += " copy=" + f.client_copy->name;
    for (const ColumnChange& c : f.column_changes)
        out += " change=" + std::string(column_change_verb(c.kind)) + ":" + c.schema + "." + c.table + "." + c.column;
    for (const DroppedDependent& d : f.dropped_dependents)
        out += " drops=" + d.schema + "." + d.relation + "/" + d.rule + "/" + d.trigger + (d.function ? "()" : "");
    return out;
}

std::string uppered(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

TEST_CASE("statement_facts' shortcuts never change an answer: every statement of the repository, parsed or not") {
    // The statements: every .sql file of the repository, and the first migration of each example.
    std::vector<std::string> scripts;
    namespace fs = std::filesystem;
    const fs::path root = test::source_dir();
    for (const char* folder : {"tests", "schemas", "docs", "fuzz"})
        for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root / folder))
            if (entry.is_regular_file() && entry.path().extension() == ".sql")
                scripts.push_back(test::read(entry.path()));
    for (const fs::directory_entry& entry : fs::directory_iterator(root / "schemas")) {
        if (!entry.is_directory()) continue;
        Compilation c = compile_path(entry.path());
        REQUIRE(c.ok());
        for (const plan::MigrationFile& f : plan::render_migrations(plan::plan_changes({}, c.database), 1, "init", {}))
            scripts.push_back(f.text);
    }
    std::size_t statements = 0;
    std::size_t bulk = 0;  // CREATE and ALTER TABLE statements, which the shortcuts are for
    for (const std::string& script : scripts) {
        std::vector<SqlStatement> split;
        try {
            split = split_sql_statements(script);
        } catch (const SqlScriptError&) {
            continue;  // a file that is broken on purpose
        }
        for (const SqlStatement& s : split) {
            ++statements;
            if (lower_ascii(s.text).starts_with("create") || lower_ascii(s.text).starts_with("alter table")) ++bulk;
            for (const std::string& variant : {s.text, lower_ascii(s.text), uppered(s.text), "/* c */ " + s.text,
                                               "\n\t" + s.text, s.text.substr(0, s.text.size() / 2)}) {
                INFO(variant);
                CHECK(facts_text(statement_facts(variant)) == facts_text(statement_facts_from_parse(variant)));
            }
        }
    }
    CHECK(statements > 900);  // 947 when written
    CHECK(bulk > 400);        // 448
}
