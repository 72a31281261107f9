// Free-standing sequences: the line as fmt writes it, what lowering makes of it (defaults left
// unset, a serial's sequence folded into its column), the names nextval reads, the planned order,
// and on PostgreSQL the drift wording of a sequence changed by hand.
#include <doctest/doctest.h>

#include "compiler/sql/sequence_calls.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "tests/drift_cases.hpp"
#include "tests/plan_support.hpp"
#include "tests/support.hpp"

using namespace schemac;

TEST_CASE("a sequence line: any clause order in, one order out, defaults left unset") {
    CHECK(test::formatted("sequence  billing.no @was(old)  owned by t.c cycle start with 5 increment by 2 as integer "
                          "comment 'x'\n") ==
          "sequence billing.no @was(old) as integer increment 2 start 5 cycle owned by t.c comment 'x'\n");
    ir::Database db = test::compiled_database(
        "sequence a as integer increment 1 minvalue 1 maxvalue 2147483647 start 1 cache 1 no cycle\n"
        "sequence b increment -1\n");
    REQUIRE(db.sequences.size() == 2);
    CHECK(db.sequences[0].type.name == "integer");
    CHECK(db.sequences[0].options == ir::SequenceOptions{});
    CHECK(db.sequences[1].options.increment == std::optional<std::int64_t>(-1));
    CHECK_FALSE(db.sequences[1].options.start);
}

TEST_CASE("nextval's argument names a sequence as regclass reads it") {
    CHECK(regclass_name("invoice_no") == std::optional<ir::QualifiedName>(ir::QualifiedName{"public", "invoice_no"}));
    CHECK(regclass_name("Billing.\"Invoice No\"") ==
          std::optional<ir::QualifiedName>(ir::QualifiedName{"billing", "Invoice No"}));
    CHECK_FALSE(regclass_name("a.b.c"));
    CHECK(sequences_called("('INV-' || nextval('billing.no'::regclass)) || currval('x')") ==
          std::vector<ir::QualifiedName>{{"billing", "no"}, {"public", "x"}});
    CHECK(sequences_called("my_nextval('y')").empty());
}

TEST_CASE("a sequence that is exactly what serial makes is its column's serial") {
    ir::Database db = test::compiled_database(
        "sequence t_id_seq as integer owned by t.id\n"
        "table t {\n  id integer not null default nextval('t_id_seq'::regclass)\n}\n");
    CHECK(db.sequences.empty());
    CHECK(db.tables[0].columns[0].type.name == "serial");
    CHECK_FALSE(db.tables[0].columns[0].default_value);
    // Any difference keeps it a sequence of its own (a bigint sequence on an integer column).
    ir::Database rails = test::compiled_database(
        "sequence t_id_seq owned by t.id\ntable t {\n  id integer not null default nextval('t_id_seq')\n}\n");
    CHECK(rails.sequences.size() == 1);
    CHECK(rails.tables[0].columns[0].type.name == "integer");
}

TEST_CASE("grants on a free sequence are the sequence's") {
    ir::Database db = test::compiled_database("role app\nsequence s\ngrant usage on sequence s to app\n");
    REQUIRE(db.sequences.size() == 1);
    REQUIRE(db.sequences[0].grants.size() == 1);
    CHECK(db.sequences[0].grants[0].privilege == "usage");
    CHECK(db.sequence_grants.empty());
    // Pulled: the role the grant names is declared, so that the files compile back.
    db.roles.clear();
    std::vector<SchemaFile> files = write_schema_files(db, SchemaSplit::schema);
    REQUIRE(files.size() == 1);
    CHECK(files[0].text == "role app\n\nsequence s\ngrant usage on sequence s to app\n");
}

TEST_CASE("from empty: the sequence before the table whose default calls it, its owner after the column") {
    ir::Database after = test::compiled_database(
        "table docs {\n  id bigint primary key default nextval('doc_no')\n}\nsequence doc_no owned by docs.id\n");
    plan::Plan plan = plan::plan_changes(ir::Database{}, after);
    CHECK(test::steps_of(plan) ==
          "create_sequence: + sequence doc_no\ncreate_table: + table docs\nset_sequence_owner: ~ sequence doc_no owned "
          "by docs.id\n");
    // And in reverse: the table, then the sequence, which it takes with it (owned by docs.id).
    plan::PlanOptions allow;
    allow.allow_data_loss = true;
    const ir::Database nothing;
    plan::Plan drop = plan::plan_changes(after, nothing, allow);
    CHECK(test::steps_of(drop) ==
          "drop_table: - table docs\ndrop_sequence: - sequence doc_no (with its owning column)\n");
}

TEST_CASE("check --database: a sequence changed by hand is drift, worded as the schema writes it") {
    test::Project project;
    project.schema("sequence doc_no as integer start 100 owned by docs.number comment 'Numbers'\n"
                   "table docs {\n  id bigint primary key\n  number integer not null default nextval('doc_no')\n}\n");
    REQUIRE(project.run("generate --name init -q") == 0);
    test::DriftCaseSteps steps;
    steps.before = "SELECT nextval('doc_no'); SELECT nextval('doc_no')";
    // Undone by push, which never restarts it: the next number follows the last one given.
    steps.after = [](test::Project& p) {
        REQUIRE_MESSAGE(p.schemac("push --force --allow-data-loss") == 0, p.out);
        CHECK(p.value("SELECT nextval('doc_no')") == "102");
        CHECK_MESSAGE(p.schemac("check") == 0, p.out);
    };
    test::check_drift_cases(
        project, "sequence_drift",
        {
            {"ALTER SEQUENCE doc_no INCREMENT BY 3",
             "drift: ~ sequence doc_no: `as integer increment 3 start 100` in the database, `as integer start 100` "
             "expected"},
            {"ALTER SEQUENCE doc_no OWNED BY NONE",
             "drift: ~ sequence doc_no: owned by none in the database, owned by docs.number expected"},
            {"COMMENT ON SEQUENCE doc_no IS NULL",
             "drift: ~ sequence doc_no: comment none in the database, 'Numbers' expected"},
            {"CREATE SEQUENCE extra_no", "drift: - sequence extra_no: only in the database"},
        },
        steps);
}
