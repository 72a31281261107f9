#include "compiler/ir/partitions.hpp"

namespace schemac::ir {

const Table& partition_root(const Database& db, const Table& table) {
    const Table* at = &table;
    for (std::size_t steps = 0; at->partition_of && steps <= db.tables.size(); ++steps) {
        const Table* parent = find_table(db, *at->partition_of);
        if (!parent) break;
        at = parent;
    }
    return *at;
}

const std::vector<Column>& columns_of(const Database& db, const Table& table) {
    return table.partition_of ? partition_root(db, table).columns : table.columns;
}

int partition_depth(const Database& db, const Table& table) {
    int depth = 0;
    const Table* at = &table;
    while (at->partition_of && depth <= static_cast<int>(db.tables.size())) {
        ++depth;
        at = find_table(db, *at->partition_of);
        if (!at) break;
    }
    return depth;
}

std::vector<const Table*> partitions_of(const Database& db, const QualifiedName& parent) {
    std::vector<const Table*> out;
    for (const Table& t : db.tables)
        if (t.partition_of && *t.partition_of == parent) out.push_back(&t);
    return out;
}

}  // namespace schemac::ir
