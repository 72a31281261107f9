// The schemac binary as a user runs it: exit codes 0/1/2, formats, colour, fmt --check.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "compiler/compile.hpp"
#include "compiler/ir/ir_json.hpp"
#include "tests/support.hpp"

using namespace schemac;

using test::run_schemac;
using test::TempDir;

TEST_CASE("--version and --help exit 0") {
    std::string out;
    CHECK(run_schemac("--version", out) == 0);
    // schemac's release, the PostgreSQL grammar libpg_query carries, the libpq it runs with.
    CHECK(std::regex_match(out, std::regex("schemac [0-9]+\\.[0-9]+\\.[0-9]+\n"
                                           "SQL parser: libpg_query, PostgreSQL 15\\.[0-9]+ grammar\n"
                                           "libpq: [0-9]+\\.[0-9]+, built against 15\\.[0-9]+[^\n]*\n")));
    for (const char* command : {"--help", "compile --help", "fmt --help"}) {
        INFO(command);
        CHECK(run_schemac(command, out) == 0);
        bool helpful = out.find("--schema") != std::string::npos || out.find("compile") != std::string::npos;
        CHECK(helpful);
    }
}

TEST_CASE("bad arguments exit 2") {
    std::string out;
    CHECK(run_schemac("", out) == 2);
    CHECK(run_schemac("no-such-command", out) == 2);
    CHECK(run_schemac("compile --format xml", out) == 2);
    CHECK(run_schemac("compile --no-such-option", out) == 2);
}

TEST_CASE("a missing path exits 2 with one clear line") {
    std::string out;
    CHECK(run_schemac("compile --schema does/not/exist", out) == 2);
    CHECK(out == "schemac: error: does/not/exist: no such file or directory\n");
    CHECK(run_schemac("fmt --check does/not/exist.schema", out) == 2);
}

TEST_CASE("compile exits 0 on every example and prints a summary") {
    std::string out;
    for (const char* example : {"schemas/app", "schemas/billing", "schemas/showcase"}) {
        INFO(example);
        CHECK(run_schemac(std::string("compile --schema ") + example, out) == 0);
        CHECK(out.find("tables") != std::string::npos);
        CHECK(run_schemac(std::string("fmt --check ") + example, out) == 0);
    }
    CHECK(run_schemac("compile --schema schemas/app -q", out) == 0);
    CHECK(out.empty());
    // Views are counted where there are any; their indexes are among the indexes.
    CHECK(run_schemac("compile --schema schemas/showcase", out) == 0);
    CHECK(out.find("26 tables, 4 views, 1 materialized view, 68 columns, 1 enum, 2 domains, 1 composite type, 8 "
                   "indexes,") != std::string::npos);
}

TEST_CASE("a mistake exits 1 with file:line:col, a caret and a help line") {
    TempDir dir;
    std::string file = dir.file("bad.schema", "table users {\n  id uuidd primary key\n}\n");
    std::string out;
    CHECK(run_schemac("compile --schema " + file, out) == 1);
    CHECK(out == file + ":2:6: error: unknown type 'uuidd'\n"
                        " 2 |   id uuidd primary key\n"
                        "   |      ^~~~~\n"
                        "help: did you mean 'uuid'?\n"
                        "1 error\n");
}

TEST_CASE("--format json and --format github carry the same diagnostics") {
    TempDir dir;
    std::string schema = dir.file("bad.schema", "table t {\n  id int\n  x nope\n}\n");
    std::string out;
    CHECK(run_schemac("compile --format json --schema " + schema, out) == 1);
    auto json = nlohmann::json::parse(out);
    REQUIRE(json["diagnostics"].size() == 1);
    auto d = json["diagnostics"][0];
    CHECK(d["file"] == schema);
    CHECK(d["line"] == 3);
    CHECK(d["column"] == 5);
    CHECK(d["end"]["column"] == 9);
    CHECK(d["severity"] == "error");
    CHECK(d["code"] == "unknown-type");
    CHECK(d["message"] == "unknown type 'nope'");
    CHECK(d["help"].is_string());
    CHECK(json["errors"] == 1);

    CHECK(run_schemac("compile --format github --schema " + schema, out) == 1);
    CHECK(out.starts_with(
        "::error file=" + schema + ",line=3,col=5,endLine=3,endColumn=9,title=unknown-type::unknown type 'nope'"));

    // Notes are part of the annotation's text, with their place when it is another line.
    std::string twice = dir.file("twice.schema", "table t {\n  id int\n}\ntable t {\n  id int\n}\n");
    CHECK(run_schemac("compile --format github --schema " + twice, out) == 1);
    CHECK_MESSAGE(out.find("%0Anote: " + twice + ":1:7: previously defined here") != std::string::npos, out);
}

