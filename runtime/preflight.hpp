// The data-aware preflight of `migrate --preflight` and `check --database --preflight`: before
// pending migrations run, the target database is asked (read-only, each probe under a statement
// timeout) what would make them fail. The changes come from the one planner — the live database
// planned to the compiled schema — so each finding carries the `.schema` location of the
// declaration behind it: duplicates under a new unique key or unique index, orphans under a new
// foreign key, rows a new check rejects, NULLs in a column made NOT NULL without a backfill,
// rows holding an enum value the schema removes, values a narrowing type change does not fit.
// A probe that outlives its timeout is tried again on a sample of the table (TABLESAMPLE), and
// skipped with a note when even that does not finish.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "compiler/source/source.hpp"
#include "runtime/connection.hpp"

namespace schemac::runtime {

struct PreflightOptions {
    int statement_timeout_ms = 5000;  // per probe
};

struct PreflightFinding {
    std::string code;     // "preflight-duplicates", "preflight-orphans", "preflight-check",
                          // "preflight-nulls", "preflight-enum-value", "preflight-narrowing"
    Span origin;          // the .schema declaration (Step::origin)
    std::string message;  // "12 rows of public.users share an email with another row (unique users_email_key)"
    std::string help;     // what to do before migrating
    long long count = 0;  // rows (or groups) found; with `sampled`, in the sample
    std::string sample;   // one offending key, `email = 'a@example.com'`; empty when none
    bool sampled = false;
};

struct PreflightSkip {
    Span origin;
    std::string message;  // "not probed: public.events is too large for a 5 s probe (about 2.1 million rows)"
};

struct PreflightReport {
    std::vector<PreflightFinding> findings;
    std::vector<PreflightSkip> skipped;
    std::size_t probes = 0;
};

// `plan`: plan_changes(live, compiled schema). Runs read-only (a READ ONLY transaction); never
// writes to the database.
PreflightReport run_preflight(Session& session, const plan::Plan& plan, const PreflightOptions& options = {});

}  // namespace schemac::runtime
