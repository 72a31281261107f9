// One migration directory, written for `public`, applied to three tenant schemas of one
// database with `--tenant-schema` (one of them already at the first migration): each ends as a
// fresh database's `public` ends, with its own history; `status` and `check --database` see each
// tenant current and without drift; a hand change is drift of that tenant only; `public` itself
// is never touched. Also the refusals: a tenant schema that does not exist, a directory that
// manages two schemas.
#include <doctest/doctest.h>

#include <sstream>

#include "tests/postgres_cluster.hpp"
#include "tests/project.hpp"
#include "tests/support.hpp"

using namespace schemac;
using test::PostgresCluster;

namespace {

const char* tenant_schema_v1 = R"(enum tenant_state { active, archived }

table orgs {
  id   bigint primary key generated always as identity
  name text   not null unique
}

table members {
  id     serial       primary key
  org_id bigint       not null references orgs(id) on delete cascade
  state  tenant_state not null default 'active'
  email  text         not null

  index members_by_org (org_id, state)
}
)";

const char* tenant_schema_v2 = R"(
role tenant_app

view active_members as (select id, org_id, email from members where state = 'active')

function member_count(org bigint) returns bigint language sql stable as $$
  select count(*) from public.members where org_id = org
$$

function next_member_id() returns bigint language sql set search_path = public as $$
  select nextval('members_id_seq')
$$

grant usage on schema public to tenant_app
grant select on view active_members to tenant_app
grant select, insert on table members to tenant_app
)";

