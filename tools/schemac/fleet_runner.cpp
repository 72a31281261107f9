#include "tools/schemac/fleet_runner.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

extern char** environ;

namespace schemac::cli {
namespace {

using FleetClock = std::chrono::steady_clock;

volatile std::sig_atomic_t fleet_interrupts = 0;

extern "C" void fleet_on_interrupt(int) { fleet_interrupts = fleet_interrupts + 1; }

// SIGINT and SIGTERM counted instead of ending the process, while the fleet runs.
class FleetSignals {
public:
    FleetSignals() {
        fleet_interrupts = 0;
        struct sigaction action {};
        action.sa_handler = fleet_on_interrupt;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;  // no SA_RESTART: poll() returns at once
        ::sigaction(SIGINT, &action, &old_int_);
        ::sigaction(SIGTERM, &action, &old_term_);
    }
    ~FleetSignals() {
        ::sigaction(SIGINT, &old_int_, nullptr);
        ::sigaction(SIGTERM, &old_term_, nullptr);
    }
    FleetSignals(const FleetSignals&) = delete;
    FleetSignals& operator=(const FleetSignals&) = delete;

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

struct FleetChild {
    std::size_t job = 0;
    pid_t pid = -1;
    int out = -1, err = -1;  // -1 once at end of file
    FleetOutcome outcome;
    FleetClock::time_point started;
};

long long fleet_elapsed_ms(FleetClock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(FleetClock::now() - since).count();
}

// Starts the job in a process group of its own, standard input from /dev/null; pid -1 and the
// reason in the outcome when it cannot.
FleetChild spawn_fleet_child(std::size_t index, const FleetJob& job) {
    FleetChild child;
    child.job = index;
    child.started = FleetClock::now();
    int out[2] = {-1, -1}, err[2] = {-1, -1};
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
        for (int fd : {out[0], out[1]})
            if (fd >= 0) ::close(fd);
        child.outcome.exit_code = 2;
        child.outcome.err = fmt::format("schemac: error: cannot create a pipe: {}", std::strerror(errno));
        return child;
    }
    std::vector<std::string> environment;
    for (char** e = environ; *e; ++e) {
        std::string entry = *e;
        std::string name = entry.substr(0, entry.find('='));
        if (std::none_of(job.environment.begin(), job.environment.end(),
                         [&](const std::string& added) { return added.starts_with(name + "="); }))
            environment.push_back(entry);
    }
    environment.insert(environment.end(), job.environment.begin(), job.environment.end());
    std::vector<char*> argv, envp;
    for (const std::string& a : job.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const std::string& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setpgroup(&attributes, 0);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
    int failed = ::posix_spawn(&child.pid, argv[0], &actions, &attributes, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(out[1]);
    ::close(err[1]);
    if (failed != 0) {
        ::close(out[0]);
        ::close(err[0]);
        child.pid = -1;
        child.outcome.exit_code = 2;
        child.outcome.err = fmt::format("schemac: error: cannot start {}: {}", job.argv[0], std::strerror(failed));
        return child;
    }
    child.out = out[0];
    child.err = err[0];
    for (int fd : {child.out, child.err}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return child;
}

// Reads all there is now; closes and forgets the descriptor at end of file.
void drain_fleet_pipe(int& fd, std::string& into) {
    char buffer[65536];
    while (fd >= 0) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            into.append(buffer, static_cast<std::size_t>(n));
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            if (n == 0 || errno != EAGAIN) {
                ::close(fd);
                fd = -1;
            }
            return;
        }
    }
}

// Whether the child has exited; if so, what it wrote last is read, its pipes closed, and how it
// ended recorded. Its exit, not the end of its output, is what counts: a process it started (a
// scratch PostgreSQL) may hold the pipes open longer. Once both pipes are at their end, the
// child is about to exit and is waited for, rather than found at the next poll.
bool reap_fleet_child(FleetChild& child) {
    int status = 0;
    bool ended = child.out < 0 && child.err < 0;
    pid_t done;
    do {
        done = ::waitpid(child.pid, &status, ended ? 0 : WNOHANG);
    } while (ended && done < 0 && errno == EINTR);
    if (done == 0 || (done < 0 && errno == EINTR)) return false;
    drain_fleet_pipe(child.out, child.outcome.out);
    drain_fleet_pipe(child.err, child.outcome.err);
    for (int* fd : {&child.out, &child.err})
        if (*fd >= 0) {
            ::close(*fd);
            *fd = -1;
        }
    child.outcome.ms = fleet_elapsed_ms(child.started);
    if (done < 0) {
        child.outcome.exit_code = 2;
        child.outcome.err += fmt::format("schemac: error: lost track of the process: {}\n", std::strerror(errno));
    } else if (WIFEXITED(status)) {
        child.outcome.exit_code = WEXITSTATUS(status);
    } else {
        child.outcome.exit_code = 2;
        child.outcome.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
    return true;
}

}  // namespace

FleetRunResult run_fleet_jobs(const std::vector<FleetJob>& jobs, int parallel, bool fail_fast,
                              const FleetRunCallbacks& callbacks, std::size_t already_failed) {
    FleetSignals signals;
    FleetRunResult result;
    result.outcomes.resize(jobs.size());
    std::vector<FleetChild> running;
    std::size_t next = 0;
    FleetRunState state;
    state.failed = already_failed;
    int interrupts_seen = 0;
    auto refresh = [&] {
        state.running = running.size();
        state.pending = jobs.size() - next;
        state.slowest.reset();
        state.slowest_ms = 0;
        for (const FleetChild& c : running)
            if (long long ms = fleet_elapsed_ms(c.started); !state.slowest || ms > state.slowest_ms) {
                state.slowest = c.job;
                state.slowest_ms = ms;
            }
    };
    auto finish = [&](FleetChild& child) {
        ++state.done;
        if (child.outcome.exit_code != 0) ++state.failed;
        result.outcomes[child.job] = child.outcome;
        if (callbacks.finished) callbacks.finished(child.job, child.outcome);
    };
    for (;;) {
        bool stop_starting = interrupts_seen > 0 || (fail_fast && state.failed > 0);
        while (!stop_starting && next < jobs.size() && running.size() < static_cast<std::size_t>(parallel)) {
            FleetChild child = spawn_fleet_child(next, jobs[next]);
            ++next;
            if (child.pid < 0) {
                finish(child);
                stop_starting = fail_fast;
                continue;
            }
            running.push_back(std::move(child));
        }
        refresh();
        if (callbacks.tick) callbacks.tick(state);
        if (running.empty()) break;
        std::vector<pollfd> fds;
        for (const FleetChild& c : running)
            for (int fd : {c.out, c.err})
                if (fd >= 0) fds.push_back({fd, POLLIN, 0});
        ::poll(fds.data(), fds.size(), 100);
        for (const pollfd& p : fds) {
            if (p.revents == 0) continue;
            for (FleetChild& c : running) {
                if (c.out == p.fd) drain_fleet_pipe(c.out, c.outcome.out);
                if (c.err == p.fd) drain_fleet_pipe(c.err, c.outcome.err);
            }
        }
        for (auto it = running.begin(); it != running.end();) {
            if (reap_fleet_child(*it)) {
                finish(*it);
                it = running.erase(it);
            } else {
                ++it;
            }
        }
        if (int now = fleet_interrupts; now > interrupts_seen) {
            interrupts_seen = now;
            result.interrupted = true;
            refresh();
            state.interrupts = now;
            if (callbacks.interrupted) callbacks.interrupted(state);
        }
    }
    return result;
}

}  // namespace schemac::cli
