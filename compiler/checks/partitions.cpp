// Overlapping partitions, found where the bounds are literals: PostgreSQL refuses the second
// partition at CREATE TABLE time ("partition ... would overlap partition ..."); reported here, at
// compile time, with both partitions named.
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "compiler/checks/checks.hpp"
#include "compiler/ir/partitions.hpp"
#include "compiler/sql/partition_bound.hpp"

namespace schemac::checks {
namespace {

// A point of a one-column range: below everything, a number, an ISO date or timestamp text, or
// above everything. Literals of other kinds do not compare here (nullopt).
struct RangePoint {
    int infinity = 0;  // -1 MINVALUE, +1 MAXVALUE
    bool number = false;
    long double value = 0;
    std::string text;
};

bool iso_date_text(const std::string& text) {
    if (text.size() < 10) return false;
    for (std::size_t i = 0; i < 10; ++i) {
        bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
        if ((i == 4 || i == 7) ? text[i] != '-' : !digit) return false;
    }
    return true;
}

std::optional<RangePoint> range_point(const BoundDatum& d) {
    RangePoint p;
    if (d.fingerprint == "MINVALUE")
        p.infinity = -1;
    else if (d.fingerprint == "MAXVALUE")
        p.infinity = 1;
    else if (!d.literal)
        return std::nullopt;
    else if (d.number) {
        try {
            p.number = true;
            p.value = std::stold(*d.literal);
        } catch (...) {
            return std::nullopt;
        }
    } else if (iso_date_text(*d.literal)) {
        p.text = d.literal->substr(0, 10) == *d.literal ? *d.literal + " 00:00:00" : *d.literal;
    } else {
        return std::nullopt;
    }
    return p;
}

// -1, 0, 1; nullopt when the two do not compare (a number and a date).
std::optional<int> compare_points(const RangePoint& a, const RangePoint& b) {
    if (a.infinity || b.infinity) return a.infinity == b.infinity ? 0 : (a.infinity < b.infinity ? -1 : 1);
    if (a.number != b.number) return std::nullopt;
    if (a.number) return a.value == b.value ? 0 : (a.value < b.value ? -1 : 1);
    return a.text == b.text ? 0 : (a.text < b.text ? -1 : 1);
}

struct ReadPartition {
    const ir::Table* table;
    PartitionBound bound;
};

void report_overlap(const ir::Table& first, const ir::Table& second, const std::string& how, Diagnostics& out) {
    Span at = second.origin.detail.known() ? second.origin.detail : second.origin.span;
    out.error("partition-overlap", at,
              fmt::format("partition {} overlaps partition {} of table {}: {}", ir::display_name(second.name),
                          ir::display_name(first.name), ir::display_name(*second.partition_of), how),
              "give each row one partition: change one of the bounds")
        .notes.push_back({first.origin.detail.known() ? first.origin.detail : first.origin.span,
                          fmt::format("partition {} is here", ir::display_name(first.name))});
}

void overlaps_under(const std::vector<ReadPartition>& parts, Diagnostics& out) {
    const ReadPartition* default_partition = nullptr;
    std::map<std::string, const ReadPartition*> list_values;
    std::map<std::pair<long long, long long>, const ReadPartition*> hash_slots;
    std::vector<std::pair<const ReadPartition*, std::pair<RangePoint, RangePoint>>> ranges;
    for (const ReadPartition& p : parts) {
        switch (p.bound.kind) {
            case BoundKind::default_:
                if (default_partition)
                    report_overlap(*default_partition->table, *p.table, "a table has one default partition", out);
                else
                    default_partition = &p;
                break;
            case BoundKind::list:
                for (const BoundDatum& d : p.bound.in) {
                    auto [it, added] = list_values.emplace(d.fingerprint, &p);
                    if (!added && it->second != &p) {
                        report_overlap(*it->second->table, *p.table,
                                       fmt::format("both list the value {}", d.literal ? *d.literal : "NULL"), out);
                        break;
                    }
                }
                break;
            case BoundKind::hash: {
                auto [it, added] = hash_slots.emplace(std::pair{p.bound.modulus, p.bound.remainder}, &p);
                if (!added)
                    report_overlap(
                        *it->second->table, *p.table,
                        fmt::format("both have modulus {} and remainder {}", p.bound.modulus, p.bound.remainder), out);
                break;
            }
            case BoundKind::range: {
                if (p.bound.from.size() != 1 || p.bound.to.size() != 1) break;
                auto low = range_point(p.bound.from[0]), high = range_point(p.bound.to[0]);
                if (!low || !high) break;
                for (const auto& [other, span] : ranges) {
                    auto a = compare_points(*low, span.second), b = compare_points(span.first, *high);
                    if (a && b && *a < 0 && *b < 0) {
                        report_overlap(*other->table, *p.table, "their ranges intersect", out);
                        break;
                    }
                }
                ranges.push_back({&p, {*low, *high}});
                break;
            }
        }
    }
}

}  // namespace

void partition_overlaps(const ir::Database& db, Diagnostics& out) {
    std::map<ir::QualifiedName, std::vector<ReadPartition>> by_parent;
    for (const ir::Table& t : db.tables) {
        if (!t.partition_of) continue;
        PartitionBoundRead read = read_partition_bound(t.partition_bound);
        if (read.bound) by_parent[*t.partition_of].push_back({&t, std::move(*read.bound)});
    }
    for (const auto& [parent, parts] : by_parent) overlaps_under(parts, out);
}

}  // namespace schemac::checks
