// `schemac lsp`: the language server on standard input and output (tools/lsp/server.hpp).
#include <unistd.h>

#include <iostream>
#include <memory>

#include "tools/lsp/server.hpp"
#include "tools/schemac/commands.hpp"

namespace schemac::cli {

Runner add_lsp_command(CLI::App& app) {
    auto options = std::make_shared<lsp::ServerOptions>();
    auto schema = std::make_shared<std::string>();
    CLI::App* command = app.add_subcommand("lsp", "Language Server Protocol over standard input and output");
    command->add_option("--schema", *schema,
                        "the folder of .schema files that forms the schema (default: the workspace's schemas/ "
                        "folder, else the workspace root)");
    auto migrations = std::make_shared<std::string>();
    command->add_option("--migrations", *migrations,
                        "the migration directory whose snapshot renames and generate's refusals read "
                        "(default: the workspace's migrations/ folder)");
    command->footer("Example, in an editor's configuration: command `schemac lsp`, for files ending in .schema.\n"
                    "Standard output carries the protocol only; problems with the client go to standard error.");
    return [options, schema, migrations] {
        options->schema = *schema;
        options->migrations = *migrations;
        return lsp::serve(STDIN_FILENO, STDOUT_FILENO, std::cerr, *options);
    };
}

}  // namespace schemac::cli
