// Ctrl-C on `schemac verify` while a migration runs on the PostgreSQL it started: schemac exits
// 130 with one line, and no server process and no data folder are left behind (the guardian
// stops the server and removes the folder once schemac is gone).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support.hpp"

using namespace schemac;

namespace {

namespace fs = std::filesystem;

// The parent pid of a process, from /proc/PID/stat (the field after the closing parenthesis
// of its name and its state); -1 when it is gone.
long interrupt_parent_of(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t close = stat.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    long parent = -1;
    rest >> state >> parent;
    return parent;
}

std::vector<long> interrupt_children_of(long parent) {
    std::vector<long> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        long pid = std::stol(name);
        if (interrupt_parent_of(pid) == parent) out.push_back(pid);
    }
    return out;
}

std::string interrupt_command_line(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (char& c : text)
        if (c == '\0') c = ' ';
    return text;
}

bool interrupt_eventually(const std::function<bool()>& condition, int timeout_ms = 60'000) {
    auto start = std::chrono::steady_clock::now();
    while (!condition()) {
        if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(timeout_ms)) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace

TEST_CASE("verify: Ctrl-C while a migration runs exits 130 and leaves no server and no folder") {
    test::TempDir project;
    project.file("schemas/app.schema", "table users {\n  id bigint primary key\n}\n");
    std::string out;
    REQUIRE_MESSAGE(test::run_schemac("generate --name init", out, "NO_COLOR=", project.path) == 0, out);
    REQUIRE_MESSAGE(test::run_schemac("new --name slow", out, "NO_COLOR=", project.path) == 0, out);
    fs::path slow;
    for (const auto& entry : fs::directory_iterator(project.path / "migrations"))
        if (entry.path().filename().string().ends_with("_slow.sql")) slow = entry.path();
    REQUIRE(!slow.empty());
    test::write(slow, test::read(slow) + "\nSELECT pg_sleep(120);\n");
    REQUIRE_MESSAGE(test::run_schemac("hash", out, "NO_COLOR=", project.path) == 0, out);

    std::string stderr_path = (project.path / "stderr").string();
    pid_t schemac = ::fork();
    REQUIRE(schemac >= 0);
    if (schemac == 0) {
        ::setpgid(0, 0);  // its own group, as a terminal runs a foreground command
        if (::chdir(project.path.c_str()) != 0) ::_exit(127);
        int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(err, 1);
        ::dup2(err, 2);
        ::execl(SCHEMAC_BINARY, SCHEMAC_BINARY, "verify", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // The guardian is schemac's child, the postmaster the guardian's; wait until a backend of it
    // runs the slow statement.
    long postmaster = -1;
    auto sleeping = [&] {
        for (long guardian : interrupt_children_of(schemac))
            for (long server : interrupt_children_of(guardian))
                for (long backend : interrupt_children_of(server))
                    if (interrupt_command_line(backend).find("SELECT") != std::string::npos) {
                        postmaster = server;
                        return true;
                    }
        return false;
    };
    bool running = interrupt_eventually(sleeping);
    std::string early_stderr = test::read(stderr_path);
    CAPTURE(early_stderr);
    if (!running) ::kill(-schemac, SIGKILL);
    REQUIRE(running);
    std::error_code ec;
    fs::path data = fs::read_symlink("/proc/" + std::to_string(postmaster) + "/cwd", ec);
    REQUIRE(!ec);
    fs::path folder = data.parent_path();
    CHECK(fs::exists(folder));

    ::kill(-schemac, SIGINT);
    int status = 0;
    ::waitpid(schemac, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK(test::read(stderr_path).ends_with("schemac: interrupted\n"));
    CHECK(interrupt_eventually([&] { return interrupt_parent_of(postmaster) == -1; }));
    CHECK(interrupt_eventually([&] { return !fs::exists(folder); }));
}
