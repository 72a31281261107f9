// `schemac generate`, `diff`, `check`, `new` and `hash` as a user runs them: the files they
// write (or refuse to write), byte-identical output, and every problem `check` must find.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/support.hpp"

using namespace schemac;
using test::run_schemac;
using test::TempDir;

namespace {

namespace fs = std::filesystem;

const char* users_v1 = R"(table users {
  id    bigint primary key generated always as identity
  email text   not null unique
  name  text
}
)";

// A project folder with schemas/app.schema and one generated migration.
struct Project : TempDir {
    std::string out;
    explicit Project(const std::string& schema = users_v1) {
        file("schemas/app.schema", schema);
        REQUIRE(run("generate --name init") == 0);
    }
    int run(const std::string& arguments) { return run_schemac(arguments, out, "NO_COLOR=", path); }
    std::vector<std::string> files() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path / "migrations")) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
};

}  // namespace

TEST_CASE("generate writes a numbered migration, the snapshot and the sum, check then passes") {
    Project p;
    CHECK(p.files() == std::vector<std::string>{"0001_init.sql", "schemac.snapshot.json", "schemac.sum"});
    CHECK(test::read(p.path / "migrations/0001_init.sql").find("CREATE TABLE public.users") != std::string::npos);
    CHECK(p.run("check") == 0);

    p.file("schemas/app.schema",
           std::string(users_v1) + "table posts {\n  id int primary key\n  user_id bigint references users(id)\n}\n");
    CHECK(p.run("check") == 1);
    CHECK(p.out.find("schema changed without a migration: + table posts") != std::string::npos);
    CHECK(p.run("generate --name 'Add posts!'") == 0);
    CHECK(p.out.find("migrations/0002_add_posts.sql") != std::string::npos);
    CHECK(p.run("check") == 0);

    // A hand edit is caught, naming the file, until it is re-recorded after review.
    test::write(p.path / "migrations/0002_add_posts.sql",
                test::read(p.path / "migrations/0002_add_posts.sql") + "-- reviewed\n");
    CHECK(p.run("check") == 1);
    CHECK(p.out.find("0002_add_posts.sql was edited") != std::string::npos);
    CHECK(p.run("hash") == 0);
    CHECK(p.run("check") == 0);
}

TEST_CASE("nothing changed: generate writes nothing and exits 0") {
    Project p;
    std::string sum = test::read(p.path / "migrations/schemac.sum");
    CHECK(p.run("generate --name again") == 0);
    CHECK(p.out.find("no changes") != std::string::npos);
    CHECK(p.files().size() == 3);
    CHECK(test::read(p.path / "migrations/schemac.sum") == sum);
}

TEST_CASE("renaming a column without @was exits 1 with the help line and writes nothing") {
    Project p;
    std::string renamed = users_v1;
    renamed.replace(renamed.find("  name  text"), 12, "  full_name text");
    p.file("schemas/app.schema", renamed);
    CHECK(p.run("generate --name rename") == 1);
    CHECK(p.out.find("error: column users.name would be dropped") != std::string::npos);
    CHECK(p.out.find("help: if full_name is name renamed, declare it: `full_name  text  @was(name)`") !=
          std::string::npos);
    CHECK(p.out.find("nothing written") != std::string::npos);
    CHECK(p.files().size() == 3);

    // Declared, it is a rename; allowed, it is a drop marked in the header.
    p.file("schemas/app.schema", renamed.replace(renamed.find("full_name text"), 14, "full_name text @was(name)"));
    CHECK(p.run("generate --name rename") == 0);
    CHECK(test::read(p.path / "migrations/0002_rename.sql").find("RENAME COLUMN name TO full_name") !=
          std::string::npos);
}

TEST_CASE("allowed data loss is written and marked in the header") {
    Project p;
    p.file("schemas/app.schema",
           "table users {\n  id bigint primary key generated always as identity\n  email text not null unique\n}\n");
    CHECK(p.run("generate --name drop_name") == 1);
    CHECK(p.out.find("help: if the data may go, run again with --allow-data-loss users.name") != std::string::npos);
    CHECK(p.run("generate --name drop_name --allow-data-loss") == 0);
    std::string sql = test::read(p.path / "migrations/0002_drop_name.sql");
    CHECK(sql.find("--   - column users.name  DATA LOSS") != std::string::npos);
    CHECK(sql.find("-- DATA LOSS accepted with --allow-data-loss: users.name.") != std::string::npos);
}

