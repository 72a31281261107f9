#include "runtime/scratch_postgres.hpp"

#include "runtime/scratch_servers.hpp"

namespace schemac::runtime {

std::unique_ptr<ScratchServer> ScratchServer::start(const ScratchOptions& options) {
    if (options.dev_url) return start_dev_url_server(*options.dev_url);
    return start_own_server();
}

std::unique_ptr<ScratchServer> start_own_server() {
    throw ScratchError("schemac cannot start its own PostgreSQL yet", "pass --dev-url URL");
}

std::vector<MissingExtension> missing_extensions(Session&, const std::vector<std::string>&) { return {}; }
std::string missing_extension_message(const MissingExtension& missing, std::string_view) { return missing.name; }
std::string missing_extension_help(const MissingExtension& missing) { return missing.package; }

}  // namespace schemac::runtime
