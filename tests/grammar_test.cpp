// The grammar on its own: no problems found by PEGTL's analyzer, and single rules.
#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/accepts.hpp"
#include "grammar/error_messages.hpp"
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

TEST_CASE("the loop over a name's bytes takes the bytes ident_other takes") {
    for (int byte = 0; byte < 256; ++byte) {
        char c = static_cast<char>(byte);
        std::string one(1, c);
        INFO(byte);
        CHECK(g::is_ident_other_byte(c) == grammar_accepts<g::ident_other>(one));
    }
    CHECK(grammar_accepts<g::bare_identifier>("a_b$9é"));
    CHECK_FALSE(grammar_accepts<g::bare_identifier>("a-b"));
}
