// Every example in schemas/ and every ```schema block of docs/language.md compiles; the
// examples are formatted, round-trip through the IR's JSON, and formatting keeps their IR.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/ir/ir_json.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {
std::vector<std::filesystem::path> example_folders() {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() / "schemas")) {
        if (entry.is_directory()) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

TEST_CASE("the examples in schemas/") {
    auto folders = example_folders();
    REQUIRE(folders.size() >= 3);
    for (const auto& folder : folders) {
        SUBCASE(folder.filename().string().c_str()) {
            Compilation c = compile_path(folder);
            REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
            CHECK_FALSE(c.database.tables.empty());

            std::string json = ir_to_json_text(c.database);
            CHECK(ir_from_json_text(json) == c.database);
            CHECK(ir_to_json_text(ir_from_json_text(json)) == json);

            std::vector<std::pair<std::string, std::string>> formatted;
            for (std::uint32_t i = 0; i < c.sources.size(); ++i) {
                const SourceFile& file = c.sources.file(i);
                std::string out = test::formatted(file.text(), file.path());
                CHECK_MESSAGE(out == file.text(), file.path(), " is not formatted (run schemac fmt)");
                CHECK(test::formatted(out) == out);
                formatted.emplace_back(file.path(), out);
            }
            CHECK(compile_sources(formatted).database == c.database);
        }
    }
}

TEST_CASE("the app example is the eight-table application of the background document") {
    Compilation c = compile_path(test::source_dir() / "schemas/app");
    REQUIRE(c.ok());
    CHECK(c.database.tables.size() == 8);
    const ir::Enum* status = ir::find_enum(c.database, {"public", "request_status"});
    REQUIRE(status);
    std::vector<std::string> values;
    for (const auto& v : status->values) values.push_back(v.name);
    CHECK(values == std::vector<std::string>{"draft", "submitted", "approved", "rejected"});
    const ir::Table* flow = ir::find_table(c.database, {"public", "pipedrive_deal_flow_data"});
    REQUIRE(flow);
    CHECK(ir::find_column(*flow, "pipeline_id"));
    CHECK(ir::find_column(*flow, "pipedrive_event_id"));
    CHECK(ir::find_table(c.database, {"public", "pipedrive_metric_data"}));
}

TEST_CASE("every ```schema block of docs/language.md compiles on its own") {
    auto blocks = test::schema_blocks("docs/language.md");
    for (const auto& [name, block] : blocks) {
        Compilation c = test::compile_text(block, name);
        CHECK_MESSAGE(c.ok(), test::diagnostics_text(c));
    }
    CHECK(blocks.size() >= 20);
}
