// Reading a whole file as bytes, for every file schemac reads (.schema sources, migrations, the
// snapshot, schemac.sum): a path that cannot be read is a LoadError naming it, which a command
// reports and exits 2 on.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace schemac {

// A path that cannot be read: the command exits 2.
struct LoadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string read_file(const std::filesystem::path& path);  // throws LoadError

}  // namespace schemac
