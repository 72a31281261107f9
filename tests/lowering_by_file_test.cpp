// Lowering declaration by declaration (compile_sources): a table lowered as soon as it is parsed
// gives the IR and the diagnostics lowering all files at once gave.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "compiler/compile.hpp"
#include "tests/support.hpp"

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

TEST_CASE("a table that names one declared later, in its file or another, waits for it") {
    // billing.invoices names `customers` unqualified from outside public: it resolves against
    // the tables declared anywhere (billing.customers, declared later), so it is kept until every
    // file is read. public.a names b, declared later too, but is lowered at once (an unqualified
    // name from public is public's).
    Compilation c = compile_sources(
        {{"a.schema", "schema billing\n"
                      "table billing.invoices {\n  id bigint primary key\n  customer bigint references customers(id)\n"
                      "  payer bigint references billing.payers(id)\n}\n"
                      "table a {\n  id bigint primary key\n  b bigint references b(id)\n}\n"
                      "table billing.payers {\n  id bigint primary key\n}\n"},
         {"b.schema",
          "table billing.customers {\n  id bigint primary key\n}\ntable b {\n  id bigint primary key\n}\n"}});
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    auto target = [&](const std::string& schema, const std::string& table, std::size_t fk) {
        for (const ir::Table& t : c.database.tables)
            if (t.name.schema == schema && t.name.name == table)
                return ir::display_name(t.foreign_keys.at(fk).referenced_table);
        return std::string("(no such table)");
    };
    CHECK(target("billing", "invoices", 0) == "billing.customers");
    CHECK(target("billing", "invoices", 1) == "billing.payers");
    CHECK(target("public", "a", 0) == "b");
}

TEST_CASE("what lowering found is not reported when a later declaration of the same file does not parse") {
    // t is lowered as soon as it is read (its unknown type is noted); the broken table after it
    // makes the compile a syntax error alone, as when the whole file was read first.
    Compilation c = compile_sources({{"a.schema", "table t {\n  x no_such_type\n}\ntable u {\n  id int primary\n}\n"
                                                  "table v {\n  id int\n}\n"}});
    CHECK_FALSE(c.ok());
    CHECK(by_file_has_code(c, "syntax"));
    CHECK_FALSE(by_file_has_code(c, "unknown-type"));
}
