// Fleets: `migrate`, `status`, `check --database` and `verify --from-database` run on many
// databases at once (--targets FILE, --targets-query, --tenant-schemas), on real PostgreSQL:
// three servers and 30 databases with one unreachable, one whose migration fails and one
// already current; a re-run after the fix; --fail-fast; a password in the targets file that is
// printed nowhere; Ctrl-C, after which every database is fully migrated or untouched.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "tests/postgres_cluster.hpp"
#include "tests/project.hpp"
#include "tests/support.hpp"

using namespace schemac;
using test::PostgresCluster;

namespace {

namespace fs = std::filesystem;

// A project whose two migrations `generate` wrote: table a, then table b.
struct FleetProject : test::Project {
    FleetProject() {
        schema("table a {\n  id integer primary key\n}\n");
        REQUIRE_MESSAGE(run("generate --name a") == 0, out);
        schema("table a {\n  id integer primary key\n}\n\ntable b {\n  id integer primary key\n}\n");
        REQUIRE_MESSAGE(run("generate --name b") == 0, out);
    }
    // schemac with --format json: `out` is the one json document (a fleet prints nothing else).
    int run_json(const std::string& arguments) { return run(arguments + " --format json"); }
};

// A database of one of the fleet's servers.
struct FleetDatabase {
    PostgresCluster* cluster;
    std::string name;
    std::string url() const { return cluster->url(name); }
    std::string value(const std::string& sql) const { return cluster->query_value(name, sql); }
    // The versions in its history, "1,2"; "" when it has no history table.
    std::string history() const {
        if (value("SELECT to_regclass('public.schemac_migrations') IS NOT NULL") != "t") return "";
        return value("SELECT string_agg(version::text, ',' ORDER BY version) FROM schemac_migrations");
    }
    bool has(const std::string& table) const { return value("SELECT to_regclass('" + table + "') IS NOT NULL") == "t"; }
};

// `count` fresh databases `prefix_0`... on `cluster`; `lines` gets their URLs, one a line.
std::vector<FleetDatabase> fleet_databases(PostgresCluster& cluster, const std::string& prefix, int count,
                                           std::string& lines) {
    std::vector<FleetDatabase> databases;
    for (int i = 0; i < count; ++i) {
        databases.push_back({&cluster, fmt::format("{}_{}", prefix, i)});
        cluster.create_database(databases.back().name);
        lines += databases.back().url() + "\n";
    }
    return databases;
}

nlohmann::json fleet_report_for(const nlohmann::json& doc, const std::string& target) {
    for (const nlohmann::json& t : doc["targets"])
        if (t["target"] == target) return t;
    FAIL("no report for " << target);
    return {};
}

}  // namespace

