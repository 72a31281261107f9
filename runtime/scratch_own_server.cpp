// The PostgreSQL schemac starts for itself: initdb in a new temporary folder, the server on a
// socket in that folder only (no TCP port, so no race for a free one), run as `postgres` when
// schemac is root; the guardian is forked before anything is made and removes it all at the end.
#include <fmt/format.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "runtime/postgres_binaries.hpp"
#include "runtime/scratch_databases.hpp"
#include "runtime/scratch_guardian.hpp"
#include "runtime/scratch_servers.hpp"
#include "runtime/scratch_template.hpp"

namespace schemac::runtime {
namespace {

namespace fs = std::filesystem;

constexpr int scratch_port = 5432;  // only names the socket file: the folder is private
constexpr std::size_t max_socket_path = 107;
constexpr int start_timeout_ms = 60'000;

const char* const run_as_postgres_help =
    "create an unprivileged user named postgres (`useradd --system --user-group postgres`), run schemac as a normal "
    "user, or pass --dev-url URL";

struct ServerUser {
    std::optional<uid_t> uid;
    std::optional<gid_t> gid;
};

// Nobody when schemac is not root; `postgres` when it is (PostgreSQL refuses to run as root).
ServerUser server_user() {
    if (::geteuid() != 0) return {};
    const passwd* user = ::getpwnam("postgres");
    if (!user)
        throw ScratchError("schemac runs as root, which PostgreSQL refuses, and there is no `postgres` user to run the "
                           "scratch server as",
                           run_as_postgres_help);
    if (user->pw_uid == 0)
        throw ScratchError("schemac runs as root, which PostgreSQL refuses, and the `postgres` user is root too",
                           run_as_postgres_help);
    return {user->pw_uid, user->pw_gid};
}

// A new folder, 0700, whose socket path fits a unix socket address: under $TMPDIR when it is
// short enough, else /tmp.
std::string make_scratch_folder() {
    std::string socket_name = fmt::format("/.s.PGSQL.{}", scratch_port);
    std::vector<std::string> bases;
    if (const char* tmp = std::getenv("TMPDIR"); tmp && *tmp) bases.emplace_back(tmp);
    bases.emplace_back("/tmp");
    for (std::string base : bases) {
        while (base.size() > 1 && base.back() == '/') base.pop_back();
        std::string pattern = base + "/schemac-XXXXXX";
        if (pattern.size() + socket_name.size() > max_socket_path) continue;
        if (::mkdtemp(pattern.data())) return pattern;
    }
    throw ScratchError("cannot create a temporary folder for the scratch PostgreSQL (in $TMPDIR or /tmp)",
                       "make /tmp writable, or pass --dev-url URL");
}

std::string last_lines(const std::string& path, int count) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    std::string out;
    for (std::size_t i = lines.size() > static_cast<std::size_t>(count) ? lines.size() - count : 0; i < lines.size();
         ++i)
        out += "\n  " + lines[i];
    return out;
}

long long milliseconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

class OwnServer : public ScratchServer {
public:
    OwnServer(const PostgresBinaries& binaries, const ServerUser& user) : version_text_(binaries.version) {
        auto started = std::chrono::steady_clock::now();
        folder_ = make_scratch_folder();
        if (user.uid && ::chown(folder_.c_str(), *user.uid, *user.gid) != 0) {
            std::error_code ec;
            fs::remove_all(folder_, ec);
            throw ScratchError(fmt::format("cannot give {} to the postgres user", folder_), run_as_postgres_help);
        }
        GuardianPlan plan;
        plan.folder = folder_;
        plan.uid = user.uid;
        plan.gid = user.gid;
        plan.initdb_log = folder_ + "/initdb.log";
        plan.server_log = folder_ + "/server.log";
        std::string data = folder_ + "/data";
        std::vector<std::string> initdb_options{
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
#ifdef __linux__
            "--locale=C.UTF-8",
#else
            "--locale=C",
#endif
            "--no-sync"};
        plan.initdb = {binaries.bin_dir + "/initdb", "-D", data};
        plan.initdb.insert(plan.initdb.end(), initdb_options.begin(), initdb_options.end());
        plan.server = {binaries.bin_dir + "/postgres",
                       "-D",
                       data,
                       "-p",
                       std::to_string(scratch_port),
                       "-c",
                       "listen_addresses=",
                       "-c",
                       "unix_socket_directories=" + folder_,
                       "-c",
                       "fsync=off",
                       "-c",
                       "full_page_writes=off",
                       "-c",
                       "synchronous_commit=off"};
        guardian_ = std::make_unique<ScratchGuardian>(plan);  // from here on, the folder goes whatever happens

        // A copy of the data folder an earlier run's initdb made, else initdb (and keep a copy).
        std::optional<std::string> kept = initdb_template_path(binaries.bin_dir, binaries.version, initdb_options);
        if (!kept || !copy_initdb_template(*kept, data, user.uid, user.gid)) {
            if (int status = guardian_->run_initdb(); status != 0)
                throw ScratchError(
                    fmt::format("initdb failed (exit status {}):{}", status, last_lines(plan.initdb_log, 5)),
                    fmt::format("check the PostgreSQL installation in {}, or pass --dev-url URL", binaries.bin_dir));
            if (kept) remember_initdb_template(data, *kept);
        }
        guardian_->start_server();
        url_ = fmt::format("host='{}' port={} user=postgres dbname=postgres sslmode=disable", folder_, scratch_port);
        std::string ping = connection_string(url_);
        for (;;) {
            if (PQping(ping.c_str()) == PQPING_OK) break;
            if (std::optional<int> status = guardian_->server_exit())
                throw ScratchError(fmt::format("the scratch PostgreSQL stopped while starting (exit status {}):{}",
                                               *status, last_lines(plan.server_log, 5)),
                                   "pass --dev-url URL to use a server that runs");
            if (milliseconds_since(started) > start_timeout_ms)
                throw ScratchError(fmt::format("the scratch PostgreSQL did not start within {} seconds:{}",
                                               start_timeout_ms / 1000, last_lines(plan.server_log, 5)),
                                   "pass --dev-url URL to use a server that runs");
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        catalog_ = std::make_unique<ScratchCatalog>(url_, nullptr);
        server_version_ = catalog_->session().server_version();
        version_text_ = catalog_->version_text();
        start_ms_ = milliseconds_since(started);
    }
    ~OwnServer() override {
        catalog_.reset();
        if (guardian_) guardian_->finish();  // stops the server and removes the folder, before returning
    }

    std::string create_database(std::string_view purpose) override { return catalog_->create_database(purpose); }
    void ensure_roles(const std::vector<std::string>& roles) override { catalog_->ensure_roles(roles); }
    std::string description() const override {
        return fmt::format("PostgreSQL {} started for this run", version_text_);
    }
    int server_version() const override { return server_version_; }
    long long start_ms() const override { return start_ms_; }

private:
    std::string folder_, url_, version_text_;
    std::unique_ptr<ScratchGuardian> guardian_;
    std::unique_ptr<ScratchCatalog> catalog_;
    int server_version_ = 0;
    long long start_ms_ = 0;
};

}  // namespace

std::unique_ptr<ScratchServer> start_own_server() {
    std::optional<PostgresBinaries> binaries = find_postgres_binaries();
    if (!binaries) {
        std::string looked;
        for (const std::string& folder : postgres_bin_candidates()) looked += (looked.empty() ? "" : ", ") + folder;
        throw ScratchError(
            fmt::format("the PostgreSQL server programs (initdb, postgres) were not found (looked in {})", looked),
            "install the PostgreSQL server (Debian: apt-get install postgresql), or pass --dev-url URL");
    }
    ServerUser user = server_user();
    try {
        return std::make_unique<OwnServer>(*binaries, user);
    } catch (const ConnectError& e) {
        throw ScratchError(e.what(), "pass --dev-url URL to use a server that runs");
    } catch (const std::runtime_error& e) {
        if (dynamic_cast<const ScratchError*>(&e)) throw;
        throw ScratchError(e.what(), "pass --dev-url URL to use a server that runs");
    }
}

}  // namespace schemac::runtime
