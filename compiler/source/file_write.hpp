// Writing files so that a full disk, a crash or a kill leaves either the previous content or the
// new one, never a truncated mix: the text goes to a temporary file in the same directory
// (`.NAME.tmp-XXXXXX`, which no listing of migrations or schema files picks up), is fsynced,
// renamed over the target, and the directory is fsynced. The one helper for every file schemac
// writes: migrations, the snapshot, schemac.sum, and the .schema files of `pull` and `fmt`.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

// Thrown with "cannot write PATH: REASON"; the target is as it was and no temporary is left.
struct WriteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Writes `text` to `path` (creating its directory) atomically, as above. Throws WriteError.
void write_text_file(const std::filesystem::path& path, std::string_view text);

// A set of files written together. add() writes each one's temporary at once (and refuses a
// target that is a directory), starting its writeback to the disk without waiting for it;
// commit() waits for every temporary to be on the disk (fsync), then renames them into place in
// the order they were added, syncing the directory after each, so a reader (or a crash) sees the
// earlier ones replaced before the later ones. The disk writes one file while the next is made,
// instead of the program waiting for each in turn. A failure in add(), in a sync, or before
// commit() leaves every target untouched; the destructor removes temporaries not committed.
class StagedFiles {
public:
    StagedFiles() = default;
    ~StagedFiles();
    StagedFiles(const StagedFiles&) = delete;
    StagedFiles& operator=(const StagedFiles&) = delete;

    void add(const std::filesystem::path& path, std::string_view text);  // throws WriteError
    // The same, with the text made while it is written: `write` calls its argument with each
    // piece in order (a large file is never held whole).
    using Pieces = std::function<void(const std::function<void(std::string_view)>&)>;
    void add(const std::filesystem::path& path, const Pieces& write);
    // Throws WriteError when a sync fails (nothing is renamed then: every target is as it was), or
    // when a rename fails: the files this commit created before it are removed again; files it
    // replaced before it stay replaced, and the message names them.
    void commit();

private:
    struct Staged {
        std::filesystem::path target, temporary;
        bool existed = false;  // the target was there before: a rename replaces it
        int fd = -1;           // open until its fsync in commit(); -1 once synced
    };
    // At most this many temporaries wait for their fsync with their file open; later ones are
    // synced as they are written (a `pull` or `fmt` of thousands of files stays within the
    // process's limit on open files).
    static constexpr std::size_t max_unsynced = 64;
    std::vector<Staged> staged_;
    std::size_t unsynced_ = 0;
};

// A seam for tests: called before each step of a write ("create", "write", "sync", "rename"), with
// the target path; when it throws, the write fails there as a full disk or an I/O error would.
// An empty function (the default) does nothing.
using WriteFaultHook = std::function<void(std::string_view step, const std::filesystem::path& target)>;
void set_write_fault_hook(WriteFaultHook hook);

}  // namespace schemac
