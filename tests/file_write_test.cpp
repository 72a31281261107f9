// Files are replaced whole or not at all: a write that fails at any step (a full disk, an I/O
// error, a target that is a directory) leaves the previous file byte for byte and no temporary;
// `generate` writes its set of files so that a failure leaves the directory as it was, and a run
// killed between its renames is reported with what to undo.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "compiler/source/file_write.hpp"
#include "tests/support.hpp"

using namespace schemac;
using test::run_schemac;
namespace fs = std::filesystem;

namespace {

std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir)) out.insert(entry.path().filename().string());
    return out;
}

// Fails the step named `step` of writes to `target`, as long as it lives.
struct Fault {
    Fault(std::string step, fs::path target) {
        set_write_fault_hook([step, target](std::string_view now, const fs::path& path) {
            if (now == step && path == target) throw std::runtime_error("No space left on device (injected)");
        });
    }
    ~Fault() { set_write_fault_hook({}); }
};

}  // namespace

TEST_CASE("a file is replaced whole, keeping its permissions, with no temporary left") {
    test::TempDir dir;
    fs::path file = dir.file("schemac.sum", "old\n");
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    write_text_file(file, "new\n");
    CHECK(test::read(file) == "new\n");
    CHECK(fs::status(file).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(names_in(dir.path) == std::set<std::string>{"schemac.sum"});
    write_text_file(dir.path / "sub" / "new.sql", "x");  // the directory is created
    CHECK(test::read(dir.path / "sub" / "new.sql") == "x");
}

TEST_CASE("a write failing at any step leaves the previous file byte for byte and no temporary") {
    for (std::string step : {"create", "write", "sync", "rename"}) {
        CAPTURE(step);
        test::TempDir dir;
        fs::path file = dir.file("schemac.snapshot.json", "{\"previous\": true}\n");
        {
            Fault fault(step, file);
            std::string expected = "cannot write " + file.string() + ": No space left on device";
            CHECK_THROWS_WITH_AS(write_text_file(file, "{\"next\": true}\n"), doctest::Contains(expected.c_str()),
                                 WriteError);
        }
        CHECK(test::read(file) == "{\"previous\": true}\n");
        CHECK(names_in(dir.path) == std::set<std::string>{"schemac.snapshot.json"});
    }
}

TEST_CASE("a target that is a directory fails the write (also as root) and leaves no temporary") {
    test::TempDir dir;
    fs::create_directories(dir.path / "0002_x.sql" / "inside");
    CHECK_THROWS_WITH_AS(write_text_file(dir.path / "0002_x.sql", "SELECT 1;\n"),
                         doctest::Contains("it is a directory"), WriteError);
    CHECK(names_in(dir.path) == std::set<std::string>{"0002_x.sql"});
}

TEST_CASE(
    "staged files: a failure before the renames changes no target, a failed rename removes the files it created") {
    test::TempDir dir;
    fs::path a = dir.file("a.sql", "old a"), b = dir.file("b.json", "old b"), c = dir.file("c.sum", "old c");
    {
        Fault fault("write", b);
        StagedFiles files;
        files.add(a, "new a");
        CHECK_THROWS_AS(files.add(b, "new b"), WriteError);
    }
    CHECK((test::read(a) == "old a" && test::read(b) == "old b" && test::read(c) == "old c"));
    CHECK(names_in(dir.path) == std::set<std::string>{"a.sql", "b.json", "c.sum"});

    {  // a rename fails: a file the commit created is removed again, a replaced one is named
        Fault fault("rename", c);
        StagedFiles files;
        files.add(dir.path / "new.sql", "created");
        files.add(a, "new a");
        files.add(c, "new c");
        CHECK_THROWS_WITH_AS(files.commit(), doctest::Contains(("(after replacing " + a.string() + ")").c_str()),
                             WriteError);
    }
    CHECK((test::read(a) == "new a" && test::read(b) == "old b" && test::read(c) == "old c"));
    CHECK(names_in(dir.path) == std::set<std::string>{"a.sql", "b.json", "c.sum"});

    {
        StagedFiles files;
        files.add(b, "new b");
        files.add(c, "new c");
        files.commit();
    }
    CHECK((test::read(b) == "new b" && test::read(c) == "new c"));
    CHECK(names_in(dir.path) == std::set<std::string>{"a.sql", "b.json", "c.sum"});
}

TEST_CASE("staged files are synced in commit, before any rename: a failed sync changes no target") {
    test::TempDir dir;
    fs::path a = dir.file("a.sql", "old a"), b = dir.file("b.json", "old b");
    {
        Fault fault("sync", b);
        StagedFiles files;
        files.add(a, "new a");
        files.add(b, "new b");  // written; its sync waits for the commit
        CHECK(names_in(dir.path).size() == 4);
        CHECK_THROWS_WITH_AS(files.commit(), doctest::Contains(("cannot write " + b.string()).c_str()), WriteError);
    }
    CHECK((test::read(a) == "old a" && test::read(b) == "old b"));
    CHECK(names_in(dir.path) == std::set<std::string>{"a.sql", "b.json"});

    // More files than are kept open for a later sync: 64 wait with their file open, the rest are
    // synced as they are written (a failed sync fails that add), and every one lands, whole.
    auto open_files = [] {
        std::size_t n = 0;
        for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) ++n;
        return n;
    };
    std::size_t open_before = open_files();
    {
        Fault fault("sync", dir.path / "080.sql");
        StagedFiles failing;
        for (int i = 0; i < 80; ++i) failing.add(dir.path / fmt::format("{:03}.sql", i), "SELECT 1;\n");
        CHECK(open_files() - open_before == 64);
        CHECK_THROWS_AS(failing.add(dir.path / "080.sql", "SELECT 1;\n"), WriteError);
    }
    CHECK(open_files() == open_before);
    CHECK(names_in(dir.path).size() == 2);
    StagedFiles many;
    for (int i = 0; i < 100; ++i) many.add(dir.path / fmt::format("{:03}.sql", i), fmt::format("SELECT {};\n", i));
    many.commit();
    CHECK(open_files() == open_before);
    CHECK(names_in(dir.path).size() == 102);
    CHECK(test::read(dir.path / "099.sql") == "SELECT 99;\n");
}

