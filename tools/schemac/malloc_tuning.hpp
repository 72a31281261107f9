// schemac holds a whole schema, a snapshot and a catalog in memory at once: hundreds of MiB at
// 50,000 tables, written once and read a few times. With 4 KiB pages most of a large run's time
// went to page faults (82,000 of them to compile 50,000 tables, about a third of the time) and
// heap growth. glibc's malloc can ask the kernel for transparent huge pages and grow its heap in
// larger steps, but reads those settings (GLIBC_TUNABLES) only when a process starts. So schemac
// is started with them added: by its launcher (tools/schemac/launcher.cpp, the `schemac` people
// run: a small static program that starts the real one), or, when the real program is started
// directly, by tune_malloc(), which starts it again, once. The tuned process puts the
// environment back as it was, so that the programs schemac starts (PostgreSQL, psql, itself for
// a fleet) see what the person's shell gave (tests/malloc_tuning_test.sh). Nothing is added when
// the person sets a glibc.malloc tunable (theirs wins; `GLIBC_TUNABLES=glibc.malloc.hugetlb=0`
// turns this off) or in a sanitizer build (its malloc is not glibc's); when tune_malloc's second
// start fails, schemac runs untuned (the launcher, which has no program to run itself, says why
// and exits 2). Written with the C library alone: the launcher links nothing else.
#pragma once

#include <cstddef>

namespace schemac::cli {

// Called first in main: may not return (the process starts again, tuned); when it returns, the
// environment is the one the person gave.
void tune_malloc(char** argv);

// This program's own file, absolute, into `out` (`size` bytes, at least PATH_MAX): from
// /proc/self/exe, or without /proc the path it was started by. False (errno says why) when it
// cannot be found or does not fit.
bool own_program_file(char* out, std::size_t size);

// The launcher's part: replaces the process with `program` started with `argv`, tuned as above.
// Returns only when that start fails (errno says why), the environment as it was.
void start_tuned(const char* program, char** argv);

}  // namespace schemac::cli
