// The guardian of a scratch PostgreSQL: a process forked before anything is created, which owns
// the clean-up. It is the parent of initdb and of the server (started on request), and it reads a
// pipe whose write end only schemac holds: when that pipe closes — schemac's destructor, an
// exception, Ctrl-C, SIGTERM or SIGKILL alike — it drops the databases and roles it was told of
// (--dev-url), stops the server (SIGINT, then SIGQUIT, then SIGKILL) and removes the folder. It
// ignores SIGINT, SIGTERM and SIGHUP and sits in its own process group, as does the server, so a
// terminal's Ctrl-C reaches schemac only and the guardian decides the shutdown.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace schemac::runtime {

struct GuardianPlan {
    std::string folder;        // removed at the end (empty: none)
    std::optional<uid_t> uid;  // run initdb and the server as this user (schemac is root)
    std::optional<gid_t> gid;
    std::vector<std::string> initdb;     // argv of initdb
    std::vector<std::string> server;     // argv of postgres
    std::string initdb_log, server_log;  // where their output goes
    std::string maintenance_url;         // --dev-url: where to drop what was recorded
};

class ScratchGuardian {
public:
    explicit ScratchGuardian(GuardianPlan plan);  // forks the guardian; throws std::runtime_error
    ~ScratchGuardian();                           // finish()
    ScratchGuardian(const ScratchGuardian&) = delete;
    ScratchGuardian& operator=(const ScratchGuardian&) = delete;

    // Runs initdb (in the guardian) and returns its exit status (-1 when it could not start).
    int run_initdb();
    // Starts the server (in its own process group) and returns its pid.
    pid_t start_server();
    // The server's exit status once it has stopped on its own (it failed to start, or crashed).
    std::optional<int> server_exit();
    // Tells the guardian of a database or role about to be created on --dev-url, so that it drops
    // it should schemac be killed.
    void record_database(const std::string& name);
    void record_role(const std::string& name);
    // Closes the pipe and waits until the guardian has cleaned up and exited.
    void finish();

private:
    void send(const std::string& line);
    std::string reply();  // the next line the guardian writes back
    pid_t pid_ = -1;
    int channel_ = -1;  // a socket pair rather than a pipe: writing to it never raises SIGPIPE
    std::string buffered_;
    std::optional<int> server_exit_;
};

// A SIGINT handler for commands running a scratch server: one line ("schemac: interrupted") on
// stderr and exit status 130 at once; the guardian stops the server and removes its folder.
void exit_130_on_interrupt();

}  // namespace schemac::runtime
