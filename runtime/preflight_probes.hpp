// The probes of the data-aware preflight, read off the planner's changes (never off SQL text):
// for each change that existing rows can make fail, the table to scan under its name in the
// database now (renames of the plan undone), and the SQL condition that picks the rows, or the
// key whose values must be unique. Tables the plan creates have no rows and get no probe; a
// change whose rows cannot be told ahead is a note (PreflightSkip) instead.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/preflight.hpp"

namespace schemac::runtime {

struct Probe {
    std::string code;  // PreflightFinding::code
    Span origin;
    ir::QualifiedName table;  // as the database names it before the migrations run
    std::string shown_table;  // how findings name it when the plan renames it: "people (persons once renamed)"
    // What the scan adds to the table's columns: its renamed columns under the names of the
    // moment the change runs, the columns the plan adds with the value existing rows get
    // (`"mail" AS "email"`); empty: the table as it is.
    std::vector<std::string> view_columns;
    // preflight-duplicates: the key, one SQL expression each, and how each is named in a sample.
    std::vector<std::string> keys, key_labels;
    // Duplicates: the rows the key covers (a partial index's predicate; NULL keys left out unless
    // NULLS NOT DISTINCT), "" for all. Other probes: true for a row the change would refuse.
    std::string condition;
    // The end of the finding's sentence after "N rows of TABLE" (or "N key values of TABLE" for
    // duplicates): its verb for one and for many ("fails", "fail"), then the rest ("the new check
    // positive (amount >= 0)").
    std::string verb_one, verb_many, what;
    std::string help;
    // A constraint the database holds NOT VALID that the migrations validate: its definition is
    // read from the database when the probe runs (describe_check fills the rest for a check).
    std::string validates;
};

// A foreign key whose child rows a probe looks for parents of.
struct OrphanKey {
    std::string name;
    std::vector<std::string> columns;         // the child's, as the probe's scan names them
    std::optional<ir::QualifiedName> parent;  // as the database names it; nullopt: the plan creates it (empty)
    std::vector<std::string> parent_columns;  // as the database names them
    std::string parent_shown;                 // how findings name the parent ...
    std::vector<std::string> shown_columns;   // ... and the child's columns
    bool match_full = false;
    bool validated = false;  // held NOT VALID by the database, validated by the migrations
};
// Fills a probe of the child rows whose key has no parent row (MATCH SIMPLE or FULL).
void describe_orphans(Probe& p, const OrphanKey& key);

// Fills a probe of the rows a check rejects (`NOT (expression)`: NULL passes): new, or held NOT
// VALID by the database and validated by the migrations.
void describe_check(Probe& p, const std::string& name, const std::string& expression, bool validated);

struct PlannedProbes {
    std::vector<Probe> probes;
    std::vector<PreflightSkip> skipped;
};

PlannedProbes plan_probes(const plan::Plan& plan);

}  // namespace schemac::runtime
