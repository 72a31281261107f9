// Passwords never printed: the redactor reads connection strings as libpq does (checked against
// libpq's own parser), including the malformed shapes whose passwords libpq's messages used to
// quote, and the remembered secrets hide a password wherever it occurs.
#include <doctest/doctest.h>

#include <optional>
#include <random>
#include <string>

#include "runtime/connection.hpp"
#include "runtime/redact.hpp"

using namespace schemac::runtime;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the seven shapes whose passwords were printed are redacted as libpq reads them") {
    CHECK(redact_password("host=db password = Secret1234 dbname=x") == "host=db password = *** dbname=x");
    CHECK(redact_password("host=db password=Wrong\\ Passw0rd dbname=x") == "host=db password=*** dbname=x");
    CHECK(redact_password("host=db password='Wrong Passw0rd' dbname=x") == "host=db password=*** dbname=x");
    CHECK(redact_password("host=db password='it\\'s ok' dbname=x") == "host=db password=*** dbname=x");
    // Invalid (an unquoted space): libpq takes `Wrong`, then refuses `Passw0rd`; both are hidden.
    CHECK(redact_password("host=db password=Wrong Passw0rd dbname=x") == "host=db password=*** dbname=x");
    CHECK(redact_password("postgresql://u:pa%zzSecret@h/db") == "postgresql://u:***@h/db");
    CHECK(redact_password("postgresql://u:pa%00Secret@h/db") == "postgresql://u:***@h/db");
    CHECK(redact_password("postgresql://u:Secret@[::1/x") == "postgresql://u:***@[::1/x");
    // libpq ends the password at the first `@`; the rest of it is not left as a host name.
    CHECK(redact_password("postgresql://u:Wr@ngPassw0rd@h/db") == "postgresql://u:***@h/db");
    // libpq quotes the whole URI in some messages.
    CHECK(
        redact_password("end of string reached when looking for matching \"]\" in IPv6 host address in URI: "
                        "\"postgresql://u:Secret@[::1/x\"") ==
        "end of string reached when looking for matching \"]\" in IPv6 host address in URI: \"postgresql://u:***@[::1/x\"");
}

TEST_CASE("the redactor leaves what holds no password alone") {
    for (std::string text : {"postgresql://app@db:5432/x", "postgresql://[::1]:5432/x?sslmode=require",
                             "postgresql://u@[::1]:5432/x", "host=db user=app dbname=x",
                             "password authentication failed for user \"app\" (check the user and password in the URL)",
                             "https://example.com/a@b", "", "password", "password="})
        CHECK(redact_password(text) == text);
    CHECK(redact_password("postgresql://db/x?password=s3cret&sslmode=require") ==
          "postgresql://db/x?password=***&sslmode=require");
    CHECK(redact_password("postgresql://db/x?pass%77ord=s3cret") == "postgresql://db/x?pass%77ord=***");
    CHECK(redact_password("host=db sslpassword=key-secret") == "host=db sslpassword=***");
    CHECK(redact_password("mysql://root:hunter22@db/x") == "mysql://root:***@db/x");
}

TEST_CASE("passwords_in gives the password as written, as libpq reads it, and the pieces libpq quotes") {
    auto has = [](std::string_view connection, const std::string& part) {
        std::vector<std::string> all = passwords_in(connection);
        return std::find(all.begin(), all.end(), part) != all.end();
    };
    CHECK(has("postgresql://u:p%40ss%zzword@h/db", "p%40ss%zzword"));
    CHECK(has("postgresql://u:p%40ss%zzword@h/db", "p@ss%zzword"));
    CHECK(has("postgresql://u:Wr@ngPassw0rd@h/db", "ngPassw0rd"));
    CHECK(has("host=h password='it\\'s me' user=u", "it's me"));
    CHECK(has("host=h password=Wrong Passw0rd user=u", "Passw0rd"));
    CHECK(passwords_in("postgresql://u@h/db").empty());
}

TEST_CASE("remembered secrets are hidden wherever libpq's messages quote them") {
    // As connection_string does before it hands the string to libpq.
    CHECK_THROWS_WITH_AS(connection_string("postgresql://u:pa%zzRemembered1@h/db"),
                         "cannot use the database URL postgresql://u:***@h/db: invalid percent-encoded token: \"***\"",
                         ConnectError);
    CHECK_THROWS_WITH_AS(connection_string("host=h password=Wrong Remembered2 dbname=x"),
                         "cannot use the database URL host=h password=*** dbname=x: missing \"=\" after \"***\" in "
                         "connection info string",
                         ConnectError);
    remember_secret("pgpassword-value");
    CHECK(hide_remembered_secrets("a pgpassword-value b") == "a *** b");
    remember_secret("abc");  // too short to hide in free text
    CHECK(hide_remembered_secrets("abc") == "abc");
}

// The property a fuzz target checks too: for any string libpq parses, the redacted string gives libpq
// no password but ***, and a password libpq reads (4 characters or more) is not in it.
TEST_CASE("property: what libpq reads as the password never survives redaction") {
    std::mt19937 random(20261129);
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
    const std::string alphabet = "abcXYZ019 @:%/?&='\\[]#\"";
    auto token = [&]() {
        std::string out = "Pw";
        for (std::size_t n = 4 + pick(8); n > 0; --n) out += alphabet[pick(alphabet.size())];
        return out;
    };
    int parsed = 0;
    for (int i = 0; i < 4000; ++i) {
        std::string text, password = token();
        switch (pick(4)) {
            case 0: {  // key/value, the password written in one of libpq's ways
                std::string spaces[] = {"", " ", "  "};
                std::string quoted = "'";
                for (char c : password) quoted += (c == '\'' || c == '\\') ? std::string("\\") + c : std::string(1, c);
                quoted += "'";
                std::string written = pick(2) ? quoted : password;
                text = "host=h" + spaces[pick(3)] + " password" + spaces[pick(3)] + "=" + spaces[pick(3)] + written +
                       (pick(2) ? " dbname=d" : "");
                break;
            }
            case 1:  // a URI with the password in its user info
                text = std::string(pick(2) ? "postgresql://" : "postgres://") + "user:" + password + "@" +
                       (pick(2) ? "[::1]" : "host") + (pick(2) ? ":5432" : "") + "/db" +
                       (pick(2) ? "?sslmode=disable" : "");
                break;
            case 2:  // a URI with the password in its query
                text = "postgresql://host/db?sslmode=disable&password=" + password;
                break;
            default:  // anything from the alphabet around a password keyword
                text = token().substr(2) + " password=" + password + " " + token().substr(2);
        }
        CAPTURE(text);
        std::string redacted = redact_password(text);
        CAPTURE(redacted);
        if (std::optional<std::string> after = libpq_password(redacted)) CHECK((after->empty() || *after == "***"));
        std::optional<std::string> before = libpq_password(text);
        if (!before) continue;
        ++parsed;
        if (before->size() >= shortest_free_text_secret) CHECK_FALSE(contains(redacted, *before));
    }
    CHECK(parsed > 1000);
}