TEST_CASE("fleet: 30 databases on 3 servers, one unreachable, one failing, one current, then fixed and run again") {
    PostgresCluster& first = PostgresCluster::shared();
    std::unique_ptr<PostgresCluster> second = PostgresCluster::start_another();
    std::unique_ptr<PostgresCluster> third = PostgresCluster::start_another();
    std::vector<PostgresCluster*> servers{&first, second.get(), third.get()};
    std::vector<FleetDatabase> databases;
    for (int i = 0; i < 29; ++i) {
        FleetDatabase d{servers[static_cast<std::size_t>(i % 3)], fmt::format("fleet_{:02}", i)};
        d.cluster->create_database(d.name);
        databases.push_back(d);
    }
    FleetProject project;
    const FleetDatabase& failing = databases[7];
    const FleetDatabase& current = databases[12];
    failing.cluster->execute(failing.name, "CREATE TABLE b (note text)");  // 0002 cannot create it
    REQUIRE_MESSAGE(project.run("migrate -q --database " + current.url()) == 0, project.out);
    std::string unreachable = "postgresql://postgres@127.0.0.1:1/nowhere";  // a privileged port: never a server

    std::string lines = "# the fleet\n\n";
    for (const FleetDatabase& d : databases) lines += d.url() + "\n";
    std::string targets = project.file("targets.txt", lines + unreachable + "\n");

    CHECK(project.run_json("migrate --targets targets.txt --parallel 4") == 2);
    nlohmann::json doc = nlohmann::json::parse(project.out);
    CHECK(doc["totals"]["targets"] == 30);
    CHECK(doc["totals"]["ok"] == 28);
    CHECK(doc["totals"]["failed"] == 1);
    CHECK(doc["totals"]["could_not_run"] == 1);
    nlohmann::json bad = fleet_report_for(doc, failing.url());
    CHECK(bad["result"] == "failed");
    CHECK(bad["version_before"] == nullptr);
    CHECK(bad["version_after"] == 1);
    CHECK(bad["error"].get<std::string>().find("relation \"b\" already exists") != std::string::npos);
    nlohmann::json away = fleet_report_for(doc, unreachable);
    CHECK(away["result"] == "cannot-run");
    CHECK(away["error"].get<std::string>().find("Connection refused") != std::string::npos);
    nlohmann::json same = fleet_report_for(doc, current.url());
    CHECK(same["result"] == "up-to-date");
    CHECK(same["version_before"] == 2);
    CHECK(same["applied"].empty());
    nlohmann::json fresh = fleet_report_for(doc, databases[0].url());
    CHECK(fresh["result"] == "applied");
    CHECK(fresh["version_before"] == nullptr);
    CHECK(fresh["version_after"] == 2);
    CHECK(fresh["applied"].size() == 2);
    for (const FleetDatabase& d : databases) {
        CAPTURE(d.name);
        CHECK(d.history() == (d.name == failing.name ? "1" : "1,2"));
    }

    // status and check --database name the failing target and the unreachable one.
    CHECK(project.run("status --targets targets.txt") == 2);
    CHECK(project.out.find(failing.url()) != std::string::npos);
    CHECK(project.out.find("30 targets: 28 ok, 1 failed, 1 could not run, 0 not started") != std::string::npos);

    // The fix: the conflicting table goes, the unreachable line is removed; a re-run finishes.
    failing.cluster->execute(failing.name, "DROP TABLE b");
    project.file("targets.txt", lines);
    CHECK(project.run("migrate --targets targets.txt --parallel 4") == 0);
    CHECK(project.out.find("29 targets: 29 ok, 0 failed, 0 could not run, 0 not started") != std::string::npos);
    CHECK(project.out.find(failing.url() + " ") != std::string::npos);
    for (const FleetDatabase& d : databases) CHECK(d.history() == "1,2");
    CHECK(project.run_json("status --targets targets.txt") == 0);
    doc = nlohmann::json::parse(project.out);
    CHECK(doc["totals"]["ok"] == 29);
    CHECK(fleet_report_for(doc, failing.url())["version_after"] == 2);
    CHECK(project.run("check --targets targets.txt --parallel 3") == 0);
    first.execute(databases[3].name, "ALTER TABLE a ADD COLUMN drifted text");
    CHECK(project.run_json("check --targets targets.txt") == 1);
    doc = nlohmann::json::parse(project.out);
    CHECK(doc["totals"]["failed"] == 1);
    CHECK(fleet_report_for(doc, databases[3].url())["error"].get<std::string>().find("drift") != std::string::npos);
    // check says where each target is, as status does.
    CHECK(fleet_report_for(doc, databases[3].url())["version_after"] == 2);
    CHECK(fleet_report_for(doc, databases[4].url())["version_before"] == 2);
    for (const FleetDatabase& d : databases) d.cluster->drop_database(d.name);
}

TEST_CASE("fleet: --fail-fast starts no target after the first failure") {
    PostgresCluster& cluster = PostgresCluster::shared();
    FleetProject project;
    std::string lines;
    std::vector<FleetDatabase> databases = fleet_databases(cluster, "fleet_fast", 5, lines);
    cluster.execute(databases[1].name, "CREATE TABLE b (note text)");
    project.file("targets.txt", lines);
    CHECK(project.run_json("migrate --targets targets.txt --parallel 1 --fail-fast") == 1);
    nlohmann::json doc = nlohmann::json::parse(project.out);
    CHECK(doc["totals"]["ok"] == 1);
    CHECK(doc["totals"]["failed"] == 1);
    CHECK(doc["totals"]["not_started"] == 3);
    CHECK(fleet_report_for(doc, databases[2].url())["result"] == "not-started");
    CHECK(databases[0].history() == "1,2");
    CHECK(databases[1].history() == "1");
    for (std::size_t i = 2; i < databases.size(); ++i) CHECK(databases[i].history().empty());
    CHECK(project.run("migrate --targets targets.txt --parallel 0") == 2);  // at least one at a time
    // Without it, every target is tried.
    CHECK(project.run("migrate --targets targets.txt --parallel 1") == 1);
    for (std::size_t i = 2; i < databases.size(); ++i) CHECK(databases[i].history() == "1,2");
    for (const FleetDatabase& d : databases) cluster.drop_database(d.name);
}

