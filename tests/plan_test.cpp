// Planner properties that the golden cases do not show one by one: output independent of
// file and declaration order, and a few ordering rules.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <typeinfo>

#include "compiler/ir/ir_json.hpp"
#include "compiler/migrations/migration_directory.hpp"
#include "compiler/plan/render_sql.hpp"
#include "tests/plan_support.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

// The top-level declarations of a schema's files, each as its own text.
std::vector<std::string> declarations(const std::filesystem::path& dir) {
    std::vector<std::string> out;
    for (const auto& file : schema_files(dir)) {
        std::istringstream in(test::read(file));
        std::string line;
        while (std::getline(in, line)) {
            bool starts = line.starts_with("table ") || line.starts_with("enum ") || line.starts_with("extension ") ||
                          line.starts_with("schema ") || line.starts_with("view ") ||
                          line.starts_with("materialized view ");
            if (starts || out.empty()) out.emplace_back();
            out.back() += line + "\n";
        }
    }
    return out;
}

}  // namespace

TEST_CASE("shuffling files and declarations gives byte-identical SQL and snapshot") {
    for (const char* example : {"schemas/app", "schemas/showcase", "schemas/billing"}) {
        INFO(example);
        std::filesystem::path dir = test::source_dir() / example;
        Compilation original = compile_path(dir);
        REQUIRE(original.ok());
        std::string sql = test::plan_text(plan::plan_changes({}, original.database));
        std::string snapshot = snapshot_text(original.database);

        std::vector<std::string> decls = declarations(dir);
        std::mt19937 random(20261125);
        for (int round = 0; round < 5; ++round) {
            std::shuffle(decls.begin(), decls.end(), random);
            std::vector<std::pair<std::string, std::string>> files(3);
            for (std::size_t i = 0; i < decls.size(); ++i) {
                files[i % 3].first = "part" + std::to_string((i % 3 + round) % 3) + ".schema";
                files[i % 3].second += decls[i];
            }
            std::shuffle(files.begin(), files.end(), random);
            Compilation shuffled = compile_sources(files);
            INFO(test::diagnostics_text(shuffled));
            REQUIRE(shuffled.ok());
            CHECK(test::plan_text(plan::plan_changes({}, shuffled.database)) == sql);
            CHECK(snapshot_text(shuffled.database) == snapshot);
        }
    }
}

TEST_CASE("planning a schema against itself, or against its own snapshot, finds nothing") {
    for (const char* example : {"schemas/app", "schemas/showcase", "schemas/billing"}) {
        INFO(example);
        Compilation c = compile_path(test::source_dir() / example);
        REQUIRE(c.ok());
        CHECK(plan::plan_changes(c.database, c.database).empty());
        ir::Database snapshot = ir_from_json_text(snapshot_text(c.database));
        CHECK(plan::plan_changes(snapshot, c.database).empty());
    }
}

TEST_CASE("a foreign key to a table neither side holds is kept as it is, and still follows its own renames") {
    // Found by fuzzing the snapshot reader: a snapshot edited by hand, or a database whose key
    // points outside the schemas read, holds a foreign key to a table it does not hold. Planned
    // against itself it was dropped and added again.
    Compilation c = test::compile_text(
        "table teams {\n  id bigint primary key\n}\n"
        "table members {\n  id bigint primary key\n  team_id bigint references teams\n}\n");
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    ir::Database db = c.database;
    db.tables.erase(std::remove_if(db.tables.begin(), db.tables.end(),
                                   [](const ir::Table& t) { return t.name.name == "teams"; }),
                    db.tables.end());
    CHECK(plan::plan_changes(db, db).empty());
    // A change of the key itself is still a change.
    ir::Database changed = db;
    changed.tables.at(0).foreign_keys.at(0).referenced_columns = {"code"};
    CHECK_FALSE(plan::plan_changes(db, changed).empty());
}

TEST_CASE("the examples build on PostgreSQL from empty, and dropping everything leaves nothing") {
    test::PostgresCluster& pg = test::PostgresCluster::shared();
    for (const char* example : {"schemas/app", "schemas/showcase", "schemas/billing"}) {
        INFO(example);
        Compilation c = compile_path(test::source_dir() / example);
        REQUIRE(c.ok());
        test::build_database(pg, "example", c.database);
        plan::PlanOptions allow;
        allow.allow_data_loss = true;
        const ir::Database nothing;
        test::apply_plan(pg, "example", plan::plan_changes(c.database, nothing, allow));
        test::build_database(pg, "empty", {});
        CHECK(pg.schema_dump("example") == pg.schema_dump("empty"));
    }
}

