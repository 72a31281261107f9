#include "runtime/try_steps.hpp"

#include "compiler/plan/created_names.hpp"
#include "compiler/plan/render_sql.hpp"
#include "runtime/failure_cascade.hpp"
#include "runtime/table_probe.hpp"

namespace schemac::runtime {
namespace {

struct StepTrial {
    const plan::Plan& plan;
    std::vector<StepFailureReport> failures;
    std::vector<std::size_t> failed_steps;  // each once, in order

    // The failed step this failure follows from, traced back to the failure that started it.
    std::optional<std::size_t> cascade_source(std::size_t step, const std::vector<std::string>& statements,
                                              const std::string& sqlstate) const {
        if (!missing_object_state(sqlstate)) return std::nullopt;
        for (std::size_t earlier : failed_steps)
            if (earlier != step && names_any(statements, plan::created_names(plan.steps[earlier].change))) {
                for (const StepFailureReport& f : failures)
                    if (f.step == earlier && f.follows_from) return f.follows_from;
                return earlier;
            }
        return std::nullopt;
    }

    void record(std::size_t step, const std::vector<std::string>& statements, std::string statement,
                std::string message, std::string sqlstate) {
        StepFailureReport failure{step, std::move(statement), std::move(message), std::move(sqlstate), {}, {}, {}};
        failure.follows_from = cascade_source(step, statements, failure.sqlstate);
        failures.push_back(std::move(failure));
        failed_steps.push_back(step);
    }

    // A refused CREATE TABLE: each part PostgreSQL refuses, when the table can be tried part by
    // part (a part that fails only because of an earlier failure follows from it, as a step does).
    void record_table_parts(pqxx::dbtransaction& tx, std::size_t step) {
        const plan::Change& change = plan.steps[step].change;
        TableProbe probe;
        if (const auto* create = change.get_if<plan::CreateTable>()) {
            probe = probe_refused_table(tx, *create->table);
        } else if (const auto* add = change.get_if<plan::AddColumn>()) {
            const StepFailureReport& whole = failures.back();
            probe = probe_refused_column(
                tx, add->table, add->column,
                RefusedPart{{}, {}, whole.statement, whole.statement, whole.message, whole.sqlstate});
        }
        if (probe.refused.empty()) return;
        failures.pop_back();
        for (RefusedPart& part : probe.refused) {
            std::optional<std::size_t> source = cascade_source(step, {part.statement}, part.sqlstate);
            failures.push_back(StepFailureReport{step, std::move(part.excerpt), std::move(part.message),
                                                 std::move(part.sqlstate), source, part.origin, std::move(part.part)});
        }
    }

    // The steps of a transactional phase in one transaction, each in its own savepoint; what
    // PostgreSQL accepts is committed, so that the later phases find it (the database is a scratch
    // one, thrown away afterwards).
    void in_transaction(Session& session, const std::vector<std::size_t>& steps) {
        pqxx::work tx(session.connection());
        for (std::size_t i : steps) {
            std::vector<std::string> statements = plan::render_statements(plan.steps[i].change);
            std::optional<std::pair<std::string, pqxx::sql_error>> refused;
            {
                pqxx::subtransaction savepoint(tx, "schemac_step");
                try {
                    for (const std::string& statement : statements) {
                        try {
                            savepoint.exec(statement);
                        } catch (const pqxx::sql_error& e) {
                            refused.emplace(statement, e);
                            throw;
                        }
                    }
                    savepoint.commit();
                } catch (const pqxx::sql_error&) {
                    savepoint.abort();
                }
            }
            if (!refused) continue;
            record(i, statements, refused->first, server_message(refused->second.what()), refused->second.sqlstate());
            record_table_parts(tx, i);
        }
        tx.commit();
    }

    // The steps of a no-transaction phase, statement by statement in autocommit, as migrate
    // runs such a file: CREATE INDEX CONCURRENTLY refuses a transaction block, and a batched
    // backfill commits its batches. A step's statements after its refused one are not tried.
    void outside_transaction(Session& session, const std::vector<std::size_t>& steps) {
        for (std::size_t i : steps) {
            std::vector<std::string> statements = plan::render_statements(plan.steps[i].change);
            for (const std::string& statement : statements) {
                try {
                    pqxx::nontransaction tx(session.connection());
                    tx.exec(statement);
                } catch (const pqxx::sql_error& e) {
                    record(i, statements, statement, server_message(e.what()), e.sqlstate());
                    break;
                }
            }
        }
    }
};

}  // namespace

std::vector<StepFailureReport> try_plan_steps(Session& session, const plan::Plan& plan) {
    StepTrial trial{plan, {}, {}};
    for (plan::Phase phase : plan::phases_in_order) {
        std::vector<std::size_t> steps;
        for (std::size_t i = 0; i < plan.steps.size(); ++i)
            if (plan.steps[i].phase == phase) steps.push_back(i);
        if (steps.empty()) continue;
        if (plan::runs_outside_transaction(phase))
            trial.outside_transaction(session, steps);
        else
            trial.in_transaction(session, steps);
    }
    return trial.failures;
}

}  // namespace schemac::runtime
