// A migration file as a list of statements, split by PostgreSQL's own parser (libpg_query, the
// PostgreSQL 15 grammar): strings, comments, dollar quotes and SQL-standard bodies (`BEGIN
// ATOMIC ... END`) that contain `;` stay whole, and a `--` comment ends at a line feed or a
// lone carriage return, as in PostgreSQL's scanner. A file the parser does not accept is
// refused with a located error, never split by guesswork; so is a NUL byte anywhere, and a byte
// that is not UTF-8 (a Latin-1 file).
// A UTF-8 byte-order mark at the start of the file is skipped: it never reaches PostgreSQL and
// does not hide the `-- schemac:no-transaction` marker.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

struct SqlStatement {
    std::string text;        // from its first character of code (blanks and comments before it left
                             // out) to before the final `;`
    int line = 1;            // 1-based line where `text` starts (lines end at `\n`)
    std::size_t offset = 0;  // byte offset in the script where `text` starts
};

// Why a script cannot be split, and where.
struct SqlScriptError : std::runtime_error {
    SqlScriptError(std::size_t offset, const std::string& message, std::string help = {})
        : std::runtime_error(message), offset(offset), help(std::move(help)) {}
    std::size_t offset;  // byte offset in the script
    std::string help;    // what to write instead; may be empty
};

// The statements of `script`, exactly those PostgreSQL's parser finds (empty statements, such
// as `;;`, are none), in order. Throws SqlScriptError when the script holds a NUL byte or a byte
// that is not UTF-8, or does not parse; a `COPY ... FROM STDIN` followed by its rows, or a psql meta-command (`\i`), gets
// its own message there.
std::vector<SqlStatement> split_sql_statements(std::string_view script);

// For tests and the fuzzer: whether split_sql_statements agrees with PostgreSQL's parser on
// `script`. When the parser accepts the whole script, each split statement must parse alone to
// exactly one statement, and these must equal the parser's statements (parse trees without
// source positions), in order; when it does not (or the script holds a NUL byte or is not
// UTF-8), the split
// must throw.
bool split_agrees_with_parser(std::string_view script);

// The length of a UTF-8 byte-order mark at the start of `script`: 3 or 0.
std::size_t byte_order_mark_length(std::string_view script);

// Whether the file's first line (after a byte-order mark) is `-- schemac:no-transaction`.
bool is_no_transaction_script(std::string_view script);

// "sha256:<hex>" of what the file does as PostgreSQL's parser reads it: each statement's parse
// tree without source positions, and whether it runs in a transaction. Two texts that differ
// only in comments, whitespace or keyword case have the same one. nullopt when a statement does
// not parse. The history keeps it beside the checksum, so that `schemac repair` can tell such an
// edit of an applied file from a change of what it does. nullopt too for a file
// split_sql_statements refuses for its bytes.
std::optional<std::string> statements_fingerprint(std::string_view script);

}  // namespace schemac
