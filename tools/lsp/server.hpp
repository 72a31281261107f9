// `schemac lsp`: a Language Server Protocol server over two file descriptors (standard input
// and output). It keeps the editor's open documents, analyses the schema folder after the
// editor has been quiet for a moment (diagnostics as you type), and formats documents as
// `schemac fmt` does. A malformed message is answered with a JSON-RPC error and the session
// goes on; a client that disappears ends it. Nothing but protocol is written to `out`;
// `log` gets one line per problem with the client.
#pragma once

#include <filesystem>
#include <ostream>

namespace schemac::lsp {

struct ServerOptions {
    // The folder of .schema files that forms the schema; empty: the `schemas` folder of the
    // client's workspace root when there is one, else the root itself.
    std::filesystem::path schema;
    // The migration directory, whose snapshot tells a rename whether the old name exists in a
    // database; empty: the `migrations` folder of the client's workspace root.
    std::filesystem::path migrations;
    int quiet_milliseconds = 150;  // how long typing must pause before an analysis
};

// Returns the process exit code: 0 after shutdown and exit, 1 when the input ends first or
// exit comes without shutdown (as the protocol says).
int serve(int in, int out, std::ostream& log, const ServerOptions& options);

}  // namespace schemac::lsp
