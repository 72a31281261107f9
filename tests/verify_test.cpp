// `schemac verify` and `check --verify` on the suite's own PostgreSQL through --dev-url: a clean
// directory verifies; a hand edit re-recorded with `schemac hash` (invisible to `check`) is a
// finding worded like drift; a statement PostgreSQL refuses is reported at its migration
// file:line:col with a note at its .schema declaration, in text, json and github form;
// --from-database finds the migration that would fail on a database that drifted, and leaves that
// database as it was. And statement_origin, the map from a statement to its declaration.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compiler/migrations/statement_origin.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/project.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

const char* verify_users_schema = R"(table users {
  id    bigint primary key generated always as identity
  email text   not null unique
  age   integer default 0
}
)";

// The schema of a refused default: it compiles, PostgreSQL refuses it.
const char* verify_refused_schema = R"(table users {
  id    bigint primary key generated always as identity
  email text   not null unique
}

table posts {
  id      bigint primary key generated always as identity
  user_id bigint not null references users (id)
  score   integer default 'high'
}
)";

// A project folder with its schema and the migration `generate` wrote for it.
struct VerifyProject : test::Project {
    explicit VerifyProject(const std::string& text) {
        schema(text);
        REQUIRE(run("generate --name init") == 0);
    }
    int verify(const std::string& arguments = "") {
        return run("verify --dev-url " + cluster().url() + (arguments.empty() ? "" : " " + arguments));
    }
    void edit(const std::string& name, const std::string& from, const std::string& to) {
        std::string text = test::read(path / "migrations" / name);
        REQUIRE(text.find(from) != std::string::npos);
        text.replace(text.find(from), from.size(), to);
        migration(name, text);
    }
};

ir::Database verify_compiled(const std::string& text) {
    Compilation c = test::compile_text(text);
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    return c.database;
}

// The text of the declaration statement_origin finds for `statement`; empty when none.
std::string verify_origin_text(const ir::Database& db, const std::string& schema_text, const std::string& statement) {
    Span span = statement_origin(db, statement);
    if (!span.known()) return "";
    return schema_text.substr(span.begin, span.end - span.begin);
}

const char* verify_origin_schema = R"(enum status { draft, done }
domain positive as integer check (value > 0)
sequence invoice_numbers

table users {
  id    bigint primary key
  email text   not null
  name  text

  unique users_email_key (email)
  check name_not_empty (name <> '')
  index users_name (name)
  row level security
  policy own_rows for select using (id = 1)
}

view user_names as (select name from users)

function touch() returns trigger language plpgsql as $$ begin return new; end $$

table audit {
  id   bigint primary key
  user_id bigint references users (id)

  trigger audit_touch before update for each row execute function touch()
}
)";

}  // namespace

TEST_CASE("statement_origin: the declaration a generated statement acts on") {
    const std::string s = verify_origin_schema;
    ir::Database db = verify_compiled(s);
    CHECK(verify_origin_text(db, s, "CREATE TABLE public.users (id bigint NOT NULL)") == "users");
    CHECK(verify_origin_text(db, s, "ALTER TABLE public.users ADD COLUMN name text") == "name");
    CHECK(verify_origin_text(db, s, "ALTER TABLE ONLY users ALTER COLUMN email SET NOT NULL") == "email");
    CHECK(verify_origin_text(db, s, "ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE (email)") ==
          "users_email_key");
    CHECK(verify_origin_text(db, s, "ALTER TABLE public.users ADD CONSTRAINT name_not_empty CHECK (name <> '')") ==
          "name_not_empty");
    CHECK(verify_origin_text(db, s, "ALTER TABLE public.users VALIDATE CONSTRAINT name_not_empty") == "name_not_empty");
    CHECK(verify_origin_text(db, s, "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name ON public.users (name)") ==
          "users_name");
    CHECK(verify_origin_text(db, s, "CREATE VIEW public.user_names AS SELECT name FROM users") == "user_names");
    CHECK(verify_origin_text(db, s,
                             "CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS 'x'") ==
          "touch");
    CHECK(verify_origin_text(db, s, "CREATE TYPE public.status AS ENUM ('draft', 'done')") == "status");
    CHECK(verify_origin_text(db, s, "ALTER TYPE status ADD VALUE 'archived'") == "status");
    CHECK(verify_origin_text(db, s, "CREATE DOMAIN public.positive AS integer CHECK (VALUE > 0)") == "positive");
    CHECK(verify_origin_text(db, s, "CREATE SEQUENCE public.invoice_numbers") == "invoice_numbers");
    CHECK(verify_origin_text(db, s,
                             "CREATE TRIGGER audit_touch BEFORE UPDATE ON public.audit FOR EACH ROW EXECUTE FUNCTION "
                             "touch()") == "audit_touch");
    CHECK(verify_origin_text(db, s, "CREATE POLICY own_rows ON public.users FOR SELECT USING (id = 1)") == "own_rows");
    CHECK(verify_origin_text(db, s, "COMMENT ON COLUMN public.users.email IS 'x'") == "email");
    // Nothing the schema declares, another schema, or no SQL at all: no place.
    CHECK(verify_origin_text(db, s, "CREATE TABLE public.orders (id int)") == "");
    CHECK(verify_origin_text(db, s, "CREATE TABLE billing.users (id int)") == "");
    CHECK(verify_origin_text(db, s, "CREATE TABLE (") == "");
    CHECK(verify_origin_text(db, s, "SELECT 1; SELECT 2") == "");
    // Where PostgreSQL's error points narrows a CREATE TABLE to the column or constraint there.
    std::string create = "CREATE TABLE public.users (\n    id bigint NOT NULL,\n    email text NOT NULL,\n"
                         "    CONSTRAINT users_email_key UNIQUE (email)\n)";
    Span email = statement_origin(db, create, create.find("text NOT NULL"));
    Span unique = statement_origin(db, create, create.find("UNIQUE"));
    Span before = statement_origin(db, create, 3);
    REQUIRE(email.known());
    REQUIRE(unique.known());
    REQUIRE(before.known());
    CHECK(s.substr(email.begin, email.end - email.begin) == "email");
    CHECK(s.substr(unique.begin, unique.end - unique.begin) == "users_email_key");
    CHECK(s.substr(before.begin, before.end - before.begin) == "users");
}

