// Golden diagnostics: every bad input in tests/golden/diagnostics (a .schema file, or a
// folder of them forming one schema) beside the exact expected output (.expected).
// SCHEMAC_UPDATE_GOLDEN=1 rewrites the expected files.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/syntax/formatter.hpp"
#include "compiler/syntax/parser.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

std::vector<std::pair<std::string, std::string>> inputs_of(const std::filesystem::path& entry) {
    std::vector<std::pair<std::string, std::string>> out;
    if (std::filesystem::is_directory(entry)) {
        for (const auto& file : schema_files(entry)) {
            out.emplace_back((entry.filename() / file.lexically_relative(entry)).string(), test::read(file));
        }
    } else {
        out.emplace_back(entry.filename().string(), test::read(entry));
    }
    return out;
}

// Formats each file if all of them parse; empty when one does not.
std::vector<std::pair<std::string, std::string>> formatted_if_parsing(
    const std::vector<std::pair<std::string, std::string>>& in) {
    SourceSet sources;
    for (const auto& [name, text] : in) sources.add(name, text);
    Diagnostics diagnostics;
    std::vector<std::pair<std::string, std::string>> out;
    for (std::uint32_t i = 0; i < sources.size(); ++i) {
        syntax::File file = parse_file(sources, i, diagnostics);
        if (!file.complete) return {};
        out.emplace_back(in[i].first, format_schema_file(sources, file));
    }
    return out;
}

}  // namespace

TEST_CASE("golden diagnostics") {
    auto dir = test::source_dir() / "tests/golden/diagnostics";
    std::vector<std::filesystem::path> cases;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_directory() || entry.path().extension() == ".schema") cases.push_back(entry.path());
    }
    std::sort(cases.begin(), cases.end());
    CHECK(cases.size() >= 40);
    for (const auto& entry : cases) {
        SUBCASE(entry.filename().string().c_str()) {
            auto inputs = inputs_of(entry);
            Compilation c = compile_sources(inputs);
            CHECK_MESSAGE(!c.diagnostics.all().empty(), "a doubtful input must give an error or a warning");
            auto expected = entry;
            test::check_golden(expected.replace_extension(".expected"), test::diagnostics_text(c));

            // Inputs that parse: formatting is idempotent and changes neither IR nor diagnostics' messages.
            auto formatted = formatted_if_parsing(inputs);
            if (formatted.empty()) continue;
            CHECK(formatted_if_parsing(formatted) == formatted);
            Compilation after = compile_sources(formatted);
            CHECK(after.database == c.database);
            CHECK(test::messages(after) == test::messages(c));
        }
    }
}
