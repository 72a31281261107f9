// Access in the language: roles, row-level security, policies, grants (table lines and top-level
// ones on schemas, sequences, tables, views, functions), the revoke of PUBLIC's execute and
// default privileges: parsing, lowering to the IR, the errors and warnings, fmt, and the pull
// writer's round trip.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/syntax/formatter.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "tests/support.hpp"

using namespace schemac;
using schemac::test::compile_text;
using schemac::test::diagnostics_text;
using schemac::test::messages;

namespace {

const char* base = R"(
role app
role reporting

schema billing

table orgs {
  id   bigint generated always as identity primary key
  name text not null
}

table billing.invoices {
  id     bigserial primary key
  org_id bigint not null
  email  text
  total  numeric(12,2)
}

function billing.invoice_total(bigint) returns numeric language sql stable as $$ select 1::numeric $$
)";

ir::Database compiled(const std::string& text) {
    auto c = compile_text(std::string(base) + text);
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    return c.database;
}

std::string errors(const std::string& text) {
    auto c = compile_text(std::string(base) + text);
    CHECK_FALSE(c.ok());
    return diagnostics_text(c);
}

const ir::Table& table_named(const ir::Database& db, const std::string& schema, const std::string& name) {
    const ir::Table* t = ir::find_table(db, ir::QualifiedName{schema, name});
    REQUIRE(t != nullptr);
    return *t;
}

std::vector<std::string> grant_texts(const std::vector<ir::Grant>& grants) {
    std::vector<std::string> out;
    for (const ir::Grant& g : grants)
        out.push_back(g.grantee + ":" + g.privilege + (g.column.empty() ? "" : "(" + g.column + ")") +
                      (g.grant_option ? "+option" : ""));
    return out;
}

}  // namespace

TEST_CASE("roles are declared one a line and sorted in the IR") {
    auto db = compiled("role \"Auditor\"\n");
    REQUIRE(db.roles.size() == 3);
    CHECK(db.roles[0].name == "Auditor");
    CHECK(db.roles[1].name == "app");
    CHECK(db.roles[2].name == "reporting");
    CHECK(db.roles[1].origin.span.known());
}

TEST_CASE("a role with options or a password is a syntax error whose help says roles are created elsewhere") {
    std::string out = errors("role admin with password 'secret'\n");
    CHECK(out.find("expected the end of the line after the role's name, found 'with'") != std::string::npos);
    CHECK(out.find("created outside schemac") != std::string::npos);
    CHECK(errors("role a, b\n").find("found ','") != std::string::npos);
}

TEST_CASE("row level security, force, policies and table grants lower to the IR") {
    auto db = compiled(R"(
table docs {
  id     bigint primary key
  org_id bigint not null
  owner  text
  body   text
  force row level security
  policy tenant_isolation for all to app
      using (org_id = current_setting('app.org_id')::bigint)
      with check (org_id = current_setting('app.org_id')::bigint)
      comment 'one tenant'
  policy readers as restrictive for select to reporting, app using (org_id in (select id from orgs where name <> ''))
  policy everyone for insert with check (owner = current_user)
  grant select, insert, update (owner, body), delete to app
  grant all to reporting with grant option
  grant select (id, org_id) to public
}
)");
    const ir::Table& t = table_named(db, "public", "docs");
    CHECK(t.row_level_security);
    CHECK(t.force_row_level_security);
    REQUIRE(t.policies.size() == 3);
    const ir::Policy& everyone = t.policies[0];
    CHECK(everyone.name == "everyone");
    CHECK(everyone.command == ir::PolicyCommand::insert);
    CHECK(everyone.roles == std::vector<std::string>{"public"});
    CHECK(everyone.check_expression == "owner = current_user");
    const ir::Policy& readers = t.policies[1];
    CHECK_FALSE(readers.permissive);
    CHECK(readers.command == ir::PolicyCommand::select);
    CHECK(readers.roles == std::vector<std::string>{"app", "reporting"});
    const ir::Policy& tenant = t.policies[2];
    CHECK(tenant.permissive);
    CHECK(tenant.command == ir::PolicyCommand::all);
    CHECK(tenant.using_expression == "org_id = current_setting('app.org_id')::bigint");
    CHECK(tenant.check_expression == tenant.using_expression);
    CHECK(tenant.comment == "one tenant");
    CHECK(tenant.origin.span.known());
    CHECK(grant_texts(t.grants) ==
          std::vector<std::string>{"app:delete", "app:insert", "app:select", "app:update(body)", "app:update(owner)",
                                   "public:select(id)", "public:select(org_id)", "reporting:delete+option",
                                   "reporting:insert+option", "reporting:references+option", "reporting:select+option",
                                   "reporting:trigger+option", "reporting:truncate+option", "reporting:update+option"});
}

