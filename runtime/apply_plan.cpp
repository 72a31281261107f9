#include "runtime/apply_plan.hpp"

#include "compiler/plan/render_sql.hpp"

namespace schemac::runtime {

std::vector<std::string> phase_statements(const plan::Plan& plan, plan::Phase phase) {
    std::vector<std::string> out;
    for (const plan::Step& s : plan.steps)
        if (s.phase == phase)
            for (std::string& statement : plan::render_statements(s.change)) out.push_back(std::move(statement));
    return out;
}

std::vector<std::string> plan_statements(const plan::Plan& plan) {
    std::vector<std::string> out;
    for (plan::Phase phase : plan::phases_in_order)
        for (std::string& statement : phase_statements(plan, phase)) out.push_back(std::move(statement));
    return out;
}

std::optional<StatementFailure> run_statements(pqxx::transaction_base& tx, const std::vector<std::string>& statements) {
    for (const std::string& statement : statements) {
        try {
            tx.exec(statement);
        } catch (const pqxx::sql_error& e) {
            return StatementFailure{statement, server_message(e.what()), e.sqlstate()};
        }
    }
    return std::nullopt;
}

std::vector<std::string> cascaded_objects(const std::vector<std::string>& notices) {
    constexpr std::string_view prefix = "drop cascades to ";
    std::vector<std::string> out;
    for (const std::string& notice : notices) {
        // One object: "drop cascades to view v". Several: "drop cascades to N other objects",
        // then a DETAIL of one "drop cascades to ..." line per object.
        for (std::size_t begin = 0; begin < notice.size();) {
            std::size_t end = notice.find('\n', begin);
            if (end == std::string::npos) end = notice.size();
            std::string line = notice.substr(begin, end - begin);
            begin = end + 1;
            line.erase(0, line.find_first_not_of(' '));
            if (line.starts_with("detail: ")) line.erase(0, 8);
            if (line.starts_with(prefix) && !line.ends_with(" other objects"))
                out.push_back(line.substr(prefix.size()));
        }
    }
    return out;
}

PlanOutcome apply_plan(Session& session, const plan::Plan& plan) {
    PlanOutcome out;
    for (plan::Phase phase : plan::phases_in_order) {
        std::vector<std::string> statements = phase_statements(plan, phase);
        if (statements.empty()) continue;
        if (plan::runs_outside_transaction(phase)) {
            // Each statement on its own: CREATE INDEX CONCURRENTLY refuses a transaction block,
            // and a batched backfill commits its batches.
            for (const std::string& statement : statements) {
                pqxx::nontransaction tx(session.connection());
                if (auto failure = run_statements(tx, {statement})) {
                    out.failure = failure;
                    return out;
                }
                ++out.statements_run;
            }
            continue;
        }
        pqxx::work tx(session.connection());
        if (auto failure = run_statements(tx, statements)) {
            out.failure = failure;
            return out;
        }
        tx.commit();
        out.statements_run += statements.size();
    }
    return out;
}

}  // namespace schemac::runtime
