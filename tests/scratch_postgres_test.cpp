// The scratch PostgreSQL of `verify` and `generate --verify`: one schemac starts for itself (as
// `postgres` when the suite runs as root) leaves no process and no folder behind — after its
// destructor, after Ctrl-C and after SIGKILL; on a --dev-url server (the suite's own cluster) it
// creates new databases and roles and drops exactly those; a URL whose user may not create
// databases is refused with what to do.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "runtime/scratch_postgres.hpp"
#include "runtime/scratch_servers.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/processes.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

std::string scratch_value_of(const std::string& url, const std::string& sql) {
    pqxx::connection c(runtime::connection_string(url));
    pqxx::nontransaction tx(c);
    pqxx::result r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].c_str();
}

namespace fs = std::filesystem;

// The postmaster's pid: the first line of postmaster.pid in its data folder.
pid_t scratch_postmaster_pid(const std::string& data_directory) {
    std::ifstream in(data_directory + "/postmaster.pid");
    long pid = 0;
    in >> pid;
    return static_cast<pid_t>(pid);
}

// The test program that holds a scratch server (tests/scratch_hold.cpp), running, and the URL of
// the database it made; its stderr goes to a file.
struct HeldScratch {
    pid_t pid = -1;
    std::string url;
    test::TempDir dir;
    std::string stderr_path = (dir.path / "stderr").string();

