// Helpers for planner tests: compiling a case's schemas, rendering a plan the way
// `schemac diff` prints it, and building databases on the test cluster from plans.
#pragma once

#include <filesystem>
#include <string>

#include "compiler/compile.hpp"
#include "compiler/plan/migration_text.hpp"
#include "compiler/plan/plan.hpp"
#include "tests/postgres_cluster.hpp"

namespace schemac::test {

// Compiles one .schema file under a fixed display name; an absent file is an empty schema.
Compilation compile_file_as(const std::filesystem::path& path, const std::string& display_name);
// The IR of a .schema text that must compile (else the test fails, showing the diagnostics).
ir::Database compiled_database(const std::string& text);

// Every migration file of the plan, each after a `-- file: NAME` line.
std::string plan_text(const plan::Plan& plan, int first_number = 2, const std::string& slug = "case");

// Applies every migration file of the plan to the database, in order.
void apply_plan(PostgresCluster& cluster, const std::string& database, const plan::Plan& plan);

// A database built from empty to `db` (its declared roles created first, see create_roles).
void build_database(PostgresCluster& cluster, const std::string& database, const ir::Database& db);

// Creates each role `db` declares that the cluster lacks (NOLOGIN): roles belong to the cluster,
// and schemac never creates them; a test cluster must have them before a plan naming them runs.
void create_roles(PostgresCluster& cluster, const ir::Database& db);

// Who may see what in a database, one sorted line per fact, with every ACL made explicit
// (acldefault where the catalog holds NULL) and sorted: row-level security and the ACLs of
// relations, columns, schemas, functions and procedures, policies, default privileges. Two
// databases with equal access give equal text (pg_dump's --no-privileges leaves grants out).
std::string access_dump(PostgresCluster& cluster, const std::string& database);

// The steps' kinds and titles, one line each, in order.
std::string steps_of(const plan::Plan& plan);
// Each diagnostic's message and help, one line each.
std::string errors_of(const plan::Plan& plan);

// Builds `before` on the shared cluster as `<name>_before`, runs `rows` there, applies the plan
// and checks that its schema and its access (access_dump) equal those of one built to `after` (`<name>_after`); `verify`, if given,
// is a query that must return true on the migrated database.
void proves_on_postgres(const std::string& name, const ir::Database& before, const ir::Database& after,
                        const plan::Plan& plan, const std::string& rows, const std::string& verify = {});

}  // namespace schemac::test