TEST_CASE("verify: a clean directory replays and matches the snapshot, in text and json") {
    VerifyProject p(verify_users_schema);
    REQUIRE_MESSAGE(p.verify() == 0, p.out);
    CHECK_MESSAGE(p.says("schemac verify: ok: 1 migration replayed on PostgreSQL "), p.out);
    CHECK(p.says("matches the snapshot"));
    REQUIRE(p.verify("--format json") == 0);
    nlohmann::json summary = nlohmann::json::parse(p.out);
    CHECK(summary["result"] == "ok");
    CHECK(summary["replayed"] == 1);
    CHECK(summary["compared_with_snapshot"] == true);
    CHECK(summary["diagnostics"].empty());
    CHECK(summary["server"].get<std::string>().starts_with("the server of --dev-url (PostgreSQL "));
    // Nothing is left on the server: the scratch databases are dropped.
    CHECK(p.cluster().query_value("postgres",
                                  "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemac\\_verify\\_%'") == "0");
}

TEST_CASE("verify: a migration edited by hand and re-recorded is a finding only verify sees") {
    VerifyProject p(verify_users_schema);
    p.edit("0001_init.sql", "age integer DEFAULT 0", "age bigint DEFAULT 0");
    // Not re-recorded yet: schemac.sum's finding, as check reports it, beside verify's.
    CHECK(p.verify() == 1);
    CHECK_MESSAGE(p.says("0001_init.sql was edited"), p.out);
    CHECK(p.says("differ from the snapshot: ~ column users.age"));
    REQUIRE(p.run("hash -q") == 0);
    CHECK_MESSAGE(p.run("check") == 0, p.out);  // the offline check cannot see it
    CHECK(p.verify() == 1);
    CHECK_MESSAGE(p.says("error: verify: the replayed migrations differ from the snapshot: ~ column users.age: type "
                         "bigint after the migrations, integer expected"),
                  p.out);
    CHECK(p.says("note: to agree: ALTER TABLE public.users"));
    CHECK(!p.says("schemac verify: ok"));
    // check --verify: the offline check and verify in one report.
    CHECK(p.run("check --verify --dev-url " + p.cluster().url()) == 1);
    CHECK(p.says("verify: the replayed migrations differ from the snapshot: ~ column users.age"));
}

TEST_CASE("verify: a statement PostgreSQL refuses is reported at its migration line and its .schema declaration") {
    VerifyProject p(verify_refused_schema);
    CHECK(p.verify() == 1);
    test::check_golden(test::source_dir() / "tests/golden/verify/refused_default.expected", p.out);

    CHECK(p.verify("--format github") == 1);
    CHECK_MESSAGE(p.says("::error file=migrations/0001_init.sql,line=14,col=27,"), p.out);
    CHECK(p.says("title=migration-failed::0001_init.sql fails on a fresh database: invalid input syntax for type "
                 "integer: \"high\" [22P02]"));

    CHECK(p.verify("--format json") == 1);
    nlohmann::json summary = nlohmann::json::parse(p.out);
    CHECK(summary["result"] == "findings");
    CHECK(summary["replayed"] == 0);
    REQUIRE(summary["diagnostics"].size() == 1);
    const nlohmann::json& d = summary["diagnostics"][0];
    CHECK(d["code"] == "migration-failed");
    CHECK(d["file"] == "migrations/0001_init.sql");
    CHECK(d["line"] == 14);
    CHECK(d["column"] == 27);
    REQUIRE(d["notes"].size() == 1);
    CHECK(d["notes"][0]["file"] == "schemas/app.schema");
    CHECK(d["notes"][0]["line"] == 9);
    CHECK(d["notes"][0]["message"] == "generated from this declaration");

    // check --verify reports the same, and the offline check alone passes.
    CHECK(p.run("check") == 0);
    CHECK(p.run("check --verify --dev-url " + p.cluster().url()) == 1);
    CHECK(p.says("migrations/0001_init.sql:14:27: error: 0001_init.sql fails on a fresh database"));
    CHECK(p.says("schemas/app.schema:9:3: note: generated from this declaration"));
}

