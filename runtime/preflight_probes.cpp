#include "runtime/preflight_probes.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/types.hpp"
#include "runtime/preflight_names.hpp"
#include "runtime/preflight_narrowing.hpp"

namespace schemac::runtime {
namespace {

using plan::Step;

std::string preflight_column_list(const std::vector<std::string>& columns) {
    std::vector<std::string> quoted;
    for (const std::string& c : columns) quoted.push_back(quote_identifier(c));
    return fmt::format("{}", fmt::join(quoted, ", "));
}

std::string qualified_table_sql(const ir::QualifiedName& table) {
    return quote_identifier(table.schema) + "." + quote_identifier(table.name);
}

class ProbePlanner {
public:
    explicit ProbePlanner(const plan::Plan& plan) {
        for (const Step& s : plan.steps) {
            if (const auto* f = s.change.get_if<plan::FinishNotNull>())
                not_null_helpers_.insert({f->table, f->check_name});
            if (const auto* a = s.change.get_if<plan::AddConstraint>())
                std::visit([&](const auto& c) { added_constraints_.insert({a->table, c.name}); }, a->constraint);
            // A key whose index is built first (concurrently) is probed as that index: named as the key.
            if (const auto* a = s.change.get_if<plan::AddConstraint>(); a && !a->using_index.empty())
                index_of_key_[{a->table, a->using_index}] = std::holds_alternative<ir::PrimaryKey>(a->constraint)
                                                                ? "primary key"
                                                                : "unique constraint";
        }
        for (const Step& s : plan.steps) {
            plan::visit([&](const auto& change) { probe(s, change); }, s.change);
            names_.after(s);
        }
    }
    PlannedProbes out;

private:
    template <class Change>
    void probe(const Step&, const Change&) {}

    void probe(const Step& s, const plan::AddConstraint& c) {
        if (const auto* k = std::get_if<ir::PrimaryKey>(&c.constraint)) {
            if (c.using_index.empty()) unique_key(s, c.table, "primary key", k->name, k->columns, false);
        } else if (const auto* u = std::get_if<ir::Unique>(&c.constraint)) {
            if (c.using_index.empty())
                unique_key(s, c.table, "unique constraint", u->name, u->columns, u->nulls_not_distinct);
        } else if (const auto* check = std::get_if<ir::Check>(&c.constraint)) {
            if (!check->not_valid && !not_null_helpers_.count({c.table, check->name})) add_check(s, c.table, *check);
        } else if (const auto* fk = std::get_if<ir::ForeignKey>(&c.constraint)) {
            if (!fk->not_valid) foreign_key(s, c.table, *fk);
        } else if (const auto* x = std::get_if<ir::Exclusion>(&c.constraint)) {
            if (std::optional<ir::QualifiedName> live = names_.live_table(c.table))
                skip(s, fmt::format("not probed: whether rows of {} conflict under the new exclusion constraint {}",
                                    ir::display_name(*live), x->name));
        }
    }
    // Changes existing rows can make fail that no probe looks at yet: a note each, so that a clean
    // preflight never reads as covering them.
    void probe(const Step& s, const plan::ValidateConstraint& v) {
        std::optional<ir::QualifiedName> live = names_.live_table(v.table);
        if (!live || added_constraints_.count({v.table, v.name})) return;  // a new one is probed as it is added
        Probe p = new_probe("preflight-check", s, *live, v.table);
        p.validates = v.name;
        out.probes.push_back(std::move(p));
    }
    void probe(const Step& s, const plan::AddDomainCheck& c) {
        if (!c.check.not_valid)  // a check the schema leaves unvalidated never reads the rows
            skip(s, fmt::format("not probed: whether the stored values of domain {} pass its new check {}",
                                ir::display_name(c.domain), c.check.name));
    }
    void probe(const Step& s, const plan::SetDomainNotNull& n) {
        if (n.not_null)
            skip(s, fmt::format("not probed: whether columns of domain {} hold NULLs", ir::display_name(n.domain)));
    }
    void probe(const Step& s, const plan::AttachPartition& a) {
        if (std::optional<ir::QualifiedName> live = names_.live_table(a.partition))
            skip(s, fmt::format("not probed: whether every row of {} fits the partition bound {}",
                                ir::display_name(*live), a.bound));
    }
    void probe(const Step& s, const plan::CreateIndex& c) {
        if (c.index().unique) unique_index(s, c.table, c.index());
    }
    void probe(const Step& s, const plan::ReplaceIndex& r) {
        if (r.index.unique) unique_index(s, r.table, r.index);
    }
    void probe(const Step& s, const plan::SetNotNull& n) { not_null(s, n.table, n.column); }
    void probe(const Step& s, const plan::FinishNotNull& n) { not_null(s, n.table, n.column); }
    void probe(const Step& s, const plan::RecreateEnum& r) { removed_enum_values(s, r); }
    void probe(const Step& s, const plan::AlterColumnType& a) { type_change(s, a); }