TEST_CASE("a policy with no `to` applies to public and a policy's expression compares as a check's does") {
    auto db = compiled(R"(
table notes {
  org_id bigint
  row level security
  policy p using ((org_id = 1))
}
)");
    const ir::Table& t = table_named(db, "public", "notes");
    CHECK(t.row_level_security);
    CHECK_FALSE(t.force_row_level_security);
    REQUIRE(t.policies.size() == 1);
    CHECK(t.policies[0].roles == std::vector<std::string>{"public"});
    CHECK(t.policies[0].using_expression == "org_id = 1");
}

TEST_CASE("a column called policy or grant is still a column") {
    auto db = compiled(R"(
table settings {
  policy text
  grant  text not null
}
)");
    const ir::Table& t = table_named(db, "public", "settings");
    REQUIRE(t.columns.size() == 2);
    CHECK(t.columns[0].name == "policy");
    CHECK(t.columns[1].name == "grant");
    CHECK(t.policies.empty());
}

TEST_CASE("top-level grants reach schemas, sequences, tables, views and functions, merged with table lines") {
    auto db = compiled(R"(
view billing.open_invoices as (select id, org_id, total from billing.invoices)

grant usage on schema billing to app, reporting
grant create on schema public to app
grant usage, select on sequence billing.invoices_id_seq, orgs_id_seq to app
grant select, update (email) on table billing.invoices to app
grant select on view billing.open_invoices to reporting
grant execute on function billing.invoice_total(int8) to app
revoke execute on function billing.invoice_total(bigint) from public
default privileges in schema billing grant select on tables to reporting
default privileges for role app grant usage on sequences to reporting with grant option
default privileges grant execute on functions to app
)");
    auto schema = std::find_if(db.schemas.begin(), db.schemas.end(), [](auto& s) { return s.name == "billing"; });
    REQUIRE(schema != db.schemas.end());
    CHECK(grant_texts(schema->grants) == std::vector<std::string>{"app:usage", "reporting:usage"});
    auto pub = std::find_if(db.schemas.begin(), db.schemas.end(), [](auto& s) { return s.name == "public"; });
    REQUIRE(pub != db.schemas.end());
    CHECK(grant_texts(pub->grants) == std::vector<std::string>{"app:create"});
    REQUIRE(db.sequence_grants.size() == 2);
    CHECK(db.sequence_grants[0].sequence == ir::QualifiedName{"billing", "invoices_id_seq"});
    CHECK(grant_texts(db.sequence_grants[0].grants) == std::vector<std::string>{"app:select", "app:usage"});
    CHECK(db.sequence_grants[1].sequence == ir::QualifiedName{"public", "orgs_id_seq"});
    CHECK(grant_texts(table_named(db, "billing", "invoices").grants) ==
          std::vector<std::string>{"app:select", "app:update(email)"});
    REQUIRE(db.views.size() == 1);
    CHECK(grant_texts(db.views[0].grants) == std::vector<std::string>{"reporting:select"});
    REQUIRE(db.functions.size() == 1);
    CHECK(grant_texts(db.functions[0].grants) == std::vector<std::string>{"app:execute"});
    REQUIRE(db.default_privileges.size() == 3);
    CHECK(db.default_privileges[0].for_role.empty());
    CHECK(db.default_privileges[0].schema.empty());
    CHECK(db.default_privileges[0].objects == ir::DefaultPrivilegeObjects::functions);
    CHECK(db.default_privileges[1].schema == "billing");
    CHECK(db.default_privileges[2].for_role == "app");
    CHECK(grant_texts(db.default_privileges[2].grants) == std::vector<std::string>{"reporting:usage+option"});
}

TEST_CASE("every function can be executed by public unless the schema revokes it") {
    auto db = compiled("");
    REQUIRE(db.functions.size() == 1);
    CHECK(grant_texts(db.functions[0].grants) == std::vector<std::string>{"public:execute"});
}

