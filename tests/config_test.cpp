// schemac.toml and `schemac init`: a project's settings found from any folder of it, layered
// (top level, a command's table, an environment, the command line), and every mistake in the
// file an error at its line and column.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "tests/support.hpp"

using schemac::test::run_schemac;
using schemac::test::TempDir;

namespace {

std::string table_users = "table users {\n  id bigint primary key\n}\n";

}  // namespace

TEST_CASE("init writes a project, generate then works from a subfolder of it") {
    TempDir dir;
    std::string out;
    REQUIRE(run_schemac("init project", out, "NO_COLOR=", dir.path) == 0);
    CHECK(out.starts_with("created project/schemac.toml\ncreated project/schemas/app.schema\ncreated "
                          "project/migrations/\n\nnext:\n"));
    CHECK(std::filesystem::is_directory(dir.path / "project/migrations"));
    // Init never replaces: a second run changes nothing and says why.
    CHECK(run_schemac("init project", out, "NO_COLOR=", dir.path) == 2);
    CHECK(out == "schemac: error: project/schemac.toml exists: project is a schemac project already; nothing "
                 "written\n");

    // The starter file compiles (its example is a comment) and a table added to it is generated
    // into the project's migrations/ from two folders down.
    std::filesystem::path project = dir.path / "project";
    CHECK(run_schemac("compile", out, "NO_COLOR=", project) == 0);
    dir.file("project/schemas/app.schema", table_users);
    std::filesystem::create_directories(project / "src/deep");
    CHECK(run_schemac("generate --name init", out, "NO_COLOR=", project / "src/deep") == 0);
    CHECK(out.starts_with("../../migrations/0001_init.sql\n"));
    CHECK(std::filesystem::exists(project / "migrations/0001_init.sql"));
    CHECK(run_schemac("check", out, "NO_COLOR=", project / "src") == 0);

    // A schemas/ with files of its own keeps them, without a starter beside them.
    dir.file("other/schemas/mine.schema", table_users);
    CHECK(run_schemac("init other -q", out, "NO_COLOR=", dir.path) == 0);
    CHECK(out.empty());
    CHECK(!std::filesystem::exists(dir.path / "other/schemas/app.schema"));
    CHECK(std::filesystem::exists(dir.path / "other/schemac.toml"));
}

TEST_CASE("settings layer: top level, the command's table, the environment, its command table, the command line") {
    TempDir dir;
    dir.file("db/app.schema", "table t {\n  id int\n  x nope\n}\n");
    dir.file("schemac.toml",
             "schema = \"db\"\n"
             "format = \"json\"\n"
             "[compile]\n"
             "format = \"github\"\n"
             "[environments.ci]\n"
             "format = \"json\"\n"
             "[environments.ci.compile]\n"
             "color = \"never\"\n"
             "[environments.quiet.compile]\n"
             "quiet = true\n");
    std::string out;
    // The command's table wins over the top level; paths are the file's, shown from here.
    CHECK(run_schemac("compile", out, "NO_COLOR=", dir.path) == 1);
    CHECK(out.starts_with("::error file=db/app.schema,line=3"));
    // The environment wins over the command's table.
    CHECK(run_schemac("compile --env ci", out, "NO_COLOR=", dir.path) == 1);
    CHECK(out.starts_with("{"));
    // The command line wins over everything.
    CHECK(run_schemac("compile --env ci --format text", out, "NO_COLOR=", dir.path) == 1);
    CHECK(out.starts_with("db/app.schema:3:5: error: unknown type 'nope'"));
    CHECK(run_schemac("compile --format text --schema elsewhere.schema", out, "NO_COLOR=", dir.path) == 2);
    CHECK(out == "schemac: error: elsewhere.schema: no such file or directory\n");
    // `diff` has no table of its own: the top level applies.
    std::filesystem::create_directories(dir.path / "sub");
    CHECK(run_schemac("compile --env ci", out, "NO_COLOR=", dir.path / "sub") == 1);
    CHECK(out.find("\"file\": \"../db/app.schema\"") != std::string::npos);
}

TEST_CASE("an environment takes the database URL from a variable, never printing its password") {
    TempDir dir;
    dir.file("schemas/app.schema", table_users);
    dir.file("schemac.toml", "[environments.prod]\n"
                             "database_env = \"PROD_DATABASE_URL\"\n");
    std::filesystem::create_directories(dir.path / "migrations");
    std::string out;
    CHECK(run_schemac("status --env prod", out, "NO_COLOR= PROD_DATABASE_URL=", dir.path) == 2);
    CHECK(out == "schemac.toml:2:16: error: database_env: the environment variable PROD_DATABASE_URL is not set\n"
                 " 2 | database_env = \"PROD_DATABASE_URL\"\n"
                 "   |                ^~~~~~~~~~~~~~~~~~~\n"
                 "help: set PROD_DATABASE_URL (in CI: from a secret), or give --database on the command line\n"
                 "1 error\n");
    CHECK(run_schemac("status --env prod", out, "NO_COLOR= PROD_DATABASE_URL=postgresql://app:hunter2@127.0.0.1:1/app",
                      dir.path) == 2);
    CHECK(out.find("127.0.0.1:1") != std::string::npos);
    CHECK(out.find("hunter2") == std::string::npos);
    // A fleet's child is given its database by the fleet: the file's database does not replace it.
    CHECK(run_schemac("status --env prod", out,
                      "NO_COLOR= PROD_DATABASE_URL=postgresql://app:hunter2@127.0.0.1:1/app "
                      "SCHEMAC_FLEET_TARGET=postgresql://app@127.0.0.1:2/app",
                      dir.path) == 2);
    CHECK(out.find("127.0.0.1:2") != std::string::npos);
    CHECK(out.find("127.0.0.1:1") == std::string::npos);
}

