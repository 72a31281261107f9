// The two kinds of scratch server behind ScratchServer::start: the one schemac starts for itself
// and the one `--dev-url` names. Internal to runtime/scratch_*.cpp.
#pragma once

#include <pwd.h>
#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/postgres_binaries.hpp"
#include "runtime/scratch_postgres.hpp"

namespace schemac::runtime {

std::unique_ptr<ScratchServer> start_dev_url_server(const std::string& dev_url);
std::unique_ptr<ScratchServer> start_own_server();

// Who runs initdb and the server: nobody else when schemac is not root (euid); `postgres` when it
// is. ScratchError, saying what to do, when there is no such user or it is root too.
struct ServerUser {
    std::optional<uid_t> uid;
    std::optional<gid_t> gid;
};
ServerUser scratch_server_user(uid_t euid, const passwd* postgres);

// The first of `candidates` holding the server programs; ScratchError naming them all and what to
// install when none does.
PostgresBinaries scratch_binaries(const std::vector<std::string>& candidates);

}  // namespace schemac::runtime
