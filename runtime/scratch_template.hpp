// initdb is most of a scratch server's start: its output is kept once per PostgreSQL version and
// set of initdb options in the user's cache folder ($XDG_CACHE_HOME/schemac, else
// ~/.cache/schemac), and later servers start from a copy of it. An entry is complete or absent
// (built aside, renamed into place); any failure to read or write the cache only means initdb
// runs, never a failed start.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace schemac::runtime {

// The cache entry for these binaries and initdb arguments (whether it exists or not); nothing
// when there is no cache folder to use.
std::optional<std::string> initdb_template_path(const std::string& bin_dir, const std::string& version,
                                                const std::vector<std::string>& initdb_options);

// Copies the entry into `data` (a new folder), owned by uid/gid when given; false (and nothing
// left at `data`) when it could not.
bool copy_initdb_template(const std::string& entry, const std::string& data, std::optional<uid_t> uid,
                          std::optional<gid_t> gid);

// Keeps a copy of `data` (a stopped, freshly made data folder) as the entry, if none is there yet.
void remember_initdb_template(const std::string& data, const std::string& entry);

}  // namespace schemac::runtime
