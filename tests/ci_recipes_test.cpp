// The CI recipes (ci/): the scripts the GitHub action and the GitLab template run, run here as
// those jobs run them (schemac on PATH, settings in the environment, the project in a folder of
// the repository), and the two YAML files checked for what they name: scripts that exist,
// inputs that are declared.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using schemac::test::PostgresCluster;
using schemac::test::run;
using schemac::test::run_schemac;
using schemac::test::TempDir;

namespace {

std::filesystem::path ci_dir() { return schemac::test::source_dir() / "ci"; }

std::string text_of(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs ci/SCRIPT in `repository` with `environment` (NAME=value words) and schemac on PATH.
int run_ci_script(const std::string& script, const std::filesystem::path& repository, const std::string& environment,
                  std::string& out) {
    std::string path = std::filesystem::path(SCHEMAC_BINARY).parent_path().string();
    return run("cd '" + repository.string() + "' && env PATH='" + path + "':\"$PATH\" NO_COLOR=1 " + environment +
                   " bash '" + (ci_dir() / script).string() + "' 0<&-",
               out);
}

}  // namespace

TEST_CASE("ci/check.sh: the gate's exit code, a SARIF log for code scanning, the findings in the log") {
    TempDir repository;
    std::filesystem::create_directories(repository.path / ".git");
    std::filesystem::path project = repository.path / "db";
    repository.file("db/schemas/app.schema", "table users {\n  id bigint primary key\n}\n");
    std::string out;
    REQUIRE(run_schemac("generate --name init -q", out, "NO_COLOR=", project) == 0);
    std::string github_output = (repository.path / "github_output").string();

    // Clean, replayed on a scratch PostgreSQL (the default): exit 0, a log with no results.
    REQUIRE_MESSAGE(run_ci_script("check.sh", repository.path,
                                  "SCHEMAC_WORKING_DIRECTORY=db GITHUB_OUTPUT='" + github_output + "'", out) == 0,
                    out);
    nlohmann::json log = nlohmann::json::parse(text_of(project / "schemac.sarif"));
    CHECK(log["runs"][0]["results"].empty());
    CHECK(text_of(github_output) == "exit-code=0\n");

    // A change without a migration: exit 1; the finding in the log (for people) and in the SARIF
    // log on the file's path in the repository.
    repository.file("db/schemas/app.schema", "table users {\n  id bigint primary key\n  age int\n}\n");
    CHECK(run_ci_script("check.sh", repository.path,
                        "SCHEMAC_WORKING_DIRECTORY=db SCHEMAC_VERIFY=false GITHUB_OUTPUT='" + github_output + "'",
                        out) == 1);
    CHECK(out.starts_with("schemas/app.schema:3:3: error: schema changed without a migration"));
    log = nlohmann::json::parse(text_of(project / "schemac.sarif"));
    REQUIRE(log["runs"][0]["results"].size() == 1);
    CHECK(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
          "db/schemas/app.schema");
    CHECK(text_of(github_output) == "exit-code=0\nexit-code=1\n");

    // Without a SARIF log on GitHub: workflow annotations.
    CHECK(run_ci_script("check.sh", repository.path,
                        "SCHEMAC_WORKING_DIRECTORY=db SCHEMAC_VERIFY=false SCHEMAC_SARIF_FILE= GITHUB_ACTIONS=true",
                        out) == 1);
    CHECK(out.starts_with("::error file=schemas/app.schema,line=3,col=3,"));

    // Could not run: exit 2 and no SARIF file to upload.
    std::filesystem::remove_all(project / "schemas");
    CHECK(run_ci_script("check.sh", repository.path, "SCHEMAC_WORKING_DIRECTORY=db SCHEMAC_VERIFY=false", out) == 2);
    CHECK(!std::filesystem::exists(project / "schemac.sarif"));
    CHECK(run_ci_script("check.sh", repository.path, "SCHEMAC_WORKING_DIRECTORY=nowhere", out) == 2);
}

TEST_CASE("ci/migrate.sh: applies on DATABASE_URL or an environment's database, refuses with neither") {
    PostgresCluster& cluster = PostgresCluster::shared();
    cluster.create_database("ci_recipes");
    TempDir repository;
    repository.file("schemas/app.schema", "table users {\n  id bigint primary key\n}\n");
    std::string out;
    REQUIRE(run_schemac("generate --name init -q", out, "NO_COLOR=", repository.path) == 0);

    CHECK(run_ci_script("migrate.sh", repository.path, "DATABASE_URL=", out) == 2);
    CHECK(out.starts_with("schemac: error: no database to migrate\nhelp: "));

    REQUIRE_MESSAGE(run_ci_script("migrate.sh", repository.path, "DATABASE_URL='" + cluster.url("ci_recipes") + "'",
                                  out) == 0,
                    out);
    CHECK(cluster.query_value("ci_recipes", "SELECT count(*) FROM schemac_migrations") == "1");
    CHECK(cluster.query_value("ci_recipes", "SELECT to_regclass('public.users') IS NOT NULL") == "t");

    // Through schemac.toml's environment, the URL in a variable the job defines.
    repository.file("schemas/app.schema", "table users {\n  id bigint primary key\n  email text\n}\n");
    REQUIRE(run_schemac("generate --name email -q", out, "NO_COLOR=", repository.path) == 0);
    repository.file("schemac.toml", "[environments.prod]\ndatabase_env = \"PROD_DATABASE_URL\"\n");
    REQUIRE_MESSAGE(
        run_ci_script("migrate.sh", repository.path,
                      "SCHEMAC_ENV=prod DATABASE_URL= PROD_DATABASE_URL='" + cluster.url("ci_recipes") + "'", out) == 0,
        out);
    CHECK(cluster.query_value("ci_recipes", "SELECT count(*) FROM schemac_migrations") == "2");
    cluster.drop_database("ci_recipes");
}

TEST_CASE("the GitHub action and the GitLab template name scripts that exist and inputs they declare") {
    std::string action = text_of(ci_dir() / "github/action.yml");
    std::smatch match;
    std::set<std::string> scripts;
    for (std::string rest = action;
         std::regex_search(rest, match, std::regex(R"(\$GITHUB_ACTION_PATH/\.\./([a-z]+\.sh))")); rest = match.suffix())
        scripts.insert(match[1]);
    CHECK(scripts == std::set<std::string>{"install.sh", "check.sh", "migrate.sh"});
    std::set<std::string> declared, used;
    std::string inputs = action.substr(action.find("\ninputs:\n"),
                                       action.find("\noutputs:\n") - action.find("\ninputs:\n"));
    for (std::string rest = inputs; std::regex_search(rest, match, std::regex(R"(\n  ([a-z-]+):\n)"));
         rest = match.suffix())
        declared.insert(match[1]);
    for (std::string rest = action; std::regex_search(rest, match, std::regex(R"(inputs\.([a-z-]+))"));
         rest = match.suffix())
        used.insert(match[1]);
    CHECK(declared == used);

    std::string gitlab = text_of(ci_dir() / "gitlab/schemac.gitlab-ci.yml");
    for (std::string rest = gitlab; std::regex_search(rest, match, std::regex(R"(/opt/schemac/ci/([a-z]+\.sh))"));
         rest = match.suffix())
        scripts.insert(match[1]);
    for (const std::string& script : scripts) {
        CAPTURE(script);
        std::filesystem::path file = ci_dir() / script;
        REQUIRE(std::filesystem::exists(file));
        CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::owner_exec) !=
              std::filesystem::perms::none);
        std::string out;
        CHECK_MESSAGE(run("bash -n '" + file.string() + "'", out) == 0, out);
    }
}
