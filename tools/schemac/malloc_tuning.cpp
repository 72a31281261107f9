#include "tools/schemac/malloc_tuning.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define SCHEMAC_OWN_MALLOC_REPLACED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SCHEMAC_OWN_MALLOC_REPLACED 1
#endif

namespace schemac::cli {
#if defined(__GLIBC__) && !defined(SCHEMAC_OWN_MALLOC_REPLACED)
namespace {

// Huge pages for the heap and for large blocks, and a heap that grows 64 MiB at a time (a
// 50,000-table compile faults about 3,000 times instead of 82,000).
constexpr std::string_view our_tunables = "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864";
// Carries the person's GLIBC_TUNABLES to the second start: "unset", or "set:" and the value.
constexpr const char* saved_variable = "SCHEMAC_ORIGINAL_GLIBC_TUNABLES";

void put_back(std::string_view saved) {
    if (saved.starts_with("set:"))
        ::setenv("GLIBC_TUNABLES", std::string(saved.substr(4)).c_str(), 1);
    else
        ::unsetenv("GLIBC_TUNABLES");
    ::unsetenv(saved_variable);
}

}  // namespace

void tune_malloc(char** argv) {
    if (const char* saved = std::getenv(saved_variable)) {  // the second start: tuned
        put_back(std::string(saved));
        return;
    }
    const char* current = std::getenv("GLIBC_TUNABLES");
    std::string_view theirs = current ? current : "";
    if (theirs.find("glibc.malloc.") != std::string_view::npos) return;  // the person tunes malloc
    // The program's own file by its name (not /proc/self/exe, which would name the process `exe`).
    std::error_code error;
    std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) return;
    std::string saved = current ? "set:" + std::string(theirs) : "unset";
    std::string tuned = theirs.empty() ? std::string(our_tunables)
                                       : std::string(theirs) + ":" + std::string(our_tunables);
    if (::setenv(saved_variable, saved.c_str(), 1) == 0 && ::setenv("GLIBC_TUNABLES", tuned.c_str(), 1) == 0)
        ::execv(program.c_str(), argv);
    put_back(saved);  // no second start: run as started
}
#else
void tune_malloc(char**) {}  // a sanitizer's malloc, or not glibc's
#endif

}  // namespace schemac::cli