    explicit HeldScratch(const std::string& dev_url = "") {
        int out[2];
        REQUIRE(::pipe2(out, O_CLOEXEC) == 0);  // the copy on its standard output stays open
        std::vector<std::string> arguments;
        if (!dev_url.empty()) arguments.push_back(dev_url);
        pid = test::start_in_own_group(SCHEMAC_SCRATCH_HOLD, arguments, {}, out[1], stderr_path);
        REQUIRE(pid > 0);
        ::close(out[1]);
        pollfd watch{out[0], POLLIN, 0};
        char c = 0;
        while (::poll(&watch, 1, 60'000) > 0 && ::read(out[0], &c, 1) == 1 && c != '\n') url += c;
        ::close(out[0]);
        std::string held_stderr = test::read(stderr_path);
        CAPTURE(held_stderr);
        REQUIRE(!url.empty());
    }
    std::string data_directory() const { return scratch_value_of(url, "SELECT current_setting('data_directory')"); }
    std::string folder() const { return fs::path(data_directory()).parent_path().string(); }
    pid_t postmaster() const { return scratch_postmaster_pid(data_directory()); }
    // Sends `signal` to its process group, as a terminal's Ctrl-C does, and returns the wait status.
    int stop_with(int signal) {
        ::kill(-pid, signal);
        int status = 0;
        ::waitpid(pid, &status, 0);
        pid = -1;
        return status;
    }
    ~HeldScratch() {
        if (pid > 0) stop_with(SIGKILL);
    }
};

}  // namespace

TEST_CASE("scratch PostgreSQL started by schemac: two databases, then no process and no folder left") {
    std::string folder, data;
    pid_t postmaster = 0;
    {
        std::unique_ptr<runtime::ScratchServer> scratch = runtime::ScratchServer::start(runtime::ScratchOptions{});
        MESSAGE("the scratch PostgreSQL started in " << scratch->start_ms() << " ms: " << scratch->description());
        CHECK(scratch->description().starts_with("PostgreSQL "));
        CHECK(scratch->description().ends_with(" started for this run"));
        CHECK(scratch->server_version() >= 100000);
        std::string first = scratch->create_database("one");
        std::string second = scratch->create_database("two");
        data = scratch_value_of(first, "SELECT current_setting('data_directory')");
        folder = fs::path(data).parent_path().string();
        postmaster = scratch_postmaster_pid(data);
        CAPTURE(data);
        CHECK(fs::exists(folder));
        CHECK(test::process_alive(postmaster));
        CHECK(scratch_value_of(second, "SELECT current_database()").starts_with("schemac_verify_two_"));
        // A private socket only: no TCP port to race for; durability off for speed.
        CHECK(scratch_value_of(first, "SHOW listen_addresses") == "");
        CHECK(scratch_value_of(first, "SHOW unix_socket_directories") == folder);
        CHECK(scratch_value_of(first, "SHOW fsync") == "off");
        CHECK(folder.size() + std::string("/.s.PGSQL.5432").size() <= 107);
        // PostgreSQL refuses root: as root (the suite in CI), the server runs as `postgres`.
        struct stat info {};
        REQUIRE(::stat(data.c_str(), &info) == 0);
        if (::geteuid() == 0) {
            const passwd* postgres = ::getpwnam("postgres");
            REQUIRE(postgres != nullptr);
            CHECK(test::process_uid(postmaster) == static_cast<long>(postgres->pw_uid));
            CHECK(info.st_uid == postgres->pw_uid);
        } else {
            CHECK(test::process_uid(postmaster) == static_cast<long>(::geteuid()));
        }
        scratch->ensure_roles({"scratch_app_role"});
        CHECK(scratch_value_of(first, "SELECT count(*) FROM pg_roles WHERE rolname = 'scratch_app_role'") == "1");
        scratch.reset();
    }
    CHECK_FALSE(test::process_alive(postmaster));
    CHECK_FALSE(fs::exists(folder));
}

TEST_CASE("scratch PostgreSQL: a later start copies the data folder the first one's initdb made") {
    test::TempDir cache;
    const char* before = std::getenv("XDG_CACHE_HOME");
    std::string saved = before ? before : "";
    ::setenv("XDG_CACHE_HOME", cache.path.c_str(), 1);
    // What an older schemac kept for this version goes; another version's entry stays.
    std::string version = runtime::scratch_binaries(runtime::postgres_bin_candidates()).version;
    cache.file("schemac/initdb-" + version + "-0123456789abcdef/PG_VERSION", "0\n");
    cache.file("schemac/initdb-9.6-0123456789abcdef/PG_VERSION", "9.6\n");
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        std::unique_ptr<runtime::ScratchServer> scratch = runtime::ScratchServer::start(runtime::ScratchOptions{});
        MESSAGE("round " << round << ": the scratch PostgreSQL started in " << scratch->start_ms() << " ms");
        std::string url = scratch->create_database("copy");
        std::string data = scratch_value_of(url, "SELECT current_setting('data_directory')");
        // initdb ran (and wrote its log) the first time only.
        CHECK(fs::exists(fs::path(data).parent_path() / "initdb.log") == (round == 0));
        struct stat info {};
        REQUIRE(::stat(data.c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0700);
        if (const passwd* postgres = ::getpwnam("postgres"); postgres && ::geteuid() == 0)
            CHECK(info.st_uid == postgres->pw_uid);
        CHECK(scratch_value_of(url, "SELECT current_database()").starts_with("schemac_verify_copy_"));
        int entries = 0;
        for (const auto& entry : fs::directory_iterator(cache.path / "schemac"))
            entries += entry.path().filename().string().starts_with("initdb-") ? 1 : 0;
        CHECK(entries == 2);
        CHECK_FALSE(fs::exists(cache.path / "schemac" / ("initdb-" + version + "-0123456789abcdef")));
        CHECK(fs::exists(cache.path / "schemac/initdb-9.6-0123456789abcdef"));
    }
    if (before)
        ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
    else
        ::unsetenv("XDG_CACHE_HOME");
}

TEST_CASE("scratch PostgreSQL: a TMPDIR too long for a socket path, or with a space, gives way to /tmp") {
    test::TempDir base;
    fs::path odd = base.path / ("with space " + std::string(90, 'x'));
    fs::create_directories(odd);
    const char* before = std::getenv("TMPDIR");
    std::string saved = before ? before : "";
    ::setenv("TMPDIR", odd.c_str(), 1);
    std::string folder;
    {
        std::unique_ptr<runtime::ScratchServer> scratch = runtime::ScratchServer::start(runtime::ScratchOptions{});
        std::string url = scratch->create_database("tmpdir");
        folder = fs::path(scratch_value_of(url, "SELECT current_setting('data_directory')")).parent_path().string();
    }
    if (before)
        ::setenv("TMPDIR", saved.c_str(), 1);
    else
        ::unsetenv("TMPDIR");
    CHECK(folder.starts_with("/tmp/schemac-"));
    CHECK_FALSE(fs::exists(folder));
}

TEST_CASE("scratch PostgreSQL: Ctrl-C exits 130 and leaves no server and no folder") {
    HeldScratch held;
    std::string folder = held.folder();
    pid_t postmaster = held.postmaster();
    REQUIRE(test::process_alive(postmaster));
    // The server sits in a process group of its own: a terminal's Ctrl-C does not reach it.
    CHECK(::getpgid(postmaster) == postmaster);
    int status = held.stop_with(SIGINT);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK(test::read(held.stderr_path) == "schemac: interrupted\n");
    CHECK(test::eventually_gone(postmaster, folder));
}

TEST_CASE(
    "scratch PostgreSQL: killed with SIGTERM or SIGKILL, its guardian still stops the server and removes the folder") {
    for (int signal : {SIGTERM, SIGKILL}) {
        CAPTURE(signal);
        HeldScratch held;
        std::string folder = held.folder();
        pid_t postmaster = held.postmaster();
        REQUIRE(test::process_alive(postmaster));
        int status = held.stop_with(signal);
        CHECK(WIFSIGNALED(status));
        CHECK(test::eventually_gone(postmaster, folder));
    }
}

TEST_CASE("scratch on --dev-url: killed with SIGKILL, its guardian still drops the scratch database") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    HeldScratch held(cluster.url());
    std::string name = scratch_value_of(held.url, "SELECT current_database()");
    REQUIRE(name.starts_with("schemac_verify_hold_"));
    held.stop_with(SIGKILL);
    std::string query = "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'";
    CHECK(test::eventually([&] { return cluster.query_value("postgres", query) == "0"; }));
}

