#include "compiler/plan/sequence_sql.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <vector>

#include "compiler/ir/identifiers.hpp"

namespace schemac::plan {
namespace {

std::string sequence_sql_name(const ir::QualifiedName& name) {
    return quote_identifier(name.schema) + "." + quote_identifier(name.name);
}

// The start a sequence has when none is given: its minimum counting up, its maximum counting down.
std::int64_t effective_start(const ir::SequenceOptions& o) {
    if (o.start) return *o.start;
    if (o.increment.value_or(1) > 0) return o.min_value.value_or(1);
    return o.max_value.value_or(-1);
}

}  // namespace

std::vector<std::string> sequence_option_clauses(const ir::SequenceOptions& o) {
    std::vector<std::string> parts;
    if (o.start) parts.push_back(fmt::format("START WITH {}", *o.start));
    if (o.increment) parts.push_back(fmt::format("INCREMENT BY {}", *o.increment));
    if (o.min_value) parts.push_back(fmt::format("MINVALUE {}", *o.min_value));
    if (o.max_value) parts.push_back(fmt::format("MAXVALUE {}", *o.max_value));
    if (o.cache) parts.push_back(fmt::format("CACHE {}", *o.cache));
    if (o.cycle) parts.push_back("CYCLE");
    return parts;
}

std::string create_sequence_sql(const ir::Sequence& s) {
    std::vector<std::string> parts{"CREATE SEQUENCE " + sequence_sql_name(s.name), "AS " + s.type.name};
    for (std::string& clause : sequence_option_clauses(s.options)) parts.push_back(std::move(clause));
    return fmt::format("{};", fmt::join(parts, " "));
}

std::string alter_sequence_sql(const AlterSequence& c) {
    const ir::SequenceOptions& from = c.from;
    const ir::SequenceOptions& to = c.to;
    std::vector<std::string> parts{"ALTER SEQUENCE " + sequence_sql_name(c.name)};
    if (c.from_type != c.to_type) parts.push_back("AS " + c.to_type.name);
    if (from.increment != to.increment) parts.push_back(fmt::format("INCREMENT BY {}", to.increment.value_or(1)));
    // MINVALUE and MAXVALUE go back to the type's (and direction's) bounds with NO MINVALUE / NO MAXVALUE.
    bool direction_changes = (from.increment.value_or(1) > 0) != (to.increment.value_or(1) > 0);
    if (from.min_value != to.min_value || (direction_changes && !to.min_value) ||
        (c.from_type != c.to_type && !to.min_value && to.increment.value_or(1) < 0))
        parts.push_back(to.min_value ? fmt::format("MINVALUE {}", *to.min_value) : "NO MINVALUE");
    if (from.max_value != to.max_value || (direction_changes && !to.max_value) ||
        (c.from_type != c.to_type && !to.max_value && to.increment.value_or(1) > 0))
        parts.push_back(to.max_value ? fmt::format("MAXVALUE {}", *to.max_value) : "NO MAXVALUE");
    if (effective_start(from) != effective_start(to))
        parts.push_back(fmt::format("START WITH {}", effective_start(to)));
    if (from.cache != to.cache) parts.push_back(fmt::format("CACHE {}", to.cache.value_or(1)));
    if (from.cycle != to.cycle) parts.push_back(to.cycle ? "CYCLE" : "NO CYCLE");
    return fmt::format("{};", fmt::join(parts, " "));
}

}  // namespace schemac::plan