TEST_CASE("fleet: a password in the targets file or in the environment is printed nowhere") {
    PostgresCluster& cluster = PostgresCluster::shared();
    const std::string role = PostgresCluster::password_role;
    const std::string secret = "Fleet-Secret-42";
    cluster.execute("postgres",
                    fmt::format("DROP ROLE IF EXISTS {0}; CREATE ROLE {0} LOGIN PASSWORD '{1}'", role, secret));
    FleetProject project;
    for (const char* name : {"fleet_pw_1", "fleet_pw_2", "fleet_pw_3"}) {
        cluster.drop_database(name);
        pqxx::connection c(cluster.url());
        pqxx::nontransaction tx(c);
        tx.exec(fmt::format("CREATE DATABASE {} OWNER {}", name, role));
    }
    project.file("targets.txt", fmt::format("postgresql://{0}:{1}@127.0.0.1:{2}/fleet_pw_1\n"
                                            "host=127.0.0.1 port={2} dbname=fleet_pw_2 user={0} password='{1}'\n"
                                            "postgresql://{0}:${{FLEET_PASSWORD}}@127.0.0.1:{2}/fleet_pw_3\n"
                                            "postgresql://{0}:wrong-{1}@127.0.0.1:{2}/postgres\n",
                                            role, secret, cluster.port()));
    std::string environment = "NO_COLOR= FLEET_PASSWORD=" + secret;
    CHECK(project.run("migrate --targets targets.txt", environment) == 2);  // the wrong password: refused
    CHECK(project.out.find("fleet_pw_1") != std::string::npos);
    CHECK(project.out.find("password authentication failed") != std::string::npos);
    CHECK(project.out.find(secret) == std::string::npos);
    CHECK(project.out.find("***") != std::string::npos);
    CHECK(project.run("status --targets targets.txt --format json", environment) == 2);
    CHECK(project.out.find(secret) == std::string::npos);
    CHECK(project.out.find("\"up-to-date\"") != std::string::npos);
    CHECK(FleetDatabase{&cluster, "fleet_pw_3"}.history() == "1,2");
    // A password kept in a .pgpass file (PGPASSFILE names it): the target line has none.
    std::string pgpass = project.file("pgpass",
                                      fmt::format("127.0.0.1:{}:fleet_pw_2:{}:{}\n", cluster.port(), role, secret));
    std::filesystem::permissions(pgpass, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    project.file("pgpass_targets.txt", fmt::format("postgresql://{}@127.0.0.1:{}/fleet_pw_2\n", role, cluster.port()));
    CHECK(project.run("status --targets pgpass_targets.txt", "NO_COLOR= PGPASSFILE=" + pgpass) == 0);
    CHECK_MESSAGE(project.out.find("1 target: 1 ok") != std::string::npos, project.out);
    CHECK(project.out.find(secret) == std::string::npos);
    CHECK(project.run("status --targets pgpass_targets.txt", "NO_COLOR= PGPASSFILE=/nonexistent") == 2);
    // An unset variable is an error naming its line; nothing runs.
    CHECK(project.run("migrate --targets targets.txt") == 2);
    CHECK(project.out.find("targets.txt:3: the environment variable FLEET_PASSWORD is not set") != std::string::npos);
    CHECK(project.out.find(secret) == std::string::npos);
    // A database named twice is refused.
    project.file("twice.txt", fmt::format("{}\nhost=127.0.0.1 port={} dbname=fleet_pw_1 user=postgres\n",
                                          cluster.url("fleet_pw_1"), cluster.port()));
    CHECK(project.run("status --targets twice.txt") == 2);
    CHECK(project.out.find("twice.txt:2:") != std::string::npos);
    CHECK(project.out.find("named twice (first at") != std::string::npos);
    for (const char* name : {"fleet_pw_1", "fleet_pw_2", "fleet_pw_3"}) cluster.drop_database(name);
}

TEST_CASE("fleet: --targets-query reads the targets from a control database, read-only") {
    PostgresCluster& cluster = PostgresCluster::shared();
    FleetProject project;
    cluster.create_database("fleet_control");
    cluster.execute("fleet_control", "CREATE TABLE shard (url text, active boolean)");
    std::vector<FleetDatabase> databases;
    for (int i = 0; i < 3; ++i) {
        databases.push_back({&cluster, fmt::format("fleet_q_{}", i)});
        cluster.create_database(databases.back().name);
        cluster.execute("fleet_control", fmt::format("INSERT INTO shard VALUES ('{}', {})", databases.back().url(),
                                                     i < 2 ? "true" : "false"));
    }
    std::string control = cluster.url("fleet_control");
    CHECK(project.run("migrate --targets-query 'SELECT url FROM shard WHERE active ORDER BY url' "
                      "--control-database " +
                      control) == 0);
    CHECK(databases[0].history() == "1,2");
    CHECK(databases[1].history() == "1,2");
    CHECK(databases[2].history().empty());
    CHECK(project.run("status --targets-query 'SELECT url FROM shard WHERE active'",
                      "NO_COLOR= SCHEMAC_CONTROL_DATABASE_URL=" + control) == 0);
    CHECK(project.run("status --targets-query 'DELETE FROM shard RETURNING url' --control-database " + control) == 2);
    CHECK(project.out.find("--targets-query failed on") != std::string::npos);
    CHECK(project.out.find("read-only transaction") != std::string::npos);
    CHECK(cluster.query_value("fleet_control", "SELECT count(*) FROM shard") == "3");
    CHECK(project.run("status --targets-query 'SELECT url FROM shard' --control-database " + control + " --database " +
                      control) == 2);
    CHECK(project.out.find("--database names one database") != std::string::npos);
    CHECK(project.run("status --targets-query 'SELECT url FROM shard'", "NO_COLOR= SCHEMAC_CONTROL_DATABASE_URL=") ==
          2);
    CHECK(project.out.find("pass --control-database URL") != std::string::npos);
    for (const FleetDatabase& d : databases) cluster.drop_database(d.name);
    cluster.drop_database("fleet_control");
}

TEST_CASE("fleet: Ctrl-C starts no new target and waits for the running ones, each migrated or untouched") {
    PostgresCluster& cluster = PostgresCluster::shared();
    FleetProject project;
    REQUIRE(project.run("new --name slow") == 0);
    fs::path slow;
    for (const auto& entry : fs::directory_iterator(project.path / "migrations"))
        if (entry.path().filename().string().ends_with("_slow.sql")) slow = entry.path();
    REQUIRE(!slow.empty());
    test::write(slow, test::read(slow) + "\nSELECT pg_sleep(1.5);\nCREATE TABLE slow_done (id integer);\n");
    REQUIRE(project.run("hash -q") == 0);
    std::string lines;
    std::vector<FleetDatabase> databases = fleet_databases(cluster, "fleet_int", 8, lines);
    project.file("targets.txt", lines);
    std::string log = (project.path / "log").string();
    pid_t schemac = ::fork();
    REQUIRE(schemac >= 0);
    if (schemac == 0) {
        ::setpgid(0, 0);  // its own group, as a terminal runs a foreground command
        if (::chdir(project.path.c_str()) != 0) ::_exit(127);
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::execl(SCHEMAC_BINARY, SCHEMAC_BINARY, "migrate", "--targets", "targets.txt", "--parallel", "2",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    auto sleeping = [&] {
        return cluster.query_value("postgres",
                                   "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(1.5)%' "
                                   "AND pid <> pg_backend_pid()") != "0";
    };
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!sleeping() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ::kill(-schemac, SIGINT);  // what a terminal's Ctrl-C does: the foreground group
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ::kill(-schemac, SIGINT);  // a second one: still waiting
    int status = 0;
    ::waitpid(schemac, &status, 0);
    std::string output = test::read(log);
    CAPTURE(output);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK(output.find("schemac: interrupted: no new target starts") != std::string::npos);
    CHECK(output.find("schemac: still waiting for") != std::string::npos);
    CHECK(output.find("not-started") != std::string::npos);
    int migrated = 0, untouched = 0;
    for (const FleetDatabase& d : databases) {
        CAPTURE(d.name);
        std::string history = d.history();
        if (history == "1,2,3" && d.has("slow_done"))
            ++migrated;
        else if (history.empty() && !d.has("a") && !d.has("b"))
            ++untouched;
    }
    CHECK(migrated >= 2);
    CHECK(untouched >= 1);
    CHECK(migrated + untouched == 8);
    for (const FleetDatabase& d : databases) cluster.drop_database(d.name);
}

TEST_CASE("fleet: --tenant-schemas runs once for each of 20 tenant schemas, each with its own history") {
    PostgresCluster& cluster = PostgresCluster::shared();
    FleetProject project;
    FleetDatabase d{&cluster, "fleet_tenants"};
    cluster.create_database(d.name);
    std::string schemas = "CREATE SCHEMA other;";
    for (int i = 0; i < 20; ++i) schemas += fmt::format(" CREATE SCHEMA tenant_{:02};", i);
    cluster.execute(d.name, schemas);
    cluster.execute(d.name, "CREATE TABLE tenant_03.b (note text)");  // tenant_03's 0002 fails

    CHECK(project.run_json("migrate --database " + d.url() + " --tenant-schemas 'tenant_*' --parallel 4") == 1);
    nlohmann::json doc = nlohmann::json::parse(project.out);
    CHECK(doc["totals"]["targets"] == 20);
    CHECK(doc["totals"]["ok"] == 19);
    CHECK(fleet_report_for(doc, d.url() + " (schema tenant_03)")["result"] == "failed");
    for (int i = 0; i < 20; ++i) {
        std::string schema = fmt::format("tenant_{:02}", i);
        CAPTURE(schema);
        CHECK(d.value(fmt::format("SELECT string_agg(version::text, ',' ORDER BY version) FROM {}.schemac_migrations",
                                  schema)) == (i == 3 ? "1" : "1,2"));
        CHECK(d.has(schema + ".a"));
    }
    CHECK_FALSE(d.has("other.a"));
    CHECK_FALSE(d.has("public.a"));
    CHECK_FALSE(d.has("public.schemac_migrations"));

    cluster.execute(d.name, "DROP TABLE tenant_03.b");
    CHECK(project.run("migrate --tenant-schemas 'tenant_*'", "NO_COLOR= DATABASE_URL=" + d.url()) == 0);
    CHECK(project.out.find("20 targets: 20 ok") != std::string::npos);
    CHECK(project.run("status --database " + d.url() + " --tenant-schemas 'tenant_1?'") == 0);
    CHECK(project.out.find("10 targets: 10 ok") != std::string::npos);
    CHECK(project.run("status --database " + d.url() + " --tenant-schemas 'tenant_*' --tenant-schema other") == 2);
    CHECK(project.out.find("leave one of them out") != std::string::npos);
    CHECK(project.run("status --database " + d.url() + " --tenant-schemas 'nobody_*'") == 1);
    CHECK(project.out.find("no schema matches --tenant-schemas 'nobody_*'") != std::string::npos);
    cluster.drop_database(d.name);
}

TEST_CASE("fleet: verify --from-database on each target of a targets file") {
    PostgresCluster& cluster = PostgresCluster::shared();
    FleetProject project;
    std::string lines;
    std::vector<FleetDatabase> databases = fleet_databases(cluster, "fleet_verify", 3, lines);
    project.file("targets.txt", lines);
    REQUIRE_MESSAGE(project.run("migrate -q --database " + databases[0].url()) == 0, project.out);
    cluster.execute(databases[2].name, "CREATE TABLE a (id integer PRIMARY KEY, by_hand text)");
    std::string dev = " --dev-url " + cluster.url();
    CHECK(project.run_json("verify --targets targets.txt --parallel 2" + dev) == 1);
    nlohmann::json doc = nlohmann::json::parse(project.out);
    CHECK(fleet_report_for(doc, databases[0].url())["result"] == "ok");
    CHECK(fleet_report_for(doc, databases[1].url())["result"] == "ok");
    CHECK(fleet_report_for(doc, databases[2].url())["result"] == "findings");
    CHECK(databases[1].history().empty());  // read-only on the targets
    CHECK(project.run("verify --targets targets.txt --from-database " + databases[0].url() + dev) == 2);
    CHECK(project.out.find("--from-database names one database") != std::string::npos);
    for (const FleetDatabase& d : databases) cluster.drop_database(d.name);
}
