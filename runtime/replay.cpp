#include "runtime/replay.hpp"

#include <chrono>

#include "compiler/source/source.hpp"

namespace schemac::runtime {

namespace {

// Line and column of a byte offset in a migration's text (a file's own line table).
LineColumn position_in(const LocalMigration& m, std::size_t offset) {
    SourceFile file(m.name, m.text);
    return file.line_column(static_cast<std::uint32_t>(offset));
}

}  // namespace

ReplayOutcome replay_migrations(Session& session, const History& history, const std::vector<LocalMigration>& migrations,
                                std::string_view schemac_version) {
    ReplayOutcome outcome;
    auto start = std::chrono::steady_clock::now();
    {
        pqxx::work tx(session.connection());
        history.create(tx);
        tx.commit();
    }
    prepare_session(session);
    for (const LocalMigration& m : migrations) {
        std::vector<SqlStatement> statements;
        try {
            statements = split_sql_statements(m.text);
        } catch (const SqlScriptError& e) {
            LineColumn at = position_in(m, e.offset);
            outcome.failure = ReplayFailure{m.name,
                                            static_cast<int>(at.line),
                                            static_cast<int>(at.column),
                                            ApplyFailure{{}, static_cast<int>(at.line), e.what(), {}, {}},
                                            {}};
            if (!e.help.empty()) outcome.failure->failure.help.push_back(e.help);
            break;
        }
        ApplyOutcome applied = apply_migration(session, history, m, statements, schemac_version);
        if (applied.failure || applied.lost) {
            ReplayFailure failure{m.name, 0, 0, applied.failure.value_or(ApplyFailure{}), applied.lost};
            int line = applied.failure ? applied.failure->line : applied.lost->line;
            for (const SqlStatement& s : statements)
                if (s.line == line) {
                    LineColumn at = position_in(m, s.offset);
                    failure.line = static_cast<int>(at.line);
                    failure.column = static_cast<int>(at.column);
                    break;
                }
            if (failure.line == 0) failure.line = line;
            if (failure.line > 0 && failure.column == 0) failure.column = 1;
            outcome.failure = std::move(failure);
            break;
        }
        ++outcome.applied;
    }
    outcome.execution_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    return outcome;
}

}  // namespace schemac::runtime
