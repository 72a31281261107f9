#include "compiler/plan/migration_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "compiler/ir/identifiers.hpp"
#include "compiler/plan/render_sql.hpp"

namespace schemac::plan {
namespace {

struct PhaseText {
    Phase phase;
    std::string_view suffix;
    std::string_view why;
};

constexpr std::array<PhaseText, 5> phases{{
    {Phase::enum_values, "_enum_values",
     "New enum values, committed before the next migration uses them (PostgreSQL cannot use\n"
     "-- a value added in the same transaction)."},
    {Phase::main, "", ""},
    {Phase::backfill, "_backfill",
     "Runs outside a transaction: fills existing rows in batches that each commit, so no lock is\n"
     "-- held for long; run again after an interruption, it goes on with the rows that have no value."},
    {Phase::concurrent, "_concurrently",
     "Runs outside a transaction, statement by statement: indexes are built CONCURRENTLY,\n"
     "-- so writes to the table continue during the build."},
    {Phase::validate, "_validate",
     "Validates constraints added NOT VALID by the migrations before it, in a transaction of\n"
     "-- its own: the scan holds only a SHARE UPDATE EXCLUSIVE lock, so reads and writes continue."},
}};

// Statements whose wait for a lock or for older transactions holds up no other session: a
// concurrent index build or drop (it waits for every older transaction, on any table), a
// validation (SHARE UPDATE EXCLUSIVE: reads and writes go on), a batch of a backfill (row locks).
bool waits_without_blocking(const Change& change) {
    return plan::visit(overloaded{
                           [](const CreateIndex& c) { return c.concurrently; },
                           [](const DropIndex& c) { return c.concurrently; },
                           [](const DetachPartition& c) { return c.concurrently; },
                           [](const ReplaceIndex&) { return true; },
                           [](const ValidateConstraint&) { return true; },
                           [](const Backfill& c) { return c.batch_rows > 0; },
                           [](const auto&) { return false; },
                       },
                       change);
}

// The header lines: each distinct title once, with every hazard of its steps.
std::vector<std::string> change_lines(const std::vector<const Step*>& steps) {
    std::vector<std::string_view> titles;
    std::vector<unsigned> hazards;
    std::unordered_map<std::string_view, std::size_t> index;
    for (const Step* s : steps) {
        auto [it, added] = index.emplace(s->title, titles.size());
        if (added) {
            titles.push_back(s->title);
            hazards.push_back(s->hazards);
        } else {
            hazards[it->second] |= s->hazards;
        }
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < titles.size(); ++i)
        out.push_back(hazards[i] ? fmt::format("{}  {}", titles[i], hazard_names(hazards[i])) : std::string(titles[i]));
    return out;
}

// The steps of a transactional phase in parts that each lock at most `budget` objects (one part
// when budget is 0). Steps of one change (same title, or no title of their own) stay together.
std::vector<std::vector<const Step*>> split_by_lock_budget(const std::vector<const Step*>& steps, int budget) {
    std::vector<std::vector<const Step*>> parts(1);
    if (budget <= 0) {
        parts.front() = steps;
        return parts;
    }
    // Only how many distinct objects are locked counts: hashed sets, and a group's objects (a
    // handful) as a sorted vector without repeats.
    std::unordered_set<std::string> locked;
    std::size_t unshared = 0;
    std::size_t i = 0;
    std::vector<std::string> group;
    while (i < steps.size()) {
        std::size_t end = i + 1;
        while (end < steps.size() && (steps[end]->title.empty() || steps[end]->title == steps[i]->title)) ++end;
        group.clear();
        std::size_t group_unshared = 0;
        for (std::size_t k = i; k < end; ++k)
            for (std::string& object : locked_objects(steps[k]->change)) {
                if (object.empty())
                    ++group_unshared;
                else
                    group.push_back(std::move(object));
            }
        std::sort(group.begin(), group.end());
        group.erase(std::unique(group.begin(), group.end()), group.end());
        std::size_t added = group_unshared;
        for (const std::string& object : group) added += !locked.count(object);
        if (!parts.back().empty() && locked.size() + unshared + added > static_cast<std::size_t>(budget)) {
            parts.emplace_back();
            locked.clear();
            unshared = 0;
        }
        for (std::string& object : group) locked.insert(std::move(object));
        unshared += group_unshared;
        parts.back().insert(parts.back().end(), steps.begin() + static_cast<long>(i),
                            steps.begin() + static_cast<long>(end));
        i = end;
    }
    return parts;
}

std::string render_file(const std::vector<const Step*>& steps, const PhaseText& phase, std::string_view file_stem,
                        std::string_view part_note, const MigrationTextOptions& options) {
    std::string out;
    if (runs_outside_transaction(phase.phase)) out += std::string(no_transaction_marker) + "\n";
    out += fmt::format("-- {}: generated by schemac. Review it; edit it if needed, then run `schemac hash`.\n",
                       file_stem);
    if (!phase.why.empty()) out += fmt::format("-- {}\n", phase.why);
    if (!part_note.empty()) out += fmt::format("-- {}\n", part_note);
    // Who may see what (row-level security, policies, grants, default privileges) in a section of
    // its own, so that a reviewer sees access changes apart from the rest.
    std::vector<const Step*> changes, access;
    for (const Step* s : steps) (is_access_change(s->change) ? access : changes).push_back(s);
    auto list = [&](const std::vector<const Step*>& listed, std::string_view heading) {
        if (listed.empty()) return;
        out += heading;
        for (const std::string& line : change_lines(listed)) {
            out += "--   ";
            out += line;
            out += '\n';
        }
    };
    list(changes, "--\n-- Changes:\n");
    list(access, "--\n-- Access (row level security, policies, grants, default privileges):\n");
    std::vector<std::string_view> lost;  // what this file loses, each once, in the order of its steps
    std::unordered_set<std::string_view> lost_once;
    for (const Step* s : steps)
        for (const std::string& object : s->lost)
            if (lost_once.insert(object).second) lost.push_back(object);
    if (!lost.empty())  // a plan that loses data is written only when every loss was accepted
        out += fmt::format("--\n-- DATA LOSS accepted with --allow-data-loss: {}.\n", fmt::join(lost, ", "));
    out += "\n";
    // The short lock_timeout for statements that queue other sessions behind their lock; the
    // long wait for those whose wait blocks no one. Set again only where it changes.
    std::string blocking, not_blocking;
    if (!options.lock_timeout.empty()) {
        blocking = fmt::format("SET lock_timeout = {};", quote_literal(options.lock_timeout));
        not_blocking = fmt::format(
            "SET lock_timeout = {};  -- a wait that blocks no one (--wait-timeout)",
            options.wait_timeout.empty() || options.wait_timeout == "0" ? "0" : quote_literal(options.wait_timeout));
    }
    auto timeout_for = [&](const Step& s) -> const std::string& {
        return waits_without_blocking(s.change) ? not_blocking : blocking;
    };
    const std::string* timeout = &timeout_for(*steps.front());
    if (!timeout->empty()) out += *timeout + "\n";
    const std::string* heading = nullptr;
    for (const Step* s : steps) {
        if (!heading || *heading != s->title) {
            out += "\n-- ";
            out += s->title;
            out += '\n';
        }
        heading = &s->title;
        if (const std::string& wanted = timeout_for(*s); wanted != *timeout) {
            out += wanted + "\n";
            timeout = &wanted;
        }
        for (const std::string& statement : render_statements(s->change)) {
            out += statement;
            out += '\n';
        }
    }
    return out;
}

}  // namespace

void render_migrations(const Plan& plan, int first_number, std::string_view slug, const MigrationTextOptions& options,
                       const std::function<void(MigrationFile&&)>& take) {
    int number = first_number;
    for (const PhaseText& phase : phases) {
        std::vector<const Step*> steps;
        for (const Step& s : plan.steps)
            if (s.phase == phase.phase) steps.push_back(&s);
        if (steps.empty()) continue;
        int budget = runs_outside_transaction(phase.phase) ? 0 : options.lock_budget;
        std::vector<std::vector<const Step*>> parts = split_by_lock_budget(steps, budget);
        for (std::size_t p = 0; p < parts.size(); ++p) {
            std::string stem = fmt::format("{:04}_{}{}{}", number++, slug, phase.suffix,
                                           p == 0 ? std::string() : fmt::format("_part_{}", p + 1));
            std::string note =
                parts.size() == 1
                    ? std::string()
                    : fmt::format(
                          "Part {} of {}: split so that no transaction locks more than {} objects (PostgreSQL's\n"
                          "-- lock table holds max_locks_per_transaction x max_connections; `--max-locks`).",
                          p + 1, parts.size(), budget);
            take(MigrationFile{stem + ".sql", render_file(parts[p], phase, stem, note, options)});
        }
    }
}

std::vector<MigrationFile> render_migrations(const Plan& plan, int first_number, std::string_view slug,
                                             const MigrationTextOptions& options) {
    std::vector<MigrationFile> files;
    render_migrations(plan, first_number, slug, options, [&](MigrationFile&& f) { files.push_back(std::move(f)); });
    return files;
}

std::string make_slug(std::string_view name) {
    std::string out;
    for (char ch : name) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) && c < 0x80) {
            out += static_cast<char>(std::tolower(c));
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    if (out.size() > 60) out.resize(60);
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}

}  // namespace schemac::plan
