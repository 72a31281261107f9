// Exclusion constraints, column collations and statistics targets, replica identity, `no
// inherit` and `not valid` constraints, and @using: read by the parser, checked, planned,
// introspected from PostgreSQL, pulled, and reported as drift in the words of a difference.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/plan/plan.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "runtime/drift.hpp"
#include "runtime/introspect.hpp"
#include "tests/plan_support.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

const char* const table_clauses_schema = R"(extension btree_gist

table rooms {
  id   int primary key
  code text not null collate "C" statistics 500
}

table bookings {
  id        bigint primary key
  room_id   int not null
  during    tstzrange not null
  cancelled bool not null default false

  foreign key (room_id) references rooms (id) not valid
  check positive_id (id > 0) no inherit
  exclude no_overlap using gist (room_id with =, during with &&) where (not cancelled)
  replica identity full
}
)";

const ir::Table& table_named(const ir::Database& db, const std::string& name) {
    const ir::Table* t = ir::find_table(db, {"public", name});
    REQUIRE(t);
    return *t;
}

std::vector<std::string> drift_titles(const runtime::Drift& drift, const ir::Database& expected) {
    std::vector<std::string> out;
    for (const runtime::DriftItem& item : runtime::drift_items(drift, expected)) out.push_back(item.title);
    return out;
}

}  // namespace

TEST_CASE("table clauses are read into the IR: exclusion, collation, statistics, replica identity, not valid") {
    ir::Database db = test::compiled_database(table_clauses_schema);
    const ir::Table& rooms = table_named(db, "rooms");
    CHECK(rooms.columns[1].collation == "C");
    CHECK(rooms.columns[1].statistics() == 500);
    const ir::Table& bookings = table_named(db, "bookings");
    REQUIRE(bookings.exclusions.size() == 1);
    const ir::Exclusion& x = bookings.exclusions[0];
    CHECK(x.name == "no_overlap");
    CHECK(x.method == "gist");
    REQUIRE(x.elements.size() == 2);
    CHECK(x.elements[0].element.column == "room_id");
    CHECK(x.elements[0].operator_ == "=");
    CHECK(x.elements[1].operator_ == "&&");
    CHECK(x.where == "NOT cancelled");
    CHECK(bookings.foreign_keys[0].not_valid);
    CHECK(bookings.checks[0].no_inherit);
    CHECK(bookings.replica_identity == ir::ReplicaIdentity::full);
}

TEST_CASE("an unnamed exclusion constraint takes PostgreSQL's name, and the formatter keeps every clause") {
    ir::Database db = test::compiled_database(
        "extension btree_gist\ntable bookings {\n  room int\n  during tstzrange\n  exclude using gist (room with =, "
        "during with &&)\n}\n");
    CHECK(table_named(db, "bookings").exclusions[0].name == "bookings_room_during_excl");
    std::string text = "table t {\n  a int\n  b tstzrange\n\n  exclude x @was(y) using gist (a with =, b with &&) "
                       "include (a) where (a > 0) deferrable initially deferred\n  check (a > 0) no inherit not "
                       "valid\n  replica identity nothing\n}\n";
    CHECK(test::formatted(text) == text);
}

TEST_CASE("btree_gist missing, or a replica identity index PostgreSQL refuses, is a compile error with help") {
    Compilation missing = test::compile_text(
        "table b {\n  room int\n  during tstzrange\n  exclude using gist (room with =, during with &&)\n}\n");
    CHECK_FALSE(missing.ok());
    CHECK(test::diagnostics_text(missing).find("help: declare the extension in the schema: extension btree_gist") !=
          std::string::npos);
    Compilation nullable = test::compile_text(
        "table a {\n  id int primary key\n  email text\n  unique index a_email (email)\n  replica identity using "
        "index a_email\n}\n");
    CHECK(
        test::messages(nullable) ==
        std::vector<std::string>{"replica identity of table a cannot use index a_email: its column email may be null"});
    Compilation fine = test::compile_text(
        "table a {\n  id int primary key\n  replica identity using index a_pkey\n}\n");
    CHECK(fine.ok());
}

TEST_CASE("a type change without a cast is refused with the @using help, and @using gives the USING clause") {
    ir::Database before = test::compiled_database("table e {\n  id int primary key\n  at bigint\n}\n");
    ir::Database refused = test::compiled_database("table e {\n  id int primary key\n  at timestamptz\n}\n");
    plan::Plan no_cast = plan::plan_changes(before, refused, {});
    CHECK(test::errors_of(no_cast).find("PostgreSQL has no cast between them") != std::string::npos);
    CHECK(test::errors_of(no_cast).find("@using(to_timestamp(at))") != std::string::npos);
    ir::Database declared = test::compiled_database(
        "table e {\n  id int primary key\n  at timestamptz @using(to_timestamp(at))\n}\n");
    plan::Plan with_using = plan::plan_changes(before, declared, {});
    CHECK(test::errors_of(with_using).empty());
    CHECK(test::plan_text(with_using).find("ALTER COLUMN at TYPE timestamp with time zone USING to_timestamp(at)") !=
          std::string::npos);
}

