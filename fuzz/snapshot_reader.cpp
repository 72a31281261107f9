// Fuzz target: any bytes as a snapshot (schemac.snapshot.json). The reader accepts or refuses
// with its own error, never crashes or throws anything else. What it accepts writes back to a
// text that reads back to itself, the planner finds no change between the two, and plans from
// an empty database and back to one render.
#include "compiler/ir/ir_json.hpp"
#include "compiler/migrations/migration_directory.hpp"
#include "compiler/plan/migration_text.hpp"
#include "compiler/plan/plan.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace schemac;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ir::Database read;
    try {
        read = ir_from_json_text(fuzz::input_text(data, size));
    } catch (const IrJsonError&) {
        return 0;
    }
    std::string written = snapshot_text(read);
    ir::Database reread;
    try {
        reread = ir_from_json_text(written);
    } catch (const IrJsonError& e) {
        fuzz::property_failed("a written snapshot does not read back", std::string(e.what()) + "\n" + written);
    }
    fuzz::require(snapshot_text(reread) == written, "a written snapshot reads back differently", written);
    plan::Plan same = plan::plan_changes(read, reread, plan::plain_ddl_options());
    fuzz::require(same.empty() && !same.diagnostics.has_errors(),
                  "the planner finds changes between a snapshot and itself", written);
    for (const auto& [before, after] : {std::pair{ir::Database{}, reread}, std::pair{reread, ir::Database{}}}) {
        plan::PlanOptions options;
        options.allow_data_loss = true;
        plan::Plan plan = plan::plan_changes(before, after, options);
        if (!plan.diagnostics.has_errors()) plan::render_migrations(plan, 1, "fuzz", {});
    }
    return 0;
}
