// Applying a plan straight to a database, without a migration file (push, reset): the steps of
// each phase in the order the files would run — added enum values committed first (PostgreSQL
// lets no statement use them before), then every transactional step in one transaction, then
// the no-transaction steps one by one, then validations. A failing phase is rolled back and
// nothing after it runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "compiler/plan/plan.hpp"
#include "runtime/connection.hpp"

namespace schemac::runtime {

struct StatementFailure {
    std::string statement;
    std::string message;  // PostgreSQL's, DETAIL and HINT lines included
    std::string sqlstate;
};

// The SQL of the steps of one phase, in order.
std::vector<std::string> phase_statements(const plan::Plan& plan, plan::Phase phase);
// The SQL of every step, phase after phase: the order apply_plan runs them in.
std::vector<std::string> plan_statements(const plan::Plan& plan);

// Runs statements inside `tx`; the first failure stops them (the caller rolls back).
std::optional<StatementFailure> run_statements(pqxx::transaction_base& tx, const std::vector<std::string>& statements);

// The objects a DROP ... CASCADE took with it, from the server's notices (as the session
// collected them): "table users", "view active_users".
std::vector<std::string> cascaded_objects(const std::vector<std::string>& notices);

struct PlanOutcome {
    std::size_t statements_run = 0;  // committed (before a failure: an earlier phase's)
    std::optional<StatementFailure> failure;
};
PlanOutcome apply_plan(Session& session, const plan::Plan& plan);

}  // namespace schemac::runtime
