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

std::string steps_of(const plan::Plan& plan) {
    std::string out;
    for (const plan::Step& s : plan.steps) out += std::string(plan::change_kind(s.change)) + ": " + s.title + "\n";
    return out;
}

std::string errors_of(const plan::Plan& plan) {
    std::string out;
    for (const Diagnostic& d : plan.diagnostics.all()) out += d.message + " | help: " + d.help + "\n";
    return out;
}

void proves_on_postgres(const std::string& name, const ir::Database& before, const ir::Database& after,
                        const plan::Plan& plan, const std::string& rows, const std::string& verify) {
    PostgresCluster& pg = PostgresCluster::shared();
    build_database(pg, name + "_before", before);
    if (!rows.empty()) pg.execute(name + "_before", rows);
    apply_plan(pg, name + "_before", plan);
    build_database(pg, name + "_after", after);
    CHECK(pg.schema_dump(name + "_before") == pg.schema_dump(name + "_after"));
    if (!verify.empty()) CHECK(pg.query_value(name + "_before", verify) == "t");
}

}  // namespace schemac::test
