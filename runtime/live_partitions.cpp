#include "runtime/live_partitions.hpp"

#include <algorithm>
#include <set>

namespace schemac::runtime {

void set_aside_unmanaged_partitions(const ir::Database& target, Introspection& live) {
    std::vector<ir::Table>& tables = live.database.tables;
    std::set<ir::QualifiedName> set_aside;
    // Parents before their partitions is not the order tables come in: repeat until nothing moves,
    // so that a sub-partition of a partition set aside goes with it.
    for (bool moved = true; moved;) {
        moved = false;
        for (const ir::Table& t : tables) {
            if (!t.partition_of || set_aside.count(t.name) || ir::find_table(target, t.name)) continue;
            const ir::Table* parent = ir::find_table(target, *t.partition_of);
            if (!set_aside.count(*t.partition_of) && !(parent && parent->unmanaged_partitions)) continue;
            set_aside.insert(t.name);
            live.unmanaged.push_back(
                UnmanagedObject{"partition", t.name.schema, t.name.name,
                                "of " + ir::display_name(*t.partition_of) + " " + t.partition_bound});
            moved = true;
        }
    }
    tables.erase(std::remove_if(tables.begin(), tables.end(),
                                [&](const ir::Table& t) { return set_aside.count(t.name) > 0; }),
                 tables.end());
}

}  // namespace schemac::runtime
