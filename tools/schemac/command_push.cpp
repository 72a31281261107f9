// `schemac push --database URL [--allow-data-loss] [--force]` (development databases; --database
// is required, DATABASE_URL is never used; a database with a migration history is refused
// unless --force): plans the live
// database -> the .schema files with the one planner (the same refusals, @was and @backfill
// as `generate`) and applies it at once with plain DDL: added enum values first, then every
// transactional step in one transaction, then any no-transaction step. Objects schemac does not
// manage are listed and left as they are. Prints what it did. Never asks.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "runtime/apply_plan.hpp"
#include "runtime/drift.hpp"
#include "runtime/history.hpp"
#include "runtime/live_plan.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/plan_options.hpp"
#include "tools/schemac/role_findings.hpp"

namespace schemac::cli {
namespace {

struct PushOptions : DatabaseOptions {
    bool allow_data_loss = false;
    bool force = false;
    bool dry_run = false;
    std::vector<std::string> schemas;
};

// A database with a migration history is deployed with migrations: push would change it behind
// their back (the next generated migration then fails on what push already did). Refused unless
// --force; with it, a warning.
bool refuse_migrated_database(runtime::Session& session, const PushOptions& o, const std::string& database) {
    runtime::History history(o.history_schema);
    pqxx::read_transaction tx(session.connection());
    if (!history.exists(tx)) return false;
    std::size_t rows = history.read(tx).size();
    if (o.force) {
        std::cerr << fmt::format("warning: {} has a migration history ({}): push changes it outside the migrations "
                                 "(--force), and `schemac check --database` will report the difference as drift\n",
                                 database, plural(rows, "applied migration"));
        return false;
    }
    std::cerr << fmt::format("schemac: error: {} has a migration history ({} in {}): it is deployed with "
                             "migrations, not pushed to; nothing applied\nhelp: change it with `schemac generate` and "
                             "`schemac migrate`; or, if this really is a development database, pass --force\n",
                             database, plural(rows, "applied migration"), history.table());
    return true;
}

int run(const PushOptions& o) {
    if (!has_explicit_database(o, "push")) return cannot_run;
    int exit_code = success;
    std::optional<Compilation> c = compile_reported(o.schema, o, exit_code);
    if (!c) return exit_code;
    std::unique_ptr<runtime::Session> session = open_session(o);
    if (!session) return cannot_run;
    std::string database = shown_database(o);
    return with_database_errors([&]() -> int {
        if (refuse_migrated_database(*session, o, database)) return findings;
        Diagnostics missing;
        if (add_missing_role_findings(*session, c->database.roles, database, missing) > 0) {
            report(c->sources, missing, o);
            std::cerr << fmt::format("schemac push: nothing applied to {}\n", database);
            return cannot_run;
        }
        runtime::IntrospectOptions introspect_options{runtime::managed_schemas(o.schemas, c->database),
                                                      o.history_schema};
        plan::PlanOptions plan_options = plan::plain_ddl_options();
        plan_options.allow_data_loss = o.allow_data_loss;
        plan_options.before_name = "the database";
        runtime::LivePlan planned = runtime::plan_against_live(*session, c->database, introspect_options, plan_options,
                                                               true);
        const plan::Plan& plan = planned.plan;
        Diagnostics found;
        add_unmanaged(planned.live, false, found);
        for (const Diagnostic& d : plan.diagnostics.all())
            found.error(d.code, d.span, d.message, d.help).notes = d.notes;
        report(c->sources, found, o);
        if (found.has_errors()) {
            std::cerr << fmt::format("schemac push: nothing applied to {}\n", database);
            return findings;
        }
        if (plan.empty()) {
            if (!o.quiet) std::cerr << fmt::format("schemac push: {} already matches {}\n", database, o.schema);
            return success;
        }
        if (!o.quiet)
            for (const plan::Step& s : plan.steps)
                if (!s.title.empty()) std::cout << s.title << "\n";
        if (o.dry_run) {
            for (const std::string& statement : runtime::plan_statements(plan)) std::cout << statement << "\n";
            std::cerr << fmt::format("schemac push: {}; nothing applied (--dry-run)\n",
                                     plural(plan.steps.size(), "step"));
            return success;
        }
        runtime::PlanOutcome outcome = runtime::apply_plan(*session, plan);
        if (outcome.failure) {
            std::cerr << fmt::format("error: push failed: {} [{}]\n  --> {}\n", outcome.failure->message,
                                     outcome.failure->sqlstate, outcome.failure->statement);
            std::cerr << fmt::format("schemac push: {}\n",
                                     outcome.statements_run > 0
                                         ? fmt::format("{} committed before the failure (added enum values); the "
                                                       "rest was rolled back",
                                                       plural(outcome.statements_run, "statement"))
                                         : "rolled back; nothing applied");
            return findings;
        }
        if (!o.quiet)
            std::cerr << fmt::format("schemac push: {} applied to {} ({})\n", plural(plan.steps.size(), "step"),
                                     database, plural(outcome.statements_run, "statement"));
        return success;
    });
}

}  // namespace

Runner add_push_command(CLI::App& app) {
    auto options = std::make_shared<PushOptions>();
    CLI::App* command = app.add_subcommand("push", "make a development database match the schema directly");
    add_database_options(*command, *options);
    command->get_option("--database")
        ->description("PostgreSQL connection URL (required: DATABASE_URL is never used here)");
    command->add_flag("--allow-data-loss", options->allow_data_loss,
                      "allow dropping tables, columns, enums and enum values, and narrowing types");
    command->add_flag("--dry-run", options->dry_run, "print the steps and their SQL; apply nothing");
    command->add_flag("--force", options->force, "push even to a database with a migration history");
    add_schemas_option(*command, options->schemas, "those the schema names");
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