TEST_CASE("colour only when asked for or on a terminal, never with NO_COLOR") {
    TempDir dir;
    std::string schema = dir.file("bad.schema", "table t { x nope }\n");
    std::string out;
    run_schemac("compile --schema " + schema, out);
    CHECK(out.find('\x1b') == std::string::npos);  // not a terminal
    run_schemac("compile --color always --schema " + schema, out);
    CHECK(out.find('\x1b') != std::string::npos);
    run_schemac("compile --color never --schema " + schema, out);
    CHECK(out.find('\x1b') == std::string::npos);
    // auto on a terminal colours, and NO_COLOR turns that off: `script` (util-linux, always on
    // Debian) gives schemac a terminal.
    std::string script;
    REQUIRE_MESSAGE(test::run("command -v script", script) == 0, "the colour test needs `script` for a terminal");
    std::string cmd = "script -qec \"env NO_COLOR=1 '" SCHEMAC_BINARY "' compile --schema " + schema + "\" /dev/null";
    test::run(cmd, out);
    CHECK(out.find("unknown type") != std::string::npos);  // the terminal run did report
    CHECK(out.find('\x1b') == std::string::npos);
    cmd = "script -qec \"env -u NO_COLOR '" SCHEMAC_BINARY "' compile --schema " + schema + "\" /dev/null";
    test::run(cmd, out);
    CHECK(out.find('\x1b') != std::string::npos);
}

TEST_CASE("--emit json prints the IR") {
    std::string out;
    CHECK(run_schemac("compile --schema schemas/billing --emit json", out) == 0);
    ir::Database db = ir_from_json_text(out);
    CHECK(db == compile_path(test::source_dir() / "schemas/billing").database);
}

TEST_CASE("fmt --check exits 1 and names the file, fmt rewrites it, then --check passes") {
    TempDir dir;
    std::string file = dir.file("messy.schema", "table t{\n id int   NOT NULL\n}\n");
    std::string out;
    CHECK(run_schemac("fmt --check " + file, out) == 1);
    CHECK(out == "would reformat " + file + "\n");
    CHECK(test::read(file) == "table t{\n id int   NOT NULL\n}\n");  // --check changes nothing
    CHECK(run_schemac("fmt " + file, out) == 0);
    CHECK(test::read(file) == "table t {\n  id int not null\n}\n");
    CHECK(run_schemac("fmt --check " + file, out) == 0);
}

TEST_CASE("fmt refuses to touch a file that does not parse") {
    TempDir dir;
    std::string file = dir.file("broken.schema", "table t {\n  id int prmary key\n}\n");
    std::string out;
    CHECK(run_schemac("fmt " + file, out) == 1);
    CHECK(out.find("found 'prmary'") != std::string::npos);
    CHECK(test::read(file) == "table t {\n  id int prmary key\n}\n");
}

TEST_CASE("a directory is the *.schema files inside it and its subdirectories, hidden ones aside") {
    TempDir dir;
    test::write(dir.path / "a.schema", "table a { id int primary key }\n");
    dir.file("billing/invoices.schema", "table billing.invoices { id int primary key\n  a_id int references a(id) }\n");
    dir.file("billing/deep/lines.schema", "table billing.lines { id int primary key }\n");
    dir.file(".history/a_20261129.schema", "table a { id int primary key }\n");  // would be a duplicate
    test::write(dir.path / "notes.txt", "not a schema");
    // A link back to the top is followed once: the loop ends and nothing is read twice.
    std::filesystem::create_directory_symlink(dir.path, dir.path / "billing" / "loop");
    std::string out;
    CHECK(run_schemac("compile --schema " + dir.path.string(), out) == 0);
    CHECK(out.find("3 tables") != std::string::npos);

    // Diagnostics name a nested file by its path under the directory given.
    test::write(dir.path / "billing" / "deep" / "lines.schema", "table billing.lines { id in primary key }\n");
    CHECK(run_schemac("compile --schema .", out, "", dir.path) == 1);
    CHECK(out.starts_with("./billing/deep/lines.schema:1:26: error: unknown type 'in'"));
}