TEST_CASE("access errors: roles, privileges, targets, duplicates, policy rules") {
    std::string out = errors(R"(
role app

table docs {
  org_id bigint
  policy p for insert to ap using (org_id = 1)
  policy p for select with check (org_idd = 1)
  grant selct to app
  grant delete (org_id) to current_user
  grant select to app
  grant select to app
}

grant usage on schema public to public
grant usage on schema nowhere to app
grant usage on sequence docs_org_id_seq to app
grant execute on function billing.invoice_total(text) to app
grant usage on function billing.invoice_total(bigint) to app
default privileges grant select on tables to public
default privileges in schema billing grant select on tables to app
default privileges in schema billing grant insert on tables to app
default privileges in schema billing grant select, update on tables to app
)");
    CHECK(out.find("role app is declared twice") != std::string::npos);
    CHECK(out.find("names role ap, which is not declared") != std::string::npos);
    CHECK(out.find("did you mean 'app'?") != std::string::npos);
    CHECK(out.find("only a with check expression is allowed for insert") != std::string::npos);
    CHECK(out.find("with check cannot be applied to select") != std::string::npos);
    CHECK(out.find("names column 'org_idd', which table docs does not have") != std::string::npos);
    CHECK(out.find("table docs has two policies named p") != std::string::npos);
    CHECK(out.find("selct is not a privilege a table can have") != std::string::npos);
    CHECK(out.find("did you mean 'select'?") != std::string::npos);
    CHECK(out.find("delete is not a privilege a column can have") != std::string::npos);
    CHECK(out.find("names current_user, which is a different role for each session") != std::string::npos);
    CHECK(out.find("role app is granted select on table docs twice") != std::string::npos);
    CHECK(out.find("PUBLIC's privileges on the schema public are not managed") != std::string::npos);
    CHECK(out.find("schema nowhere is not declared") != std::string::npos);
    CHECK(out.find("sequence docs_org_id_seq is not declared, nor the sequence of an identity or serial column") !=
          std::string::npos);
    CHECK(out.find("function billing.invoice_total(text) is not declared") != std::string::npos);
    CHECK(out.find("the declared ones: billing.invoice_total(bigint)") != std::string::npos);
    CHECK(out.find("usage is not a privilege a function can have") != std::string::npos);
    CHECK(out.find("default privileges cannot be given to public") != std::string::npos);
    CHECK(out.find("role app is granted select on tables created later twice") != std::string::npos);
}

TEST_CASE("a policy's expression is checked by PostgreSQL's parser, the error at its place") {
    std::string out = errors(R"(
table docs {
  org_id bigint
  policy p using (org_id = = 1)
}
)");
    CHECK(out.find("invalid SQL in a policy's using expression") != std::string::npos);
}

TEST_CASE("row level security without a policy is a warning with help") {
    auto c = compile_text(std::string(base) + R"(
table secrets {
  id bigint
  row level security
}
)");
    CHECK(c.ok());
    std::string out = diagnostics_text(c);
    CHECK(out.find("warning") != std::string::npos);
    CHECK(out.find("row level security on table secrets with no policy: every role but its owner sees no rows") !=
          std::string::npos);
}

TEST_CASE("fmt writes access declarations and lines in one layout and is idempotent") {
    std::string text = R"(role   app
ROLE reporting
grant  usage,select on  sequence orgs_id_seq to app
revoke execute on function   f( bigint ,text ) from public
default privileges  for role app in schema billing  grant select on tables to reporting   with grant option
table docs {
  org_id bigint
  row   level security
  policy p as permissive for select to app using (org_id = 1) with check (true) comment 'x'
  policy long_one for all to app using (org_id = current_setting('app.org_id')::bigint and org_id > 0) with check (org_id = current_setting('app.org_id')::bigint)
  grant select , update (org_id) to app with grant option
}
)";
    std::string out = test::formatted(text);
    CHECK(out == R"(role app
role reporting
grant usage, select on sequence orgs_id_seq to app
revoke execute on function f(bigint, text) from public
default privileges for role app in schema billing grant select on tables to reporting with grant option

table docs {
  org_id bigint
  row level security
  policy p as permissive for select to app using (org_id = 1) with check (true) comment 'x'
  policy long_one for all to app
    using (org_id = current_setting('app.org_id')::bigint and org_id > 0)
    with check (org_id = current_setting('app.org_id')::bigint)
  grant select, update (org_id) to app with grant option
}
)");
    CHECK(test::formatted(out) == out);
}

