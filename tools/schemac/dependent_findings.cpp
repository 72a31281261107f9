#include "tools/schemac/dependent_findings.hpp"

#include <pqxx/pqxx>

#include "runtime/dependents.hpp"
#include "tools/schemac/migration_findings.hpp"

namespace schemac::cli {

void add_dependent_findings(
    runtime::Session& session, const std::filesystem::path& dir, const std::vector<runtime::LocalMigration>& pending,
    const std::vector<std::vector<SqlStatement>>& statements, SourceSet& sources, Diagnostics& found) {
    std::vector<runtime::PendingMigration> in_order;
    for (std::size_t i = 0; i < pending.size() && i < statements.size(); ++i)
        in_order.push_back(runtime::PendingMigration{pending[i].name, &statements[i]});
    std::vector<runtime::BlockingDependent> blocking;
    {
        pqxx::read_transaction tx(session.connection());
        blocking = runtime::blocking_dependents(tx, in_order);
    }
    for (const runtime::BlockingDependent& b : blocking) {
        auto m = std::find_if(pending.begin(), pending.end(), [&](const runtime::LocalMigration& l) {
            return l.name == b.migration;
        });
        Span where = statement_span(sources, (dir / m->name).string(), m->text, b.statement->offset);
        found.error("blocking-dependent", where, runtime::blocking_dependent_message(b),
                    runtime::blocking_dependent_help(b));
    }
}

}  // namespace schemac::cli
