// Every command's --help ends with examples (also the EXAMPLE section of its manual page); they
// are kept together here, one place to read them all and keep them true.
#pragma once

#include <CLI/CLI.hpp>

namespace schemac::cli {

// Sets the footer of each command of `app` (and `migrate resolve`) that has examples.
void add_examples(CLI::App& app);

}  // namespace schemac::cli
