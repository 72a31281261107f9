#include "tests/postgres_cluster.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>

#include "compiler/migrations/sql_script.hpp"
#include "tests/support.hpp"

namespace schemac::test {
namespace fs = std::filesystem;

namespace {

std::string find_bin_dir() {
    std::vector<fs::path> candidates;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
        if (fs::exists(entry.path() / "bin" / "initdb")) candidates.push_back(entry.path() / "bin");
    if (candidates.empty())
        throw std::runtime_error("PostgreSQL server binaries not found under /usr/lib/postgresql (tools/setup installs "
                                 "the postgresql package)");
    std::sort(candidates.begin(), candidates.end());
    return candidates.back().string();
}

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error("no free loopback port for PostgreSQL");
    int port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

void must_run(const std::string& command) {
    std::string output;
    if (run(command, output) != 0) throw std::runtime_error(fmt::format("`{}` failed:\n{}", command, output));
}

// initdb is most of a cluster's start-up, and each test case runs in a process of its own: the
// first process makes a template data folder once (under a lock; renamed into place only when
// complete), and every cluster starts from a copy of it. One template per PostgreSQL version and
// set of initdb options, kept under /tmp between runs.
std::string template_data_dir(const std::string& bin, const std::string& run_as) {
    std::string version;
    if (run(fmt::format("{}/initdb --version", bin), version) != 0)
        throw std::runtime_error(fmt::format("`{}/initdb --version` failed:\n{}", bin, version));
    const std::string options = "-U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync";
    std::string key;
    for (char c : version)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '.') key += c;
    fs::path base = fmt::format("/tmp/schemac-pg-template-{}-{:x}", key, std::hash<std::string>{}(options));
    std::string lock_path = base.string() + ".lock";
    int lock = ::open(lock_path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
        if (lock >= 0) ::close(lock);
        throw std::runtime_error("cannot lock " + lock_path);
    }
    try {
        if (!fs::exists(base / "data" / "PG_VERSION")) {
            fs::path building = base.string() + ".building";
            fs::remove_all(building);
            fs::remove_all(base);
            fs::create_directories(building);
            if (!run_as.empty()) must_run(fmt::format("chown postgres: {}", building.string()));
            must_run(fmt::format("{}{}/initdb -D {}/data {} 2>&1", run_as, bin, building.string(), options));
            fs::rename(building, base);
        }
    } catch (...) {
        ::close(lock);
        throw;
    }
    ::close(lock);
    return (base / "data").string();
}

std::string sorted_table_bodies(const std::string& dump) {
    std::istringstream in(dump);
    std::string line, out;
    std::vector<std::string> body;
    bool in_table = false;
    while (std::getline(in, line)) {
        if (line.empty() || line.starts_with("--") || line.starts_with("SET ") ||
            line.starts_with("SELECT pg_catalog.set_config") || line.starts_with("\\restrict ") ||
            line.starts_with("\\unrestrict "))
            continue;
        if (in_table) {
            if (line.starts_with(")")) {
                std::sort(body.begin(), body.end());
                for (const std::string& b : body) out += b + "\n";
                body.clear();
                in_table = false;
                out += line + "\n";
            } else {
                if (line.ends_with(",")) line.pop_back();
                body.push_back(line);
            }
            continue;
        }
        out += line + "\n";
        if (line.starts_with("CREATE TABLE ") && line.ends_with("(")) in_table = true;
    }
    return out;
}

}  // namespace

PostgresCluster& PostgresCluster::shared() {
    static PostgresCluster cluster;
    return cluster;
}

std::unique_ptr<PostgresCluster> PostgresCluster::start_another() {
    return std::unique_ptr<PostgresCluster>(new PostgresCluster());
}

