// Waiting for what other processes do, and reading this machine's process table (/proc): for the
// tests of what schemac and its guardian leave behind when they are interrupted or killed.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace schemac::test {

// Asks `condition` every 20 ms until it holds; false when it still does not after `seconds`.
bool eventually(const std::function<bool()>& condition, double seconds = 30);

bool process_alive(pid_t pid);  // a zombie not yet reaped counts as alive
pid_t parent_of(pid_t pid);     // -1 when the process is gone
std::vector<pid_t> children_of(pid_t parent);
// Its arguments, separated by spaces.
std::string command_line(pid_t pid);
long process_uid(pid_t pid);  // the real uid; -1 when the process is gone
// Its working directory (a postmaster's is its data folder); empty when the process is gone.
std::filesystem::path working_directory(pid_t pid);

// Waits until the process has exited and the folder is removed: what is left behind by a
// server whose guardian has done its work.
bool eventually_gone(pid_t pid, const std::filesystem::path& folder);

// Starts `program` with `arguments` in a process group of its own, as a terminal runs a
// foreground command, in `directory` (unless empty), its standard output on `stdout_fd` (-1:
// with its standard error), its standard error written to the file `stderr_path`. Returns its pid.
pid_t start_in_own_group(const std::string& program, const std::vector<std::string>& arguments,
                         const std::filesystem::path& directory, int stdout_fd, const std::string& stderr_path);

}  // namespace schemac::test
