// `schemac completion` and `schemac man`: scripts and pages written from the option parser's
// own tree. bash's script is run as bash runs it on TAB; zsh's and fish's (shells the test
// machine need not have) and one manual page are golden files.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support.hpp"

using schemac::test::read;
using schemac::test::run;
using schemac::test::run_schemac;
using schemac::test::TempDir;

namespace {

// What bash offers on TAB after `line` (the words so far, the last one being completed), in
// `directory`.
std::string bash_offers(const std::string& line, const std::filesystem::path& directory) {
    TempDir scripts;
    std::string script;
    REQUIRE(run_schemac("completion bash", script) == 0);
    schemac::test::write(scripts.path / "schemac.bash", script);
    std::ofstream(scripts.path / "ask.sh")
        << "source " << (scripts.path / "schemac.bash").string() << "\n"
        << "read -r -a COMP_WORDS <<< \"$LINE\"\n"
        << "[[ \"$LINE\" == *' ' ]] && COMP_WORDS+=('')\n"
        << "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
        << "_schemac\n"
        << "printf '%s\\n' \"${COMPREPLY[*]}\"\n";
    std::string out;
    int code = run("cd '" + directory.string() + "' && LINE='" + line + "' bash " + (scripts.path / "ask.sh").string(),
                   out);
    CHECK_MESSAGE(code == 0, out);
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

}  // namespace

TEST_CASE("bash completes commands, a command's options, the words an option takes, and paths") {
    TempDir project;
    project.file("schemas/app.schema", "table t {\n  id int\n}\n");
    CHECK(bash_offers("schemac gen", project.path) == "generate");
    CHECK(bash_offers("schemac c", project.path) == "compile check completion");
    CHECK(bash_offers("schemac generate --allow", project.path) == "--allow-data-loss");
    CHECK(bash_offers("schemac check --format s", project.path) == "sarif");
    CHECK(bash_offers("schemac check --color ", project.path) == "auto always never");
    CHECK(bash_offers("schemac compile --schema sch", project.path) == "schemas");
    CHECK(bash_offers("schemac migrate res", project.path) == "resolve");
    CHECK(bash_offers("schemac migrate resolve --app", project.path) == "--applied");
    CHECK(bash_offers("schemac migrate --lock", project.path) == "--lock-timeout");
    CHECK(bash_offers("schemac completion --h", project.path) == "--help");
    // A value schemac cannot guess (a URL): nothing offered, rather than options or files.
    CHECK(bash_offers("schemac status --database ", project.path) == "");
    // fmt takes paths as arguments.
    CHECK(bash_offers("schemac fmt sch", project.path) == "schemas");
}

TEST_CASE("zsh and fish scripts: golden files, every command is in each script") {
    std::string out;
    for (const char* shell : {"bash", "zsh", "fish"}) {
        CAPTURE(shell);
        REQUIRE(run_schemac(std::string("completion ") + shell, out) == 0);
        for (const char* command : {"compile", "generate", "check", "migrate", "resolve", "verify", "init"})
            CHECK_MESSAGE(out.find(command) != std::string::npos, command);
        if (std::string(shell) != "bash")
            schemac::test::check_golden(
                schemac::test::source_dir() / "tests/golden/completion" / (std::string("schemac.") + shell), out);
    }
    CHECK(run_schemac("completion tcsh", out) == 2);
    CHECK(out.find("tcsh not in {bash,zsh,fish}") != std::string::npos);
}

TEST_CASE("every command's --help ends with examples") {
    std::string list;
    REQUIRE(run_schemac("completion bash", list) == 0);
    std::string commands = list.substr(list.find("compgen -W '") + 12);
    commands = commands.substr(0, commands.find(" --help"));
    std::istringstream words(commands + " migrate resolve");
    std::string command, out;
    std::vector<std::string> all;
    while (words >> command) all.push_back(command);
    all.back() = "migrate resolve";
    all.erase(all.end() - 2);
    CHECK(all.size() >= 19);
    for (const std::string& name : all) {
        CAPTURE(name);
        REQUIRE(run_schemac(name + " --help", out) == 0);
        std::size_t examples = out.find("\nExamples:\n  schemac " + name + " ");
        CHECK(examples != std::string::npos);
    }
}

TEST_CASE("schemac man writes a page for schemac and one for each command") {
    TempDir dir;
    std::string out;
    REQUIRE(run_schemac("man " + (dir.path / "man1").string(), out) == 0);
    CHECK(out.empty());
    for (const char* page : {"schemac.1", "schemac-generate.1", "schemac-migrate.1", "schemac-migrate-resolve.1",
                             "schemac-init.1", "schemac-completion.1"})
        CHECK_MESSAGE(std::filesystem::exists(dir.path / "man1" / page), page);
    CHECK(!std::filesystem::exists(dir.path / "man1" / "schemac-man.1"));  // not a command people run
    std::string main_page = read(dir.path / "man1/schemac.1");
    CHECK(main_page.starts_with(".TH SCHEMAC 1 \"\" \"schemac "));
    CHECK(main_page.find(".SH CONFIGURATION\n") != std::string::npos);
    CHECK(main_page.find("\\fBschemac\\-generate\\fR(1)") != std::string::npos);
    std::string page = read(dir.path / "man1/schemac-init.1");
    page = page.substr(page.find('\n') + 1);  // the version in the first line outlives the golden file
    schemac::test::check_golden(schemac::test::source_dir() / "tests/golden/completion/schemac-init.1", page);
    // `schemac help` does not list it either.
    REQUIRE(run_schemac("--help", out) == 0);
    CHECK(out.find(" man ") == std::string::npos);
    CHECK(out.find("completion") != std::string::npos);
}
