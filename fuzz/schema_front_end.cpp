// Fuzz target: any bytes as one .schema file. The front end (parse, lower, check) never
// crashes and never throws. When the file compiles: fmt is idempotent and keeps the IR; the
// IR's JSON reads back to the same JSON; and the migration that builds the schema from an
// empty database parses with PostgreSQL's parser, file by file.
#include "compiler/compile.hpp"
#include "compiler/ir/ir_json.hpp"
#include "compiler/migrations/sql_script.hpp"
#include "compiler/plan/migration_text.hpp"
#include "compiler/plan/plan.hpp"
#include "compiler/syntax/formatter.hpp"
#include "compiler/syntax/parser.hpp"
#include "fuzz/fuzz_check.hpp"

namespace {

using namespace schemac;

// The file formatted, or nullopt when it does not parse.
std::optional<std::string> formatted(const std::string& text) {
    SourceSet sources;
    sources.add("fuzz.schema", text);
    Diagnostics diagnostics;
    syntax::File parsed = parse_file(sources, 0, diagnostics);
    if (!parsed.complete) return std::nullopt;
    return format_schema_file(sources, parsed);
}

void require_parses(const std::string& sql) {
    try {
        split_sql_statements(sql);
    } catch (const SqlScriptError& e) {
        fuzz::property_failed("a generated migration does not parse", std::string(e.what()) + "\n" + sql);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text = fuzz::input_text(data, size);
    Compilation compiled = compile_sources({{"fuzz.schema", text}});
    std::optional<std::string> once = formatted(text);
    if (once) {
        std::optional<std::string> twice = formatted(*once);
        fuzz::require(twice.has_value(), "fmt's output does not parse", *once);
        fuzz::require(*twice == *once, "fmt is not idempotent", *once + "\n---\n" + *twice);
    }
    if (!compiled.ok()) return 0;

    std::string json = ir_to_json_text(compiled.database);
    fuzz::require(ir_to_json_text(ir_from_json_text(json)) == json, "the IR's JSON does not read back the same", json);
    fuzz::require(once.has_value(), "a file that compiles does not format");
    Compilation reformatted = compile_sources({{"fuzz.schema", *once}});
    fuzz::require(reformatted.ok() && ir_to_json_text(reformatted.database) == json, "fmt changed the IR", *once);

    plan::Plan plan = plan::plan_changes(ir::Database{}, compiled.database);
    if (plan.diagnostics.has_errors()) return 0;
    for (const plan::MigrationFile& file : plan::render_migrations(plan, 1, "fuzz", {})) require_parses(file.text);
    return 0;
}
