#include "runtime/scratch_template.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

namespace schemac::runtime {
namespace {

namespace fs = std::filesystem;

// Under $XDG_CACHE_HOME or $HOME when that folder exists (a missing home is not made up).
std::optional<fs::path> cache_folder() {
    std::error_code ec;
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache == '/' && fs::is_directory(cache, ec))
        return fs::path(cache) / "schemac";
    if (const char* home = std::getenv("HOME"); home && *home == '/' && fs::is_directory(home, ec))
        return fs::path(home) / ".cache" / "schemac";
    return std::nullopt;
}

void give_to(const fs::path& root, uid_t uid, gid_t gid) {
    if (::lchown(root.c_str(), uid, gid) != 0)
        throw fs::filesystem_error("chown", root, std::error_code(errno, std::generic_category()));
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (::lchown(entry.path().c_str(), uid, gid) != 0)
            throw fs::filesystem_error("chown", entry.path(), std::error_code(errno, std::generic_category()));
}

}  // namespace

std::optional<std::string> initdb_template_path(const std::string& bin_dir, const std::string& version,
                                                const std::vector<std::string>& initdb_options) {
    std::optional<fs::path> folder = cache_folder();
    if (!folder) return std::nullopt;
    std::string key = bin_dir;
    for (const std::string& option : initdb_options) key += "\n" + option;
    return (*folder / fmt::format("initdb-{}-{:016x}", version, std::hash<std::string>{}(key))).string();
}

bool copy_initdb_template(const std::string& entry, const std::string& data, std::optional<uid_t> uid,
                          std::optional<gid_t> gid) {
    std::error_code ec;
    if (!fs::exists(fs::path(entry) / "PG_VERSION", ec)) return false;
    try {
        fs::copy(entry, data, fs::copy_options::recursive);
        fs::permissions(data, fs::perms::owner_all, fs::perm_options::replace);
        if (uid && gid) give_to(data, *uid, *gid);
        return true;
    } catch (const std::exception&) {
        fs::remove_all(data, ec);
        return false;
    }
}

void remember_initdb_template(const std::string& data, const std::string& entry) {
    std::error_code ec;
    if (fs::exists(entry, ec)) return;
    fs::path parent = fs::path(entry).parent_path();
    fs::create_directories(parent, ec);
    if (ec) return;
    fs::permissions(parent, fs::perms::owner_all, fs::perm_options::replace, ec);
    fs::path building = fmt::format("{}.building-{}", entry, ::getpid());
    try {
        fs::copy(data, building, fs::copy_options::recursive);
        fs::rename(building, entry);  // fails when another run has just put one there: keep that one
    } catch (const std::exception&) {
    }
    fs::remove_all(building, ec);
}

}  // namespace schemac::runtime
