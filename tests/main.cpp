#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <string>
#include <string_view>

// CTest registers each test case by name (doctest_discover_tests), and a `;` in a name splits
// it as a CMake list: the test then matches nothing and "passes" without running.
TEST_CASE("no test case name holds a semicolon, which would keep CTest from running it") {
    for (const doctest::detail::TestCase& test : doctest::detail::getRegisteredTests()) {
        INFO(std::string(test.m_name));
        CHECK(std::string_view(test.m_name).find(';') == std::string_view::npos);
    }
}
