// `schemac compile`: parse and check the schema, print a summary (or the IR as JSON).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "compiler/ir/ir_json.hpp"
#include "tools/schemac/cli_options.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/kept_until_exit.hpp"

namespace schemac::cli {
namespace {

struct CompileOptions : CommonOptions {
    std::string emit;
};

std::string plural(std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : (word.ends_with("x") ? "es" : "s"));
}

std::string summary(const Compilation& c) {
    std::size_t columns = 0, indexes = 0, foreign_keys = 0, checks = 0, views = 0, materialized = 0;
    for (const ir::Table& t : c.database.tables) {
        columns += t.columns.size();
        indexes += t.indexes.size();
        foreign_keys += t.foreign_keys.size();
        checks += t.checks.size();
    }
    for (const ir::View& v : c.database.views) {
        ++(v.materialized ? materialized : views);
        indexes += v.indexes.size();
    }
    std::string relations = plural(c.database.tables.size(), "table");
    if (views) relations += ", " + plural(views, "view");
    if (materialized) relations += ", " + plural(materialized, "materialized view");
    // Functions, procedures and triggers where there are any, as views.
    std::size_t functions = 0, procedures = 0, triggers = 0;
    for (const ir::Function& f : c.database.functions) ++(f.procedure ? procedures : functions);
    for (const ir::Table& t : c.database.tables) triggers += t.triggers.size();
    for (const ir::View& v : c.database.views) triggers += v.triggers.size();
    std::string code;
    if (functions) code += plural(functions, "function") + ", ";
    if (procedures) code += plural(procedures, "procedure") + ", ";
    if (triggers) code += plural(triggers, "trigger") + ", ";
    // Domains and composite types where there are any, after the enums.
    std::string types = plural(c.database.enums.size(), "enum");
    if (!c.database.domains.empty()) types += ", " + plural(c.database.domains.size(), "domain");
    if (!c.database.composite_types.empty())
        types += ", " + plural(c.database.composite_types.size(), "composite type");
    std::vector<std::string> schema_names;
    for (const ir::Schema& s : c.database.schemas) schema_names.push_back(s.name);
    return fmt::format("{}, {}, {}, {}, {}, {}, {}{} in {} ({})", relations, plural(columns, "column"), types,
                       plural(indexes, "index"), plural(foreign_keys, "foreign key"), plural(checks, "check"), code,
                       plural(c.database.extensions.size(), "extension"), plural(schema_names.size(), "schema"),
                       fmt::join(schema_names, ", "));
}

int run(const CompileOptions& options) {
    Compilation& c = kept_until_exit<Compilation>();  // the process exits next: not freed node by node
    try {
        c = compile_path(options.schema);
    } catch (const LoadError& e) {
        return cannot_run_error(e.what());
    }
    bool emit_json = options.emit == "json";
    report(c.sources, c.diagnostics, options, emit_json);
    if (!c.ok()) return findings;
    if (c.sources.size() == 0 && !options.quiet)
        std::cerr << fmt::format("schemac: warning: {} has no .schema files\n", options.schema);
    if (emit_json) {
        ir_to_json_pieces(c.database, [](std::string_view piece) { std::cout << piece; });  // never held whole
    } else if (!options.quiet && options.format == "text") {
        std::cout << fmt::format("{}: {}\n", options.schema, summary(c));
    }
    return success;
}

}  // namespace

Runner add_compile_command(CLI::App& app) {
    auto options = std::make_shared<CompileOptions>();
    CLI::App* command = app.add_subcommand("compile", "parse and check the schema; print a summary");
    add_common_options(*command, *options);
    command->add_option("--emit", options->emit, "print the IR instead of a summary")->check(CLI::IsMember({"json"}));
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
