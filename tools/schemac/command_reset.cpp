// `schemac reset --database URL --yes [--force]` (development databases; --database is
// required, DATABASE_URL is never used): drops every object of the managed schemas (DROP
// SCHEMA ... CASCADE, keeping each schema's owner, privileges and comment) and recreates them
// from the .schema files, all in one transaction. Refuses without --yes, and
// refuses a database with a schemac_migrations history unless --force (which drops the
// history too: the database no longer comes from the migrations). Never asks.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "compiler/ir/identifiers.hpp"
#include "runtime/apply_plan.hpp"
#include "runtime/drift.hpp"
#include "runtime/history.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/plan_options.hpp"

namespace schemac::cli {
namespace {

struct ResetOptions : DatabaseOptions {
    bool yes = false;
    bool force = false;
    std::vector<std::string> schemas;
};

// The statements that give a dropped schema back what reset does not manage: its owner, its
// privileges exactly as they were (the owner's own included: PostgreSQL 15 gives `public` to
// pg_database_owner with USAGE for everyone), and its comment (`public`'s standard one); the
// plan then sets the comment the .schema files give. A schema whose privileges were never
// changed keeps none, so that it reads as the default again.
std::vector<std::string> recreate_schema(pqxx::transaction_base& tx, const std::string& schema) {
    std::vector<std::string> out;
    pqxx::result found = tx.exec_params(
        "SELECT pg_get_userbyid(nspowner), nspacl IS NOT NULL, obj_description(oid, 'pg_namespace') "
        "FROM pg_namespace WHERE nspname = $1",
        schema);
    if (found.empty()) return out;
    std::string name = quote_identifier(schema), owner = quote_identifier(found[0][0].as<std::string>());
    out.push_back(fmt::format("CREATE SCHEMA {} AUTHORIZATION {};", name, owner));
    if (found[0][1].as<bool>()) {
        // An explicit list: start from nothing (the owner's implicit rights included), grant each item.
        out.push_back(fmt::format("REVOKE ALL ON SCHEMA {} FROM {};", name, owner));
        pqxx::result grants = tx.exec_params(
            "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type, "
            "a.is_grantable "
            "FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname = $1 ORDER BY a.grantee <> n.nspowner, 1, 2",
            schema);
        for (const auto& row : grants) {
            std::string grantee = row[0].as<std::string>();
            out.push_back(fmt::format("GRANT {} ON SCHEMA {} TO {}{};", row[1].as<std::string>(), name,
                                      grantee == "PUBLIC" ? grantee : quote_identifier(grantee),
                                      row[2].as<bool>() ? " WITH GRANT OPTION" : ""));
        }
    }
    if (!found[0][2].is_null())
        out.push_back(fmt::format("COMMENT ON SCHEMA {} IS {};", name, quote_literal(found[0][2].as<std::string>())));
    return out;
}

int failed(const runtime::StatementFailure& failure) {
    std::cerr << fmt::format("error: reset failed: {} [{}]\n  --> {}\nschemac reset: rolled back; nothing done\n",
                             failure.message, failure.sqlstate, failure.statement);
    return findings;
}

int run(const ResetOptions& o) {
    if (!has_explicit_database(o, "reset")) return cannot_run;
    if (!o.yes) {
        std::cerr << "schemac: error: reset drops every object in the managed schemas and recreates them from the "
                     ".schema files; nothing done\nhelp: pass --yes to confirm (schemac never asks)\n";
        return findings;
    }
    int exit_code = success;
    std::optional<Compilation> c = compile_reported(o.schema, o, exit_code);
    if (!c) return exit_code;
    std::unique_ptr<runtime::Session> session = open_session(o);
    if (!session) return cannot_run;
    std::string database = shown_database(o);
    return with_database_errors([&]() -> int {
        std::vector<std::string> schemas = runtime::managed_schemas(o.schemas, c->database);
        pqxx::work tx(session->connection());
        runtime::History history(o.history_schema);
        if (history.exists(tx)) {
            std::size_t rows = history.read(tx).size();
            if (!o.force) {
                std::cerr << fmt::format(
                    "schemac: error: {} has a migration history ({} in {}.{}): it is deployed with migrations, "
                    "not reset; nothing done\nhelp: use `schemac migrate`; or, if this really is a development "
                    "database, pass --force (the history is dropped too)\n",
                    database, plural(rows, "applied migration"), o.history_schema, runtime::history_table_name);
                return findings;
            }
            tx.exec(fmt::format("DROP TABLE {}.{};", quote_identifier(o.history_schema),
                                quote_identifier(runtime::history_table_name)));
            std::cerr << fmt::format("schemac reset: dropped the migration history ({}) (--force)\n",
                                     plural(rows, "applied migration"));
        }
        std::vector<std::string> drop_and_create;
        for (const std::string& schema : schemas) {
            std::vector<std::string> create = recreate_schema(tx, schema);
            if (create.empty()) continue;  // not there yet: the plan creates it
            drop_and_create.push_back(fmt::format("DROP SCHEMA {} CASCADE;", quote_identifier(schema)));
            drop_and_create.insert(drop_and_create.end(), create.begin(), create.end());
        }
        if (auto failure = runtime::run_statements(tx, drop_and_create)) {
            return failed(*failure);
        }
        std::vector<std::string> dropped = runtime::cascaded_objects(session->take_notices());
        if (!o.quiet)
            for (const std::string& object : dropped) std::cout << "dropped " << object << "\n";
        // Not runtime::plan_against_live, on purpose: this plan starts from the schemas this
        // transaction has just emptied (a read-only transaction of its own would not see that),
        // so nothing live is compared: no table is left whose expressions alignment would
        // respell, and aligning an extension that stays would only remove a step without SQL.
        // @was and @backfill are left out too: nothing is renamed, everything is created whole.
        runtime::Introspection live = runtime::introspect(tx, runtime::IntrospectOptions{schemas, o.history_schema});
        plan::PlanOptions plan_options = plan::plain_ddl_options();
        ir::Database target = plan::without_directives(c->database);  // the plan's steps refer to it
        plan::Plan plan = plan::plan_changes(live.database, target, plan_options);
        if (plan.diagnostics.has_errors()) {
            report(c->sources, plan.diagnostics, o);
            std::cerr << "schemac reset: rolled back; nothing done\n";
            return findings;
        }
        // From emptied schemas everything is created whole: no enum values are added, so every
        // statement can run in this one transaction.
        if (auto failure = runtime::run_statements(tx, runtime::plan_statements(plan))) return failed(*failure);
        tx.commit();
        if (!o.quiet)
            std::cerr << fmt::format("schemac reset: {} dropped and recreated from {} ({}, {})\n",
                                     fmt::join(schemas, ", "), o.schema, plural(c->database.tables.size(), "table"),
                                     plural(dropped.size(), "object") + " dropped");
        return success;
    });
}

}  // namespace

Runner add_reset_command(CLI::App& app) {
    auto options = std::make_shared<ResetOptions>();
    CLI::App* command = app.add_subcommand("reset", "drop and recreate a development database's managed schemas");
    add_database_options(*command, *options);
    command->get_option("--database")
        ->description("PostgreSQL connection URL (required: DATABASE_URL is never used here)");
    command->add_flag("--yes", options->yes, "confirm: every object in the managed schemas is dropped");
    command->add_flag("--force", options->force, "reset even a database with a migration history (dropped too)");
    add_schemas_option(*command, options->schemas, "those the schema names");
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
