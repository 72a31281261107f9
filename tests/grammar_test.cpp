// The grammar on its own: no problems found by PEGTL's analyzer, and single rules.
#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/accepts.hpp"
#include "grammar/error_messages.hpp"
#include "grammar/plain_column_line.hpp"
#include "grammar/schema_grammar.hpp"

namespace g = schemac::grammar;
namespace p = tao::pegtl;

using schemac::grammar_accepts;

TEST_CASE("analyze<grammar>() finds no problem") { CHECK(p::analyze<g::file>(-1) == 0); }

TEST_CASE("types") {
    for (const char* type :
         {"int", "numeric(12,2)", "numeric(12, 2)", "text[]", "int[][]", "int array", "double precision",
          "character varying(50)", "timestamp(3) with time zone", "time without time zone", "billing.kind",
          "\"My Type\"", "bit varying(8)", "geometry(Point, 4326)"}) {
        INFO(type);
        CHECK(grammar_accepts<g::type>(type));
    }
    CHECK_FALSE(grammar_accepts<g::type>("numeric(12,"));
    CHECK_FALSE(grammar_accepts<g::type>("1int"));
}

TEST_CASE("default expressions without parentheses") {
    for (const char* expression :
         {"now()", "'draft'", "0", "-1.5", "1e10", "true", "current_date", "'{}'", "'{}'::text[]", "gen_random_uuid()",
          "E'it\\'s'", "'a'::character varying", "public.f(1, (2))"}) {
        INFO(expression);
        CHECK(grammar_accepts<g::default_expression>(expression));
    }
    CHECK(grammar_accepts<g::default_expression>("(now() + interval '7 days')"));
    CHECK_FALSE(grammar_accepts<g::default_expression>("now() + 1"));  // needs parentheses
}

TEST_CASE("balanced SQL skips strings, quoted names and comments") {
    CHECK(grammar_accepts<g::check_clause>("(a = ')')"));
    CHECK(grammar_accepts<g::check_clause>("(\"odd)name\" > 0)"));
    CHECK(grammar_accepts<g::check_clause>("(a > 0 /* ) */)"));
    CHECK(grammar_accepts<g::check_clause>("(a in (1, 2, (3)))"));
    CHECK_FALSE(grammar_accepts<g::check_clause>("(a > (0)"));
}

TEST_CASE("identifiers") {
    CHECK(grammar_accepts<g::identifier>("users"));
    CHECK(grammar_accepts<g::identifier>("_x$1"));
    CHECK(grammar_accepts<g::identifier>("\"Order Items\""));
    CHECK(grammar_accepts<g::identifier>("\"say \"\"hi\"\"\""));
    CHECK(grammar_accepts<g::identifier>("café"));
    CHECK_FALSE(grammar_accepts<g::identifier>("1abc"));
}

TEST_CASE("the byte tests of hand-written readers take the bytes ident_first and ident_other take") {
    for (int byte = 0; byte < 256; ++byte) {
        char c = static_cast<char>(byte);
        std::string one(1, c);
        INFO(byte);
        CHECK(g::is_ident_other_byte(c) == grammar_accepts<g::ident_other>(one));
        CHECK(g::is_ident_first_byte(c) == grammar_accepts<g::ident_first>(one));
    }
    CHECK(grammar_accepts<g::bare_identifier>("a_b$9é"));
    CHECK_FALSE(grammar_accepts<g::bare_identifier>("a-b"));
}

TEST_CASE("a plain column line is read by hand only where it has the common shape") {
    auto reads = [](std::string_view text) {
        g::PlainColumnLine line;
        return g::read_plain_column_line(text.data(), text.data() + text.size(), line);
    };
    for (const char* text :
         {"id bigint\n", "name text not null\n", "Email VARCHAR(200) NULL Unique\n", "amount numeric( 12 , 2 )\n",
          "ratio double   precision\n", "tags text[] not null default '{}'\n", "grid int [3][ ]\n",
          "status status not null default 'it''s'\n", "n int default -1.5 primary key\n",
          "at timestamptz default now()\n", "flag boolean default true\r\n", "x int  ", "x int }",
          "statistics statistics\n", "comment text\n"}) {
        INFO(text);
        CHECK(reads(text));
    }
    for (const char* text :
         {"\"Id\" int\n",
          "id \"int\"\n",
          "id billing.kind\n",
          "id int not null not null\n",
          "id int null null\n",
          "id int // note\n",
          "id int /* note */\n",
          "id int check (id > 0)\n",
          "id int references t (id)\n",
          "id int default 0::bigint\n",
          "id int default 1e3\n",
          "id int default +1\n",
          "id int default E'x'\n",
          "id int default now ()\n",
          "id int default f(1)\n",
          "id int default 'a\nb'\n",
          "id int default (1)\n",
          "id int generated always as identity\n",
          "id int @was(x)\n",
          "id timestamp\n",
          "id time\n",
          "id character varying(5)\n",
          "id char(2)\n",
          "id bit\n",
          "id double\n",
          "id double precision(2)\n",
          "id not null\n",
          "id int not\n",
          "id int primary\n",
          "id int not null,\n",
          "id int\rx\n",
          "id\n",
          "id int array\n",
          "id numeric(a)\n",
          "id numeric(1,2,3,4,5)\n",
          "id int[x]\n",
          "id int default\n",
          "id int collate \"C\"\n",
          "id int statistics 10\n",
          "id int comment 'x'\n"}) {
        INFO(text);
        CHECK_FALSE(reads(text));
    }

    std::string_view text = "  tags  text[] not  null default '{}'  \nnext";
    text.remove_prefix(2);
    g::PlainColumnLine line;
    REQUIRE(g::read_plain_column_line(text.data(), text.data() + text.size(), line));
    auto part = [&](g::PlainPart p) { return std::string(text.substr(p.begin, p.end - p.begin)); };
    CHECK(part(line.name) == "tags");
    CHECK(part(line.type) == "text[]");
    CHECK(part(line.type_name) == "text");
    CHECK(line.array_dimensions == 1);
    CHECK(part(line.not_null) == "not  null");
    CHECK_FALSE(line.null.present());
    CHECK(part(line.default_clause) == "default '{}'");
    CHECK(part(line.default_expression) == "'{}'");
    CHECK(text.substr(line.content_end, 1) == "\n");
    CHECK(text.substr(line.length) == "next");
}