namespace {

struct Project : test::TempDir {
    std::string out;
    int run(const std::string& arguments) { return run_schemac(arguments, out, "NO_COLOR=", path); }
    fs::path migrations() const { return path / "migrations"; }
};

const char* first_schema = "table users {\n  id bigint primary key\n  email text not null\n}\n";
// A new index on an existing table is built concurrently, in a file of its own: generate writes two.
const char* second_schema =
    "table users {\n  id bigint primary key\n  email text not null\n  index users_by_email (email)\n}\n"
    "table avatars {\n  id bigint primary key\n}\n";

// A project after its first generate, its schema edited since: the next generate writes two files.
struct EditedProject : Project {
    std::string old_snapshot, old_sum;
    EditedProject() {
        file("schemas/app.schema", first_schema);
        REQUIRE(run("generate --name init -q") == 0);
        old_snapshot = test::read(migrations() / "schemac.snapshot.json");
        old_sum = test::read(migrations() / "schemac.sum");
        file("schemas/app.schema", second_schema);
    }
};

}  // namespace

TEST_CASE("a file staged in pieces is written in their order, and a failure while they come leaves nothing") {
    test::TempDir dir;
    fs::path file = dir.file("schemac.snapshot.json", "old\n");
    {
        StagedFiles written;
        written.add(file, [](const std::function<void(std::string_view)>& write) {
            write("one ");
            write("");
            write("two\n");
        });
        CHECK(test::read(file) == "old\n");  // not before commit
        written.commit();
    }
    CHECK(test::read(file) == "one two\n");
    {
        StagedFiles written;
        CHECK_THROWS_AS(written.add(file,
                                    [](const std::function<void(std::string_view)>& write) {
                                        write("half");
                                        throw WriteError("cannot write it: the IR ran out");
                                    }),
                        WriteError);
    }
    CHECK(test::read(file) == "one two\n");
    CHECK(names_in(dir.path) == std::set<std::string>{"schemac.snapshot.json"});
}

