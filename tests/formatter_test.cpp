// The formatter: golden layouts (tests/golden/fmt), idempotence, comments kept.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/parser.hpp"
#include "tests/support.hpp"

using namespace schemac;

TEST_CASE("golden layouts: tests/golden/fmt/*.schema formats to *.expected") {
    auto dir = test::source_dir() / "tests/golden/fmt";
    int cases = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".schema") continue;
        ++cases;
        SUBCASE(entry.path().filename().string().c_str()) {
            std::string input = test::read(entry.path());
            std::string out = test::formatted(input, entry.path().filename().string());
            auto expected = entry.path();
            test::check_golden(expected.replace_extension(".expected"), out);
            CHECK(test::formatted(out) == out);  // idempotent
            auto before = test::compile_text(input);
            auto after = test::compile_text(out);
            CHECK(before.database == after.database);
            CHECK(test::messages(before) == test::messages(after));
        }
    }
    CHECK(cases >= 4);
}

TEST_CASE("every comment survives formatting") {
    std::string input =
        "// head\n\n/* block */ table t /* name */ { // brace\n  // before a\n  a int /* inside */ not null // after a\n\n"
        "  // before b\n  b text\n  // last\n} // after\n// tail\n";
    std::string out = test::formatted(input);
    for (const char* comment : {"// head", "/* block */", "/* name */", "// brace", "// before a", "/* inside */",
                                "// after a", "// before b", "// last", "// after", "// tail"}) {
        INFO(comment, "\n", out);
        CHECK(out.find(comment) != std::string::npos);
    }
    CHECK(test::formatted(out) == out);
}

TEST_CASE("formatting normalises spacing, keyword case and modifier order") {
    CHECK(test::formatted("TABLE   t{\n id   INT   NOT NULL   PRIMARY KEY\n  longer_name text DEFAULT 'x'   UNIQUE\n}") ==
          "table t {\n  id          int  primary key not null\n  longer_name text unique default 'x'\n}\n");
    CHECK(test::formatted("enum e {\n  a,\n  b\n}\n") == "enum e { a, b }\n");
}