TEST_CASE(
    "a new enum value is placed by its neighbour, even where the database's enum has a value the snapshot lacks") {
    // The snapshot knows (draft, sent); someone added `archived` by hand at the end. The schema
    // adds `approved` after `sent`: it must land before `archived`, not after it.
    Compilation snapshot = test::compile_text("enum state { draft, sent }\n");
    Compilation drifted = test::compile_text("enum state { draft, sent, archived }\n");
    Compilation schema = test::compile_text("enum state { draft, sent, approved }\n");
    REQUIRE(snapshot.ok());
    REQUIRE(drifted.ok());
    REQUIRE(schema.ok());
    test::PostgresCluster& pg = test::PostgresCluster::shared();
    test::build_database(pg, "enum_drifted", drifted.database);
    test::apply_plan(pg, "enum_drifted", plan::plan_changes(snapshot.database, schema.database));
    CHECK(pg.query_value("enum_drifted", "SELECT enum_range(NULL::state)::text") == "{draft,sent,approved,archived}");
}

TEST_CASE("a step keeps its change in a box of the change's own size: small whatever the kind, copied deep") {
    // A plan of 5,000 new tables holds about 20,000 steps; as a std::variant each would be as
    // large as the largest kind (two whole functions, over a kilobyte).
    CHECK(sizeof(plan::Change) == 16);
    CHECK(sizeof(plan::Step) < 128);
    plan::Change first;
    CHECK(plan::change_kind(first) == "create_schema");
    plan::Change drop = plan::DropSchema{"archive"};
    CHECK(plan::change_kind(drop) == "drop_schema");
    CHECK(drop.get_if<plan::CreateSchema>() == nullptr);
    REQUIRE(drop.get_if<plan::DropSchema>() != nullptr);
    plan::Change copy = drop;
    REQUIRE(copy.get_if<plan::DropSchema>() != nullptr);
    CHECK(copy.get_if<plan::DropSchema>() != drop.get_if<plan::DropSchema>());  // its own box
    CHECK(copy.get_if<plan::DropSchema>()->name == "archive");
    CHECK(plan::render_statements(copy) == std::vector<std::string>{"DROP SCHEMA archive;"});
    plan::Change moved = std::move(copy);
    CHECK(plan::visit([](const auto& c) { return std::string(typeid(c).name()); }, moved) ==
          typeid(plan::DropSchema).name());
}

TEST_CASE("migrations handed over one at a time come numbered in the order they run, a split phase in parts") {
    // Four new tables at a lock budget of 4 split the main phase; the index on t1, which keeps
    // its rows, is built concurrently in a file of its own after it.
    auto before = test::compile_text("table t1 {\n  id int primary key\n}\n");
    auto after = test::compile_text(
        "table t1 {\n  id int primary key\n  n text\n  index t1_n (n)\n}\n"
        "table t2 {\n  id int\n}\ntable t3 {\n  id int\n}\ntable t4 {\n  id int\n}\ntable t5 {\n  id int\n}\n");
    REQUIRE(before.ok());
    REQUIRE(after.ok());
    plan::Plan p = plan::plan_changes(before.database, after.database);
    plan::MigrationTextOptions options;
    options.lock_budget = 4;
    std::vector<std::string> names, texts;
    plan::render_migrations(p, 7, "more", options, [&](plan::MigrationFile&& f) {
        names.push_back(std::move(f.name));
        texts.push_back(std::move(f.text));
    });
    REQUIRE(names.size() >= 3);
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(names[i].substr(0, 9) == fmt::format("{:04}_more", 7 + i));
    CHECK(names[0] == "0007_more.sql");
    CHECK(names[1] == "0008_more_part_2.sql");
    CHECK(texts[0].find("Part 1 of") != std::string::npos);
    CHECK(texts[1].find("Part 2 of") != std::string::npos);
    CHECK(texts.back().rfind(std::string(plan::no_transaction_marker), 0) == 0);  // the concurrent build
    CHECK(texts.back().find("CREATE INDEX CONCURRENTLY") != std::string::npos);
}

TEST_CASE("a new table's index step refers to the schema's own index, a key's index built first is the planner's") {
    auto before = test::compile_text("table t {\n  id int primary key\n  email text\n}\n");
    auto after = test::compile_text(
        "table t {\n  id int primary key\n  email text unique\n}\ntable u {\n  id int\n  index u_by_id (id)\n}\n");
    REQUIRE(before.ok());
    REQUIRE(after.ok());
    plan::Plan p = plan::plan_changes(before.database, after.database);
    const plan::CreateIndex* on_u = nullptr;
    const plan::CreateIndex* for_key = nullptr;
    for (const plan::Step& s : p.steps)
        if (const auto* c = s.change.get_if<plan::CreateIndex>()) (c->table.name == "u" ? on_u : for_key) = c;
    REQUIRE(on_u != nullptr);
    REQUIRE(for_key != nullptr);
    const ir::Table* u = ir::find_table(after.database, ir::QualifiedName{"public", "u"});
    REQUIRE(u != nullptr);
    CHECK(on_u->in_schema == &u->indexes.at(0));  // not a copy: the plan refers into the schema
    CHECK_FALSE(on_u->made);
    CHECK(on_u->index().name == "u_by_id");
    // Built concurrently before the unique key takes it over: an index no schema declares.
    CHECK(for_key->made);
    CHECK(for_key->in_schema == nullptr);
    CHECK(for_key->index().name == "t_email_key");
    CHECK(for_key->index().unique);
    CHECK(for_key->concurrently);
}
