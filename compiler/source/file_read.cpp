#include "compiler/source/file_read.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace schemac {

// One read of the whole file into a string of its size (a stream copy through an ostringstream
// costs a second copy and many small writes, which shows on a snapshot of many megabytes).
std::string read_file(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw LoadError(fmt::format("{}: cannot be read", path.string()));
    struct stat st {};
    std::size_t expected = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) : 0;
    std::string out(expected + 1, '\0');  // one byte more: the end is seen without a second call
    std::size_t size = 0;
    for (;;) {
        if (size == out.size()) out.resize(out.size() * 2);
        ssize_t n = ::read(fd, out.data() + size, out.size() - size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EISDIR) break;  // a directory reads as nothing, as it always has
        if (n < 0) {
            ::close(fd);
            throw LoadError(fmt::format("{}: cannot be read", path.string()));
        }
        if (n == 0) break;
        size += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.resize(size);
    return out;
}

}  // namespace schemac
