// The two kinds of scratch server behind ScratchServer::start: the one schemac starts for itself
// and the one `--dev-url` names. Internal to runtime/scratch_*.cpp.
#pragma once

#include <memory>
#include <string>

#include "runtime/scratch_postgres.hpp"

namespace schemac::runtime {

std::unique_ptr<ScratchServer> start_dev_url_server(const std::string& dev_url);
std::unique_ptr<ScratchServer> start_own_server();

}  // namespace schemac::runtime