// `text` with every `from` replaced by `to`.
std::string tenant_as_public(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// The project of the tenant tests: its two migrations, and the database `tenant_fleet` with three
// tenant schemas (Project's own database: `schemac(...)` runs on it), beside `tenant_fresh`.
struct TenantProject : test::Project {
    TenantProject() : test::Project("tenant_fleet") {
        cluster().execute(
            "postgres",
            "DO $$ BEGIN CREATE ROLE tenant_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        cluster().create_database("tenant_fresh");
        execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b; CREATE SCHEMA tenant_c");
        schema(tenant_schema_v1);
        REQUIRE_MESSAGE(run("generate --name init -q") == 0, out);
        schema(std::string(tenant_schema_v1) + tenant_schema_v2);
        REQUIRE_MESSAGE(run("generate --name access -q") == 0, out);
    }
    ~TenantProject() { cluster().drop_database("tenant_fresh"); }
    // pg_dump of one schema, normalised: the schema's own lines and the dump's comments and
    // settings left out, its name written as `public` (in qualified names, GRANT ... ON SCHEMA
    // and a function's search_path).
    std::string dump(const std::string& database, const std::string& schema) {
        std::string text = cluster().pg_dump(database, "--schema-only --no-owner -n " + schema);
        std::istringstream lines(text);
        std::string out, line;
        while (std::getline(lines, line)) {
            if (line.empty() || line.starts_with("--") || line.starts_with("SET ") ||
                line.starts_with("SELECT pg_catalog.set_config") || line.starts_with("CREATE SCHEMA") ||
                line.starts_with("COMMENT ON SCHEMA") || line.starts_with("ALTER SCHEMA") ||
                line.starts_with("\\restrict") || line.starts_with("\\unrestrict"))
                continue;
            line = tenant_as_public(line, schema + ".", "public.");
            line = tenant_as_public(line, "SCHEMA " + schema, "SCHEMA public");
            out += tenant_as_public(line, "search_path TO '" + schema + "'", "search_path TO 'public'") + "\n";
        }
        return out;
    }
};

bool tenant_says(const std::string& out, const std::string& what) { return out.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("tenant schemas: one directory migrates three tenants, each with its own history and no drift") {
    TenantProject p;
    REQUIRE_MESSAGE(p.run("migrate --database " + p.cluster().url("tenant_fresh")) == 0, p.out);
    std::string fresh = p.dump("tenant_fresh", "public");
    REQUIRE(tenant_says(fresh, "CREATE VIEW public.active_members"));

    // tenant_b is already at the first migration.
    REQUIRE_MESSAGE(p.schemac("migrate --tenant-schema tenant_b --to 1") == 0, p.out);
    CHECK(p.value("SELECT string_agg(version::text, ',' ORDER BY version) FROM tenant_b.schemac_migrations") == "1");
    for (std::string tenant : {"tenant_a", "tenant_b", "tenant_c"}) {
        CAPTURE(tenant);
        REQUIRE_MESSAGE(p.schemac("migrate --tenant-schema " + tenant) == 0, p.out);
        CHECK_MESSAGE(p.says("(schema " + tenant + ")"), p.out);
        CHECK(p.value("SELECT string_agg(version::text, ',' ORDER BY version) FROM " + tenant +
                      ".schemac_migrations") == "1,2");
        CHECK(p.dump("tenant_fleet", tenant) == fresh);
        // Bodies name the tenant's table (qualified in the file) and sequence (by the function's search_path).
        p.cluster().execute("tenant_fleet", "SET search_path = " + tenant +
                                                "; INSERT INTO orgs (name) VALUES ('o'); "
                                                "INSERT INTO members (org_id, email) SELECT id, 'x@y' FROM orgs");
        CHECK(p.value("SELECT " + tenant + ".member_count((SELECT min(id) FROM " + tenant + ".orgs))") == "1");
        CHECK(p.value("SELECT " + tenant + ".next_member_id()") == "2");

        CHECK_MESSAGE(p.schemac("status --tenant-schema " + tenant) == 0, p.out);
        CHECK_MESSAGE(p.says("2 migrations applied, 0 pending"), p.out);
        CHECK_MESSAGE(p.schemac("check --tenant-schema " + tenant) == 0, p.out);
        CHECK_MESSAGE(p.says("database up to date with no drift"), p.out);
    }
    // Running again applies nothing.
    CHECK_MESSAGE(p.schemac("migrate --tenant-schema tenant_a") == 0, p.out);
    CHECK_MESSAGE(p.says("nothing to apply"), p.out);
    // public, the template, is never touched: no table, type, function or history there.
    CHECK(p.value("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = 'public'") == "0");
    CHECK(p.value("SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                  "WHERE n.nspname = 'public'") == "0");
    CHECK(p.value("SELECT count(*) FROM pg_proc f JOIN pg_namespace n ON n.oid = f.pronamespace "
                  "WHERE n.nspname = 'public'") == "0");

    // A hand change in one tenant is drift of that tenant only, named in the tenant's schema.
    p.cluster().execute("tenant_fleet", "ALTER TABLE tenant_c.members ADD COLUMN nickname text");
    CHECK_MESSAGE(p.schemac("check --tenant-schema tenant_c") == 1, p.out);
    CHECK_MESSAGE(p.says("drift"), p.out);
    CHECK_MESSAGE(p.says("nickname"), p.out);
    CHECK_MESSAGE(p.says("tenant_c.members"), p.out);
    CHECK_MESSAGE(p.schemac("check --tenant-schema tenant_a") == 0, p.out);
    CHECK_MESSAGE(p.schemac("check --tenant-schema tenant_b") == 0, p.out);
}

TEST_CASE("tenant schemas: a missing tenant schema and a directory of two schemas are refused") {
    TenantProject p;
    CHECK_MESSAGE(p.schemac("migrate --tenant-schema tenant_zz") == 2, p.out);
    CHECK_MESSAGE(p.says("has no schema named tenant_zz"), p.out);
    CHECK_MESSAGE(p.says("help: create the tenant's schema first (CREATE SCHEMA tenant_zz;)"), p.out);
    CHECK_MESSAGE(p.schemac("status --tenant-schema tenant_zz") == 2, p.out);
    CHECK(p.value("SELECT count(*) FROM pg_namespace WHERE nspname = 'tenant_zz'") == "0");

    p.file("schemas/app.schema", std::string(tenant_schema_v1) + tenant_schema_v2 +
                                     "\ntable billing.invoices {\n  id bigint primary key\n}\n");
    REQUIRE_MESSAGE(p.run("generate --name billing -q") == 0, p.out);
    CHECK_MESSAGE(p.schemac("migrate --tenant-schema tenant_a") == 2, p.out);
    CHECK_MESSAGE(p.says("manage 2 schemas (billing, public)"), p.out);
    CHECK_MESSAGE(p.says("help: "), p.out);
    CHECK(p.value("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = 'tenant_a'") == "0");
}
