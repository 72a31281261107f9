// What a query reads, from its parse tree: relations and the columns read from each, through
// aliases, joins, CTEs, subqueries and set operations.
#include <doctest/doctest.h>

#include <map>

#include "compiler/sql/select_reads.hpp"

using namespace schemac;

namespace {

// The columns schemac knows for a few relations, as a view's compiler would ask for them.
ColumnsOf known(std::map<std::string, std::vector<std::string>> tables) {
    return [tables](const std::optional<std::string>& schema,
                    const std::string& name) -> std::optional<std::vector<std::string>> {
        auto it = tables.find(schema ? *schema + "." + name : name);
        if (it == tables.end()) return std::nullopt;
        return it->second;
    };
}

RelationRead read_of(std::optional<std::string> schema, std::string name, std::set<std::string> columns,
                     bool every = false) {
    return RelationRead{std::move(schema), std::move(name), std::move(columns), every};
}

}  // namespace

TEST_CASE("a join through aliases reads the columns each alias names") {
    SelectReads r = select_reads(
        "select i.id, i.total, u.email from billing.invoices i join users u on u.id = i.user_id "
        "where i.paid_at is null");
    REQUIRE(r.valid);
    CHECK(r.single_select);
    CHECK(r.relations ==
          std::vector<RelationRead>{read_of(std::nullopt, "users", {"email", "id"}),
                                    read_of("billing", "invoices", {"id", "paid_at", "total", "user_id"})});
    CHECK(r.unattributed.empty());
}

TEST_CASE("a CTE is the query's own name, not a relation, and * reads every column") {
    SelectReads r = select_reads("with recent as (select * from orders where created_at > now() - interval '1 day') "
                                 "select r.id, count(*) from recent r group by r.id");
    REQUIRE(r.valid);
    CHECK(r.relations == std::vector<RelationRead>{read_of(std::nullopt, "orders", {"created_at"}, true)});
    CHECK(r.unattributed.empty());
}

TEST_CASE("unqualified columns go to the relation that has them, USING to both sides") {
    ColumnsOf columns = known({{"users", {"id", "email"}}, {"accounts", {"id", "name"}}});
    SelectReads r = select_reads("select email, name from users join accounts using (id) where nickname is null",
                                 columns);
    REQUIRE(r.valid);
    CHECK(r.relations == std::vector<RelationRead>{read_of(std::nullopt, "accounts", {"id", "name"}),
                                                   read_of(std::nullopt, "users", {"email", "id"})});
    CHECK(r.unattributed == std::vector<std::string>{"nickname"});
}

TEST_CASE("correlated and LATERAL subqueries read the outer relations by their aliases") {
    SelectReads r = select_reads(
        "select u.id, l.n from users u, lateral (select count(*) as n from orders o where o.user_id = u.id) l "
        "where exists (select 1 from teams t where t.id = u.team_id)");
    REQUIRE(r.valid);
    CHECK(r.relations == std::vector<RelationRead>{read_of(std::nullopt, "orders", {"user_id"}),
                                                   read_of(std::nullopt, "teams", {"id"}),
                                                   read_of(std::nullopt, "users", {"id", "team_id"})});
    CHECK(r.unattributed.empty());
}

TEST_CASE("set operations, window functions and output names") {
    SelectReads r = select_reads(
        "select date_trunc('day', created_at) as day, sum(total) as total from billing.invoices group by day "
        "union all select day, amount from legacy.daily order by day");
    REQUIRE(r.valid);
    CHECK(r.relations == std::vector<RelationRead>{read_of("billing", "invoices", {"created_at", "total"}),
                                                   read_of("legacy", "daily", {"amount", "day"})});
    CHECK(r.unattributed.empty());
    SelectReads w = select_reads(
        "select id, row_number() over (partition by team_id order by created_at) from members");
    CHECK(w.relations == std::vector<RelationRead>{read_of(std::nullopt, "members", {"created_at", "id", "team_id"})});
    SelectReads s = select_reads("select s.x, t.* from (select id as x from users) s join teams t on t.id = s.x");
    CHECK(s.relations == std::vector<RelationRead>{read_of(std::nullopt, "teams", {"id"}, true),
                                                   read_of(std::nullopt, "users", {"id"})});
    SelectReads q = select_reads("select public.users.email from public.users");
    CHECK(q.relations == std::vector<RelationRead>{read_of("public", "users", {"email"})});
}

TEST_CASE("only one query is a view's body: VALUES is one, DML, two statements or SELECT INTO are not") {
    CHECK(select_reads("values (1, 'a'), (2, 'b')").single_select);
    CHECK(select_reads("values (1, 'a'), (2, 'b')").relations.empty());
    CHECK_FALSE(select_reads("delete from users").single_select);
    CHECK_FALSE(select_reads("select 1; select 2").single_select);
    CHECK_FALSE(select_reads("select * into copy from users").single_select);
    SelectReads bad = select_reads("select id from users where");
    CHECK_FALSE(bad.valid);
    CHECK(bad.error.find("syntax error at end of input") != std::string::npos);
    CHECK(bad.error_offset == 26);
    // PostgreSQL counts characters; the offset is in bytes, after a two-byte character too.
    std::string accented = "select 'é', x from where";
    CHECK(select_reads(accented).error_offset == accented.find("where"));
}
