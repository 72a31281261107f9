// Placeholder until the scratch server lands.
#include "runtime/scratch_postgres.hpp"

namespace schemac::runtime {

std::unique_ptr<ScratchServer> ScratchServer::start(const ScratchOptions&) {
    throw ScratchError("the scratch PostgreSQL is not built yet", "");
}

std::vector<MissingExtension> missing_extensions(Session&, const std::vector<std::string>&) { return {}; }
std::string missing_extension_message(const MissingExtension& missing, std::string_view) { return missing.name; }
std::string missing_extension_help(const MissingExtension& missing) { return missing.package; }

}  // namespace schemac::runtime
