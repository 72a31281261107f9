// Running a fleet's targets as child processes, at most N at a time. Each child gets its own
// process group (a terminal's Ctrl-C reaches only this process), standard input from /dev/null,
// and its standard output and error captured. On SIGINT or SIGTERM no new child starts and the
// running ones are waited for, never killed: a migration commits whole or not at all, and a
// no-transaction file cut off half-way is worse than a wait.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace schemac::cli {

struct FleetJob {
    std::vector<std::string> argv;         // argv[0] is the program run
    std::vector<std::string> environment;  // NAME=value pairs added to this process's environment
};

struct FleetOutcome {
    int exit_code = 0;  // the child's, or 2 when it could not start or was killed by a signal
    int signal = 0;     // the signal that ended it, if one did
    std::string out, err;
    long long ms = 0;
};

// What is happening, for the live progress line.
struct FleetRunState {
    std::size_t done = 0, failed = 0, running = 0, pending = 0;
    std::optional<std::size_t> slowest;  // the running job started first
    long long slowest_ms = 0;
    int interrupts = 0;  // SIGINT/SIGTERM received so far
};

struct FleetRunCallbacks {
    std::function<void(std::size_t job, const FleetOutcome&)> finished;
    std::function<void(const FleetRunState&)> tick;         // about ten times a second
    std::function<void(const FleetRunState&)> interrupted;  // at each SIGINT/SIGTERM, once it is seen
};

struct FleetRunResult {
    std::vector<std::optional<FleetOutcome>> outcomes;  // nullopt: not started
    bool interrupted = false;
};

// Runs `jobs` in order, `parallel` at a time; with `fail_fast`, none starts after one failed
// (exit code other than 0). `already_failed` counts failures known before any job runs.
FleetRunResult run_fleet_jobs(const std::vector<FleetJob>& jobs, int parallel, bool fail_fast,
                              const FleetRunCallbacks& callbacks, std::size_t already_failed = 0);

}  // namespace schemac::cli
