// `--format sarif`: the findings of a command as one SARIF 2.1.0 log on standard output, the
// form code scanning reads; everything else the command prints goes to standard error, the
// findings too, as text.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "compiler/source/sarif.hpp"
#include "tests/support.hpp"

using namespace schemac;
using test::run_schemac_apart;
using test::TempDir;

namespace {

// What SARIF 2.1.0 requires of a log and what code scanning needs of each result: a version,
// one run with a named tool, rules whose index each result names, a message, and a location
// with a file and a region that starts on a line.
void check_sarif_shape(const nlohmann::json& log) {
    REQUIRE(log.is_object());
    CHECK(log["version"] == "2.1.0");
    REQUIRE(log["runs"].size() == 1);
    const nlohmann::json& run = log["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "schemac");
    CHECK(run["tool"]["driver"]["version"].is_string());
    const nlohmann::json& rules = run["tool"]["driver"]["rules"];
    std::set<std::string> ids;
    for (const nlohmann::json& rule : rules) CHECK(ids.insert(rule["id"].get<std::string>()).second);
    for (const nlohmann::json& result : run["results"]) {
        CAPTURE(result.dump());
        REQUIRE(result["ruleIndex"].get<std::size_t>() < rules.size());
        CHECK(rules[result["ruleIndex"].get<std::size_t>()]["id"] == result["ruleId"]);
        CHECK(std::set<std::string>{"error", "warning", "note"}.count(result["level"].get<std::string>()) == 1);
        CHECK(!result["message"]["text"].get<std::string>().empty());
        REQUIRE(result["locations"].size() == 1);
        const nlohmann::json& place = result["locations"][0]["physicalLocation"];
        CHECK(!place["artifactLocation"]["uri"].get<std::string>().empty());
        CHECK(place["region"]["startLine"].get<int>() >= 1);
    }
}

}  // namespace

TEST_CASE("compile --format sarif: rules, regions, notes as related locations, fixes, the log alone on stdout") {
    TempDir project;
    project.file("schemas/app.schema",
                 "table users {\n  id bigint primary key\n  email txt\n}\n\ntable users {\n  id int\n}\n");
    std::string out, err;
    CHECK(run_schemac_apart("compile --format sarif", out, err, project.path) == 1);
    // The findings for people, as with --format text: a CI log shows them beside the upload.
    CHECK(err.starts_with("schemas/app.schema:3:9: error: unknown type 'txt'\n"));
    CHECK(err.ends_with("2 errors\n"));
    nlohmann::json log = nlohmann::json::parse(out);
    check_sarif_shape(log);
    log["runs"][0]["tool"]["driver"]["version"] = "(schemac's version)";  // the golden file outlives releases
    test::check_golden(test::source_dir() / "tests/golden/sarif/compile.sarif", log.dump(2) + "\n");
}

TEST_CASE("--format sarif with nothing found is a log with no results, without a run there is no log") {
    TempDir project;
    project.file("schemas/app.schema", "table users {\n  id bigint primary key\n}\n");
    std::string out, err;
    CHECK(run_schemac_apart("compile --format sarif", out, err, project.path) == 0);
    nlohmann::json log = nlohmann::json::parse(out);
    check_sarif_shape(log);
    CHECK(log["runs"][0]["results"].empty());
    CHECK(log["runs"][0]["tool"]["driver"]["rules"].empty());

    // Could not run (exit 2): no log at all, so that an upload fails instead of reporting
    // "no findings" and closing every open alert.
    CHECK(run_schemac_apart("compile --format sarif --schema missing", out, err, project.path) == 2);
    CHECK(out.empty());
    CHECK(err == "schemac: error: missing: no such file or directory\n");
}

TEST_CASE("generate and check --format sarif: what a command prints for people goes to stderr") {
    TempDir project;
    project.file("schemas/app.schema", "table users {\n  id bigint primary key\n}\n");
    std::string out, err;
    REQUIRE(run_schemac_apart("generate --name init --format sarif", out, err, project.path) == 0);
    CHECK(nlohmann::json::parse(out)["runs"][0]["results"].empty());
    CHECK(err.find("migrations/0001_init.sql\n") != std::string::npos);

    // A change without a migration: a finding on the line that changed.
    project.file("schemas/app.schema", "table users {\n  id bigint primary key\n  age int\n}\n");
    CHECK(run_schemac_apart("check --format sarif", out, err, project.path) == 1);
    nlohmann::json log = nlohmann::json::parse(out);
    check_sarif_shape(log);
    REQUIRE(log["runs"][0]["results"].size() == 1);
    const nlohmann::json& result = log["runs"][0]["results"][0];
    CHECK(result["ruleId"] == "schema-changed");
    CHECK(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "schemas/app.schema");
    CHECK(result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3);
}

TEST_CASE("a finding with no place in a file is put on the first line of the first file") {
    SourceSet sources;
    sources.add("schemas/a b.schema", "table t {\n  id int\n}\n");
    Diagnostics found;
    found.error("snapshot-stale", Span{}, "the snapshot is older than the migrations", "run `schemac generate`");
    SarifLog log;
    log.add(sources, found);
    nlohmann::json document = log.document("1.2.3");
    check_sarif_shape(document);
    const nlohmann::json& place = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    CHECK(place["artifactLocation"]["uri"] == "schemas/a%20b.schema");
    CHECK(place["region"] == nlohmann::json{{"startLine", 1}});
    CHECK(document["runs"][0]["results"][0]["message"]["text"] ==
          "the snapshot is older than the migrations\nhelp: run `schemac generate`");

    // No files at all: a result without a location (valid SARIF; nothing better is known).
    SarifLog bare;
    bare.add(SourceSet{}, found);
    CHECK(!bare.document("1.2.3")["runs"][0]["results"][0].contains("locations"));
}

TEST_CASE("artifact URIs: relative to the root and percent-encoded, a file outside it is a file:// URI") {
    CHECK(sarif_uri("schemas/app.schema") == "schemas/app.schema");
    CHECK(sarif_uri("./schemas//app.schema") == "schemas/app.schema");
    CHECK(sarif_uri("schemas/ünï côde#1.schema") == "schemas/%C3%BCn%C3%AF%20c%C3%B4de%231.schema");
    CHECK(sarif_uri("/srv/app/db/schemas/a.schema", "/srv/app") == "db/schemas/a.schema");
    CHECK(sarif_uri("/srv/other/a.schema", "/srv/app") == "file:///srv/other/a.schema");
    std::string outside = sarif_uri("../elsewhere/a.schema");
    CHECK(outside.starts_with("file:///"));
    CHECK(outside.ends_with("/elsewhere/a.schema"));
    CHECK(outside.find("..") == std::string::npos);
}

TEST_CASE("in a repository, paths are relative to its root, wherever schemac runs") {
    TempDir repository;
    std::filesystem::create_directories(repository.path / ".git");
    repository.file("services/db/schemas/app.schema", "table users {\n  id bigint primary key\n  x nope\n}\n");
    std::string out, err;
    CHECK(run_schemac_apart("compile --format sarif", out, err, repository.path / "services/db") == 1);
    nlohmann::json log = nlohmann::json::parse(out);
    CHECK(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
          "services/db/schemas/app.schema");
    CHECK(err.starts_with("schemas/app.schema:3:5: error: unknown type 'nope'"));  // people: from here
}

TEST_CASE("--format sarif is refused for many targets: one log is one database's findings") {
    TempDir project;
    project.file("schemas/app.schema", "table users {\n  id bigint primary key\n}\n");
    std::string out, err;
    CHECK(run_schemac_apart("status --format sarif --targets targets.txt", out, err, project.path) == 2);
    CHECK(out.empty());
    CHECK(err.find("schemac: error: --format sarif reports the findings of one database, not of many targets\n") == 0);
}

TEST_CASE("fmt --check --format sarif: a file out of layout is a finding on the first line that differs") {
    TempDir project;
    project.file("schemas/app.schema", "table users {\n  id    bigint primary key\n  email   text\n}\n");
    std::string out, err;
    CHECK(run_schemac_apart("fmt --check --format sarif", out, err, project.path) == 1);
    CHECK(err == "would reformat schemas/app.schema\n");
    nlohmann::json log = nlohmann::json::parse(out);
    check_sarif_shape(log);
    REQUIRE(log["runs"][0]["results"].size() == 1);
    const nlohmann::json& result = log["runs"][0]["results"][0];
    CHECK(result["ruleId"] == "not-formatted");
    CHECK(result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3);
}
