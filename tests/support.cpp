#include "tests/support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "compiler/source/diagnostic_printer.hpp"
#include "compiler/syntax/formatter.hpp"
#include "compiler/syntax/parser.hpp"

namespace schemac::test {

std::filesystem::path source_dir() { return SCHEMAC_SOURCE_DIR; }

Compilation compile_text(const std::string& text, const std::string& name) { return compile_sources({{name, text}}); }

std::string diagnostics_text(const Compilation& c) {
    std::string out = format_text(c.sources, c.diagnostics, PrintOptions{false});
    std::string summary = summary_line(c.diagnostics);
    if (!summary.empty()) out += summary + "\n";
    return out;
}

std::vector<std::string> messages(const Compilation& c) {
    std::vector<std::string> out;
    for (const Diagnostic& d : c.diagnostics.all()) out.push_back(d.message);
    return out;
}

std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::pair<std::string, std::string>> schema_blocks(const std::string& document) {
    std::string text = read(source_dir() / document);
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t at = 0;
    while ((at = text.find("```schema\n", at)) != std::string::npos) {
        std::size_t begin = at + 10;
        std::size_t end = text.find("```", begin);
        if (end == std::string::npos) throw std::runtime_error(document + ": a ```schema block is not closed");
        auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(begin), '\n') + 1;
        out.emplace_back(document + " block at line " + std::to_string(line), text.substr(begin, end - begin));
        at = end + 3;
    }
    return out;
}

void write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

void check_golden(const std::filesystem::path& expected_file, const std::string& actual) {
    const char* update = std::getenv("SCHEMAC_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        write(expected_file, actual);
        return;
    }
    INFO("golden file: ", expected_file.string(), " (SCHEMAC_UPDATE_GOLDEN=1 rewrites it)");
    REQUIRE(std::filesystem::exists(expected_file));
    CHECK(read(expected_file) == actual);
}

int run(const std::string& command, std::string& output) {
    output.clear();
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
    int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string formatted(const std::string& text, const std::string& name) {
    SourceSet sources;
    sources.add(name, text);
    Diagnostics diagnostics;
    syntax::File file = parse_file(sources, 0, diagnostics);
    REQUIRE_MESSAGE(file.complete, format_text(sources, diagnostics, PrintOptions{false}));
    return format_schema_file(sources, file);
}

int run_schemac(const std::string& arguments, std::string& output, const std::string& environment,
                const std::filesystem::path& directory) {
    std::string where = directory.empty() ? source_dir().string() : directory.string();
    std::string command = "cd '" + where + "' && env " + environment + " '" SCHEMAC_BINARY "' " + arguments + " 0<&-";
    int code = run(command, output);
    // An exception that escaped a command is a bug, whatever the test expected.
    CHECK_MESSAGE(output.find("schemac: internal error:") == std::string::npos, arguments, "\n", output);
    return code;
}

int run_schemac_apart(const std::string& arguments, std::string& out, std::string& err,
                      const std::filesystem::path& directory) {
    TempDir errors;
    std::filesystem::path err_file = errors.path / "stderr";
    std::string where = directory.empty() ? source_dir().string() : directory.string();
    // The subshell's own 2> wins over the one run() adds after it.
    std::string command = "(cd '" + where + "' && env NO_COLOR= '" SCHEMAC_BINARY "' " + arguments + " 0<&- 2>'" +
                          err_file.string() + "')";
    int code = run(command, out);
    std::ifstream in(err_file);
    err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    CHECK_MESSAGE(err.find("schemac: internal error:") == std::string::npos, arguments, "\n", err);
    return code;
}

TempDir::TempDir() {
    char name[] = "/tmp/schemac-test-XXXXXX";
    path = mkdtemp(name);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

std::string TempDir::file(const std::string& name, const std::string& text) const {
    std::string at = (path / name).string();
    std::filesystem::create_directories((path / name).parent_path());
    write(at, text);
    return at;
}

}  // namespace schemac::test