TEST_CASE("scratch on --dev-url: new databases and roles, dropped at the end, nothing else touched") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.create_database("scratch_keep");
    cluster.execute("scratch_keep", "CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)");
    cluster.execute("postgres", "DROP ROLE IF EXISTS scratch_existing_role; CREATE ROLE scratch_existing_role");

    std::string first, second;
    {
        std::unique_ptr<runtime::ScratchServer> scratch = runtime::ScratchServer::start(
            runtime::ScratchOptions{cluster.url("scratch_keep")});
        CHECK(scratch->description().starts_with("the server of --dev-url (PostgreSQL "));
        CHECK(scratch->server_version() >= 100000);
        first = scratch->create_database("app");
        second = scratch->create_database("from database!");
        std::string first_name = scratch_value_of(first, "SELECT current_database()");
        std::string second_name = scratch_value_of(second, "SELECT current_database()");
        CAPTURE(first_name);
        CAPTURE(second_name);
        CHECK(first_name.starts_with("schemac_verify_app_"));
        CHECK(first_name.size() == std::string("schemac_verify_app_").size() + 8);
        CHECK(second_name.starts_with("schemac_verify_from_database_"));
        CHECK(first_name != second_name);
        // From template0: empty, whatever template1 holds.
        CHECK(scratch_value_of(first, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace") ==
              "0");
        scratch->ensure_roles({"scratch_existing_role", "scratch_new_role"});
        CHECK(cluster.query_value("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'scratch_new_role'") ==
              "1");
        // A session still open on a scratch database does not keep it from being dropped.
        pqxx::connection open_session(runtime::connection_string(first));
        CHECK(open_session.is_open());
        scratch.reset();
    }
    CHECK(cluster.query_value("postgres",
                              "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemac\\_verify\\_%'") == "0");
    CHECK(cluster.query_value("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'scratch_new_role'") == "0");
    CHECK(cluster.query_value("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'scratch_existing_role'") ==
          "1");
    CHECK(cluster.query_value("scratch_keep", "SELECT count(*) FROM kept") == "1");
    cluster.execute("postgres", "DROP ROLE scratch_existing_role");
    cluster.drop_database("scratch_keep");
}

TEST_CASE("scratch on --dev-url: a URL without a database uses postgres to create them") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    std::string url = "postgresql://postgres@127.0.0.1:" + std::to_string(cluster.port());
    std::unique_ptr<runtime::ScratchServer> scratch = runtime::ScratchServer::start(runtime::ScratchOptions{url});
    std::string database = scratch->create_database("app");
    CHECK(scratch_value_of(database, "SELECT current_database()").starts_with("schemac_verify_app_"));
}

TEST_CASE("scratch on --dev-url: a user that may not create databases is refused with what to do") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    cluster.execute("postgres", "DROP ROLE IF EXISTS scratch_plain_user; CREATE ROLE scratch_plain_user LOGIN");
    std::string url = "postgresql://scratch_plain_user@127.0.0.1:" + std::to_string(cluster.port()) + "/postgres";
    std::string message, help;
    try {
        runtime::ScratchServer::start(runtime::ScratchOptions{url});
    } catch (const runtime::ScratchError& e) {
        message = e.what();
        help = e.help;
    }
    CHECK(message == "the user scratch_plain_user of --dev-url may not create databases");
    CHECK(help.find("ALTER ROLE scratch_plain_user CREATEDB;") != std::string::npos);
    CHECK(help.find("leave --dev-url out") != std::string::npos);
    cluster.execute("postgres", "DROP ROLE scratch_plain_user");
}

TEST_CASE("scratch on --dev-url: a server that does not answer is an error with help") {
    std::string message, help;
    try {
        runtime::ScratchServer::start(runtime::ScratchOptions{"postgresql://postgres@127.0.0.1:1/postgres"});
    } catch (const runtime::ScratchError& e) {
        message = e.what();
        help = e.help;
    }
    CHECK(message.starts_with("cannot connect to postgresql://postgres@127.0.0.1:1/postgres: "));
    CHECK(help.find("--dev-url") != std::string::npos);
}

