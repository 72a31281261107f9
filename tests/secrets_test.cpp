// No password in what schemac prints, whatever the command and however the connection string is
// written: the seven shapes whose passwords libpq's messages (or the redactor) let through, given
// with --database and through DATABASE_URL, a mistyped option the parser echoes, --format json,
// and PGPASSWORD and a password file against the suite's PostgreSQL.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using schemac::test::PostgresCluster;
using schemac::test::run_schemac;

namespace {

// A connection string and the strings of it that must never be printed.
struct Shape {
    std::string connection;
    std::vector<std::string> secrets;
};

// Nothing listens on port 1 (privileged, never a PostgreSQL): a connection is refused at once.
std::vector<Shape> shapes() {
    return {
        {"host=127.0.0.1 port=1 password = Secret1234 dbname=x", {"Secret1234"}},
        {"host=127.0.0.1 port=1 password=Wrong\\ Passw0rd dbname=x", {"Wrong", "Passw0rd"}},
        {"host=127.0.0.1 port=1 password='Quoted Passw0rd' dbname=x", {"Quoted", "Passw0rd"}},
        {"host=127.0.0.1 port=1 password=Unquoted Passw0rd dbname=x", {"Unquoted", "Passw0rd"}},
        {"postgresql://u:pa%zzSecret1@127.0.0.1:1/db", {"zzSecret1", "Secret1"}},
        {"postgresql://u:pa%00Secret2@127.0.0.1:1/db", {"00Secret2", "Secret2"}},
        {"postgresql://u:Secret3@[::1/x", {"Secret3"}},
        {"postgresql://u:Wr@ngPassw0rd@127.0.0.1:1/db", {"ngPassw0rd", "Wr@ng"}},
        {"postgresql://u:PlainSecret4@127.0.0.1:1/db", {"PlainSecret4"}},
    };
}

// `text` in single quotes for the shell.
std::string shell_quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

void check_no_secret(const std::string& out, const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) {
        CAPTURE(secret);
        CHECK(out.find(secret) == std::string::npos);
    }
}

}  // namespace

TEST_CASE("no command prints a password, in any of the shapes libpq accepts or refuses") {
    schemac::test::TempDir project;
    project.file("schemas/app.schema", "table a {\n  id int primary key\n}\n");
    std::string out;
    REQUIRE(run_schemac("generate --name init -q", out, "NO_COLOR=", project.path) == 0);
    const std::vector<std::string> commands = {
        "migrate", "migrate --format json", "migrate --dry-run", "status", "status --format json",
        "check",   "baseline --to 1",       "pull -o pulled",    "repair", "migrate resolve --applied 1",
    };
    for (const Shape& shape : shapes()) {
        CAPTURE(shape.connection);
        for (const std::string& command : commands) {
            CAPTURE(command);
            CHECK(run_schemac(command + " --database " + shell_quoted(shape.connection), out,
                              "NO_COLOR=", project.path) != 0);
            check_no_secret(out, shape.secrets);
            int code = run_schemac(command, out, "NO_COLOR= DATABASE_URL=" + shell_quoted(shape.connection),
                                   project.path);
            CHECK((code != 0 || command == "check"));  // check connects only when told to, and says so
            check_no_secret(out, shape.secrets);
        }
        // push and reset take no DATABASE_URL, and say so naming it.
        for (const std::string& command : {std::string("push"), std::string("reset --yes")}) {
            CAPTURE(command);
            CHECK(run_schemac(command + " --database " + shell_quoted(shape.connection), out,
                              "NO_COLOR=", project.path) != 0);
            check_no_secret(out, shape.secrets);
            CHECK(run_schemac(command, out, "NO_COLOR= DATABASE_URL=" + shell_quoted(shape.connection), project.path) ==
                  2);
            check_no_secret(out, shape.secrets);
        }
        // A mistyped option: the option parser echoes the arguments it did not expect.
        CHECK(run_schemac("status --databse " + shell_quoted(shape.connection), out, "NO_COLOR=", project.path) == 2);
        check_no_secret(out, shape.secrets);
    }
}

TEST_CASE("a wrong password from PGPASSWORD or a password file is not printed either") {
    PostgresCluster& cluster = PostgresCluster::shared();
    cluster.execute("postgres", fmt::format("DROP ROLE IF EXISTS {0}; CREATE ROLE {0} LOGIN PASSWORD 'right-one'",
                                            PostgresCluster::password_role));
    schemac::test::TempDir project;
    project.file("migrations/0001_a.sql", "CREATE TABLE a (id int);\n");
    std::string out;
    REQUIRE(run_schemac("hash -q", out, "NO_COLOR=", project.path) == 0);
    std::string url = fmt::format("postgresql://{}@127.0.0.1:{}/postgres", PostgresCluster::password_role,
                                  cluster.port());

    CHECK(run_schemac("status --database " + url, out, "NO_COLOR= PGPASSWORD=WrongFromEnvironment", project.path) == 2);
    CHECK(out.find("password authentication failed") != std::string::npos);
    CHECK(out.find("WrongFromEnvironment") == std::string::npos);
    CHECK(run_schemac("status --format json", out, "NO_COLOR= PGPASSWORD=WrongFromEnvironment DATABASE_URL=" + url,
                      project.path) == 2);
    CHECK(out.find("WrongFromEnvironment") == std::string::npos);

    std::string passfile = project.file("pgpass", fmt::format("127.0.0.1:{}:*:{}:WrongFromPassFile\n", cluster.port(),
                                                              PostgresCluster::password_role));
    chmod(passfile.c_str(), 0600);
    CHECK(run_schemac("status --database " + url, out, "NO_COLOR= PGPASSFILE=" + passfile, project.path) == 2);
    CHECK(out.find("password authentication failed") != std::string::npos);
    CHECK(out.find("WrongFromPassFile") == std::string::npos);

    // The right password works from either place, and is not printed.
    project.file("pgpass",
                 fmt::format("127.0.0.1:{}:*:{}:right-one\n", cluster.port(), PostgresCluster::password_role));
    CHECK(run_schemac("status --database " + url, out, "NO_COLOR= PGPASSFILE=" + passfile, project.path) == 1);
    CHECK(out.find("0 migrations applied, 1 pending") != std::string::npos);
    CHECK(run_schemac("migrate --dry-run --database " + url, out, "NO_COLOR= PGPASSWORD=right-one", project.path) == 0);
    CHECK(out.find("right-one") == std::string::npos);
}
