// A partition's bound (`FOR VALUES FROM (...) TO (...)`, `FOR VALUES IN (...)`, `FOR VALUES WITH
// (modulus M, remainder R)`, `DEFAULT`) read by libpg_query: its form, its canonical text, and
// whether two bounds mean the same. What is written (`for values from ('2026-11-01') to (...)`)
// and what pg_get_expr(relpartbound) prints for it (`FOR VALUES FROM ('2026-11-01 00:00:00+00')
// TO (...)`) compare equal: each value is compared as a default is (expression_fingerprint).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

enum class BoundKind { default_, range, list, hash };

// One value of a bound: MINVALUE, MAXVALUE, NULL, a constant or an expression.
struct BoundDatum {
    std::string fingerprint;             // what compares: "MINVALUE", "MAXVALUE" or the normalised tree
    std::optional<std::string> literal;  // a plain constant's text (a string unquoted), for overlap checks
    bool number = false;                 // the literal is a number as written
};

struct PartitionBound {
    BoundKind kind = BoundKind::default_;
    std::string canonical;  // PostgreSQL's words in upper case: "FOR VALUES FROM ('a') TO ('b')"
    std::vector<BoundDatum> from, to, in;
    long long modulus = 0, remainder = 0;
};

struct PartitionBoundRead {
    std::optional<PartitionBound> bound;
    std::string error;         // PostgreSQL's message when the bound does not parse
    std::size_t error_at = 0;  // byte offset of the error in the bound's text
};

PartitionBoundRead read_partition_bound(std::string_view bound);

// Whether two bounds' texts mean the same (both must parse; equal texts always do).
bool same_partition_bound(std::string_view a, std::string_view b);

}  // namespace schemac

#include "compiler/ir/ir.hpp"

namespace schemac {

// The partition key PostgreSQL describes with pg_get_partkeydef (`RANGE (created_at)`, `LIST
// (lower(a) COLLATE "C")`, `HASH (((b + 1)))`), as the IR holds it; nullopt when it does not read.
std::optional<ir::PartitionKey> read_partition_key_definition(std::string_view definition);

}  // namespace schemac