TEST_CASE("scratch PostgreSQL: an extension the server lacks is reported by name with its package") {
    test::PostgresCluster& cluster = test::PostgresCluster::shared();
    runtime::Session session(cluster.url());
    std::vector<std::string> wanted{"pg_trgm", "vector", "schemac_no_such_extension", "pg_cron", "vector"};
    std::vector<std::string> expected;
    for (const std::string& name : wanted) {
        bool available = cluster.query_value("postgres", "SELECT count(*) FROM pg_available_extensions WHERE name = '" +
                                                             name + "'") == "1";
        if (!available && std::find(expected.begin(), expected.end(), name) == expected.end()) expected.push_back(name);
    }
    std::vector<runtime::MissingExtension> missing = runtime::missing_extensions(session, wanted);
    std::vector<std::string> names;
    for (const runtime::MissingExtension& m : missing) names.push_back(m.name);
    CHECK(names == expected);
    CHECK(std::find(names.begin(), names.end(), "schemac_no_such_extension") != names.end());
    CHECK(std::find(names.begin(), names.end(), "pg_trgm") == names.end());
    std::string major = std::to_string(session.server_version() / 10000);
    for (const runtime::MissingExtension& m : missing) {
        std::string help = runtime::missing_extension_help(m);
        CAPTURE(help);
        if (m.name == "vector") CHECK(m.package == "postgresql-" + major + "-pgvector");
        if (m.name == "pg_cron") CHECK(m.package == "postgresql-" + major + "-cron");
        if (m.name == "schemac_no_such_extension") {
            CHECK(m.package.empty());
            CHECK(help == "install the package that provides the extension schemac_no_such_extension for this "
                          "PostgreSQL, or pass --dev-url URL for a server that has it");
        }
    }
    runtime::MissingExtension partman{"pg_partman", runtime::extension_package("pg_partman", 150008)};
    CHECK(partman.package == "postgresql-15-partman");
    CHECK(runtime::missing_extension_message(partman, "PostgreSQL 15.8 started for this run") ==
          "the extension pg_partman is not available on PostgreSQL 15.8 started for this run");
    CHECK(runtime::missing_extension_help(partman) ==
          "install postgresql-15-partman (Debian, Ubuntu; the PostgreSQL project's apt repository has it for every "
          "version), or pass --dev-url URL for a server that has it");
    CHECK(runtime::extension_package("postgis_topology", 160002) == "postgresql-16-postgis-3");
    CHECK(runtime::extension_package("uuid-ossp", 160002) == "postgresql-16");
    CHECK(runtime::missing_extension_help({"citext", "postgresql-16"})
              .starts_with("citext is one of PostgreSQL's contrib modules: install postgresql-16"));
}

TEST_CASE("scratch PostgreSQL: as root with no unprivileged user to run it, the error says what to do") {
    CHECK_FALSE(runtime::scratch_server_user(1000, nullptr).uid.has_value());
    passwd postgres{};
    postgres.pw_uid = 101;
    postgres.pw_gid = 104;
    runtime::ServerUser user = runtime::scratch_server_user(0, &postgres);
    CHECK(user.uid == std::optional<uid_t>(101));
    CHECK(user.gid == std::optional<gid_t>(104));
    std::string message, help;
    try {
        runtime::scratch_server_user(0, nullptr);
    } catch (const runtime::ScratchError& e) {
        message = e.what();
        help = e.help;
    }
    CHECK(message == "schemac runs as root, which PostgreSQL refuses, and there is no `postgres` user to run the "
                     "scratch server as");
    CHECK(help == "create an unprivileged user named postgres (`useradd --system --user-group postgres`), run schemac "
                  "as a normal user, or pass --dev-url URL");
    postgres.pw_uid = 0;
    CHECK_THROWS_AS(runtime::scratch_server_user(0, &postgres), runtime::ScratchError);
}

TEST_CASE("scratch PostgreSQL: no server programs found is an error saying where schemac looked and what to install") {
    std::string message, help;
    try {
        runtime::scratch_binaries({"/nonexistent/pg/bin", "/tmp"});
    } catch (const runtime::ScratchError& e) {
        message = e.what();
        help = e.help;
    }
    CHECK(message == "the PostgreSQL server programs (initdb, postgres) were not found (looked in /nonexistent/pg/bin, "
                     "/tmp)");
    CHECK(help == "install the PostgreSQL server (Debian: apt-get install postgresql), or pass --dev-url URL");
    // On this machine they are found, with their version.
    runtime::PostgresBinaries found = runtime::scratch_binaries(runtime::postgres_bin_candidates());
    CAPTURE(found.bin_dir);
    CHECK(std::filesystem::exists(std::filesystem::path(found.bin_dir) / "initdb"));
    CHECK(found.version.find('.') != std::string::npos);
}
