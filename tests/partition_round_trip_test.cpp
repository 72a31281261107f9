// Partitioned tables end to end on PostgreSQL: a database made with SQL (range by month with a
// default partition, hash, a sub-partitioned list, keys, indexes and a foreign key declared on a
// parent, a partition's own check and index) pulls into .schema files that compile; generate and
// migrate build the same catalogs from empty; check --database finds no drift. A bound changed by
// hand is drift; a partition a job made under `partitions unmanaged` is listed as unmanaged, not
// drift. Also the pieces offline: bounds read and compared by meaning, keys read back.
#include <doctest/doctest.h>

#include "compiler/sql/partition_bound.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

bool partition_text_has(const std::string& out, const std::string& text) { return out.find(text) != std::string::npos; }

const char* partitioned_source_sql =
    "CREATE TABLE accounts (id bigint PRIMARY KEY);"
    "CREATE TABLE events (id bigint NOT NULL, account_id bigint NOT NULL REFERENCES accounts (id),"
    "  at timestamptz NOT NULL, kind text NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);"
    "CREATE INDEX events_by_kind ON events (kind, at);"
    "CREATE TABLE events_2026_11 PARTITION OF events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');"
    "CREATE TABLE events_2026_12 PARTITION OF events (CONSTRAINT december CHECK (kind <> 'test'))"
    "  FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');"
    "CREATE INDEX events_2026_12_by_account ON events_2026_12 (account_id);"
    "COMMENT ON TABLE events_2026_12 IS 'December';"
    "CREATE TABLE events_rest PARTITION OF events DEFAULT;"
    "CREATE TABLE readings (sensor bigint NOT NULL, value numeric) PARTITION BY HASH (sensor);"
    "CREATE TABLE readings_0 PARTITION OF readings FOR VALUES WITH (modulus 2, remainder 0);"
    "CREATE TABLE readings_1 PARTITION OF readings FOR VALUES WITH (modulus 2, remainder 1);"
    // A foreign key of one partition's own (pagila declares its payment partitions' keys this way).
    "ALTER TABLE readings_0 ADD FOREIGN KEY (sensor) REFERENCES accounts (id);"
    "CREATE TABLE sales (region text NOT NULL, year int NOT NULL, amount numeric(12,2)) PARTITION BY LIST (lower(region));"
    "CREATE TABLE sales_eu PARTITION OF sales FOR VALUES IN ('eu', 'uk') PARTITION BY RANGE (year);"
    "CREATE TABLE sales_eu_2026 PARTITION OF sales_eu FOR VALUES FROM (2026) TO (2027);"
    "CREATE TABLE sales_other PARTITION OF sales DEFAULT;"
    "INSERT INTO accounts VALUES (1);"
    "INSERT INTO events VALUES (1, 1, '2026-11-05', 'click'), (2, 1, '2026-12-24', 'view'), (3, 1, '2030-01-01', 'x');";

}  // namespace

TEST_CASE("a partition bound reads with PostgreSQL's parser and compares by meaning") {
    PartitionBoundRead range = read_partition_bound("for values from ('2026-11-01', minvalue) to ('2026-12-01', 5)");
    REQUIRE(range.bound);
    CHECK(range.bound->kind == BoundKind::range);
    CHECK(range.bound->canonical == "FOR VALUES FROM ('2026-11-01', MINVALUE) TO ('2026-12-01', 5)");
    PartitionBoundRead hash = read_partition_bound("FOR VALUES WITH (MODULUS 4, REMAINDER 3)");
    REQUIRE(hash.bound);
    CHECK(hash.bound->canonical == "FOR VALUES WITH (modulus 4, remainder 3)");
    CHECK(read_partition_bound("default").bound->canonical == "DEFAULT");
    CHECK(read_partition_bound("for values in ('a', null)").bound->canonical == "FOR VALUES IN ('a', NULL)");
    PartitionBoundRead bad = read_partition_bound("for values in ('a',)");
    CHECK_FALSE(bad.bound);
    CHECK(bad.error_at == 19);
    CHECK_FALSE(read_partition_bound("default partition by range (a)").bound);
    // What pg_get_expr prints for a timestamptz key, and for negative numbers.
    CHECK(same_partition_bound("FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00')",
                               "FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')"));
    CHECK(same_partition_bound("FOR VALUES FROM ('-5') TO (10)", "FOR VALUES FROM (-5) TO (10)"));
    CHECK_FALSE(same_partition_bound("FOR VALUES FROM (1) TO (10)", "FOR VALUES FROM (1) TO (11)"));
    CHECK_FALSE(same_partition_bound("FOR VALUES IN (1)", "DEFAULT"));
}

