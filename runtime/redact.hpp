// Keeping passwords out of everything schemac prints. A connection string is read the way libpq
// reads it: key/value pairs (spaces around `=`, quoted values, backslash escapes) and URIs
// (`postgresql://` or `postgres://`: user info up to `@`, percent escapes, valid or not, IPv6
// brackets, a query with `password=`). Where the text is malformed (a second `@`, an unquoted
// space) the password is taken in the wider reading, so that what libpq would send and what the
// user meant are both hidden.
//
// Two layers: redact_password() rewrites the connection strings it finds in a text (for the URL
// shown to people, and for libpq's own messages, which quote parts of it); the process-wide list of
// remembered secrets (remember_secrets) hides a password, as written and percent-decoded, wherever
// it occurs in a text, which catches libpq messages quoting a fragment of a connection string
// ("invalid percent-encoded token: ...").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemac::runtime {

inline constexpr std::string_view redacted_marker = "***";

// Every password in `text` replaced by ***: in each URI's user info and `password=`/
// `sslpassword=` query parameters, and in each `password`/`sslpassword` key/value pair. Total:
// any input, never throws (bar bad_alloc). Property: when libpq parses the result, the password
// it finds there (if any) is ***, and nothing of the text outside the passwords changes -- but
// for a text so malformed that libpq would still read a password from it after that: it is then
// written again in key/value form from what libpq reads, every password ***.
//   postgresql://app:s3cret@db/x          -> postgresql://app:***@db/x
//   host=db password = 'a b' user=app      -> host=db password = *** user=app
std::string redact_password(std::string_view text);

// The password libpq itself reads from `connection` (its last `password`): nullopt when libpq
// refuses the string, "" when it holds none. The oracle the redactor is checked against.
std::optional<std::string> libpq_password(std::string_view connection);

// The strings of `connection` that must never be printed: each password as written, as libpq
// reads it (unquoted, unescaped, percent-decoded) and, for a malformed string, the pieces that
// libpq's messages may quote on their own. Empty strings are left out.
std::vector<std::string> passwords_in(std::string_view connection);

// Shortest remembered secret replaced wherever it occurs: shorter ones would mangle ordinary
// words and numbers, and are redacted only where they stand in a connection string.
inline constexpr std::size_t shortest_free_text_secret = 4;

// Remembers, for this process, `connection` itself (shown as redact_password shows it) and every
// string passwords_in finds in it. Thread-safe.
void remember_secrets(std::string_view connection);
// Remembers one secret (a PGPASSWORD value), replaced by ***.
void remember_secret(std::string_view secret);

// Every remembered secret in `text` replaced (the longest first); the text unchanged otherwise.
// What the command line passes all its output through.
std::string hide_remembered_secrets(std::string_view text);
// redact_password(text), then hide_remembered_secrets: a message from libpq as it may be printed.
std::string redact_secrets(std::string_view text);
// Whether any secret is remembered (output needs no filtering otherwise).
bool has_secrets();

}  // namespace schemac::runtime
