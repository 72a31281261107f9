#include "runtime/scratch_guardian.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "runtime/connection.hpp"
#include "runtime/scratch_databases.hpp"

namespace schemac::runtime {
namespace {

int exit_status_of(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return -1;
}

void send_line(int fd, const std::string& line) {
    std::string text = line + "\n";
    std::size_t sent = 0;
    while (sent < text.size()) {
        ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        sent += static_cast<std::size_t>(n);
    }
}

void guardian_warning(const std::string& text) {
    std::string line = "schemac: warning: " + text + "\n";
    [[maybe_unused]] ssize_t ignored = ::write(2, line.data(), line.size());
}

// Every inherited descriptor but the standard ones and `keep`: the guardian must not hold the
// channel of another guardian (or anything else of schemac's) open.
void close_inherited_descriptors(int keep) {
    std::vector<int> open;
    if (DIR* folder = ::opendir("/proc/self/fd")) {
        while (dirent* entry = ::readdir(folder))
            if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9') open.push_back(std::atoi(entry->d_name));
        int own = ::dirfd(folder);
        ::closedir(folder);
        std::erase(open, own);
    } else {
        for (int fd = 3; fd < 1024; ++fd) open.push_back(fd);
    }
    for (int fd : open)
        if (fd > 2 && fd != keep) ::close(fd);
}

// Forks and runs `argv` as the plan's user, in a process group of its own, its output in `log`.
pid_t spawn_as_server_user(const GuardianPlan& plan, const std::vector<std::string>& argv, const std::string& log) {
    pid_t pid = ::fork();
    if (pid != 0) return pid;
    ::setpgid(0, 0);
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD}) ::signal(signal, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    int null = ::open("/dev/null", O_RDONLY);
    int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (null >= 0) ::dup2(null, 0);
    if (out >= 0) {
        ::dup2(out, 1);
        ::dup2(out, 2);
    }
    if (plan.gid && (::setgroups(0, nullptr) != 0 || ::setgid(*plan.gid) != 0)) {
        std::fprintf(stderr, "cannot switch to group %d: %s\n", static_cast<int>(*plan.gid), std::strerror(errno));
        ::_exit(127);
    }
    if (plan.uid && ::setuid(*plan.uid) != 0) {
        std::fprintf(stderr, "cannot switch to user %d: %s\n", static_cast<int>(*plan.uid), std::strerror(errno));
        ::_exit(127);
    }
    if (!plan.folder.empty() && ::chdir(plan.folder.c_str()) != 0) ::_exit(127);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
    ::_exit(127);
}

// Waits up to `timeout_ms` for `pid` to end; its status, or nothing when it still runs.
std::optional<int> wait_for_child(pid_t pid, int timeout_ms) {
    for (int waited = 0;; waited += 10) {
        int status = 0;
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return exit_status_of(status);
        if (done < 0 && errno != EINTR) return -1;  // not our child any more
        if (waited >= timeout_ms) return std::nullopt;
        ::usleep(10'000);
    }
}

// Fast shutdown (SIGINT); then immediate (SIGQUIT); then SIGKILL to its process group.
void stop_server(pid_t server) {
    ::kill(server, SIGINT);
    if (wait_for_child(server, 10'000)) return;
    ::kill(server, SIGQUIT);
    if (wait_for_child(server, 5'000)) return;
    ::killpg(server, SIGKILL);
    ::kill(server, SIGKILL);
    wait_for_child(server, 60'000);
}

struct GuardianState {
    GuardianState(const GuardianPlan& plan, int channel) : plan(plan), channel(channel) {}
    const GuardianPlan& plan;
    int channel;
    pid_t server = -1;
    std::vector<std::string> databases, roles;
    std::string buffered;
    bool closed = false;

    // Reads what schemac sent; false once the channel is closed (schemac is gone or done).
    bool read_channel(int timeout_ms) {
        pollfd watch{channel, POLLIN, 0};
        if (::poll(&watch, 1, timeout_ms) <= 0) return true;
        char chunk[512];
        ssize_t n = ::read(channel, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) return true;
        if (n <= 0) return !(closed = true);
        buffered.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int run_initdb() {
        pid_t pid = spawn_as_server_user(plan, plan.initdb, plan.initdb_log);
        if (pid < 0) return -1;
        for (;;) {
            if (std::optional<int> status = wait_for_child(pid, 0)) return *status;
            if (!read_channel(50)) {
                ::killpg(pid, SIGKILL);
                ::kill(pid, SIGKILL);
                wait_for_child(pid, 60'000);
                return -1;
            }
        }
    }

    void handle(const std::string& line) {
        if (line == "initdb") {
            int status = run_initdb();
            send_line(channel, fmt::format("initdb {}", status));
        } else if (line == "start") {
            server = spawn_as_server_user(plan, plan.server, plan.server_log);
            send_line(channel, fmt::format("pid {}", server));
        } else if (line.starts_with("database ")) {
            databases.push_back(line.substr(9));
        } else if (line.starts_with("role ")) {
            roles.push_back(line.substr(5));
        }
    }

    void clean_up() {
        if (!plan.maintenance_url.empty() && (!databases.empty() || !roles.empty())) {
            try {
                Session session(plan.maintenance_url);
                for (const std::string& problem : drop_scratch_objects(session, databases, roles))
                    guardian_warning(problem);
            } catch (const std::exception& e) {
                guardian_warning(fmt::format("could not drop the scratch databases: {}", e.what()));
            }
        }
        if (server > 0) stop_server(server);
        if (!plan.folder.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(plan.folder, ec);
            if (ec) guardian_warning(fmt::format("could not remove {}: {}", plan.folder, ec.message()));
        }
    }
};

[[noreturn]] void guardian_main(const GuardianPlan& plan, int channel) {
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU}) ::signal(signal, SIG_IGN);
    ::signal(SIGCHLD, SIG_DFL);
    ::setpgid(0, 0);
    if (int null = ::open("/dev/null", O_RDWR); null >= 0) {
        ::dup2(null, 0);
        ::dup2(null, 1);
        if (null > 2) ::close(null);
    }
    close_inherited_descriptors(channel);
    GuardianState state(plan, channel);
    try {
        while (!state.closed) {
            state.read_channel(100);
            for (std::size_t end; !state.closed && (end = state.buffered.find('\n')) != std::string::npos;) {
                std::string line = state.buffered.substr(0, end);
                state.buffered.erase(0, end + 1);
                state.handle(line);
            }
            if (state.server > 0)
                if (std::optional<int> status = wait_for_child(state.server, 0)) {
                    send_line(channel, fmt::format("exited {}", *status));
                    state.server = -1;
                }
        }
        state.clean_up();
    } catch (...) {
        guardian_warning("the scratch PostgreSQL's guardian failed; some of it may be left behind");
    }
    ::_exit(0);
}

}  // namespace

ScratchGuardian::ScratchGuardian(GuardianPlan plan) {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
        throw std::runtime_error(
            fmt::format("cannot create the scratch PostgreSQL's channel: {}", std::strerror(errno)));
    std::fflush(nullptr);
    pid_ = ::fork();
    if (pid_ < 0) {
        ::close(ends[0]);
        ::close(ends[1]);
        throw std::runtime_error(
            fmt::format("cannot fork the scratch PostgreSQL's guardian: {}", std::strerror(errno)));
    }
    if (pid_ == 0) {
        ::close(ends[0]);
        guardian_main(plan, ends[1]);
    }
    ::close(ends[1]);
    channel_ = ends[0];
}

ScratchGuardian::~ScratchGuardian() { finish(); }

void ScratchGuardian::send(const std::string& line) { send_line(channel_, line); }

std::string ScratchGuardian::reply() {
    for (;;) {
        std::size_t end = buffered_.find('\n');
        if (end != std::string::npos) {
            std::string line = buffered_.substr(0, end);
            buffered_.erase(0, end + 1);
            if (line.starts_with("exited ")) {
                server_exit_ = std::atoi(line.c_str() + 7);
                continue;
            }
            return line;
        }
        char chunk[512];
        ssize_t n = ::recv(channel_, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error("the scratch PostgreSQL's guardian stopped unexpectedly");
        buffered_.append(chunk, static_cast<std::size_t>(n));
    }
}

int ScratchGuardian::run_initdb() {
    send("initdb");
    std::string line = reply();
    return line.starts_with("initdb ") ? std::atoi(line.c_str() + 7) : -1;
}

pid_t ScratchGuardian::start_server() {
    send("start");
    std::string line = reply();
    return line.starts_with("pid ") ? static_cast<pid_t>(std::atoi(line.c_str() + 4)) : -1;
}

std::optional<int> ScratchGuardian::server_exit() {
    char chunk[512];
    for (ssize_t n; (n = ::recv(channel_, chunk, sizeof chunk, MSG_DONTWAIT)) > 0;)
        buffered_.append(chunk, static_cast<std::size_t>(n));
    for (std::size_t end; (end = buffered_.find('\n')) != std::string::npos;) {
        std::string line = buffered_.substr(0, end);
        buffered_.erase(0, end + 1);
        if (line.starts_with("exited ")) server_exit_ = std::atoi(line.c_str() + 7);
    }
    return server_exit_;
}

void ScratchGuardian::record_database(const std::string& name) { send("database " + name); }
void ScratchGuardian::record_role(const std::string& name) { send("role " + name); }

void ScratchGuardian::finish() {
    if (pid_ <= 0) return;
    ::close(channel_);
    channel_ = -1;
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

namespace {
void interrupted(int) {
    static const char line[] = "schemac: interrupted\n";
    [[maybe_unused]] ssize_t ignored = ::write(2, line, sizeof line - 1);
    ::_exit(130);
}
}  // namespace

void exit_130_on_interrupt() {
    struct sigaction action {};
    action.sa_handler = interrupted;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
}

}  // namespace schemac::runtime