TEST_CASE("mistakes in schemac.toml are errors at their place, many at once, whichever command runs") {
    TempDir dir;
    dir.file("schemas/app.schema", table_users);
    dir.file("schemac.toml",
             "shema = \"schemas\"\n"
             "allow_data_loss = true\n"
             "[check]\n"
             "strict = \"yes\"\n"
             "emit = \"json\"\n"
             "output = \"x\"\n"
             "[environments.prod]\n"
             "parallel = [1, 2]\n");
    std::string out;
    CHECK(run_schemac("compile", out, "NO_COLOR=", dir.path) == 2);
    CHECK(out ==
          "schemac.toml:1:1: error: unknown setting 'shema': no command has an option --shema\n"
          " 1 | shema = \"schemas\"\n"
          "   | ^~~~~\n"
          "help: did you mean 'schema'?\n"
          "schemac.toml:2:1: error: 'allow_data_loss' cannot be set in schemac.toml\n"
          " 2 | allow_data_loss = true\n"
          "   | ^~~~~~~~~~~~~~~\n"
          "help: it is a decision for one run: give --allow-data-loss on the command line\n"
          "schemac.toml:4:10: error: strict: expected true or false\n"
          " 4 | strict = \"yes\"\n"
          "   |          ^~~~~\n"
          "help: write `strict = true`\n"
          "schemac.toml:5:1: error: 'emit' cannot be set in schemac.toml\n"
          " 5 | emit = \"json\"\n"
          "   | ^~~~\n"
          "help: it is a decision for one run: give --emit on the command line\n"
          "schemac.toml:6:1: error: unknown setting 'output': `schemac check` has no option --output\n"
          " 6 | output = \"x\"\n"
          "   | ^~~~~~\n"
          "help: a setting is a command's long option, written with `_`: `history_schema = \"ops\"`\n"
          "schemac.toml:8:12: error: parallel: expected one value, found a list\n"
          " 8 | parallel = [1, 2]\n"
          "   |            ^~~~~~\n"
          "help: write `parallel = \"...\"`\n"
          "6 errors\n");

    // TOML that does not parse; an environment that is not there; --env without a file.
    dir.file("schemac.toml", "schema = \"schemas\n");
    CHECK(run_schemac("compile", out, "NO_COLOR=", dir.path) == 2);
    CHECK(out.starts_with("schemac.toml:1:"));
    CHECK(out.find("error: ") != std::string::npos);
    dir.file("schemac.toml", "[environments.prod]\n[environments.staging]\n");
    CHECK(run_schemac("compile --env dev", out, "NO_COLOR=", dir.path) == 2);
    CHECK(out == "error: --env dev: schemac.toml has no [environments.dev]\nhelp: its environments are: prod, "
                 "staging\n1 error\n");
    std::filesystem::remove(dir.path / "schemac.toml");
    CHECK(run_schemac("compile --env dev", out, "NO_COLOR=", dir.path) == 2);
    CHECK(out.starts_with("schemac: error: --env dev: there is no schemac.toml in this folder or a folder above it\n"));
}

TEST_CASE("the documentation's schemac.toml examples and README's schema are what schemac accepts") {
    std::vector<std::string> examples;
    for (const char* document : {"README.md", "docs/ci.md"}) {
        std::string text = schemac::test::read(schemac::test::source_dir() / document);
        for (std::size_t at = text.find("```toml\n"); at != std::string::npos; at = text.find("```toml\n", at)) {
            at += 8;
            examples.push_back(text.substr(at, text.find("```", at) - at));
        }
    }
    REQUIRE(examples.size() >= 2);
    for (const std::string& example : examples) {
        CAPTURE(example);
        TempDir dir;
        dir.file("schemas/app.schema", table_users);
        dir.file("schemac.toml", example);
        std::string out;
        CHECK_MESSAGE(run_schemac("compile", out, "NO_COLOR=", dir.path) == 0, out);
    }
    // A block headed `// schemas/app/requests.schema` is that file: it compiles in its folder.
    for (const auto& named_block : schemac::test::schema_blocks("README.md")) {
        const std::string& block = named_block.second;
        TempDir dir;
        std::filesystem::path file = "app.schema", compiled = file;
        if (block.starts_with("// schemas/")) {
            file = block.substr(3, block.find('\n') - 3);
            compiled = file.parent_path();
            std::filesystem::create_directories(dir.path / compiled.parent_path());
            std::filesystem::copy(schemac::test::source_dir() / compiled, dir.path / compiled,
                                  std::filesystem::copy_options::recursive);
        }
        dir.file(file.string(), block);
        std::string out;
        CHECK_MESSAGE(run_schemac("compile --schema " + compiled.string(), out, "NO_COLOR=", dir.path) == 0,
                      named_block.first, "\n", out);
    }
}
