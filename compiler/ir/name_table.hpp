// NameTable: names looked up by their text, each with a small value beside it, in one array.
// NameSet: the same without values.
//
// Promises:
//  - The table keeps only a view of each name: the text must outlive it (the IR's own strings,
//    the syntax tree's). It never copies a name.
//  - No allocation per name: the names and their values sit in one list in the order they were
//    added, found through an index of 4-byte entry numbers (open addressing, linear probing, at
//    most half full). The checks and the namer of a 50,000-table schema hold 200,000 names at
//    the compile's peak: std::unordered_map allocates a node for each and chases a pointer per
//    lookup; a table of whole entries at half load doubles their memory.
//  - Finds by equal text; the empty name is a name like any other.
//  - No iteration order is promised, and none is offered: whatever must be deterministic keeps
//    its own list.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace schemac::ir {

template <class Value>
class NameTable {
public:
    // Room for `count` names without growing.
    void reserve(std::size_t count) {
        entries_.reserve(count);
        if (count * 2 > index_.size()) rebuild_index(capacity_for(count));
    }

    Value* find(std::string_view name) {
        if (entries_.empty()) return nullptr;
        std::uint32_t at = index_slot(name, hash_of(name));
        return at ? &entries_[at - 1].value : nullptr;
    }
    const Value* find(std::string_view name) const { return const_cast<NameTable*>(this)->find(name); }
    bool contains(std::string_view name) const { return find(name) != nullptr; }

    // Adds `name` with `value` unless the table has it: the value kept, and whether it was added.
    std::pair<Value*, bool> insert(std::string_view name, Value value) {
        if ((entries_.size() + 1) * 2 > index_.size()) rebuild_index(capacity_for(entries_.size() + 1));
        std::uint32_t hash = hash_of(name);
        std::uint32_t& at = index_slot(name, hash);
        if (at) return {&entries_[at - 1].value, false};
        entries_.push_back(Entry{name.data(), static_cast<std::uint32_t>(name.size()), hash, std::move(value)});
        at = static_cast<std::uint32_t>(entries_.size());
        return {&entries_.back().value, true};
    }

    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    // Forgets every name and keeps the room. Only the index slots in use are emptied: a table
    // that once held many names costs a later, smaller use no more than that use's names.
    void clear() {
        std::size_t mask = index_.size() - 1;
        for (std::size_t e = 0; e < entries_.size(); ++e) {
            std::size_t i = entries_[e].hash & mask;
            while (index_[i] != e + 1) i = (i + 1) & mask;  // it is there, maybe past slots emptied already
            index_[i] = 0;
        }
        entries_.clear();
    }

private:
    struct Entry {
        const char* data;
        std::uint32_t size;
        std::uint32_t hash;
        [[no_unique_address]] Value value;
    };

    static std::uint32_t hash_of(std::string_view name) {
        std::uint64_t hash = std::hash<std::string_view>{}(name);
        return static_cast<std::uint32_t>(hash ^ (hash >> 32));
    }
    static std::size_t capacity_for(std::size_t count) {
        std::size_t capacity = 16;
        while (capacity < count * 2) capacity *= 2;
        return capacity;
    }
    // The index slot that holds the entry of `name`, or the empty one (0) where it would go.
    // The index is never full.
    std::uint32_t& index_slot(std::string_view name, std::uint32_t hash) {
        std::size_t mask = index_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            std::uint32_t& at = index_[i];
            if (!at) return at;
            const Entry& entry = entries_[at - 1];
            if (entry.hash == hash && std::string_view(entry.data, entry.size) == name) return at;
        }
    }
    void rebuild_index(std::size_t capacity) {
        index_.assign(capacity, 0u);
        std::size_t mask = capacity - 1;
        for (std::size_t e = 0; e < entries_.size(); ++e) {
            std::size_t i = entries_[e].hash & mask;
            while (index_[i]) i = (i + 1) & mask;
            index_[i] = static_cast<std::uint32_t>(e + 1);
        }
    }

    std::vector<Entry> entries_;        // in the order added
    std::vector<std::uint32_t> index_;  // entry number + 1, 0 for none; a power of two in size, or empty
};

struct NoValue {};
using NameSet = NameTable<NoValue>;

}  // namespace schemac::ir
