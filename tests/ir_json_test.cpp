// The IR's JSON form: exact round trips and refusal of what it cannot read.
#include <doctest/doctest.h>

#include "compiler/ir_json.hpp"
#include "tests/support.hpp"

using namespace schemac;

TEST_CASE("read(write(ir)) == ir, and writing again gives the same bytes") {
    auto c = test::compile_text(
        "extension pgcrypto schema public version '1.3'\nschema s comment 'x'\nenum s.e @was(f) { a, b @was(c) }\n"
        "unlogged table s.t @was(u) {\n  id bigint generated always as identity (start with 5 minvalue 5 maxvalue 50 cache 2 cycle)\n"
        "  e s.e not null default 'a' comment 'it''s'\n  g int generated always as (id * 2) stored\n"
        "  n int not null @backfill(0) @was(m)\n  arr text[][]\n  primary key (id)\n  unique nulls not distinct (n)\n"
        "  check ck @was(old) (n > 0)\n  foreign key (n) references s.t (id) on delete set null on update cascade match full "
        "deferrable initially deferred\n  unique index ix using btree ((n + 1) desc nulls last, e collate \"C\" text_ops) "
        "include (g) with (fillfactor = 70) where n > 1\n  with (fillfactor = 50, toast.autovacuum_enabled = off)\n"
        "  comment 'table'\n}\n");
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    std::string text = ir_to_json_text(c.database);
    ir::Database back = ir_from_json_text(text);
    CHECK(back == c.database);
    CHECK(ir_to_json_text(back) == text);
    // The fields that are easy to lose on the way:
    const ir::Table& t = back.tables.at(0);
    CHECK(t.columns.at(0).identity->options.cycle);
    CHECK(t.columns.at(0).identity->options.cache == 2);
    CHECK(t.foreign_keys.at(0).initially_deferred);
    CHECK(t.indexes.at(0).elements.at(0).descending);
    CHECK_FALSE(t.indexes.at(0).elements.at(0).nulls_first);
    CHECK(t.indexes.at(0).elements.at(1).collation == "C");
    CHECK(back.enums.at(0).values.at(1).was == "c");
    CHECK(back.extensions.at(0).version == "1.3");
    CHECK(t.unlogged);
    CHECK(t.storage == ir::StorageParameters{{"fillfactor", "50"}, {"toast.autovacuum_enabled", "off"}});
    CHECK(t.indexes.at(0).storage == ir::StorageParameters{{"fillfactor", "70"}});
}

TEST_CASE("a document that is not an IR, or of another version, is refused with a reason") {
    CHECK_THROWS_WITH_AS(ir_from_json_text("{"), "not valid JSON", IrJsonError);
    CHECK_THROWS_WITH_AS(ir_from_json_text("{\"format\": \"other\"}"),
                         "not a schemac IR document (expected \"format\": \"schemac-ir\")", IrJsonError);
    CHECK_THROWS_WITH_AS(ir_from_json_text("{\"format\": \"schemac-ir\", \"version\": 99}"),
                         "IR version 99 is not supported; this schemac reads version 1", IrJsonError);
    CHECK_THROWS_WITH_AS(ir_from_json_text("{\"format\": \"schemac-ir\", \"version\": 1, \"tables\": [{\"schema\": \"public\"}]}"),
                         "table: missing \"name\"", IrJsonError);
}