TEST_CASE("data loss is accepted one object at a time, and a name that loses nothing is an error") {
    Project p;
    p.file("schemas/app.schema",
           "table users {\n  id bigint primary key generated always as identity\n  email text not null unique\n}\n");
    CHECK(p.run("generate --name drop_name --allow-data-loss users.nmae") == 1);
    CHECK(p.out.find("--allow-data-loss names users.nmae, but nothing of that name loses data") != std::string::npos);
    CHECK(p.out.find("did you mean users.name?") != std::string::npos);
    CHECK(p.files().size() == 3);
    CHECK(p.run("diff --format json --allow-data-loss users.name") == 0);
    nlohmann::json j = nlohmann::json::parse(p.out);
    REQUIRE(j["changes"].size() == 1);
    CHECK(j["changes"][0]["data_loss"] == true);
    CHECK(j["changes"][0]["loses"] == nlohmann::json::array({"users.name"}));
    CHECK(p.run("generate --name drop_name --allow-data-loss users.name") == 0);
    CHECK(test::read(p.path / "migrations/0002_drop_name.sql")
              .find("-- DATA LOSS accepted with --allow-data-loss: users.name.") != std::string::npos);
}

TEST_CASE("generate is byte-identical across runs") {
    TempDir a, b;
    for (TempDir* d : {&a, &b}) {
        for (const auto& e : fs::directory_iterator(test::source_dir() / "schemas/showcase"))
            d->file("schemas/" + e.path().filename().string(), test::read(e.path()));
        std::string out;
        REQUIRE(run_schemac("generate --name init", out, "NO_COLOR=", d->path) == 0);
    }
    for (const char* f : {"0001_init.sql", "schemac.snapshot.json", "schemac.sum"}) {
        INFO(f);
        CHECK(test::read(a.path / "migrations" / f) == test::read(b.path / "migrations" / f));
    }
}

TEST_CASE("check finds every problem of the migration directory") {
    SUBCASE("a clean directory exits 0") {
        Project p;
        CHECK(p.run("check") == 0);
        CHECK(p.out.find("snapshot current") != std::string::npos);
    }
    SUBCASE("a stale snapshot") {
        Project p;
        p.file("schemas/app.schema",
               std::string(users_v1).replace(std::string(users_v1).find("  name  text"), 12, "  name  varchar(80)"));
        CHECK(p.run("check") == 1);
        CHECK(
            p.out.find(
                "app.schema:4:3: error: schema changed without a migration: ~ column users.name type text -> character varying(80)") !=
            std::string::npos);
        CHECK(p.out.find("run `schemac generate") != std::string::npos);
    }
    SUBCASE("an edited migration") {
        Project p;
        p.file("migrations/0001_init.sql", "DROP TABLE users;\n");
        CHECK(p.run("check") == 1);
        CHECK(p.out.find("migrations/0001_init.sql was edited after it was recorded") != std::string::npos);
    }
    SUBCASE("a deleted migration") {
        Project p;
        fs::remove(p.path / "migrations/0001_init.sql");
        CHECK(p.run("check") == 1);
        CHECK(p.out.find("migrations/0001_init.sql is recorded in schemac.sum but missing") != std::string::npos);
    }
    SUBCASE("an extra migration beside the sum file") {
        Project p;
        p.file("migrations/0002_other_branch.sql", "SELECT 1;\n");
        CHECK(p.run("check") == 1);
        CHECK(p.out.find("migrations/0002_other_branch.sql is not recorded in schemac.sum") != std::string::npos);
        // generate and new refuse to build on an unrecorded directory.
        CHECK(p.run("generate --name more") == 1);
        CHECK(p.run("new --name more") == 1);
    }
    SUBCASE("a corrupt snapshot") {
        Project p;
        p.file("migrations/schemac.snapshot.json", "{ \"format\": \"schemac-ir\", ");
        CHECK(p.run("hash") == 0);   // even when recorded, it must parse
        CHECK(p.run("check") == 2);  // it could not be compared with the schema
        CHECK(
            p.out.find(
                "error: migrations/schemac.snapshot.json: not valid JSON: parse error at line 1, column 27: syntax error while parsing object key - unexpected end of input") !=
            std::string::npos);
    }
    SUBCASE("a sum file merged from two branches") {
        Project p;
        std::string sum = test::read(p.path / "migrations/schemac.sum");
        sum.insert(sum.find("schemac.snapshot.json"), "0002_x.sql sha256:00\n");
        p.file("migrations/schemac.sum", sum);
        CHECK(p.run("check") == 1);
        CHECK(p.out.find("schemac.sum was edited by hand or merged") != std::string::npos);
    }
    SUBCASE("json lists the findings with their codes and locations") {
        Project p;
        p.file("schemas/app.schema", std::string(users_v1) + "table tags {\n  id int primary key\n}\n");
        p.file("migrations/0002_extra.sql", "SELECT 1;\n");
        CHECK(p.run("check --format json") == 1);
        nlohmann::json j = nlohmann::json::parse(p.out.substr(p.out.find('{')));
        CHECK(j["errors"] == 2);
        CHECK(j["diagnostics"][0]["code"] == "sum-mismatch");
        CHECK(j["diagnostics"][1]["code"] == "schema-changed");
        CHECK(j["diagnostics"][1]["file"] == "schemas/app.schema");
        CHECK(j["diagnostics"][1]["line"] == 6);
    }
    SUBCASE("github annotations point at the .schema file") {
        Project p;
        p.file("schemas/app.schema", std::string(users_v1) + "table tags {\n  id int primary key\n}\n");
        CHECK(p.run("check --format github") == 1);
        CHECK(p.out.find("::error file=schemas/app.schema,line=6,") != std::string::npos);
    }
}

