// A migration file as a list of statements, split by PostgreSQL's own scanner (strings,
// comments and dollar quotes that contain `;` stay whole), each with the line it starts on.
// A file marked `-- schemac:no-transaction` runs statement by statement, so it needs this.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

struct SqlStatement {
    std::string text;  // from its first character of code (blanks and comment lines before it
                       // left out) to before the final `;`
    int line = 1;      // 1-based line where `text` starts
    std::size_t offset = 0;  // byte offset in the script where `text` starts
};

// Throws std::runtime_error when the text cannot be scanned (an unterminated string, say).
std::vector<SqlStatement> split_sql_statements(std::string_view script);

// Whether the file's first line is `-- schemac:no-transaction`.
bool is_no_transaction_script(std::string_view script);

// "sha256:<hex>" of what the file does as PostgreSQL's parser reads it: each statement's parse
// tree without source positions, and whether it runs in a transaction. Two texts that differ
// only in comments, whitespace or keyword case have the same one. nullopt when a statement does
// not parse. The history keeps it beside the checksum, so that `schemac repair` can tell such an
// edit of an applied file from a change of what it does.
std::optional<std::string> statements_fingerprint(std::string_view script);

}  // namespace schemac
