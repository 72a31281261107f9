// `schemac` as people run it: a small static program that starts the real one (the same name
// in ../libexec/schemac/ from this program's folder, in the build tree as once installed) with
// glibc's malloc tuned (malloc_tuning.hpp), arguments as given. The real program links
// PostgreSQL's client libraries, 30 shared objects in all: starting it a second time to tune
// malloc cost about 16 ms a command, this start about 2 ms. Prints why and exits 2 when the
// real program cannot be started.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

#include "tools/schemac/malloc_tuning.hpp"

int main(int, char** argv) {
    char program[PATH_MAX];
    if (!schemac::cli::own_program_file(program, sizeof program)) {
        std::fprintf(stderr, "schemac: cannot find its own program file: %s\n", std::strerror(errno));
        return 2;
    }
    char* slash = std::strrchr(program, '/');
    constexpr char relative[] = "/" SCHEMAC_PROGRAM_FROM_LAUNCHER;
    if (!slash || (slash - program) + sizeof relative > sizeof program) {
        std::fprintf(stderr, "schemac: cannot find the schemac program beside %s\n", program);
        return 2;
    }
    std::memcpy(slash, relative, sizeof relative);
    schemac::cli::start_tuned(program, argv);
    std::fprintf(stderr,
                 "schemac: cannot start %s: %s\nhelp: this launcher starts the schemac program installed beside it; "
                 "build or install schemac again\n",
                 program, std::strerror(errno));
    return 2;
}
