#include "tools/schemac/malloc_tuning.hpp"

#include <sys/auxv.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define SCHEMAC_OWN_MALLOC_REPLACED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SCHEMAC_OWN_MALLOC_REPLACED 1
#endif

namespace schemac::cli {
namespace {

#if defined(__GLIBC__) && !defined(SCHEMAC_OWN_MALLOC_REPLACED)
// Huge pages for the heap and for large blocks, and a heap that grows 64 MiB at a time (a
// 50,000-table compile faults about 3,000 times instead of 82,000).
constexpr char our_tunables[] = "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864";
#endif
// Carries the person's GLIBC_TUNABLES to the tuned start: "unset", or "set:" and the value.
constexpr char saved_variable[] = "SCHEMAC_ORIGINAL_GLIBC_TUNABLES";
constexpr char set_prefix[] = "set:";
constexpr std::size_t set_prefix_length = sizeof set_prefix - 1;

// Puts GLIBC_TUNABLES back as `saved` says (setenv copies it before the variable goes).
void put_back(const char* saved) {
    if (std::strncmp(saved, set_prefix, set_prefix_length) == 0)
        ::setenv("GLIBC_TUNABLES", saved + set_prefix_length, 1);
    else
        ::unsetenv("GLIBC_TUNABLES");
    ::unsetenv(saved_variable);
}

// Undoes tune_environment() after a start that failed, keeping errno.
void untune_environment() {
    int error = errno;
    if (const char* saved = std::getenv(saved_variable)) put_back(saved);
    errno = error;
}

// Adds our tunables to GLIBC_TUNABLES, the person's value kept in saved_variable. False, and
// nothing changed, when the person tunes malloc, in a sanitizer build, or when the environment
// cannot be changed.
bool tune_environment() {
#if defined(__GLIBC__) && !defined(SCHEMAC_OWN_MALLOC_REPLACED)
    const char* current = std::getenv("GLIBC_TUNABLES");
    if (current && std::strstr(current, "glibc.malloc.")) return false;  // the person tunes malloc
    std::size_t length = current ? std::strlen(current) : 0;
    char* saved = static_cast<char*>(std::malloc(set_prefix_length + length + sizeof "unset"));
    char* tuned = static_cast<char*>(std::malloc(length + 1 + sizeof our_tunables));
    bool done = saved && tuned;
    if (done) {
        if (current) {
            std::memcpy(saved, set_prefix, set_prefix_length);
            std::memcpy(saved + set_prefix_length, current, length + 1);
        } else {
            std::strcpy(saved, "unset");
        }
        tuned[0] = '\0';
        if (length) {
            std::memcpy(tuned, current, length);
            tuned[length] = ':';
            tuned[length + 1] = '\0';
        }
        std::strcat(tuned, our_tunables);
        done = ::setenv(saved_variable, saved, 1) == 0 && ::setenv("GLIBC_TUNABLES", tuned, 1) == 0;
        if (!done) put_back(saved);
    }
    std::free(saved);
    std::free(tuned);
    return done;
#else
    return false;  // a sanitizer's malloc, or not glibc's
#endif
}

}  // namespace

bool own_program_file(char* out, std::size_t size) {
    ssize_t length = ::readlink("/proc/self/exe", out, size - 1);
    if (length > 0 && static_cast<std::size_t>(length) < size - 1) {
        out[length] = '\0';
        return true;
    }
    if (length > 0) {  // cut short: the buffer cannot hold it
        errno = ENAMETOOLONG;
        return false;
    }
    // No /proc: the path the program was started by, made absolute.
    const char* started_as = reinterpret_cast<const char*>(::getauxval(AT_EXECFN));
    if (!started_as || size < PATH_MAX) {
        errno = started_as ? ENAMETOOLONG : ENOENT;
        return false;
    }
    return ::realpath(started_as, out) != nullptr;
}

void tune_malloc(char** argv) {
    if (const char* saved = std::getenv(saved_variable)) {  // a tuned start
        put_back(saved);
        return;
    }
    // The program's own file by its name (not /proc/self/exe, which would name the process `exe`).
    char program[PATH_MAX];
    if (!own_program_file(program, sizeof program)) return;  // run untuned
    if (!tune_environment()) return;
    ::execv(program, argv);
    untune_environment();  // no second start: run as started
}

void start_tuned(const char* program, char** argv) {
    bool tuned = tune_environment();
    ::execv(program, argv);
    if (tuned) untune_environment();
}

}  // namespace schemac::cli
