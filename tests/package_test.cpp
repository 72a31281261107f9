// The .deb: what CPack makes from `cmake --install` holds the launcher, the program, the manual
// pages and the completions; it names as dependencies the Debian packages of every shared
// library the program loads; and the installed files work as a new user would use them
// (`schemac init`, then `schemac generate` from a subfolder). The package is made from the build
// tools/test makes first (the Release build), extracted into a temporary root, never installed.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "tests/support.hpp"

using schemac::test::run;
using schemac::test::TempDir;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

std::string quoted_path(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

}  // namespace

TEST_CASE("the .deb holds schemac, its pages and completions, names its dependencies, and works once unpacked") {
    TempDir work;
    std::string out;
    std::filesystem::path build = SCHEMAC_PACKAGE_BUILD_DIR;
    REQUIRE_MESSAGE(run("cpack --config " + quoted_path(build / "CPackConfig.cmake") + " -B " +
                            quoted_path(work.path / "out"),
                        out) == 0,
                    out);
    std::filesystem::path deb;
    for (const auto& entry : std::filesystem::directory_iterator(work.path / "out"))
        if (entry.path().extension() == ".deb") deb = entry.path();
    REQUIRE_MESSAGE(!deb.empty(), out);
    CHECK(std::regex_match(deb.filename().string(), std::regex(R"(schemac_[0-9]+\.[0-9]+\.[0-9]+_[a-z0-9]+\.deb)")));

    // Its files.
    REQUIRE(run("dpkg-deb -c " + quoted_path(deb) + " | awk '{print $6}'", out) == 0);
    std::set<std::string> files;
    for (const std::string& line : lines_of(out)) files.insert(line);
    std::vector<std::string> expected{
        "./usr/bin/schemac",
        "./usr/share/man/man1/schemac.1",
        "./usr/share/man/man1/schemac-generate.1",
        "./usr/share/man/man1/schemac-migrate-resolve.1",
        "./usr/share/bash-completion/completions/schemac",
        "./usr/share/zsh/vendor-completions/_schemac",
        "./usr/share/fish/vendor_completions.d/schemac.fish"};
    if (!SCHEMAC_PACKAGE_SANITIZED) expected.push_back("./usr/libexec/schemac/schemac");
    for (const std::string& file : expected) CHECK_MESSAGE(files.count(file) == 1, file);

    // Unpacked as dpkg would, into a root of its own.
    std::filesystem::path root = work.path / "root";
    REQUIRE(run("dpkg-deb -x " + quoted_path(deb) + " " + quoted_path(root), out) == 0);
    std::filesystem::path program = root /
                                    (SCHEMAC_PACKAGE_SANITIZED ? "usr/bin/schemac" : "usr/libexec/schemac/schemac");

    // Every shared library the program loads belongs to a package the .deb depends on.
    REQUIRE(run("dpkg-deb -f " + quoted_path(deb) + " Depends", out) == 0);
    std::set<std::string> depends;
    for (std::istringstream list(out); std::getline(list, out, ',');) {
        std::istringstream words(out);
        std::string package;
        words >> package;  // "libpq5", without its version
        depends.insert(package);
    }
    CHECK(depends.count("libpq5") == 1);
    REQUIRE(run("objdump -p " + quoted_path(program) + " | awk '/NEEDED/ {print $2}'", out) == 0);
    std::vector<std::string> needed = lines_of(out);
    CHECK(std::find(needed.begin(), needed.end(), "libpqxx-6.4.so") != needed.end());
    for (const std::string& library : needed) {
        if (library.starts_with("ld-linux")) continue;  // the dynamic loader: libc6's
        CAPTURE(library);
        std::string owner;
        // The file ldd finds, under /lib or /usr/lib (Debian 12 packages some in each).
        REQUIRE(run("path=$(ldd " + quoted_path(program) + " | awk '$1 == \"" + library +
                        "\" {print $3}'); for p in \"$path\" \"/usr$path\" \"${path#/usr}\"; do "
                        "dpkg -S \"$p\" 2>/dev/null && break; done | head -1 | cut -d: -f1",
                    owner) == 0);
        while (!owner.empty() && owner.back() == '\n') owner.pop_back();
        CHECK_MESSAGE(depends.count(owner) == 1, "'", owner, "' is not among the dependencies");
    }

    // As a new user: the version, a project, a migration generated from a subfolder.
    std::filesystem::path schemac = root / "usr/bin/schemac";
    REQUIRE(run(quoted_path(schemac) + " --version", out) == 0);
    CHECK(out.starts_with("schemac "));
    std::filesystem::path project = work.path / "project";
    REQUIRE(run("mkdir -p " + quoted_path(project) + " && cd " + quoted_path(project) + " && " + quoted_path(schemac) +
                    " init -q",
                out) == 0);
    schemac::test::write(project / "schemas/app.schema", "table users {\n  id bigint primary key\n}\n");
    std::filesystem::create_directories(project / "api/handlers");
    REQUIRE(run("cd " + quoted_path(project / "api/handlers") + " && " + quoted_path(schemac) + " generate --name init",
                out) == 0);
    CHECK(out.starts_with("../../migrations/0001_init.sql\n"));
    CHECK(std::filesystem::exists(project / "migrations/0001_init.sql"));

    // The installed completion is the one the program prints.
    std::string printed;
    REQUIRE(run(quoted_path(schemac) + " completion bash", printed) == 0);
    std::ifstream installed(root / "usr/share/bash-completion/completions/schemac");
    std::stringstream text;
    text << installed.rdbuf();
    CHECK(text.str() == printed);
}