    // A probe of `live`, the table named `current` at the moment the step runs.
    Probe new_probe(std::string code, const Step& s, const ir::QualifiedName& live, const ir::QualifiedName& current) {
        Probe p;
        p.code = std::move(code);
        p.origin = s.origin;
        p.table = live;
        p.view_columns = names_.view_columns(current);
        if (live != current)
            p.shown_table = fmt::format("{} ({} once renamed)", ir::display_name(live), ir::display_name(current));
        return p;
    }

    void skip(const Step& s, std::string message) { out.skipped.push_back({s.origin, std::move(message)}); }

    void unique_key(const Step& s, const ir::QualifiedName& table, std::string_view kind, const std::string& name,
                    const std::vector<std::string>& columns, bool nulls_not_distinct) {
        std::optional<ir::QualifiedName> live = names_.live_table(table);
        std::optional<std::vector<std::string>> live_columns = names_.visible_columns(table, columns);
        if (!live || !live_columns) return;
        Probe p = new_probe("preflight-duplicates", s, *live, table);
        for (const std::string& c : *live_columns) {
            p.keys.push_back(quote_identifier(c));
            p.key_labels.push_back(quote_identifier(c));
        }
        p.condition = key_condition(p.keys, nulls_not_distinct, std::nullopt);
        p.verb_one = "is held by";
        p.verb_many = "are each held by";
        p.what = fmt::format("more than one row, under the new {} {} ({})", kind, name, preflight_column_list(columns));
        p.help = fmt::format("deduplicate {} before migrating: delete the extra rows, or change their {} so that "
                             "each is unique",
                             ir::display_name(*live), preflight_column_list(*live_columns));
        out.probes.push_back(std::move(p));
    }

    void unique_index(const Step& s, const ir::QualifiedName& table, const ir::Index& index) {
        std::optional<ir::QualifiedName> live = names_.live_table(table);
        if (!live) return;
        Probe p = new_probe("preflight-duplicates", s, *live, table);
        std::vector<std::string> shown;
        for (const ir::IndexElement& e : index.elements) {
            if (e.column.empty()) {
                p.keys.push_back("(" + e.expression + ")");
                p.key_labels.push_back(e.expression);
                shown.push_back(e.expression);
                continue;
            }
            std::optional<std::string> column = names_.visible_column(table, e.column);
            if (!column) return;
            p.keys.push_back(quote_identifier(*column));
            p.key_labels.push_back(quote_identifier(*column));
            shown.push_back(quote_identifier(e.column));
        }
        p.condition = key_condition(p.keys, index.nulls_not_distinct, index.where);
        p.verb_one = "is held by";
        p.verb_many = "are each held by";
        auto key = index_of_key_.find({table, index.name});
        p.what = fmt::format("more than one row{}, under the new {} {} ({})", index.where ? " the index covers" : "",
                             key == index_of_key_.end() ? "unique index" : key->second, index.name,
                             fmt::join(shown, ", "));
        p.help = fmt::format("deduplicate {} before migrating: delete the extra rows, or change their {} so that "
                             "each is unique",
                             ir::display_name(*live), fmt::join(shown, ", "));
        out.probes.push_back(std::move(p));
    }

    static std::string key_condition(const std::vector<std::string>& keys, bool nulls_not_distinct,
                                     const std::optional<std::string>& where) {
        std::vector<std::string> parts;
        if (where) parts.push_back("(" + *where + ")");
        if (!nulls_not_distinct)  // a key with a NULL never equals another
            for (const std::string& k : keys) parts.push_back(k + " IS NOT NULL");
        return fmt::format("{}", fmt::join(parts, " AND "));
    }

    void add_check(const Step& s, const ir::QualifiedName& table, const ir::Check& check) {
        std::optional<ir::QualifiedName> live = names_.live_table(table);
        if (!live) return;
        Probe p = new_probe("preflight-check", s, *live, table);
        describe_check(p, check.name, check.expression, false);
        out.probes.push_back(std::move(p));
    }

