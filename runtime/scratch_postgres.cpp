#include "runtime/scratch_postgres.hpp"

#include "runtime/scratch_servers.hpp"

namespace schemac::runtime {

std::unique_ptr<ScratchServer> ScratchServer::start(const ScratchOptions& options) {
    if (options.dev_url) return start_dev_url_server(*options.dev_url);
    return start_own_server();
}

}  // namespace schemac::runtime
