// The grammar on its own: no problems found by PEGTL's analyzer, and single rules.
#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/error_messages.hpp"
#include "grammar/schema_grammar.hpp"

namespace g = schemac::grammar;
namespace p = tao::pegtl;

namespace {
template <typename Rule>
bool matches_whole(const std::string& text) {
    p::memory_input in(text, "test");
    try {
        return p::parse<p::seq<Rule, p::eof>, p::nothing, g::control>(in);
    } catch (const g::SyntaxError&) {
        return false;
    }
}
}  // namespace

TEST_CASE("analyze<grammar>() finds no problem") { CHECK(p::analyze<g::file>(-1) == 0); }

TEST_CASE("types") {
    for (const char* type : {"int", "numeric(12,2)", "numeric(12, 2)", "text[]", "int[][]", "int array", "double precision",
                             "character varying(50)", "timestamp(3) with time zone", "time without time zone",
                             "billing.kind", "\"My Type\"", "bit varying(8)", "geometry(Point, 4326)"}) {
        INFO(type);
        CHECK(matches_whole<g::type>(type));
    }
    CHECK_FALSE(matches_whole<g::type>("numeric(12,"));
    CHECK_FALSE(matches_whole<g::type>("1int"));
}

TEST_CASE("default expressions without parentheses") {
    for (const char* expression : {"now()", "'draft'", "0", "-1.5", "1e10", "true", "current_date", "'{}'", "'{}'::text[]",
                                   "gen_random_uuid()", "E'it\\'s'", "'a'::character varying", "public.f(1, (2))"}) {
        INFO(expression);
        CHECK(matches_whole<g::default_expression>(expression));
    }
    CHECK(matches_whole<g::default_expression>("(now() + interval '7 days')"));
    CHECK_FALSE(matches_whole<g::default_expression>("now() + 1"));  // needs parentheses
}

TEST_CASE("balanced SQL skips strings, quoted names and comments") {
    CHECK(matches_whole<g::check_clause>("(a = ')')"));
    CHECK(matches_whole<g::check_clause>("(\"odd)name\" > 0)"));
    CHECK(matches_whole<g::check_clause>("(a > 0 /* ) */)"));
    CHECK(matches_whole<g::check_clause>("(a in (1, 2, (3)))"));
    CHECK_FALSE(matches_whole<g::check_clause>("(a > (0)"));
}

TEST_CASE("identifiers") {
    CHECK(matches_whole<g::identifier>("users"));
    CHECK(matches_whole<g::identifier>("_x$1"));
    CHECK(matches_whole<g::identifier>("\"Order Items\""));
    CHECK(matches_whole<g::identifier>("\"say \"\"hi\"\"\""));
    CHECK(matches_whole<g::identifier>("café"));
    CHECK_FALSE(matches_whole<g::identifier>("1abc"));
}