    void foreign_key(const Step& s, const ir::QualifiedName& table, const ir::ForeignKey& fk) {
        std::optional<ir::QualifiedName> live = names_.live_table(table);
        std::optional<std::vector<std::string>> columns = names_.visible_columns(table, fk.columns);
        if (!live || !columns) return;
        OrphanKey key{fk.name,
                      *columns,
                      names_.live_table(fk.referenced_table),
                      {},
                      ir::display_name(fk.referenced_table),
                      fk.columns,
                      fk.match_full,
                      false};
        for (const std::string& c : fk.referenced_columns)
            if (std::optional<std::string> live_column = names_.live_column(fk.referenced_table, c))
                key.parent_columns.push_back(*live_column);
        if (key.parent && key.parent_columns.size() != fk.referenced_columns.size()) return;  // its key is new
        Probe p = new_probe("preflight-orphans", s, *live, table);
        describe_orphans(p, key);
        out.probes.push_back(std::move(p));
    }

    void not_null(const Step& s, const ir::QualifiedName& table, const std::string& column) {
        if (names_.backfilled(table, column)) return;  // the migration fills them first
        std::optional<ir::QualifiedName> live = names_.live_table(table);
        std::optional<std::string> live_column = names_.visible_column(table, column);
        if (!live || !live_column) return;
        Probe p = new_probe("preflight-nulls", s, *live, table);
        p.condition = quote_identifier(*live_column) + " IS NULL";
        p.verb_one = "has";
        p.verb_many = "have";
        p.what = fmt::format("no value (NULL) in {}, which becomes NOT NULL", quote_identifier(column));
        p.help = fmt::format("give them a value before migrating (UPDATE {} SET {} = ... WHERE {} IS NULL), or declare "
                             "`@backfill(EXPR)` on the column and generate the migration again",
                             qualified_table_sql(*live), quote_identifier(*live_column),
                             quote_identifier(*live_column));
        out.probes.push_back(std::move(p));
    }

    void removed_enum_values(const Step& s, const plan::RecreateEnum& r) {
        std::vector<std::string> removed;
        for (const std::string& label : r.from) {
            bool kept = std::any_of(r.enumeration.values.begin(), r.enumeration.values.end(),
                                    [&](const ir::EnumValue& v) { return v.name == label; });
            if (!kept && !names_.renamed_enum_value(r.enumeration.name, label)) removed.push_back(label);
        }
        if (removed.empty()) return;
        std::vector<std::string> literals;
        for (const std::string& label : removed) literals.push_back(quote_literal(label));
        std::string array = fmt::format("ARRAY[{}]::text[]", fmt::join(literals, ", "));
        for (const plan::EnumColumn& c : r.columns) {
            std::optional<ir::QualifiedName> live = names_.live_table(c.table);
            std::optional<std::string> column = names_.visible_column(c.table, c.column);
            if (!live || !column) continue;
            std::string value = quote_identifier(*column);
            Probe p = new_probe("preflight-enum-value", s, *live, c.table);
            p.condition = c.array_dimensions > 0 ? fmt::format("{}::text[] && {}", value, array)
                                                 : fmt::format("{}::text = ANY ({})", value, array);
            p.verb_one = "holds";
            p.verb_many = "hold";
            p.what = fmt::format("{} in {}, which enum {} no longer has", fmt::join(literals, " or "),
                                 quote_identifier(c.column), ir::display_name(r.enumeration.name));
            p.help = fmt::format(
                "before migrating, change those rows to a value the enum keeps (UPDATE {} SET {} = ...), or keep "
                "the value in the enum",
                qualified_table_sql(*live), value);
            out.probes.push_back(std::move(p));
        }
    }

    void type_change(const Step& s, const plan::AlterColumnType& a) {
        std::optional<ir::QualifiedName> live = names_.live_table(a.table);
        std::optional<std::string> column = names_.visible_column(a.table, a.column);
        if (!live || !column) return;
        std::string title = fmt::format("{}.{}", ir::display_name(*live), *column);
        if (a.using_expression) {
            skip(s, fmt::format("not probed: whether every value of {} converts to {} through its USING expression",
                                title, render_type(a.to)));
            return;
        }
        NarrowingTest test = narrowing_test(quote_identifier(*column), a.from, a.to);
        if (test.kind == NarrowingTest::Kind::unknown)
            skip(s, fmt::format("not probed: {} changes from {} to {}: {}", title, render_type(a.from),
                                render_type(a.to), test.reason));
        if (test.kind != NarrowingTest::Kind::probe) return;
        Probe p = new_probe("preflight-narrowing", s, *live, a.table);
        p.condition = test.condition;
        p.verb_one = "holds";
        p.verb_many = "hold";
        p.what = fmt::format("a value of {} that does not fit {}", quote_identifier(a.column), render_type(a.to));
        p.help = fmt::format(
            "before migrating, shorten or fix those values, or declare `@using(EXPR)` on the column saying how "
            "each converts, and generate the migration again");
        out.probes.push_back(std::move(p));
    }

