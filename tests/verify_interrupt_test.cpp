// Ctrl-C on `schemac verify` while a migration runs on the PostgreSQL it started: schemac exits
// 130 with one line, and no server process and no data folder are left behind (the guardian
// stops the server and removes the folder once schemac is gone).
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <string>

#include "tests/processes.hpp"
#include "tests/project.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {
namespace fs = std::filesystem;
}  // namespace

TEST_CASE("verify: Ctrl-C while a migration runs exits 130 and leaves no server and no folder") {
    test::Project project;
    project.schema("table users {\n  id bigint primary key\n}\n");
    REQUIRE_MESSAGE(project.run("generate --name init") == 0, project.out);
    REQUIRE_MESSAGE(project.run("new --name slow") == 0, project.out);
    fs::path slow;
    for (const auto& entry : fs::directory_iterator(project.path / "migrations"))
        if (entry.path().filename().string().ends_with("_slow.sql")) slow = entry.path();
    REQUIRE(!slow.empty());
    test::write(slow, test::read(slow) + "\nSELECT pg_sleep(120);\n");
    project.hash();

    std::string stderr_path = (project.path / "stderr").string();
    pid_t schemac = test::start_in_own_group(SCHEMAC_BINARY, {"verify"}, project.path, -1, stderr_path);
    REQUIRE(schemac > 0);
    // The guardian is schemac's child, the postmaster the guardian's; wait until a backend of it
    // runs the slow statement.
    pid_t postmaster = -1;
    auto sleeping = [&] {
        for (pid_t guardian : test::children_of(schemac))
            for (pid_t server : test::children_of(guardian))
                for (pid_t backend : test::children_of(server))
                    if (test::command_line(backend).find("SELECT") != std::string::npos) {
                        postmaster = server;
                        return true;
                    }
        return false;
    };
    bool running = test::eventually(sleeping, 60);
    std::string early_stderr = test::read(stderr_path);
    CAPTURE(early_stderr);
    if (!running) ::kill(-schemac, SIGKILL);
    REQUIRE(running);
    fs::path data = test::working_directory(postmaster);
    REQUIRE(!data.empty());
    fs::path folder = data.parent_path();
    CHECK(fs::exists(folder));

    ::kill(-schemac, SIGINT);
    int status = 0;
    ::waitpid(schemac, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    CHECK(test::read(stderr_path).ends_with("schemac: interrupted\n"));
    CHECK(test::eventually_gone(postmaster, folder));
}