TEST_CASE("check --verify: a clean directory passes both, and says it replayed") {
    VerifyProject p(verify_users_schema);
    REQUIRE_MESSAGE(p.run("check --verify --dev-url " + p.cluster().url()) == 0, p.out);
    CHECK(p.says("schemac check: ok: 1 migration, snapshot current, schemac.sum intact, replayed on PostgreSQL "));
    CHECK(p.says("matching the snapshot"));
}

TEST_CASE("verify: an extension the server lacks is named, and verify cannot run") {
    VerifyProject p("extension schemac_no_such_extension\n\ntable t {\n  id int primary key\n}\n");
    CHECK(p.verify() == 2);
    CHECK_MESSAGE(p.says("the extension schemac_no_such_extension is not available on the server of --dev-url"), p.out);
}

// The users table with a grant to a declared role: recreated from the live database, it must
// hold the grant too.
const char* verify_live_schema = R"(role verify_reader

table users {
  id    bigint primary key generated always as identity
  email text   not null unique
  age   integer default 0

  grant select to verify_reader
}
)";

TEST_CASE("verify --from-database: a pending migration that fails on a database that drifted, which stays unchanged") {
    test::PostgresCluster::shared().execute("postgres",
                                            "DROP ROLE IF EXISTS verify_reader; CREATE ROLE verify_reader NOLOGIN");
    VerifyProject p(verify_live_schema);
    p.cluster().create_database("verify_live");
    std::string live = p.cluster().url("verify_live");
    REQUIRE_MESSAGE(p.run("migrate -q --database " + live) == 0, p.out);
    std::string with_index = verify_live_schema;
    with_index.replace(with_index.rfind('}'), 1, "  index users_age (age)\n}");
    p.file("schemas/app.schema", with_index);
    REQUIRE_MESSAGE(p.run("generate --name age_index") == 0, p.out);
    // Someone dropped the column by hand: the new migration's index would fail there.
    p.cluster().execute("verify_live", "ALTER TABLE users DROP COLUMN age");
    std::string before = p.cluster().pg_dump("verify_live", "--schema-only --restrict-key=verify");
    std::string history = p.cluster().query_value("verify_live",
                                                  "SELECT string_agg(name, ',') FROM schemac_migrations");

    CHECK(p.verify() == 0);  // from empty, the directory is fine
    CHECK(p.verify("--from-database " + live) == 1);
    CHECK_MESSAGE(p.says("migrations/0002_age_index_concurrently.sql:"), p.out);
    CHECK(p.says("0002_age_index_concurrently.sql fails on the schema of " + live +
                 ": column \"age\" does not exist "
                 "[42703]"));
    CHECK(p.says("schemas/app.schema:9:9: note: generated from this declaration"));
    CHECK(p.cluster().pg_dump("verify_live", "--schema-only --restrict-key=verify") == before);
    CHECK(p.cluster().query_value("verify_live", "SELECT string_agg(name, ',') FROM schemac_migrations") == history);

    // A database that is up to date with the directory: its schema plus nothing pending matches.
    p.cluster().execute("verify_live", "ALTER TABLE users ADD COLUMN age integer DEFAULT 0");
    REQUIRE_MESSAGE(p.run("migrate -q --database " + live) == 0, p.out);
    CHECK_MESSAGE(p.verify("--from-database " + live) == 0, p.out);
    CHECK(p.says("schemac verify: ok: schema of the database recreated (2 migrations in its history), 0 migrations "
                 "replayed"));
    p.cluster().drop_database("verify_live");
    p.cluster().execute("postgres", "DROP ROLE verify_reader");
}

TEST_CASE("verify without --dev-url starts a PostgreSQL of its own for the run") {
    VerifyProject p(verify_users_schema);
    REQUIRE_MESSAGE(p.run("verify --format json") == 0, p.out);
    nlohmann::json summary = nlohmann::json::parse(p.out);
    CHECK(summary["result"] == "ok");
    CHECK(summary["replayed"] == 1);
    CHECK_MESSAGE(summary["server"].get<std::string>().find("started for this run") != std::string::npos,
                  summary["server"].get<std::string>());
}
