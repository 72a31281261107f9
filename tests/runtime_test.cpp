// The runtime's connection settings: where the URL comes from, and that passwords never show.
#include <doctest/doctest.h>

#include <cstdlib>

#include "runtime/database_url.hpp"

using namespace schemac::runtime;

TEST_CASE("--database wins over DATABASE_URL, which is the fallback") {
    setenv("DATABASE_URL", "postgresql://env/db", 1);
    CHECK(resolve_database_url(std::string("postgresql://option/db")) == "postgresql://option/db");
    CHECK(resolve_database_url(std::nullopt) == "postgresql://env/db");
    unsetenv("DATABASE_URL");
    CHECK_FALSE(resolve_database_url(std::nullopt).has_value());
}

TEST_CASE("passwords are redacted in URLs and key/value strings") {
    CHECK(redact_password("postgresql://app:s3cret@db:5432/x") == "postgresql://app:***@db:5432/x");
    CHECK(redact_password("postgresql://app@db/x") == "postgresql://app@db/x");
    CHECK(redact_password("host=db password=s3cret user=app") == "host=db password=*** user=app");
    CHECK(redact_password("host=db password='a b' user=app") == "host=db password=*** user=app");
    CHECK(redact_password("postgresql://db/x?password=s3cret&sslmode=require") ==
          "postgresql://db/x?password=***&sslmode=require");
}
