// Lowering file by file (compile_sources): a table lowered as soon as its file is parsed gives
// the IR and the diagnostics lowering all files at once gave.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "compiler/compile.hpp"

using namespace schemac;

namespace {

bool by_file_has_code(const Compilation& c, const std::string& code) {
    return std::any_of(c.diagnostics.all().begin(), c.diagnostics.all().end(),
                       [&](const Diagnostic& d) { return d.code == code; });
}

}  // namespace

TEST_CASE("a table lowered before its enum's file is read still has the enum's type") {
    Compilation c = compile_sources(
        {{"a.schema", "table t {\n  s state not null default 'on'\n  n int\n}\n"},
         {"b.schema", "schema billing\nenum billing.kind { a }\nenum state { on, off }\n"}});
    REQUIRE(c.ok());
    REQUIRE(c.database.tables.size() == 1);
    const ir::Column& s = c.database.tables[0].columns[0];
    CHECK(s.type.schema == "public");
    CHECK(s.type.name == "state");
    CHECK(c.database.tables[0].columns[1].type.name == "integer");
}

TEST_CASE("a type no file declares is reported once every file is read") {
    Compilation c = compile_sources({{"a.schema", "table t {\n  s stat\n}\n"}, {"b.schema", "enum state { on }\n"}});
    CHECK_FALSE(c.ok());
    REQUIRE(c.diagnostics.all().size() == 1);
    CHECK(c.diagnostics.all()[0].code == "unknown-type");
    CHECK(c.diagnostics.all()[0].help == "did you mean 'state'?");
}

TEST_CASE("unnamed indexes are named in declaration order, whichever table was lowered first") {
    // a_b is partitioned, so it waits for every file; a is lowered at once. Both unnamed
    // indexes would be a_b_c_idx: the one declared first keeps it, as PostgreSQL would.
    Compilation c = compile_sources({{"a.schema", "table a_b partition by range (c) {\n  c int\n  index (c)\n}\n"
                                                  "table a {\n  b_c int\n  index (b_c)\n}\n"}});
    REQUIRE(c.ok());
    REQUIRE(c.database.tables.size() == 2);
    const ir::Table& a = c.database.tables[0];
    const ir::Table& a_b = c.database.tables[1];
    REQUIRE(a.name.name == "a");
    REQUIRE(a_b.indexes.size() == 1);
    REQUIRE(a.indexes.size() == 1);
    CHECK(a_b.indexes[0].name == "a_b_c_idx");
    CHECK(a.indexes[0].name == "a_b_c_idx1");
}

TEST_CASE("what lowering found is not reported when a later file does not parse") {
    Compilation c = compile_sources({{"a.schema", "table t {\n  x no_such_type\n}\n"}, {"b.schema", "table u {\n"}});
    CHECK_FALSE(c.ok());
    CHECK(by_file_has_code(c, "syntax"));
    CHECK_FALSE(by_file_has_code(c, "unknown-type"));
}