TEST_CASE("generate that cannot write one of its files writes none of them") {
    EditedProject p;
    // Find the names generate writes, then make the second one a directory.
    Project scratch;
    fs::copy(p.path, scratch.path, fs::copy_options::recursive);
    REQUIRE(scratch.run("generate --name next -q") == 0);
    std::vector<std::string> written;
    for (const std::string& name : names_in(scratch.migrations()))
        if (name.ends_with(".sql") && name != "0001_init.sql") written.push_back(name);
    REQUIRE(written.size() == 2);
    fs::create_directories(p.migrations() / written[1]);

    CHECK(p.run("generate --name next") == 2);
    CHECK(p.out.find("cannot write " + (fs::path("migrations/") / written[1]).string() +
                     ": it is a directory; nothing "
                     "written") != std::string::npos);
    CHECK(test::read(p.migrations() / "schemac.snapshot.json") == p.old_snapshot);
    CHECK(test::read(p.migrations() / "schemac.sum") == p.old_sum);
    CHECK(names_in(p.migrations()) ==
          std::set<std::string>{"0001_init.sql", "schemac.snapshot.json", "schemac.sum", written[1]});
}

TEST_CASE("a generate killed between its renames: check and generate say what to undo") {
    EditedProject p;
    const std::string& old_snapshot = p.old_snapshot;
    const std::string& old_sum = p.old_sum;
    REQUIRE(p.run("generate --name next -q") == 0);
    REQUIRE(p.run("check") == 0);

    SUBCASE("after the migrations were renamed into place") {
        test::write(p.migrations() / "schemac.snapshot.json", old_snapshot);
        test::write(p.migrations() / "schemac.sum", old_sum);
        CHECK(p.run("check") == 1);
        CHECK(p.out.find("error: `schemac generate` was interrupted before it recorded 0002_next.sql, "
                         "0003_next_concurrently.sql in schemac.sum\n") != std::string::npos);
        CHECK(p.out.find("help: undo the interrupted run: delete 0002_next.sql, 0003_next_concurrently.sql "
                         "(schemac.snapshot.json and schemac.sum are still those of the last complete run), then run "
                         "`schemac generate` again") != std::string::npos);
        CHECK(p.out.find("snapshot-unproven") == std::string::npos);
        CHECK(p.run("generate --name again") == 1);
        CHECK(p.out.find("`schemac generate` was interrupted") != std::string::npos);
        // Undone as told: generate writes the same files again.
        fs::remove(p.migrations() / "0002_next.sql");
        fs::remove(p.migrations() / "0003_next_concurrently.sql");
        REQUIRE(p.run("generate --name next -q") == 0);
        CHECK(p.run("check") == 0);
    }
    SUBCASE("after the snapshot was renamed too") {
        test::write(p.migrations() / "schemac.sum", old_sum);
        CHECK(p.run("check") == 1);
        CHECK(p.out.find(
                  "`schemac generate` was interrupted before it recorded 0002_next.sql, 0003_next_concurrently.sql "
                  "in schemac.sum, after it had replaced schemac.snapshot.json") != std::string::npos);
        CHECK(p.out.find("restore migrations/schemac.snapshot.json from version control") != std::string::npos);
        CHECK(p.run("generate --name again") == 1);
        CHECK(p.out.find("after it had replaced schemac.snapshot.json") != std::string::npos);
    }
    SUBCASE("a migration added by hand is not taken for an interrupted generate") {
        test::write(p.migrations() / "schemac.sum", old_sum);
        test::write(p.migrations() / "schemac.snapshot.json", old_snapshot);
        fs::remove(p.migrations() / "0003_next_concurrently.sql");
        test::write(p.migrations() / "0002_next.sql", "UPDATE users SET email = lower(email);\n");
        CHECK(p.run("check") == 1);
        CHECK(p.out.find("interrupted") == std::string::npos);
        CHECK(p.out.find("0002_next.sql is not recorded in schemac.sum") != std::string::npos);
    }
}
