#include "tools/schemac/scratch_options.hpp"

#include <iostream>

#include "runtime/scratch_guardian.hpp"

namespace schemac::cli {

void add_dev_url_option(CLI::App& command, std::optional<std::string>& dev_url) {
    command.add_option("--dev-url", dev_url,
                       "a PostgreSQL server to verify on instead of starting one: schemac creates a scratch database "
                       "there and drops it at the end");
}

std::unique_ptr<runtime::ScratchServer> start_scratch(const std::optional<std::string>& dev_url, const CommonOptions&) {
    // Ctrl-C: "interrupted" and exit 130 at once; the scratch server's guardian stops it and
    // removes its folder (or drops the scratch databases of --dev-url).
    runtime::exit_130_on_interrupt();
    try {
        return runtime::ScratchServer::start(runtime::ScratchOptions{dev_url});
    } catch (const runtime::ScratchError& e) {
        std::cerr << "schemac: error: " << e.what() << "\n";
        if (!e.help.empty()) std::cerr << "  help: " << e.help << "\n";
        return nullptr;
    }
}

}  // namespace schemac::cli
