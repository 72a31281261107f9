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
    // libpg_query 15's pg_query_parse_plpgsql parses the CREATE FUNCTION statement with
    // pg_query_raw_parse and never frees the copy of the (empty) captured stderr that it makes
    // (one byte a body). pg_query_parse frees it; only the PL/pgSQL path loses it.
    return "leak:libpq.so\n"
           "leak:pg_query_raw_parse\n";
}

}  // extern "C"
