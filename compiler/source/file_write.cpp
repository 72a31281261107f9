#include "compiler/source/file_write.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace schemac {
namespace fs = std::filesystem;

namespace {

WriteFaultHook& fault_hook() {
    static WriteFaultHook hook;
    return hook;
}

void step(std::string_view name, const fs::path& target) {
    if (fault_hook()) fault_hook()(name, target);
}

[[noreturn]] void fail_write(const fs::path& target, const std::string& reason) {
    throw WriteError(fmt::format("cannot write {}: {}", target.string(), reason));
}

std::string system_reason(int error) { return std::strerror(error); }

fs::path directory_of(const fs::path& target) {
    return target.has_parent_path() ? target.parent_path() : fs::path(".");
}

// Makes the directory's entries (a rename) durable.
void sync_directory(const fs::path& target) {
    int fd = ::open(directory_of(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // nothing to sync on a file system that cannot open directories
    ::fsync(fd);
    ::close(fd);
}

// The permissions a new file gets (0666 less the umask), or the target's own when it exists.
mode_t file_mode(const fs::path& target) {
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
    mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

// Starts writing back the range [from, to) of `fd` to the disk without waiting for it, so that
// the fsync that follows finds most of it written (no-op where the call is not there).
void start_writeback(int fd, off_t from, off_t to) {
#ifdef SYNC_FILE_RANGE_WRITE
    if (to > from) ::sync_file_range(fd, from, to - from, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd, (void)from, (void)to;
#endif
}

// Written back while a large file is still being written: a piece of this many bytes.
constexpr off_t writeback_step = off_t{1} << 20;

// A temporary written in full: its path, and its descriptor while its fsync is still to come.
struct Temporary {
    fs::path path;
    int fd = -1;
};

// Waits for `fd`'s content to reach the disk and closes it; on failure removes the temporary
// and throws WriteError naming the target.
void sync_and_close(int fd, const fs::path& temporary, const fs::path& target) {
    std::string reason;
    try {
        step("sync", target);
        if (::fsync(fd) != 0) reason = system_reason(errno);
    } catch (const std::exception& e) {  // the test seam
        reason = e.what();
    }
    if (::close(fd) != 0 && reason.empty()) reason = system_reason(errno);
    if (!reason.empty()) {
        ::unlink(temporary.c_str());
        fail_write(target, reason);
    }
}

// Writes the pieces `write` gives to a new temporary file beside `target`. With `sync_later`
// its descriptor stays open, its writeback started, for sync_and_close(); otherwise it is synced
// and closed here.
Temporary write_temporary(const fs::path& target, const StagedFiles::Pieces& write, bool sync_later) {
    std::error_code ec;
    if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
    std::string name = (directory_of(target) / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    try {
        step("create", target);
    } catch (const std::exception& e) {  // the test seam
        fail_write(target, e.what());
    }
    int fd = ::mkostemp(name.data(), O_CLOEXEC);  // not inherited by a program started meanwhile
    if (fd < 0) fail_write(target, system_reason(errno));
    fs::path temporary = name;
    bool given_up = false;
    auto give_up = [&](const std::string& reason) {
        given_up = true;
        ::close(fd);
        ::unlink(temporary.c_str());
        fail_write(target, reason);
    };
    off_t written = 0, written_back = 0;
    try {
        step("write", target);
        write([&](std::string_view text) {
            for (std::size_t done = 0; done < text.size();) {
                ssize_t n = ::write(fd, text.data() + done, text.size() - done);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) give_up(system_reason(n < 0 ? errno : ENOSPC));
                done += static_cast<std::size_t>(n);
                written += static_cast<off_t>(n);
            }
            if (written - written_back >= writeback_step) {
                start_writeback(fd, written_back, written);
                written_back = written;
            }
        });
        if (::fchmod(fd, file_mode(target)) != 0) give_up(system_reason(errno));
    } catch (const WriteError&) {
        if (!given_up) {  // from what made the pieces: its message says what went wrong
            ::close(fd);
            ::unlink(temporary.c_str());
        }
        throw;
    } catch (const std::exception& e) {  // the test seam, or what made the pieces
        give_up(e.what());
    }
    if (sync_later) {
        start_writeback(fd, written_back, written);
        return {std::move(temporary), fd};
    }
    sync_and_close(fd, temporary, target);
    return {std::move(temporary), -1};
}

void rename_into_place(const fs::path& temporary, const fs::path& target) {
    try {
        step("rename", target);
    } catch (const std::exception& e) {
        ::unlink(temporary.c_str());
        fail_write(target, e.what());
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        int error = errno;
        ::unlink(temporary.c_str());
        fail_write(target, error == EISDIR ? "it is a directory" : system_reason(error));
    }
    sync_directory(target);
}

StagedFiles::Pieces whole(std::string_view text) {
    return [text](const std::function<void(std::string_view)>& write) { write(text); };
}

}  // namespace

void set_write_fault_hook(WriteFaultHook hook) { fault_hook() = std::move(hook); }

void write_text_file(const fs::path& path, std::string_view text) {
    rename_into_place(write_temporary(path, whole(text), false).path, path);
}

StagedFiles::~StagedFiles() {
    for (const Staged& s : staged_) {
        if (s.fd >= 0) ::close(s.fd);
        ::unlink(s.temporary.c_str());
    }
}

void StagedFiles::add(const fs::path& path, std::string_view text) { add(path, whole(text)); }

void StagedFiles::add(const fs::path& path, const Pieces& write) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) fail_write(path, "it is a directory");
    bool existed = fs::exists(path, ec);
    // Made before the write, so that nothing that may throw (an allocation) comes between the
    // temporary's creation and its entry, which the destructor removes.
    staged_.reserve(staged_.size() + 1);
    Staged entry{path, {}, existed, -1};
    Temporary temporary = write_temporary(path, write, unsynced_ < max_unsynced);
    entry.temporary = std::move(temporary.path);
    entry.fd = temporary.fd;
    staged_.push_back(std::move(entry));
    if (temporary.fd >= 0) ++unsynced_;
}

void StagedFiles::commit() {
    for (Staged& s : staged_) {  // every file on the disk before the first rename
        if (s.fd < 0) continue;
        int fd = std::exchange(s.fd, -1);
        --unsynced_;
        sync_and_close(fd, s.temporary, s.target);  // on failure the destructor removes the rest
    }
    std::vector<Staged> staged = std::exchange(staged_, {});
    for (std::size_t i = 0; i < staged.size(); ++i) {
        try {
            rename_into_place(staged[i].temporary, staged[i].target);
        } catch (const WriteError& e) {
            for (std::size_t j = i + 1; j < staged.size(); ++j) ::unlink(staged[j].temporary.c_str());
            // Undo what can be undone: the files this commit created. Replaced ones stay.
            std::string replaced;
            for (std::size_t j = 0; j < i; ++j) {
                if (staged[j].existed)
                    replaced += (replaced.empty() ? "" : ", ") + staged[j].target.string();
                else
                    ::unlink(staged[j].target.c_str());
            }
            if (!replaced.empty()) throw WriteError(fmt::format("{} (after replacing {})", e.what(), replaced));
            throw;
        }
    }
}

}  // namespace schemac