    PreflightNames names_;
    std::set<std::pair<ir::QualifiedName, std::string>> not_null_helpers_, added_constraints_;
    std::map<std::pair<ir::QualifiedName, std::string>, std::string> index_of_key_;  // -> "primary key", ...
};

}  // namespace

namespace {

// `(c > 0)` as pg_get_expr gives a check -> `c > 0`, for the finding's text only; anything else
// as it is.
std::string without_outer_parentheses(const std::string& expression) {
    if (expression.size() < 2 || expression.front() != '(' || expression.back() != ')') return expression;
    int depth = 0;
    for (std::size_t i = 0; i < expression.size(); ++i) {
        depth += expression[i] == '(' ? 1 : expression[i] == ')' ? -1 : 0;
        if (depth == 0 && i + 1 < expression.size()) return expression;  // `(a) = (b)`
    }
    return depth == 0 ? expression.substr(1, expression.size() - 2) : expression;
}

}  // namespace

void describe_orphans(Probe& p, const OrphanKey& key) {
    std::string child = quote_identifier(p.table.name);  // the scan's alias
    std::vector<std::string> child_values, null_tests, not_null_tests;
    for (const std::string& c : key.columns) {
        child_values.push_back(child + "." + quote_identifier(c));
        null_tests.push_back(child_values.back() + " IS NULL");
        not_null_tests.push_back(child_values.back() + " IS NOT NULL");
    }
    std::string missing = "true";  // a parent the plan creates is empty
    if (key.parent) {
        std::vector<std::string> equal;
        for (std::size_t i = 0; i < child_values.size() && i < key.parent_columns.size(); ++i)
            equal.push_back(
                fmt::format("schemac_parent.{} = {}", quote_identifier(key.parent_columns[i]), child_values[i]));
        missing = fmt::format("NOT EXISTS (SELECT FROM {} AS schemac_parent WHERE {})",
                              qualified_table_sql(*key.parent), fmt::join(equal, " AND "));
    }
    if (key.match_full && child_values.size() > 1)  // MATCH FULL: all NULL passes, some NULL fails
        p.condition = fmt::format("NOT ({}) AND ({} OR {})", fmt::join(null_tests, " AND "),
                                  fmt::join(null_tests, " OR "), missing);
    else  // MATCH SIMPLE: a key with a NULL passes
        p.condition = fmt::format("{} AND {}", fmt::join(not_null_tests, " AND "), missing);
    p.verb_one = "references";
    p.verb_many = "reference";
    p.what = fmt::format("no row of {}, under the {}foreign key {} ({}){}{}", key.parent_shown,
                         key.validated ? "" : "new ", key.name, preflight_column_list(key.shown_columns),
                         key.match_full ? " (match full)" : "", key.validated ? ", which the migrations validate" : "");
    p.help = fmt::format(
        "before migrating, delete those rows, set their {} to an existing key or NULL, or add the missing rows to {}; "
        "or declare the foreign key `not valid` {}",
        preflight_column_list(key.columns), key.parent_shown,
        key.validated ? "in the schema to leave it so" : "so that only rows written from now on are checked");
}

void describe_check(Probe& p, const std::string& name, const std::string& expression, bool validated) {
    p.condition = fmt::format("NOT ({})", expression);  // NULL passes a check: only false is refused
    p.verb_one = "fails";
    p.verb_many = "fail";
    p.what = validated ? fmt::format("the check {} ({}), which the migrations validate", name,
                                     without_outer_parentheses(expression))
                       : fmt::format("the new check {} ({})", name, expression);
    p.help = validated ? std::string("fix or delete those rows (written while the check was NOT VALID) before "
                                     "migrating, or declare the check `not valid` in the schema to leave it so")
                       : std::string("fix or delete those rows before migrating, or declare the check `not valid` so "
                                     "that only rows written from now on are checked");
}

PlannedProbes plan_probes(const plan::Plan& plan) { return ProbePlanner(plan).out; }

}  // namespace schemac::runtime
