#include "view_bodies.hpp"

#include <map>

namespace schemac::test {

const std::string& view_tables_sql() {
    static const std::string sql = R"(
create schema billing;
create table users (id bigint primary key, email text not null, name varchar(100),
                    created_at timestamptz default now(), active boolean default true, tags text[], settings jsonb);
create table billing.invoices (id bigint primary key, user_id bigint references users, total numeric(12,2),
                               status text, paid_at timestamptz, created_at timestamptz, "Due Date" date);
create table accounts (id bigint primary key, user_id bigint, label text, balance numeric);
create table profiles (id bigint, bio text);
create table items (id int, invoice_id bigint, sku text, qty int, price numeric);
)";
    return sql;
}

ColumnsOf view_tables_columns() {
    static const std::map<std::string, std::vector<std::string>> tables = {
        {"users", {"id", "email", "name", "created_at", "active", "tags", "settings"}},
        {"billing.invoices", {"id", "user_id", "total", "status", "paid_at", "created_at", "Due Date"}},
        {"accounts", {"id", "user_id", "label", "balance"}},
        {"profiles", {"id", "bio"}},
        {"items", {"id", "invoice_id", "sku", "qty", "price"}},
    };
    return [](const std::optional<std::string>& schema,
              const std::string& name) -> std::optional<std::vector<std::string>> {
        auto it = tables.find(schema && *schema != "public" ? *schema + "." + name : name);
        if (it == tables.end()) return std::nullopt;
        return it->second;
    };
}

const std::vector<std::string>& view_bodies() {
    static const std::vector<std::string> bodies = {
        // column references, aliases, qualified names
        "select id, email from users",
        "select u.id as user_id, u.email from users u",
        "select billing.invoices.id, invoices.total from billing.invoices",
        "select \"Due Date\", i.\"Due Date\" as due from billing.invoices i",
        "select users.id as \"User Id\" from users",
        // stars
        "select * from users",
        "select i.* from billing.invoices i",
        "select billing.invoices.* from billing.invoices",
        "select a.*, u.email from accounts a, users u where a.user_id = u.id",
        "select * from users join accounts using (id)",
        "select * from users natural join profiles",
        "select * from users u left join accounts a using (id)",
        "select * from users u right join accounts a using (id)",
        "select * from users u full join accounts a using (id)",
        "select j.* from (users join accounts using (id)) as j",
        "select * from (users u join accounts a using (id)) j(key)",
        "select k.id, label from users join accounts using (id) as k",
        "select * from users as u(uid, mail)",
        // functions, operators, casts
        "select count(*), count(*) filter (where active), max(created_at) from users",
        "select lower(email), pg_catalog.upper(name) from users",
        "select id + 1, -id, id is null, not active from users",
        "select id::text, cast(name as text), (id)::varchar, email::varchar(20) from users",
        "select 1::int, '1'::integer, 2::bigint, 1.5::double precision, '{}'::int[], 'x'::varchar(5)",
        "select 'x', 1, 2.5, null, true, interval '1 day', date '2020-01-01', timestamptz '2020-01-01'",
        "select email collate \"C\", tags[1], tags[1:2], settings -> 'a', settings ->> 'b' from users",
        "select (u).email, (u).id as uid from users u",
        "select extract(year from created_at), created_at at time zone 'utc', date_trunc('day', created_at) from users",
        "select trim(email), substring(email from 2), position('a' in email), overlay(email placing 'x' from 1) from "
        "users",
        "select json_build_object('id', id), to_jsonb(u), u.settings #> '{a,b}' from users u",
        // CASE, ARRAY, ROW, COALESCE, NULLIF, GREATEST/LEAST
        "select case when active then 'yes' else 'no' end, case when active then email else name end from users",
        "select case when true then 1 end, case when true then 1 else 2::bigint end, case id when 1 then email end from "
        "users",
        "select case when active then 1 else id end::text, case when active then 'a' end::varchar from users",
        "select array[1, 2, 3], array[id, 2] as ids, row(id, email), (id, email) from users",
        "select coalesce(name, email), nullif(name, ''), greatest(1, 2), least(id, 4) from users",
        // sub-selects
        "select (select max(total) from billing.invoices), (select 1), (select u.email) from users u",
        "select array(select id from users), exists(select 1 from accounts), (select count(*) from items) as n",
        "select (select i from items i limit 1), 1 = any(select id from users), (select x from (select 1 as x) s)",
        "select (select id from users union select user_id from accounts limit 1)",
        // SQL value functions, xml, grouping
        "select current_date, current_timestamp, current_timestamp(2), localtime, localtimestamp, current_time",
        "select current_user, session_user, current_role, user, current_schema, current_catalog",
        "select xmlelement(name foo, email), xmlforest(email, name), xmlconcat(xmlelement(name a), xmlelement(name b)) "
        "from users",
        "select xmlparse(document email), xmlpi(name php), xmlroot(xmlparse(document email), version '1.0'), "
        "xmlserialize(content xmlparse(content email) as text), xmlparse(document email) is document from users",
        "select grouping(status), status, count(*) from billing.invoices group by rollup(status)",
        // windows, ordered-set aggregates, DISTINCT
        "select sum(total) over (partition by user_id order by created_at), row_number() over w from billing.invoices "
        "window w as (order by id)",
        "select percentile_cont(0.5) within group (order by total), string_agg(status, ',' order by id) from "
        "billing.invoices",
        "select distinct status from billing.invoices order by status",
        "select distinct on (user_id) user_id, total from billing.invoices order by user_id, created_at desc",
        // CTEs, sub-selects in FROM, LATERAL, functions in FROM
        "with recent as (select id, total from billing.invoices) select * from recent",
        "with c(a, b) as (select id, email from users) select * from c",
        "with recursive t(n) as (select 1 union all select n + 1 from t where n < 5) select * from t",
        "with a as (select id from users), b as (select a.id as x from a) select b.*, a.* from a join b on b.x = a.id",
        "select * from (select id, email as mail from users) s",
        "select * from (select id, email from users) s(x)",
        "select u.*, a.label from users u join lateral (select label from accounts where accounts.user_id = u.id limit "
        "1) a on true",
        "select * from generate_series(1, 3)",
        "select * from generate_series(1, 3) g",
        "select * from generate_series(1, 3) with ordinality as g(n)",
        "select * from unnest(array[1, 2]) with ordinality as t(v, i)",
        "select * from json_to_recordset('[{\"a\":1}]') as r(a int, b text)",
        "select * from (values (1, 'a'), (2, 'b')) v(n, s)",
        "select * from (values (1, 'a')) v",
        // set operations and VALUES
        "select id from users union select user_id from accounts",
        "select 1 union all select 2",
        "select id as key from users except select user_id from accounts intersect select id from users",
        "(select email from users order by id limit 1) union (select label from accounts)",
        "values (1, 'a'), (2, 'b')",
        // more of what views do
        "select i.total * 2 as doubled, i.id from billing.invoices i where i.paid_at is null order by 1",
        "select x.id from (select id from users) x where x.id in (1, 2, 3)",
        "select id from users where id between 1 and 10 and email like '%@x' and name ilike 'a%'",
        "select u.id, u.email, i.total from billing.invoices i join users u on u.id = i.user_id where i.paid_at is "
        "null",
        "select status, count(*) as n, sum(total) from billing.invoices group by status having count(*) > 1",
        "select it.sku, it.qty * it.price as amount from items it where it.invoice_id in (select id from "
        "billing.invoices where status = 'open')",
    };
    return bodies;
}

}  // namespace schemac::test
