#include "tools/schemac/fleet_progress.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>

namespace schemac::cli {

std::string fleet_progress_text(const FleetRunState& s, const std::string& slowest_label) {
    std::string text = fmt::format("done {}, failed {}, running {}, pending {}", s.done, s.failed, s.running,
                                   s.pending);
    if (s.slowest) text += fmt::format("; slowest: {} ({:.1f} s)", slowest_label, s.slowest_ms / 1000.0);
    return text;
}

FleetProgress::FleetProgress(std::function<std::string(std::size_t)> label, bool quiet, bool live)
    : label_(std::move(label)), quiet_(quiet), live_(live && !quiet) {}

void FleetProgress::show(const std::string& line) {
    // A line wider than the terminal would wrap, and the next \r would rewrite only its end.
    winsize size{};
    std::size_t width = ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
    std::cerr << "\r\033[K" << (width > 1 && line.size() >= width ? line.substr(0, width - 1) : line) << std::flush;
    shown_ = true;
}

void FleetProgress::tick(const FleetRunState& state) {
    if (live_) show(fleet_progress_text(state, state.slowest ? label_(*state.slowest) : ""));
}

void FleetProgress::finished(const FleetReport& report) {
    if (quiet_ || live_) return;
    std::cerr << fleet_target_line(report) << "\n";
}

void FleetProgress::interrupted(const FleetRunState& state) {
    clear();
    std::string running = state.slowest ? fmt::format(" (the longest: {}, {:.1f} s)", label_(*state.slowest),
                                                      state.slowest_ms / 1000.0)
                                        : "";
    if (state.interrupts == 1)
        std::cerr << fmt::format(
            "schemac: interrupted: no new target starts; waiting for the {} running target{}{} to finish (they are "
            "not stopped: each migration is applied whole or not at all)\n",
            state.running, state.running == 1 ? "" : "s", running);
    else
        std::cerr << fmt::format("schemac: still waiting for {} running target{}{}\n", state.running,
                                 state.running == 1 ? "" : "s", running);
}

void FleetProgress::clear() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
}

}  // namespace schemac::cli