TEST_CASE("fmt on a directory formats the files of its subdirectories too") {
    TempDir dir;
    std::string nested = dir.file("billing/invoices.schema", "table billing.invoices{\n id int   NOT NULL\n}\n");
    std::string out;
    CHECK(run_schemac("fmt --check " + dir.path.string(), out) == 1);
    CHECK(out == "would reformat " + nested + "\n");
    CHECK(run_schemac("fmt " + dir.path.string(), out) == 0);
    CHECK(test::read(nested) == "table billing.invoices {\n  id int not null\n}\n");
}

TEST_CASE("schemac alone lists the commands, an unknown command names the closest one") {
    std::string out;
    CHECK(run_schemac("", out) == 2);
    CHECK(out.find("generate") != std::string::npos);
    CHECK(out.find("no command given") != std::string::npos);
    CHECK(run_schemac("genrate", out) == 2);
    CHECK(out == "schemac: error: unknown command 'genrate'; did you mean 'generate'?\n"
                 "help: run `schemac --help` for the list of commands\n");
    CHECK(run_schemac("version", out) == 2);
    CHECK(out == "schemac: error: unknown command 'version'\nhelp: the version is `schemac --version`\n");
    CHECK(run_schemac("help", out) == 0);
    CHECK(out.find("baseline") != std::string::npos);
    CHECK(run_schemac("help baseline", out) == 0);
    CHECK(out.find("--to") != std::string::npos);
}

TEST_CASE("a malformed database URL says which forms are accepted") {
    TempDir dir;
    std::filesystem::create_directories(dir.path / "migrations");
    std::string out;
    for (const char* url : {"postgres//127.0.0.1/saas", "mysql://root@127.0.0.1/saas"}) {
        INFO(url);
        CHECK(run_schemac(std::string("status --database ") + url, out, "", dir.path) == 2);
        CHECK(out.find("cannot use the database URL") != std::string::npos);
        CHECK(out.find("help: expected postgresql://user@host:port/name") != std::string::npos);
        CHECK(out.find("missing \"=\"") == std::string::npos);
    }
    CHECK(run_schemac("status --database mysql://root:secret@h/saas", out, "", dir.path) == 2);
    CHECK(out.find("secret") == std::string::npos);
    CHECK(out.find("'mysql://' is not a PostgreSQL URL") != std::string::npos);
}

TEST_CASE("baseline takes --to, the old --version still works, with a warning, neither is an error") {
    TempDir dir;
    std::string out;
    std::filesystem::create_directories(dir.path / "migrations");
    CHECK(run_schemac("baseline --database 'host=/nonexistent dbname=x'", out, "", dir.path) == 2);
    CHECK(out.find("baseline needs --to N") != std::string::npos);
    CHECK(run_schemac("baseline --help", out) == 0);
    CHECK(out.find("--to") != std::string::npos);
    CHECK(out.find("--version") == std::string::npos);
    CHECK(run_schemac("baseline --to 1 --version 1", out) == 2);
}

TEST_CASE("check without --database says the database was not checked when DATABASE_URL is set") {
    TempDir dir;
    std::string out;
    dir.file("schemas/app.schema", "table t {\n  id int primary key\n}\n");
    REQUIRE(run_schemac("generate --name init", out, "", dir.path) == 0);
    CHECK(run_schemac("check", out, "DATABASE_URL=postgresql://nobody@127.0.0.1:1/none", dir.path) == 0);
    CHECK(out.find("database not checked (pass --database)") != std::string::npos);
    CHECK(run_schemac("check", out, "DATABASE_URL=", dir.path) == 0);
    CHECK(out.find("database not checked") == std::string::npos);
    CHECK(run_schemac("check --help", out) == 0);
    CHECK(out.find("it does not read $DATABASE_URL") != std::string::npos);
}
