#include "tests/processes.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

namespace schemac::test {

namespace fs = std::filesystem;

namespace {

// What /proc/PID/NAME holds; empty when the process is gone. Read with read(2): a process that
// exits between the open and the read makes the read fail with ESRCH, which std::ifstream's
// buffer turns into an exception.
std::string proc_file(pid_t pid, const char* name) {
    std::string path = "/proc/" + std::to_string(pid) + "/" + name;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    return out;
}

}  // namespace

bool eventually(const std::function<bool()>& condition, double seconds) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    while (std::chrono::steady_clock::now() < until) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return condition();
}

bool process_alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

// The field after the closing parenthesis of its name, and its state, in /proc/PID/stat.
pid_t parent_of(pid_t pid) {
    std::string stat = proc_file(pid, "stat");
    std::size_t close = stat.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    long parent = -1;
    rest >> state >> parent;
    return static_cast<pid_t>(parent);
}

std::vector<pid_t> children_of(pid_t parent) {
    std::vector<pid_t> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        pid_t pid = static_cast<pid_t>(std::stol(name));
        if (parent_of(pid) == parent) out.push_back(pid);
    }
    return out;
}

std::string command_line(pid_t pid) {
    std::string text = proc_file(pid, "cmdline");
    for (char& c : text)
        if (c == '\0') c = ' ';
    return text;
}

long process_uid(pid_t pid) {
    std::istringstream in(proc_file(pid, "status"));
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("Uid:")) return std::stol(line.substr(4));
    return -1;
}

fs::path working_directory(pid_t pid) {
    std::error_code ec;
    fs::path cwd = fs::read_symlink("/proc/" + std::to_string(pid) + "/cwd", ec);
    return ec ? fs::path() : cwd;
}

bool eventually_gone(pid_t pid, const fs::path& folder) {
    return eventually([&] { return !process_alive(pid) && !fs::exists(folder); });
}

pid_t start_in_own_group(const std::string& program, const std::vector<std::string>& arguments,
                         const fs::path& directory, int stdout_fd, const std::string& stderr_path) {
    // Built before the fork: the child only calls what is safe between fork and exec.
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const std::string& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid != 0) return pid;
    ::setpgid(0, 0);
    if (!directory.empty() && ::chdir(directory.c_str()) != 0) ::_exit(127);
    int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(stdout_fd >= 0 ? stdout_fd : err, 1);
    ::dup2(err, 2);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
}

}  // namespace schemac::test
