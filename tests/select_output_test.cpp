// A query's output columns as PostgreSQL names them, with the canonical text of each one's
// expression; checked against a real PostgreSQL over a batch of view bodies.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <pqxx/pqxx>
#include <set>

#include "compiler/sql/select_output.hpp"
#include "postgres_cluster.hpp"
#include "view_bodies.hpp"

using namespace schemac;

namespace {

std::vector<std::string> names(std::string_view query, const ColumnsOf& columns = test::view_tables_columns()) {
    std::optional<std::vector<OutputColumn>> out = select_output(query, columns);
    if (!out) return {"<unknown>"};
    std::vector<std::string> names;
    for (const OutputColumn& c : *out) names.push_back(c.name);
    return names;
}

std::vector<std::string> expressions(std::string_view query) {
    std::optional<std::vector<OutputColumn>> out = select_output(query, test::view_tables_columns());
    if (!out) return {"<unknown>"};
    std::vector<std::string> texts;
    for (const OutputColumn& c : *out) texts.push_back(c.expression);
    return texts;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("a target is named by its alias, a column reference by its last field") {
    CHECK(names("select u.id as user_id, u.email, billing.invoices.total from users u, billing.invoices") ==
          Names{"user_id", "email", "total"});
    CHECK(names("select \"Due Date\", i.\"Due Date\" as \"Due\" from billing.invoices i") == Names{"Due Date", "Due"});
    CHECK(names("select (u).email, tags[1], (settings -> 'a') from users u") == Names{"email", "tags", "?column?"});
}

TEST_CASE("functions, casts and CASE are named as PostgreSQL names them") {
    CHECK(names("select count(*), pg_catalog.lower(email), extract(year from created_at), trim(email) from users") ==
          Names{"count", "lower", "extract", "btrim"});
    CHECK(names("select created_at at time zone 'utc', email collate \"C\" from users") == Names{"timezone", "email"});
    CHECK(names("select id::text, 1::int, 2::bigint, 'x'::varchar(3), 1::double precision, '{}'::int[]") ==
          Names{"id", "int4", "int8", "varchar", "float8", "int4"});
    CHECK(names("select interval '1 day', 1, 'x', null, id + 1, -id from users") ==
          Names{"interval", "?column?", "?column?", "?column?", "?column?", "?column?"});
    CHECK(names("select case when active then email else name end, case when active then 1 end, "
                "case when active then 1 else 2::int end, (case when active then 1 end)::text from users") ==
          Names{"name", "case", "case", "text"});
}

TEST_CASE("constructs PostgreSQL treats as functions keep their keyword as the name") {
    CHECK(names("select array[1], row(1, 2), (1, 2), coalesce(name, email), nullif(name, ''), greatest(1, 2), "
                "least(1, 2) from users") == Names{"array", "row", "row", "coalesce", "nullif", "greatest", "least"});
    CHECK(names("select current_date, current_timestamp(2), localtime, current_user, session_user, user, "
                "current_schema, current_catalog, current_role") ==
          Names{"current_date", "current_timestamp", "localtime", "current_user", "session_user", "user",
                "current_schema", "current_catalog", "current_role"});
    CHECK(names("select xmlelement(name a), xmlforest(email), xmlserialize(content xmlparse(content email) as text), "
                "xmlparse(document email) is document from users") ==
          Names{"xmlelement", "xmlforest", "xmlserialize", "?column?"});
    CHECK(names("select grouping(status), status from billing.invoices group by rollup (status)") ==
          Names{"grouping", "status"});
}

TEST_CASE("sub-selects: a scalar one after its first column, ARRAY and EXISTS by their keywords") {
    CHECK(names("select (select max(total) from billing.invoices), (select 1), array(select id from users), "
                "exists(select 1 from users), 1 = any(select id from users)") ==
          Names{"max", "?column?", "array", "exists", "?column?"});
    CHECK(names("select (select * from users limit 1), (select id from users union select 2)") == Names{"id", "id"});
    CHECK(names("select (select * from nowhere)") == Names{"<unknown>"});
}

TEST_CASE("* and alias.* expand to the columns of what they cover, in order") {
    CHECK(names("select * from accounts") == Names{"id", "user_id", "label", "balance"});
    CHECK(names("select p.*, a.label from profiles p, accounts a") == Names{"id", "bio", "label"});
    CHECK(names("select billing.invoices.* from billing.invoices") ==
          Names{"id", "user_id", "total", "status", "paid_at", "created_at", "Due Date"});
    CHECK(names("select * from accounts as a(key, owner)") == Names{"key", "owner", "label", "balance"});
    CHECK(names("select * from nowhere") == Names{"<unknown>"});
    CHECK(names("select * from accounts", {}) == Names{"<unknown>"});
    CHECK(names("select id from nowhere") == Names{"id"});
    CHECK(names("select *") == Names{"<unknown>"});
    CHECK(names("select (sanitize(u)).* from users u") == Names{"<unknown>"});
    CHECK(names("select (sanitize(u)).name from users u") == Names{"name"});
}

TEST_CASE("JOIN USING and NATURAL JOIN put the merged columns first, once") {
    CHECK(names("select * from profiles join accounts using (id)") ==
          Names{"id", "bio", "user_id", "label", "balance"});
    CHECK(names("select * from profiles natural join users") ==
          Names{"id", "bio", "email", "name", "created_at", "active", "tags", "settings"});
    CHECK(names("select * from profiles p join accounts a on a.id = p.id") ==
          Names{"id", "bio", "id", "user_id", "label", "balance"});
    CHECK(names("select j.* from (profiles join accounts using (id)) j(key)") ==
          Names{"key", "bio", "user_id", "label", "balance"});
    CHECK(names("select k.* from profiles join accounts using (id) as k") == Names{"id"});
    CHECK(expressions("select * from profiles p full join accounts a using (id)") ==
          std::vector<std::string>{"COALESCE(p.id, a.id)", "p.bio", "a.user_id", "a.label", "a.balance"});
    CHECK(expressions("select * from profiles p right join accounts a using (id)").front() == "a.id");
    CHECK(expressions("select * from profiles p left join accounts a using (id)").front() == "p.id");
}

TEST_CASE("CTEs, sub-selects and functions in FROM give their own columns") {
    CHECK(names("with c(a) as (select id, email from users) select * from c") == Names{"a", "email"});
    CHECK(names("with recursive t(n) as (select 1 union all select n + 1 from t) select * from t") == Names{"n"});
    CHECK(names("with a as (select 1 as x) select * from (select * from a) s(y)") == Names{"y"});
    CHECK(names("select * from (values (1, 2)) v(a)") == Names{"a", "column2"});
    CHECK(names("select * from generate_series(1, 2)") == Names{"generate_series"});
    CHECK(names("select * from generate_series(1, 2) g") == Names{"g"});
    CHECK(names("select * from unnest(array[1]) with ordinality t(v)") == Names{"v", "ordinality"});
    CHECK(names("select * from json_to_recordset('[]') as r(a int, b text)") == Names{"a", "b"});
    CHECK(names("select * from jsonb_each('{}')") == Names{"<unknown>"});
    CHECK(names("select * from xmltable('/r' passing xmlparse(document '<r/>') columns x int, y text path 'y')") ==
          Names{"x", "y"});
    CHECK(names("select u.*, s.n from users u cross join lateral (select count(*) as n from accounts a where "
                "a.user_id = u.id) s") ==
          Names{"id", "email", "name", "created_at", "active", "tags", "settings", "n"});
}

TEST_CASE("set operations are named after their leftmost branch, VALUES column1, column2, ...") {
    CHECK(names("select id as key from users union select user_id from accounts except select 1") == Names{"key"});
    CHECK(names("(select email from users) union all (select label from accounts)") == Names{"email"});
    CHECK(names("values (1, 'a'), (2, 'b')") == Names{"column1", "column2"});
    CHECK(expressions("values (1 + 1, 'a')") == std::vector<std::string>{"1 + 1", "'a'"});
}

TEST_CASE("each column carries the canonical text of its expression") {
    CHECK(expressions("select i.total   *2 as doubled, lower( email ) as e, -- a comment, with a comma\n"
                      "  (i.id + 1) * 2 from billing.invoices i, users") ==
          std::vector<std::string>{"i.total * 2", "lower(email)", "(i.id + 1) * 2"});
    CHECK(expressions("select u.* from users u").front() == "u.id");
    CHECK(expressions("select \"Due Date\" from billing.invoices i") == std::vector<std::string>{"\"Due Date\""});
    CHECK(expressions("select i.* from billing.invoices i").back() == "i.\"Due Date\"");
    CHECK(expressions("select case when active then 'y' else 'n' end as flag from users") ==
          std::vector<std::string>{"CASE WHEN active THEN 'y' ELSE 'n' END"});
    CHECK(expressions("select (select max(total) from billing.invoices) as top") ==
          std::vector<std::string>{"(SELECT max(total) FROM billing.invoices)"});
}

TEST_CASE("what is not one query has no output columns") {
    CHECK_FALSE(select_output("select 1; select 2"));
    CHECK_FALSE(select_output("select from"));
    CHECK_FALSE(select_output("insert into t values (1)"));
    CHECK_FALSE(select_output("select 1 into t"));
}

TEST_CASE("on PostgreSQL: each view's columns are named as select_output names them") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("select_output");
    cluster.execute("select_output", test::view_tables_sql());
    pqxx::connection connection(cluster.url("select_output"));
    int views = 0;
    for (std::size_t i = 0; i < test::view_bodies().size(); ++i) {
        const std::string& body = test::view_bodies()[i];
        CAPTURE(body);
        // What PostgreSQL names the columns of the query, duplicates and all.
        Names expected;
        {
            pqxx::work tx(connection);
            pqxx::result r = tx.exec(body);
            for (pqxx::row::size_type c = 0; c < r.columns(); ++c) expected.push_back(r.column_name(c));
        }
        CHECK(names(body) == expected);
        // As a view (when its names are distinct, as a view needs): pg_attribute's names, in order.
        if (std::set<std::string>(expected.begin(), expected.end()).size() != expected.size()) continue;
        std::string view = fmt::format("v{}", i);
        pqxx::work tx(connection);
        tx.exec(fmt::format("create view {} as {}", view, body));
        Names attributes;
        for (const pqxx::row& row :
             tx.exec(fmt::format("select attname from pg_attribute where attrelid = '{}'::regclass "
                                 "and attnum > 0 and not attisdropped order by attnum",
                                 view)))
            attributes.push_back(row[0].c_str());
        tx.commit();
        CHECK(names(body) == attributes);
        ++views;
    }
    CHECK(views >= 40);
    cluster.drop_database("select_output");
}