TEST_CASE("pull writes every access construct back and it compiles to the same IR") {
    std::string text = std::string(base) + R"(
role "Auditor"

view billing.open_invoices as (select id, org_id, total from billing.invoices)

function billing.secret(a integer, b text) returns integer language sql security definer as $$ select a $$
revoke execute on function billing.secret(integer, text) from public
grant execute on function billing.secret(int, text) to app with grant option

procedure billing.close_all() language sql as $$ select 1 $$

table docs {
  id     bigint generated by default as identity primary key
  org_id bigint not null
  owner  text
  body   text
  force row level security
  policy tenant for all to app using (org_id = current_setting('app.org_id')::bigint) with check (org_id = current_setting('app.org_id')::bigint)
  policy audit as restrictive for select to "Auditor", reporting using (org_id in (select id from orgs))
  policy anyone for delete using (owner = current_user)
  grant select, insert, update (owner, body), references (owner) to app, reporting
  grant all to "Auditor" with grant option
  grant select (id) to public
}

table plain {
  id bigint
  row level security
  policy p for update to app using (id > 0) with check (id > 1)
}

grant usage on schema billing to app
grant usage, create on schema billing to "Auditor"
grant usage, select, update on sequence docs_id_seq to app
grant select on sequence billing.invoices_id_seq to reporting
grant select, insert on view billing.open_invoices to app
grant select (id, total) on view billing.open_invoices to reporting
default privileges in schema billing grant all on tables to app
default privileges for role app grant usage on types to reporting
default privileges grant usage, create on schemas to "Auditor"
default privileges in schema billing grant execute on functions to app with grant option
)";
    auto first = compile_text(text);
    REQUIRE_MESSAGE(first.ok(), diagnostics_text(first));
    for (SchemaSplit split : {SchemaSplit::schema, SchemaSplit::table}) {
        std::vector<std::pair<std::string, std::string>> written;
        std::string all;
        for (const SchemaFile& f : write_schema_files(first.database, split)) {
            written.emplace_back(f.name, f.text);
            all += "// " + f.name + "\n" + f.text;
        }
        INFO(all);
        Compilation second = compile_sources(written);
        REQUIRE_MESSAGE(second.ok(), diagnostics_text(second));
        CHECK(second.database.roles == first.database.roles);
        CHECK(second.database.tables == first.database.tables);
        CHECK(second.database.views == first.database.views);
        CHECK(second.database.functions == first.database.functions);
        CHECK(second.database.schemas == first.database.schemas);
        CHECK(second.database.sequence_grants == first.database.sequence_grants);
        CHECK(second.database.default_privileges == first.database.default_privileges);
        CHECK(second.database == first.database);
        if (split == SchemaSplit::schema) {
            CHECK(all.find("revoke execute on function billing.secret(integer, text) from public") !=
                  std::string::npos);
            CHECK(all.find("revoke execute on procedure") == std::string::npos);
            CHECK(all.find("grant all to \"Auditor\" with grant option") != std::string::npos);
            CHECK(all.find("grant select, insert, update (body, owner), references (owner) to app, reporting") !=
                  std::string::npos);
        }
    }
}

TEST_CASE("pull declares the roles grants and policies name, not public") {
    ir::Database db;
    ir::Table t;
    t.name = {"public", "t"};
    t.columns.push_back(ir::Column{});
    t.columns[0].name = "id";
    t.columns[0].type.name = "bigint";
    t.grants.push_back(ir::Grant{"zed", "select", "", false, {}});
    t.grants.push_back(ir::Grant{"public", "select", "", false, {}});
    ir::sort_grants(t.grants);
    ir::Policy p;
    p.name = "p";
    p.roles = {"alice"};
    t.policies.push_back(p);
    t.row_level_security = true;
    db.tables.push_back(t);
    std::string text = write_schema_files(db, SchemaSplit::schema).at(0).text;
    CHECK(text.find("role alice\nrole zed\n") != std::string::npos);
    CHECK(text.find("role public") == std::string::npos);
    auto c = compile_sources({{"public.schema", text}});
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    CHECK(c.database.tables == db.tables);
}
