#include "compiler/source/file_read.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace schemac {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw LoadError(fmt::format("{}: cannot be read", path.string()));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw LoadError(fmt::format("{}: cannot be read", path.string()));
    return text.str();
}

}  // namespace schemac
