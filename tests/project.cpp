#include "tests/project.hpp"

#include <doctest/doctest.h>

#include <filesystem>

namespace schemac::test {

namespace fs = std::filesystem;

Project::Project(const std::string& name) : database(name) {
    cluster().create_database(name);
    url = cluster().url(name);
}

Project::~Project() {
    if (!database.empty()) cluster().drop_database(database);
}

void Project::schema(const std::string& text) const { file("schemas/app.schema", text); }

void Project::migration(const std::string& name, const std::string& text) const { file("migrations/" + name, text); }

std::map<std::string, std::string> Project::migration_files() const {
    std::map<std::string, std::string> files;
    if (!fs::exists(path / "migrations")) return files;
    for (const auto& e : fs::directory_iterator(path / "migrations"))
        files[e.path().filename().string()] = read(e.path());
    return files;
}

int Project::run(const std::string& arguments, const std::string& environment) {
    return run_schemac(arguments, out, environment, path);
}

int Project::schemac(const std::string& arguments) {
    REQUIRE_MESSAGE(!url.empty(), "this project has no database");
    return run(arguments + " --database " + url);
}

void Project::hash() { REQUIRE_MESSAGE(run("hash -q") == 0, out); }

}  // namespace schemac::test
