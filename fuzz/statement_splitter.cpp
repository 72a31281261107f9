// Fuzz target: any bytes as a migration file. The statement splitter never crashes; wherever
// PostgreSQL's own parser reads the text, the splitter finds exactly the parser's statements,
// in order (split_agrees_with_parser says how that is checked), so that a migration runs every
// statement psql would run and nothing else; where the parser refuses the text (or it holds a
// NUL byte, or is not UTF-8), the splitter refuses it too.
#include "compiler/migrations/sql_script.hpp"
#include "fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string script = schemac::fuzz::input_text(data, size);
    schemac::fuzz::require(schemac::split_agrees_with_parser(script), "the splitter and PostgreSQL's parser disagree",
                           script);
    return 0;
}
