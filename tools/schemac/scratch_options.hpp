// What `verify`, `check --verify` and `generate --verify` share: the `--dev-url` option and
// starting the scratch PostgreSQL, with a failure printed as one error and its help (the caller
// exits 2).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "runtime/scratch_postgres.hpp"
#include "tools/schemac/cli_options.hpp"

namespace schemac::cli {

void add_dev_url_option(CLI::App& command, std::optional<std::string>& dev_url);

// nullptr after printing why.
std::unique_ptr<runtime::ScratchServer> start_scratch(const std::optional<std::string>& dev_url,
                                                      const CommonOptions& options);

}  // namespace schemac::cli