TEST_CASE("diff prints the SQL and writes nothing, --format json lists the changes") {
    Project p;
    p.file("schemas/app.schema", std::string(users_v1).replace(std::string(users_v1).find("  name  text\n"), 13,
                                                               "  name  text\n  age int\n\n  index (email, age)\n"));
    CHECK(p.run("diff") == 0);
    CHECK(p.out.find("-- file: 0002_diff.sql") != std::string::npos);
    CHECK(p.out.find("ALTER TABLE public.users ADD COLUMN age integer;") != std::string::npos);
    CHECK(p.out.find("-- file: 0003_diff_concurrently.sql\n-- schemac:no-transaction") != std::string::npos);
    CHECK(p.files().size() == 3);

    CHECK(p.run("diff --format json") == 0);
    nlohmann::json j = nlohmann::json::parse(p.out);
    REQUIRE(j["changes"].size() == 2);
    CHECK(j["changes"][0]["kind"] == "add_column");
    CHECK(j["changes"][0]["location"]["line"] == 5);
    CHECK(j["changes"][1]["kind"] == "create_index");
    CHECK(j["changes"][1]["phase"] == "concurrent");
    CHECK(j["changes"][1]["hazards"][0] == "INDEX BUILD");

    CHECK(p.run("diff --from empty") == 0);
    CHECK(p.out.find("-- file: 0001_diff.sql") != std::string::npos);
    CHECK(p.run("diff --from migrations/schemac.snapshot.json --to schemas") == 0);
    CHECK(p.run("diff --from no/such.json") == 2);
}

TEST_CASE("new adds an empty numbered migration, unrecorded until hash: edits need no hash, check refuses it") {
    Project p;
    CHECK(p.run("new --name 'fill totals'") == 0);
    CHECK(p.files() ==
          std::vector<std::string>{"0001_init.sql", "0002_fill_totals.sql", "schemac.snapshot.json", "schemac.sum"});
    CHECK(test::read(p.path / "migrations/schemac.sum").find("0002_fill_totals.sql unrecorded\n") != std::string::npos);
    // Edited twice, no hash: generate and new still build on the directory.
    test::write(p.path / "migrations/0002_fill_totals.sql", "UPDATE users SET name = email;\n");
    test::write(p.path / "migrations/0002_fill_totals.sql", "UPDATE users SET name = email WHERE name IS NULL;\n");
    CHECK(p.run("new --name more") == 0);
    CHECK(p.out.find("0003_more.sql") != std::string::npos);
    fs::remove(p.path / "migrations/0003_more.sql");
    // The CI gate refuses what nobody recorded.
    CHECK(p.run("check") == 1);
    CHECK(p.out.find("error: migrations/0002_fill_totals.sql was added by `schemac new` and is not recorded yet: run "
                     "`schemac hash` once it is ready") != std::string::npos);
    CHECK(p.out.find("0003_more.sql is recorded in schemac.sum but missing") != std::string::npos);
    CHECK(p.run("hash") == 0);
    CHECK(p.run("check") == 0);
    // Recorded now: an edit is caught again.
    test::write(p.path / "migrations/0002_fill_totals.sql", "UPDATE users SET name = 'x';\n");
    CHECK(p.run("check") == 1);
    CHECK(p.out.find("0002_fill_totals.sql was edited after it was recorded") != std::string::npos);
    CHECK(p.run("new --name '!!!'") == 2);
}
