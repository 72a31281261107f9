// Free-standing sequences: names (pg_class is shared with tables, views, indexes and the
// sequences serial and identity columns make), bounds for the type, `owned by`, and the
// sequences that defaults call nextval on.
#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>

#include "compiler/checks/checks.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/sql/implicit_names.hpp"
#include "compiler/sql/sequence_calls.hpp"

namespace schemac::checks {
namespace {

struct SequenceBounds {
    std::int64_t low = 0, high = 0;
};

SequenceBounds type_bounds(const ir::Type& type) {
    if (type.name == "smallint")
        return {std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int16_t>::max()};
    if (type.name == "integer")
        return {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
    return {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
}

void sequence_values(const ir::Sequence& s, Diagnostics& out) {
    const ir::SequenceOptions& o = s.options;
    std::string shown = ir::display_name(s.name);
    SequenceBounds type = type_bounds(s.type);
    auto outside = [&](const std::optional<std::int64_t>& value, std::string_view what) {
        if (!value || (*value >= type.low && *value <= type.high)) return false;
        out.error("sequence-value", s.origin.span,
                  fmt::format("sequence {}: {} {} is out of range for {} ({} to {})", shown, what, *value, s.type.name,
                              type.low, type.high),
                  fmt::format("use a value in that range, or `as bigint`"));
        return true;
    };
    bool bad = outside(o.increment, "increment");
    bad = outside(o.min_value, "minvalue") || bad;
    bad = outside(o.max_value, "maxvalue") || bad;
    bad = outside(o.start, "start") || bad;
    if (bad) return;
    if (o.increment && *o.increment == 0) {
        out.error("sequence-value", s.origin.span, fmt::format("sequence {}: increment must not be zero", shown),
                  "write a positive increment to count up, a negative one to count down");
        return;
    }
    if (o.cache && *o.cache < 1) {
        out.error("sequence-value", s.origin.span, fmt::format("sequence {}: cache must be at least 1", shown),
                  "leave cache out for 1, PostgreSQL's default");
        return;
    }
    bool ascending = o.increment.value_or(1) > 0;
    std::int64_t min = o.min_value.value_or(ascending ? 1 : type.low);
    std::int64_t max = o.max_value.value_or(ascending ? type.high : -1);
    if (min >= max) {
        out.error("sequence-value", s.origin.span,
                  fmt::format("sequence {}: minvalue {} must be less than maxvalue {}", shown, min, max),
                  ascending ? "raise maxvalue or lower minvalue"
                            : "a descending sequence's maxvalue is -1 unless given: write maxvalue too");
        return;
    }
    std::int64_t start = o.start.value_or(ascending ? min : max);
    if (start < min || start > max)
        out.error("sequence-value", s.origin.span,
                  fmt::format("sequence {}: start {} is outside its bounds, {} to {}", shown, start, min, max),
                  fmt::format("start at a value from {} to {}, or widen the bounds", min, max));
}

void sequence_owner(const ir::Database& db, const ir::Sequence& s, Diagnostics& out) {
    if (!s.owned_by_table) return;
    Span at = s.origin.detail.known() ? s.origin.detail : s.origin.span;
    const ir::Table* table = ir::find_table(db, *s.owned_by_table);
    if (!table) {
        std::vector<std::string> names;
        for (const ir::Table& t : db.tables) names.push_back(ir::display_name(t.name));
        std::optional<std::string> similar = closest_name(ir::display_name(*s.owned_by_table),
                                                          {names.begin(), names.end()});
        out.error("unknown-owner", at,
                  fmt::format("sequence {} is owned by {}.{}, but table {} is not declared", ir::display_name(s.name),
                              ir::display_name(*s.owned_by_table), s.owned_by_column,
                              ir::display_name(*s.owned_by_table)),
                  similar ? fmt::format("did you mean {}.{}?", *similar, s.owned_by_column)
                          : "name a declared table's column: owned by TABLE.COLUMN");
        return;
    }
    if (table->name.schema != s.name.schema) {
        out.error("owner-schema", at,
                  fmt::format("sequence {} is owned by a column of {}, in another schema: PostgreSQL wants the "
                              "table in the sequence's schema",
                              ir::display_name(s.name), ir::display_name(table->name)),
                  fmt::format("declare the sequence in schema {}, or leave `owned by` out", table->name.schema));
        return;
    }
    if (ir::find_column(*table, s.owned_by_column)) return;
    std::vector<std::string_view> columns;
    for (const ir::Column& c : table->columns) columns.push_back(c.name);
    std::optional<std::string> similar = closest_name(s.owned_by_column, columns);
    out.error("unknown-owner", at,
              fmt::format("sequence {} is owned by {}.{}, but table {} has no column {}", ir::display_name(s.name),
                          ir::display_name(table->name), s.owned_by_column, ir::display_name(table->name),
                          s.owned_by_column),
              similar ? fmt::format("did you mean {}.{}?", ir::display_name(table->name), *similar)
                      : "name one of the table's columns");
}

}  // namespace

std::map<ir::QualifiedName, std::string> known_sequences(const ir::Database& db) {
    std::map<ir::QualifiedName, std::string> out;
    for (const ir::Sequence& s : db.sequences) out[s.name] = "sequence";
    for (const auto& [name, made] : implicit_sequences(db))
        out.try_emplace(name,
                        fmt::format("the sequence of {} column {}.{}", made.column->identity() ? "identity" : "serial",
                                    ir::display_name(made.table->name), made.column->name));
    return out;
}

namespace {

// Free sequences: not twice, not the name of anything else in pg_class, values in range, owner.
void free_sequences(const ir::Database& db, Diagnostics& out) {
    // What else lives in pg_class, per schema: a free sequence's name must be none of these.
    std::map<ir::QualifiedName, std::string> relations;
    for (const ir::Table& t : db.tables) {
        relations.try_emplace(t.name, "table " + ir::display_name(t.name));
        if (t.primary_key)
            relations.try_emplace({t.name.schema, t.primary_key->name}, "the primary key " + t.primary_key->name);
        for (const ir::Unique& u : t.uniques)
            relations.try_emplace({t.name.schema, u.name}, "the unique constraint " + u.name);
        for (const ir::Index& i : t.indexes) relations.try_emplace({t.name.schema, i.name}, "index " + i.name);
    }
    for (const auto& [name, made] : implicit_sequences(db))
        relations.try_emplace(name, fmt::format("the sequence {} column {}.{} makes",
                                                made.column->identity() ? "the identity" : "the serial",
                                                ir::display_name(made.table->name), made.column->name));
    for (const ir::View& v : db.views) {
        relations.try_emplace(v.name, "view " + ir::display_name(v.name));
        for (const ir::Index& i : v.indexes) relations.try_emplace({v.name.schema, i.name}, "index " + i.name);
    }
    const ir::Sequence* previous = nullptr;
    for (const ir::Sequence& s : db.sequences) {
        if (previous && previous->name == s.name) {
            out.error("duplicate-name", s.origin.span,
                      fmt::format("sequence '{}' is defined twice", ir::display_name(s.name)),
                      "rename one of them (or remove the repeat)")
                .notes.push_back({previous->origin.span, "previously defined here"});
        } else if (auto it = relations.find(s.name); it != relations.end()) {
            out.error("duplicate-name", s.origin.span,
                      fmt::format("sequence {} has the name of {}: they share one namespace in PostgreSQL",
                                  ir::display_name(s.name), it->second),
                      "rename the sequence");
        }
        previous = &s;
        sequence_values(s, out);
        sequence_owner(db, s, out);
    }
}

}  // namespace

void sequences(const ir::Database& db, Diagnostics& out) {
    if (!db.sequences.empty()) free_sequences(db, out);

    // Defaults that call nextval/currval/setval on a sequence: it must be declared (or be a
    // serial's or identity's). What is known is gathered at the first such call.
    std::optional<std::map<ir::QualifiedName, std::string>> known;
    std::vector<std::string> names;
    for (const ir::Table& t : db.tables) {
        for (const ir::Column& c : t.columns) {
            if (!c.default_value) continue;
            for (const ir::QualifiedName& used : sequences_called(*c.default_value)) {
                if (!known) {
                    known = known_sequences(db);
                    for (const auto& [name, what] : *known) names.push_back(ir::display_name(name));
                }
                if (known->count(used)) continue;
                std::optional<std::string> similar = closest_name(ir::display_name(used), {names.begin(), names.end()});
                out.error("unknown-sequence", c.origin.detail.known() ? c.origin.detail : c.origin.span,
                          fmt::format("the default of {}.{} calls nextval on sequence {}, which is not declared",
                                      ir::display_name(t.name), c.name, ir::display_name(used)),
                          similar ? fmt::format("did you mean {}?", *similar)
                                  : fmt::format("declare it: `sequence {}`", ir::display_name(used)));
            }
        }
    }
}

}  // namespace schemac::checks
