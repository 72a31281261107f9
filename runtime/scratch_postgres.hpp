// A PostgreSQL that schemac starts for itself, for `verify` and `generate --verify`: the server
// binaries found the way `pg_config --bindir`, PATH and the usual Debian and Homebrew folders
// show; `initdb` in a new temporary folder (fsync off), listening only on a private socket in
// that folder; run as an unprivileged user (`postgres`) when schemac runs as root. A guardian
// process stops the server and removes the folder when schemac exits in any way: normally, on
// an error, on Ctrl-C or when it is killed. With `--dev-url` a given server is used instead: a
// scratch database is created there and dropped at the end (the guardian drops it too), and no
// existing database is ever touched. One server per run, however many databases it needs.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/connection.hpp"

namespace schemac::runtime {

// Why no scratch PostgreSQL could be had (exit 2): one line, and a help line that says what to
// install, which user to run as, or which option to pass.
struct ScratchError : std::runtime_error {
    ScratchError(const std::string& message, std::string help) : std::runtime_error(message), help(std::move(help)) {}
    std::string help;
};

struct ScratchOptions {
    // `--dev-url`: a server to use instead of starting one. Its database part names the
    // maintenance database connected to for CREATE/DROP DATABASE (`postgres` when absent).
    std::optional<std::string> dev_url;
};

class ScratchServer {
public:
    // Starts the server (or checks that --dev-url answers and may create databases). Throws
    // ScratchError.
    static std::unique_ptr<ScratchServer> start(const ScratchOptions& options);
    virtual ~ScratchServer() = default;  // stops the server and removes its folder / drops what it created

    // A new empty database, dropped with the server; `purpose` becomes part of its name
    // (`schemac_verify_<purpose>_<random>`). Returns its connection URL.
    virtual std::string create_database(std::string_view purpose) = 0;
    // Creates each role that does not exist yet (NOLOGIN), remembering it: roles are the
    // cluster's, so the ones made on a --dev-url server are dropped at the end (after the
    // databases). The roles a schema declares and grants to must exist before it replays.
    virtual void ensure_roles(const std::vector<std::string>& roles) = 0;
    // "PostgreSQL 15.8 started for this run" / "the server of --dev-url (PostgreSQL 16.2)".
    virtual std::string description() const = 0;
    virtual int server_version() const = 0;  // 150008
    // How long the start took, for `verify`'s summary and the benchmark.
    virtual long long start_ms() const = 0;
};

// An extension the schema needs that the server cannot install (not in
// pg_available_extensions), with the package that usually provides it.
struct MissingExtension {
    std::string name;
    std::string package;  // "postgresql-15-postgis-3"; empty when not known
};
std::vector<MissingExtension> missing_extensions(Session& session, const std::vector<std::string>& extensions);
// The Debian/Ubuntu package that usually provides an extension for a server version (150008):
// "postgresql-15-pgvector" for vector, "postgresql-15" for a contrib module; empty when not known.
std::string extension_package(std::string_view extension, int server_version);
// "postgis is not available on the scratch PostgreSQL" / "install postgresql-15-postgis-3 (apt)..."
std::string missing_extension_message(const MissingExtension& missing, std::string_view server);
std::string missing_extension_help(const MissingExtension& missing);

}  // namespace schemac::runtime
