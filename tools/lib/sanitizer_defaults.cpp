// Linked into every executable of the sanitizer build (SCHEMAC_SANITIZE): the sanitizers' own
// defaults for schemac, so that the tests, every schemac they start and the fuzz targets run
// with them however they are started (environment variables still override them).
extern "C" {

// Leak checking on; string functions check their whole argument.
const char* __asan_default_options() { return "detect_leaks=1:strict_string_checks=1"; }

// Every report with its stack.
const char* __ubsan_default_options() { return "print_stacktrace=1"; }

// Only leaks inside third-party libraries belong here, each with the reason; schemac's own code
// has none.
const char* __lsan_default_suppressions() {
    // libpqxx 6.4 loses libpq's result of a statement cut off by a lost connection (2,264 bytes,
    // once, at exit). Matches only memory libpq itself allocated.
    return "leak:libpq.so\n";
}

}  // extern "C"
