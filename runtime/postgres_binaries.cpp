#include "runtime/postgres_binaries.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

namespace schemac::runtime {
namespace {

namespace fs = std::filesystem;

bool is_program(const fs::path& path) { return ::access(path.c_str(), X_OK) == 0 && !fs::is_directory(path); }

// The first line a command prints on stdout; empty when it fails.
std::string first_output_line(const std::string& command) {
    std::string out;
    if (FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r")) {
        std::array<char, 512> buffer{};
        if (std::fgets(buffer.data(), buffer.size(), pipe)) out = buffer.data();
        ::pclose(pipe);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
    return out;
}

std::string shell_quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::vector<std::string> path_folders() {
    std::vector<std::string> out;
    const char* path = std::getenv("PATH");
    std::string rest = path ? path : "";
    std::size_t begin = 0;
    while (begin <= rest.size()) {
        std::size_t end = rest.find(':', begin);
        if (end == std::string::npos) end = rest.size();
        if (end > begin) out.push_back(rest.substr(begin, end - begin));
        begin = end + 1;
    }
    return out;
}

// The major version a folder name ends in (`postgresql@16` -> 16, `15` -> 15), for ordering.
double version_of_name(const std::string& name) {
    std::smatch match;
    static const std::regex number(R"((\d+(\.\d+)?)$)");
    return std::regex_search(name, match, number) ? std::stod(match[1].str()) : 0;
}

// The folders `pattern_parent/<prefix>*/bin`, highest version first.
std::vector<std::string> versioned_folders(const fs::path& parent, const std::string& prefix) {
    std::vector<std::pair<double, std::string>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        std::string name = entry.path().filename().string();
        if (name.starts_with(prefix)) found.emplace_back(version_of_name(name), (entry.path() / "bin").string());
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a > b; });
    std::vector<std::string> out;
    for (const auto& [version, folder] : found) out.push_back(folder);
    return out;
}

}  // namespace

std::vector<std::string> postgres_bin_candidates() {
    std::vector<std::string> out;
    for (const std::string& folder : path_folders())
        if (is_program(fs::path(folder) / "pg_config")) {
            std::string bin_dir = first_output_line(
                shell_quoted((fs::path(folder) / "pg_config").string()) + " --bindir");
            if (!bin_dir.empty()) out.push_back(bin_dir);
            break;
        }
    for (const std::string& folder : path_folders()) out.push_back(folder);
    for (const std::string& folder : versioned_folders("/usr/lib/postgresql", "")) out.push_back(folder);
    for (const std::string& folder : versioned_folders("/usr/local/opt", "postgresql")) out.push_back(folder);
    for (const std::string& folder : versioned_folders("/opt/homebrew/opt", "postgresql")) out.push_back(folder);
    out.push_back("/usr/local/pgsql/bin");
    return out;
}

std::optional<PostgresBinaries> find_postgres_binaries() {
    for (const std::string& folder : postgres_bin_candidates()) {
        fs::path initdb = fs::path(folder) / "initdb", postgres = fs::path(folder) / "postgres";
        if (!is_program(initdb) || !is_program(postgres)) continue;
        // A folder on PATH may hold links to the real programs: use the folder they live in,
        // where the server finds its own share/ and lib/ files.
        std::error_code ec;
        fs::path real = fs::canonical(postgres, ec);
        fs::path bin_dir = ec ? fs::path(folder) : real.parent_path();
        if (!is_program(bin_dir / "initdb")) bin_dir = folder;
        // "postgres (PostgreSQL) 16.4 (Debian 16.4-1.pgdg120+1)"
        std::string line = first_output_line(shell_quoted((bin_dir / "postgres").string()) + " --version");
        std::smatch match;
        static const std::regex version(R"(\(PostgreSQL\) (\d+(\.\d+)?))");
        if (!std::regex_search(line, match, version)) continue;
        return PostgresBinaries{bin_dir.string(), match[1].str()};
    }
    return std::nullopt;
}

}  // namespace schemac::runtime