PostgresCluster::PostgresCluster() {
    bin_ = find_bin_dir();
    char pattern[] = "/tmp/schemac-pg-XXXXXX";
    if (!::mkdtemp(pattern)) throw std::runtime_error("cannot create a temporary folder for PostgreSQL");
    dir_ = pattern;
    if (::geteuid() == 0) {
        run_as_ = "runuser -u postgres -- ";
        must_run(fmt::format("chown postgres: {}", dir_));
    }
    must_run(fmt::format("{}cp -a {} {}/data 2>&1", run_as_, template_data_dir(bin_, run_as_), dir_));
    // One role must give a password (the rest are trusted), to test refused authentication.
    {
        std::string hba_path = dir_ + "/data/pg_hba.conf";
        std::string hba = read(hba_path);
        write(hba_path, fmt::format("host all {} 127.0.0.1/32 scram-sha-256\n{}", password_role, hba));
    }
    // A port seen free can be taken by another test's server before this one binds it: a start
    // that fails is tried again on another port; the last failure is reported with the server's log.
    std::string failures;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        port_ = free_port();
        try {
            must_run(fmt::format("{}{}/pg_ctl -D {}/data -l {}/log -w -t 60 -o \"-p {} -k {} -c "
                                 "listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c "
                                 "synchronous_commit=off\" start 2>&1",
                                 run_as_, bin_, dir_, dir_, port_, dir_));
            return;
        } catch (const std::exception& e) {
            std::error_code ec;
            std::string log = fs::exists(dir_ + "/log", ec) ? read(dir_ + "/log") : std::string("(no log)");
            failures += fmt::format("attempt {} on port {}: {}\nserver log:\n{}\n", attempt, port_, e.what(), log);
        }
    }
    throw std::runtime_error(failures);
}

PostgresCluster::~PostgresCluster() {
    // Runs after doctest has finished: plain std::system, no assertions.
    std::string stop = fmt::format("{}{}/pg_ctl -D {}/data -m immediate -w stop >/dev/null 2>&1", run_as_, bin_, dir_);
    if (std::system(stop.c_str()) != 0)
        std::fprintf(stderr, "warning: could not stop the test PostgreSQL in %s\n", dir_.c_str());
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

std::string PostgresCluster::url(const std::string& database) const {
    return fmt::format("postgresql://postgres@127.0.0.1:{}/{}", port_, database);
}

namespace {

void drop_if_there(pqxx::nontransaction& tx, const std::string& name) {
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
}

}  // namespace

void PostgresCluster::create_database(const std::string& name) {
    // One connection for both statements; FILE_COPY copies template1's files after a checkpoint
    // (cheap with fsync off), where PostgreSQL 15's default writes every page to the WAL: a
    // third less time for the hundreds of databases the suite creates.
    pqxx::connection c(url());
    pqxx::nontransaction tx(c);
    drop_if_there(tx, name);
    tx.exec("CREATE DATABASE " + tx.quote_name(name) + " STRATEGY = FILE_COPY");
}

void PostgresCluster::drop_database(const std::string& name) {
    pqxx::connection c(url());
    pqxx::nontransaction tx(c);
    drop_if_there(tx, name);
}

void PostgresCluster::execute(const std::string& database, const std::string& sql) {
    pqxx::connection c(url(database));
    pqxx::work tx(c);
    tx.exec(sql);
    tx.commit();
}

void PostgresCluster::apply_migration(const std::string& database, const std::string& script) {
    if (!is_no_transaction_script(script)) {
        execute(database, script);
        return;
    }
    pqxx::connection c(url(database));
    for (const SqlStatement& s : split_sql_statements(script)) {
        pqxx::nontransaction tx(c);
        tx.exec(s.text);
    }
}

std::string PostgresCluster::query_value(const std::string& database, const std::string& sql) {
    pqxx::connection c(url(database));
    pqxx::nontransaction tx(c);
    pqxx::result r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].c_str();
}

std::string PostgresCluster::schema_dump(const std::string& database) const {
    return sorted_table_bodies(pg_dump(database, "--schema-only --no-owner --no-privileges"));
}

std::vector<std::string> PostgresCluster::sorted_dump_lines(const std::string& database) const {
    std::istringstream in(pg_dump(database, "--schema-only --no-owner --exclude-schema=schemac_migrations "
                                            "--exclude-table=public.schemac_migrations"));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && !line.starts_with("--") && !line.starts_with("SET ") &&
            !line.starts_with("SELECT pg_catalog.set_config") && !line.starts_with("\\"))
            out.push_back(line);
    std::sort(out.begin(), out.end());
    return out;
}

std::string PostgresCluster::pg_dump(const std::string& database, const std::string& options) const {
    std::string output;
    std::string command = fmt::format("{}/pg_dump {} -h 127.0.0.1 -p {} -U postgres {} 2>&1", bin_, options, port_,
                                      database);
    if (run(command, output) != 0) throw std::runtime_error(fmt::format("`{}` failed:\n{}", command, output));
    return output;
}

}  // namespace schemac::test
