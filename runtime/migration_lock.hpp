// The lock that makes `migrate` and `baseline` run one at a time per database: a session-level
// advisory lock, taken with pg_try_advisory_lock in a retry loop until a deadline. Session
// level, so it spans the migrations' own transactions and does not block CREATE INDEX
// CONCURRENTLY (a transaction-level or blocking lock would deadlock with it); and it goes
// away with the session, so a killed runner never leaves it behind.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "runtime/connection.hpp"

namespace schemac::runtime {

// The advisory lock key for a history table's schema: the first 8 bytes of
// sha256("schemac migrate <schema>"), so runners of one history table exclude each other.
std::int64_t migration_lock_key(std::string_view history_schema);

class MigrationLock {
public:
    // Tries until `timeout` has passed; calls on_wait once, with the holder's backend pid (0 when
    // unknown), when the lock is busy. nullptr when the deadline passed.
    static std::unique_ptr<MigrationLock> acquire(Session& session, std::int64_t key, std::chrono::milliseconds timeout,
                                                  const std::function<void(int holder_pid)>& on_wait);
    ~MigrationLock();  // pg_advisory_unlock; errors ignored (the session's end frees it anyway)
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

private:
    MigrationLock(Session& session, std::int64_t key) : session_(session), key_(key) {}
    Session& session_;
    std::int64_t key_;
};

}  // namespace schemac::runtime
