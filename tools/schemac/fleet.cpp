#include "tools/schemac/fleet.hpp"

namespace schemac::cli {

void add_fleet_options(CLI::App&, FleetOptions&) {}

bool fleet_requested(const FleetOptions& options) {
    return options.targets_file || options.targets_query || options.tenant_schemas;
}

int run_fleet(const std::string&, const FleetOptions&, const CommonOptions&) {
    return cannot_run_error("fleets are not built yet");
}

}  // namespace schemac::cli
