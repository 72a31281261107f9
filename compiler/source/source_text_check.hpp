// A .schema file must be UTF-8 text without NUL bytes. Checked before a file is parsed: a NUL
// would cut an expression short where libpg_query reads it (`check (a > 0<NUL> OR true)`
// would become `CHECK (a > 0)`), and a byte that is not UTF-8 would reach names, the snapshot
// and PostgreSQL. Each line's first bad byte is an error at that byte.
#pragma once

#include "compiler/source/diagnostics.hpp"
#include "compiler/source/source.hpp"

namespace schemac {

// True when the file is clean; else its errors are added (the first ten lines that have one).
bool check_source_text(const SourceSet& sources, std::uint32_t file, Diagnostics& diagnostics);

}  // namespace schemac
