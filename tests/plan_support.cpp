#include "tests/plan_support.hpp"

#include <doctest/doctest.h>

#include "tests/support.hpp"

namespace schemac::test {

Compilation compile_file_as(const std::filesystem::path& path, const std::string& display_name) {
    if (!std::filesystem::exists(path)) return compile_sources({});
    return compile_sources({{display_name, read(path)}});
}

ir::Database compiled_database(const std::string& text) {
    Compilation c = compile_text(text);
    INFO(diagnostics_text(c));
    REQUIRE(c.ok());
    return std::move(c.database);
}

std::string plan_text(const plan::Plan& plan, int first_number, const std::string& slug) {
    std::string out;
    for (const plan::MigrationFile& f : plan::render_migrations(plan, first_number, slug, {}))
        out += (out.empty() ? "" : "\n") + std::string("-- file: ") + f.name + "\n" + f.text;
    return out;
}

void apply_plan(PostgresCluster& cluster, const std::string& database, const plan::Plan& plan) {
    for (const plan::MigrationFile& f : plan::render_migrations(plan, 1, "step", {})) {
        INFO("migration file ", f.name, ":\n", f.text);
        cluster.apply_migration(database, f.text);
    }
}

void build_database(PostgresCluster& cluster, const std::string& database, const ir::Database& db) {
    plan::PlanOptions options;
    options.allow_data_loss = true;
    cluster.create_database(database);
    apply_plan(cluster, database, plan::plan_changes({}, db, options));
}

}  // namespace schemac::test