TEST_CASE("a partition key reads back from pg_get_partkeydef") {
    auto key = read_partition_key_definition("RANGE (lower(a) COLLATE \"C\", ((b + 1)), c text_pattern_ops)");
    REQUIRE(key);
    CHECK(key->strategy == ir::PartitionStrategy::range);
    REQUIRE(key->elements.size() == 3);
    CHECK(key->elements[0].expression == "lower(a)");
    CHECK(key->elements[0].collation == "C");
    CHECK(key->elements[1].expression == "(b + 1)");
    CHECK(key->elements[2].column == "c");
    CHECK(key->elements[2].opclass == "text_pattern_ops");
    CHECK(read_partition_key_definition("HASH (id)")->strategy == ir::PartitionStrategy::hash);
    CHECK_FALSE(read_partition_key_definition("SIDEWAYS (id)"));
}

TEST_CASE("a database with partitioned tables: pull, compile, generate, migrate from empty, no drift") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("partition_source");
    cluster.execute("partition_source", partitioned_source_sql);
    test::TempDir project;
    std::string out, source = " --database " + cluster.url("partition_source");
    REQUIRE_MESSAGE(test::run_schemac("pull -o schemas" + source, out, "NO_COLOR=", project.path) == 0, out);
    CHECK_MESSAGE(!partition_text_has(out, "unmanaged"), out);
    std::string pulled = test::read(project.path / "schemas/public.schema");
    CHECK_MESSAGE(partition_text_has(pulled, "table events partition by range (at) {"), pulled);
    CHECK_MESSAGE(partition_text_has(pulled, "partition events_rest of events default\n"), pulled);
    CHECK_MESSAGE(partition_text_has(pulled,
                                     "partition readings_0 of readings for values with (modulus 2, remainder 0)"),
                  pulled);
    CHECK_MESSAGE(partition_text_has(pulled,
                                     "partition sales_eu of sales for values in ('eu', 'uk') partition by range "
                                     "(year)"),
                  pulled);
    CHECK_MESSAGE(partition_text_has(pulled,
                                     "partition readings_0 of readings for values with (modulus 2, remainder 0) {\n"
                                     "  foreign key (sensor) references accounts (id)\n}"),
                  pulled);
    // The copies of the parent's key and index on each partition are not written again.
    CHECK_MESSAGE(!partition_text_has(pulled, "events_2026_11_pkey"), pulled);
    REQUIRE_MESSAGE(test::run_schemac("compile -q", out, "NO_COLOR=", project.path) == 0, out << "\n" << pulled);
    // Next years' partitions of sales_eu are a job's: declared so before the first migration.
    std::string schema = pulled;
    std::string header = "partition sales_eu of sales for values in ('eu', 'uk') partition by range (year)";
    std::size_t at = schema.find(header);
    REQUIRE(at != std::string::npos);
    schema.replace(at, header.size(), header + " {\n  partitions unmanaged\n}");
    test::write(project.path / "schemas/public.schema", schema);
    REQUIRE_MESSAGE(test::run_schemac("generate --name init -q", out, "NO_COLOR=", project.path) == 0,
                    out << "\n"
                        << pulled);

    cluster.create_database("partition_target");
    std::string target = " --database " + cluster.url("partition_target");
    REQUIRE_MESSAGE(test::run_schemac("migrate -q" + target, out, "NO_COLOR=", project.path) == 0, out);
    CHECK(cluster.sorted_dump_lines("partition_target") == cluster.sorted_dump_lines("partition_source"));
    CHECK_MESSAGE(test::run_schemac("check" + target, out, "NO_COLOR=", project.path) == 0, out << "\n" << schema);

    // Partitions a job makes under `partitions unmanaged` are listed, not drift.
    cluster.execute("partition_target",
                    "CREATE TABLE sales_eu_2027 PARTITION OF sales_eu FOR VALUES FROM (2027) TO (2028)");
    CHECK_MESSAGE(test::run_schemac("check" + target, out, "NO_COLOR=", project.path) == 0, out << "\n" << schema);
    CHECK_MESSAGE(test::run_schemac("check --strict" + target, out, "NO_COLOR=", project.path) == 1, out);
    CHECK_MESSAGE(partition_text_has(out, "partition sales_eu_2027 of sales_eu"), out);

    // A bound changed by hand is drift.
    cluster.execute("partition_target",
                    "ALTER TABLE readings DETACH PARTITION readings_1;"
                    "ALTER TABLE readings DETACH PARTITION readings_0;"
                    "ALTER TABLE readings ATTACH PARTITION readings_0 FOR VALUES WITH (modulus 1, "
                    "remainder 0)");
    CHECK(test::run_schemac("check" + target, out, "NO_COLOR=", project.path) == 1);
    CHECK_MESSAGE(partition_text_has(out, "partition readings_0: attached to readings FOR VALUES WITH (modulus 1, "
                                          "remainder 0) in the database only"),
                  out);
    CHECK_MESSAGE(partition_text_has(out, "readings_1"), out);

    cluster.drop_database("partition_target");
    cluster.drop_database("partition_source");
}
