// What a fleet run prints while it runs, on stderr: on a terminal one live line (done, failed,
// running, pending, and the target running longest with its time) rewritten in place; otherwise
// one line per target as it finishes. Nothing with -q or --format json, but for what Ctrl-C
// does, which is always said.
#pragma once

#include <functional>
#include <string>

#include "tools/schemac/fleet_report.hpp"
#include "tools/schemac/fleet_runner.hpp"

namespace schemac::cli {

class FleetProgress {
public:
    // `label` names a job's target; `live`: stderr is a terminal and progress is wanted.
    FleetProgress(std::function<std::string(std::size_t)> label, bool quiet, bool live);
    void tick(const FleetRunState& state);
    void finished(const FleetReport& report);
    void interrupted(const FleetRunState& state);
    void clear();  // the live line erased, before the summary

private:
    void show(const std::string& line);
    std::function<std::string(std::size_t)> label_;
    bool quiet_, live_;
    bool shown_ = false;  // a live line is on the screen
};

// "done 12, failed 1, running 4, pending 13; slowest: postgresql://db7/app (41.2 s)".
std::string fleet_progress_text(const FleetRunState& state, const std::string& slowest_label);

}  // namespace schemac::cli
