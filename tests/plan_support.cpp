#include "tests/plan_support.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include "compiler/ir/identifiers.hpp"
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
    create_roles(cluster, db);
    cluster.create_database(database);
    apply_plan(cluster, database, plan::plan_changes({}, db, options));
}

void create_roles(PostgresCluster& cluster, const ir::Database& db) {
    for (const ir::Role& role : db.roles)
        cluster.execute("postgres", fmt::format("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {0}) "
                                                "THEN CREATE ROLE {1} NOLOGIN; END IF; END $$;",
                                                quote_literal(role.name), quote_identifier(role.name)));
}

std::string access_dump(PostgresCluster& cluster, const std::string& database) {
    // Sorted aclitems of an ACL, the default one where the catalog holds NULL.
    // `kind` is SQL giving acldefault's object kind.
    auto acl = [](const std::string& column, const std::string& kind, const std::string& owner) {
        return fmt::format("(SELECT string_agg(a::text, ' ' ORDER BY a::text) FROM unnest(coalesce({}, acldefault({}, "
                           "{}))) a)",
                           column, kind, owner);
    };
    std::string system = "('pg_catalog', 'information_schema', 'pg_toast')";
    std::string query = fmt::format(
        "SELECT coalesce(string_agg(line, E'\n' ORDER BY line), '') FROM ("
        "SELECT format('relation %s.%s rls=%s force=%s acl=%s', n.nspname, c.relname, c.relrowsecurity, "
        "c.relforcerowsecurity, {relacl}) AS line FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname NOT IN {system} AND c.relkind IN ('r', 'v', 'm', 'S', 'p') "
        "UNION ALL SELECT format('column %s.%s acl=%s', a.attrelid::regclass, a.attname, {attacl}) "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE a.attacl IS NOT NULL AND NOT a.attisdropped AND n.nspname NOT IN {system} "
        "UNION ALL SELECT format('schema %s acl=%s', n.nspname, {nspacl}) FROM pg_namespace n "
        "WHERE n.nspname NOT IN {system} AND n.nspname NOT LIKE 'pg\\_%' "
        "UNION ALL SELECT format('routine %s acl=%s', p.oid::regprocedure, {proacl}) FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN {system} "
        "UNION ALL SELECT format('policy %s on %s permissive=%s cmd=%s roles=%s using=%s check=%s', p.polname, "
        "p.polrelid::regclass, p.polpermissive, p.polcmd, (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE "
        "r::regrole::text END, ',' ORDER BY 1) FROM unnest(p.polroles) r), pg_get_expr(p.polqual, p.polrelid), "
        "pg_get_expr(p.polwithcheck, p.polrelid)) FROM pg_policy p "
        "UNION ALL SELECT format('default privileges for %s in %s on %s: %s', d.defaclrole::regrole, "
        "coalesce(d.defaclnamespace::regnamespace::text, '-'), d.defaclobjtype, (SELECT string_agg(a::text, ' ' "
        "ORDER BY a::text) FROM unnest(d.defaclacl) a)) FROM pg_default_acl d"
        ") facts",
        fmt::arg("relacl", acl("c.relacl", "CASE c.relkind WHEN 'S' THEN 's'::\"char\" ELSE 'r' END", "c.relowner")),
        fmt::arg("attacl", acl("a.attacl", "'c'", "c.relowner")),
        fmt::arg("nspacl", acl("n.nspacl", "'n'", "n.nspowner")),
        fmt::arg("proacl", acl("p.proacl", "'f'", "p.proowner")), fmt::arg("system", system));
    return cluster.query_value(database, query);
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
    create_roles(pg, after);
    apply_plan(pg, name + "_before", plan);
    build_database(pg, name + "_after", after);
    CHECK(pg.schema_dump(name + "_before") == pg.schema_dump(name + "_after"));
    CHECK(access_dump(pg, name + "_before") == access_dump(pg, name + "_after"));
    if (!verify.empty()) CHECK(pg.query_value(name + "_before", verify) == "t");
}

}  // namespace schemac::test
