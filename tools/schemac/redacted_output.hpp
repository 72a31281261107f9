// The last line of defence for passwords: while a RedactedOutput lives, everything written to
// std::cout and std::cerr passes through runtime::hide_remembered_secrets before it reaches the
// terminal, so no message (a library's error, an argument echoed by the option parser, a JSON
// report) can print a remembered password. It remembers the passwords of the command line's
// arguments, $DATABASE_URL and $PGPASSWORD when it starts. Output is passed on line by line, and
// whole at each flush, so a progress line written without its newline still shows at once.
#pragma once

#include <memory>
#include <ostream>
#include <streambuf>

namespace schemac::cli {

class RedactedOutput {
public:
    RedactedOutput(int argc, const char* const* argv);
    ~RedactedOutput();  // flushes and puts the streams back
    RedactedOutput(const RedactedOutput&) = delete;
    RedactedOutput& operator=(const RedactedOutput&) = delete;
    // Standard output for one document alone (`--format sarif`): the stream returned writes to
    // it, and std::cout writes to standard error from now on.
    std::ostream& reserve_stdout();

private:
    class Buffer;
    std::unique_ptr<Buffer> out_, err_;
    std::streambuf* original_out_ = nullptr;
    std::streambuf* original_err_ = nullptr;
    std::unique_ptr<std::ostream> reserved_;
};

}  // namespace schemac::cli
