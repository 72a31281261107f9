// Holds a scratch PostgreSQL until interrupted or killed: starts one (or uses the --dev-url given
// as the only argument), creates a database, prints its URL on one line and waits. The tests send
// it SIGINT or SIGKILL and check that the guardian leaves no server, folder or database behind.
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "runtime/scratch_guardian.hpp"
#include "runtime/scratch_postgres.hpp"

int main(int argc, char** argv) {
    schemac::runtime::exit_130_on_interrupt();
    schemac::runtime::ScratchOptions options;
    if (argc > 1) options.dev_url = argv[1];
    try {
        std::unique_ptr<schemac::runtime::ScratchServer> server = schemac::runtime::ScratchServer::start(options);
        std::string url = server->create_database("hold");
        std::printf("%s\n", url.c_str());
        std::fflush(stdout);
        for (;;) ::pause();
    } catch (const schemac::runtime::ScratchError& e) {
        std::fprintf(stderr, "scratch_hold: %s\n  help: %s\n", e.what(), e.help.c_str());
        return 2;
    }
}
