// A schemac project for the tests: a temporary folder with schemas/ and migrations/, the schemac
// binary run in it, its files read back; with a name, a fresh database of its own on the suite's
// cluster, dropped with the project.
#pragma once

#include <map>
#include <string>

#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

namespace schemac::test {

struct Project : TempDir {
    std::string database, url;  // empty for a project without a database
    std::string out;            // stdout and stderr of the last schemac run

    Project() = default;
    // With the database `name`, created afresh (dropped first if it is there).
    explicit Project(const std::string& name);
    ~Project();

    static PostgresCluster& cluster() { return PostgresCluster::shared(); }

    void schema(const std::string& text) const;                              // schemas/app.schema
    void migration(const std::string& name, const std::string& text) const;  // migrations/NAME
    // Every file of migrations/ by name, with its bytes.
    std::map<std::string, std::string> migration_files() const;

    // schemac in the project's folder with these arguments, standard input closed.
    int run(const std::string& arguments, const std::string& environment = "NO_COLOR=");
    // schemac with `--database URL` of the project's database after the arguments.
    int schemac(const std::string& arguments);
    void hash();  // `schemac hash`, which must succeed
    bool says(const std::string& text) const { return out.find(text) != std::string::npos; }

    std::string value(const std::string& sql) const { return cluster().query_value(database, sql); }
    void execute(const std::string& sql) const { cluster().execute(database, sql); }
};

}  // namespace schemac::test