TEST_CASE(
    "not valid: declared on a new constraint it stays unvalidated, removed it is validated, added it is no change") {
    ir::Database plain = test::compiled_database(
        "table a {\n  id int primary key\n}\ntable b {\n  id int primary key\n  a_id int\n}\n");
    ir::Database declared = test::compiled_database(
        "table a {\n  id int primary key\n}\ntable b {\n  id int primary key\n  a_id int references a not valid\n  "
        "check (id > 0) not valid\n}\n");
    ir::Database valid = test::compiled_database(
        "table a {\n  id int primary key\n}\ntable b {\n  id int primary key\n  a_id int references a\n  check (id > "
        "0)\n}\n");
    std::string added = test::plan_text(plan::plan_changes(plain, declared, {}));
    CHECK(added.find("ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES public.a (id) NOT VALID") !=
          std::string::npos);
    CHECK(added.find("VALIDATE") == std::string::npos);
    std::string validated = test::plan_text(plan::plan_changes(declared, valid, {}));
    CHECK(validated.find("VALIDATE CONSTRAINT b_a_id_fkey") != std::string::npos);
    CHECK(validated.find("VALIDATE CONSTRAINT b_id_check") != std::string::npos);
    CHECK(validated.find("DROP CONSTRAINT") == std::string::npos);
    CHECK(plan::plan_changes(valid, declared, {}).steps.empty());
}

TEST_CASE("the table clauses are introspected, pulled, and their hand changes are drift with the undo") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    ir::Database expected = test::compiled_database(table_clauses_schema);
    cluster.create_database("table_clauses");
    test::build_database(cluster, "table_clauses", expected);
    runtime::Session session(cluster.url("table_clauses"));
    runtime::IntrospectOptions options{{"public"}, "public"};
    {
        runtime::Introspection live = runtime::introspect(session, options);
        CHECK(live.unreadable.empty());
        for (const runtime::UnmanagedObject& o : live.unmanaged) CHECK_MESSAGE(false, runtime::describe(o));
        const ir::Table& bookings = table_named(live.database, "bookings");
        REQUIRE(bookings.exclusions.size() == 1);
        CHECK(bookings.exclusions[0] == table_named(expected, "bookings").exclusions[0]);
        CHECK(bookings.replica_identity == ir::ReplicaIdentity::full);
        CHECK(bookings.checks[0].no_inherit);
        CHECK(bookings.foreign_keys[0].not_valid);  // declared not valid: created NOT VALID, even on a new table
        const ir::Table& rooms = table_named(live.database, "rooms");
        CHECK(rooms.columns[1].collation == "C");
        CHECK(rooms.columns[1].statistics() == 500);
        std::string pulled;
        for (const SchemaFile& f : write_schema_files(live.database, SchemaSplit::schema)) pulled += f.text;
        CHECK(pulled.find("exclude no_overlap using gist (room_id with =, during with &&) where (NOT cancelled)") !=
              std::string::npos);
        CHECK_MESSAGE(pulled.find("collate \"C\" not null statistics 500") != std::string::npos, pulled);
        CHECK(pulled.find("replica identity full") != std::string::npos);
        CHECK(pulled.find("check positive_id (id > 0) no inherit") != std::string::npos);
        // A database that matches has no drift (a valid foreign key satisfies `not valid`).
        CHECK(runtime::find_drift(session, expected, options).plan.steps.empty());
    }
    cluster.execute("table_clauses",
                    "ALTER TABLE rooms ALTER COLUMN code TYPE text COLLATE \"default\";"
                    "ALTER TABLE rooms ALTER COLUMN code SET STATISTICS -1;"
                    "ALTER TABLE bookings REPLICA IDENTITY DEFAULT;"
                    "ALTER TABLE bookings DROP CONSTRAINT no_overlap;"
                    "ALTER TABLE bookings DROP CONSTRAINT positive_id;"
                    "ALTER TABLE bookings ADD CONSTRAINT positive_id CHECK (id > 0) NOT VALID");
    runtime::Drift drift = runtime::find_drift(session, expected, options);
    std::vector<std::string> titles = drift_titles(drift, expected);
    auto has = [&](const std::string& title) {
        INFO(title);
        CHECK(std::find(titles.begin(), titles.end(), title) != titles.end());
    };
    has("~ column rooms.code: the default collation in the database, collate \"C\" expected");
    has("~ column rooms.code: the default statistics target in the database, statistics 500 expected");
    has("~ table bookings: replica identity default in the database, replica identity full expected");
    has("+ exclusion constraint no_overlap on bookings: missing in the database");
    std::string sql;
    for (const runtime::DriftItem& item : runtime::drift_items(drift, expected))
        for (const std::string& s : item.sql) sql += s + "\n";
    CHECK(sql.find("ALTER TABLE public.bookings REPLICA IDENTITY FULL;") != std::string::npos);
    CHECK(sql.find("ALTER TABLE public.rooms ALTER COLUMN code SET STATISTICS 500;") != std::string::npos);
    // The schema says valid; the database holds the check NOT VALID: VALIDATE CONSTRAINT undoes it.
    cluster.execute("table_clauses",
                    "ALTER TABLE bookings DROP CONSTRAINT positive_id;"
                    "ALTER TABLE bookings ADD CONSTRAINT positive_id CHECK (id > 0) NO INHERIT NOT VALID");
    plan::Plan undo = runtime::find_drift(session, expected, options).plan;
    std::string undo_sql = test::plan_text(undo);
    CHECK(undo_sql.find("ALTER TABLE public.bookings VALIDATE CONSTRAINT positive_id;") != std::string::npos);
    std::vector<std::string> undo_titles = drift_titles(runtime::find_drift(session, expected, options), expected);
    CHECK(std::find(undo_titles.begin(), undo_titles.end(),
                    "~ check positive_id on bookings: not valid (existing rows unchecked) in the database, valid "
                    "expected") != undo_titles.end());
}
