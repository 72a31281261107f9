// schemac holds a whole schema, a snapshot and a catalog in memory at once: hundreds of MiB at
// 50,000 tables, written once and read a few times. With 4 KiB pages most of a large run's time
// went to page faults (82,000 of them to compile 50,000 tables, about a third of the time) and
// heap growth. glibc's malloc can ask the kernel for transparent huge pages and grow its heap in
// larger steps, but reads those settings (GLIBC_TUNABLES) only when a process starts, so
// tune_malloc() starts schemac again, once, with them added; that process puts the environment
// back as it was, so that the programs schemac starts (PostgreSQL, psql, itself for a fleet) see
// what the person's shell gave (tests/malloc_tuning_test.sh). Nothing happens when the person
// sets a glibc.malloc tunable (theirs wins; `GLIBC_TUNABLES=glibc.malloc.hugetlb=0` turns this
// off), in a sanitizer build (its malloc is not glibc's), or when the new start fails (schemac
// then runs untuned).
#pragma once

namespace schemac::cli {

// Called first in main: may not return (the process starts again, tuned); when it returns, the
// environment is the one the person gave.
void tune_malloc(char** argv);

}  // namespace schemac::cli
