#include "runtime/migration_lock.hpp"

#include <fmt/format.h>

#include <cstring>
#include <pqxx/pqxx>
#include <thread>

#include "compiler/migrations/sha256.hpp"

namespace schemac::runtime {
namespace {

bool try_lock(Session& session, std::int64_t key) {
    pqxx::nontransaction tx(session.connection());
    return tx.exec(fmt::format("SELECT pg_try_advisory_lock({})", key))[0][0].as<bool>();
}

int holder_pid(Session& session, std::int64_t key) {
    auto bits = static_cast<std::uint64_t>(key);
    pqxx::nontransaction tx(session.connection());
    pqxx::result r = tx.exec(fmt::format("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = {} AND "
                                         "objid = {} AND objsubid = 1 AND granted LIMIT 1",
                                         bits >> 32, bits & 0xffffffffu));
    return r.empty() ? 0 : r[0][0].as<int>();
}

}  // namespace

std::int64_t migration_lock_key(std::string_view history_schema) {
    std::string hex = sha256_hex(fmt::format("schemac migrate {}", history_schema));
    return static_cast<std::int64_t>(std::stoull(hex.substr(0, 16), nullptr, 16));
}

std::unique_ptr<MigrationLock> MigrationLock::acquire(Session& session, std::int64_t key,
                                                      std::chrono::milliseconds timeout,
                                                      const std::function<void(int holder_pid)>& on_wait) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    bool told = false;
    for (;;) {
        if (try_lock(session, key)) return std::unique_ptr<MigrationLock>(new MigrationLock(session, key));
        if (!told && on_wait) on_wait(holder_pid(session, key));
        told = true;
        if (std::chrono::steady_clock::now() >= deadline) return nullptr;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

MigrationLock::~MigrationLock() {
    try {
        pqxx::nontransaction tx(session_.connection());
        tx.exec(fmt::format("SELECT pg_advisory_unlock({})", key_));
    } catch (...) {
    }
}

}  // namespace schemac::runtime
