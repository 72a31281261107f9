// Quoting, and the names PostgreSQL chooses for unnamed constraints and indexes.
#include <doctest/doctest.h>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/name_table.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/sql/implicit_names.hpp"
#include "tests/postgres_cluster.hpp"
#include "tests/support.hpp"

using namespace schemac;

TEST_CASE("quote_identifier quotes only where PostgreSQL needs it") {
    CHECK(quote_identifier("users") == "users");
    CHECK(quote_identifier("user") == "\"user\"");
    CHECK(quote_identifier("Order Items") == "\"Order Items\"");
    CHECK(quote_identifier("Users") == "\"Users\"");
    CHECK(quote_identifier("a\"b") == "\"a\"\"b\"");
    CHECK(quote_identifier("1st") == "\"1st\"");
    CHECK(quote_identifier("café") == "\"café\"");
    CHECK(quote_literal("it's") == "'it''s'");
}

TEST_CASE("the keywords that need quotes are told by first letter and length, at every edge of the list") {
    // First and last of a letter, the longest, one letter alone (h), and names one byte off a keyword.
    for (const char* word : {"all", "authorization", "xmlattributes", "xmltable", "current_timestamp", "having",
                             "bigint", "with", "zone" /* unreserved */})
        CHECK_MESSAGE(is_reserved_keyword(word) == (std::string_view(word) != "zone"), word);
    for (const std::string& word :
         {std::string(), std::string("a"), std::string("al"), std::string("alla"), std::string("current_timestamps"),
          std::string("xmltables"), std::string("havin"), std::string("_all"), std::string("1all"), std::string("ALL"),
          std::string("{all"), std::string("`all"), std::string("Zone"), std::string(200, 'a')})
        CHECK_FALSE_MESSAGE(is_reserved_keyword(word), word);
    CHECK(quote_identifier("") == "\"\"");
}

TEST_CASE("quote_identifier quotes exactly the names PostgreSQL's quote_ident() quotes, keyword by keyword") {
    test::PostgresCluster& pg = test::PostgresCluster::shared();
    // The list is PostgreSQL 15's: another version has other keywords (16 reserves system_user).
    REQUIRE_MESSAGE(pg.query_value("postgres", "select current_setting('server_version_num')::int / 10000") == "15",
                    "the test cluster is not PostgreSQL 15");
    // Every keyword PostgreSQL knows, every word schemac quotes as one, and each with a letter
    // added (never a keyword).
    std::string ours;
    for (std::string_view word : reserved_keywords()) ours += (ours.empty() ? "" : ", ") + quote_literal(word);
    std::string words = pg.query_value(
        "postgres", "select string_agg(w || ' ' || quote_ident(w), E'\\n' order by w) from (select word from "
                    "pg_get_keywords() union select unnest(array[" +
                        ours +
                        "])) k(word), "
                        "lateral (values (word), (word || 'q')) v(w)");
    std::size_t checked = 0;
    for (std::size_t at = 0; at < words.size();) {
        std::size_t end = std::min(words.find('\n', at), words.size());
        std::string line = words.substr(at, end - at);
        std::size_t blank = line.find(' ');
        REQUIRE(blank != std::string::npos);
        CHECK_MESSAGE(quote_identifier(line.substr(0, blank)) == line.substr(blank + 1), line);
        ++checked;
        at = end + 1;
    }
    CHECK(checked > 900);
}

TEST_CASE("implicit names follow PostgreSQL") {
    TakenNames taken;
    CHECK(choose_name("users", "", "pkey", taken) == "users_pkey");
    CHECK(choose_name("users", "email", "key", taken) == "users_email_key");
    CHECK(choose_name("users", "email", "key", taken) == "users_email_key1");
    CHECK(choose_name("requests", join_name_parts({"user_id", "title"}), "key", taken) == "requests_user_id_title_key");
    CHECK(index_column_names({"a", "", "a", ""}) == std::vector<std::string>{"a", "expr", "a1", "expr1"});
}

TEST_CASE("implicit names are cut to 63 bytes the way PostgreSQL cuts them") {
    std::string table(40, 't');
    std::string column(40, 'c');
    std::string name = make_object_name(table, column, "key");
    CHECK(name.size() == 63);
    // The longer part is shortened first; both end up 29 bytes here.
    CHECK(name == std::string(29, 't') + "_" + std::string(29, 'c') + "_key");
}

TEST_CASE("unnamed constraints and indexes in a schema get PostgreSQL's names") {
    auto c = test::compile_text(
        "table users { id uuid primary key\n email text unique }\n"
        "table requests {\n  id bigint primary key\n  user_id uuid references users(id)\n  payload jsonb\n"
        "  a int\n  b int\n  check (a > 0 and a < 10)\n  check (a < b)\n  check (b > 0)\n  check (b < 100)\n"
        "  index using gin (payload)\n  index (a, (a + b))\n  unique index (b) include (a)\n}\n");
    REQUIRE_MESSAGE(c.ok(), test::diagnostics_text(c));
    const ir::Table& requests = c.database.tables.at(0);
    const ir::Table& users = c.database.tables.at(1);
    CHECK(users.primary_key->name == "users_pkey");
    CHECK(users.uniques.at(0).name == "users_email_key");
    CHECK(requests.foreign_keys.at(0).name == "requests_user_id_fkey");
    std::vector<std::string> checks;
    for (const auto& check : requests.checks) checks.push_back(check.name);
    CHECK(checks ==
          std::vector<std::string>{"requests_a_check", "requests_b_check", "requests_b_check1", "requests_check"});
    std::vector<std::string> indexes;
    for (const auto& index : requests.indexes) indexes.push_back(index.name);
    CHECK(indexes == std::vector<std::string>{"requests_a_expr_idx", "requests_b_a_idx", "requests_payload_idx"});
}

TEST_CASE("did you mean: among equally close names, the one the typed name only left characters out of") {
    // timestamp and timestamptz are both one edit from timestampz; a left-out 't' is the likelier slip.
    CHECK(suggest_type("timestampz") == "timestamptz");
    CHECK(suggest_type("txt") == "text");
    CHECK(suggest_type("bigitn") == "bigint");  // a swap of neighbours is one edit
    CHECK(suggest_type("timestamptx") == "timestamptz");
    CHECK(closest_name("user", {"users", "uses"}) == "users");
    CHECK(closest_name("genrate", {"generate", "migrate", "new"}) == "generate");
    CHECK(closest_name("zzz", {"users"}) == std::nullopt);
}

TEST_CASE("a name table finds every name it was given by its text, through growth and clearing") {
    // Names of many lengths, the empty one among them, and names that differ only near the end.
    std::vector<std::string> names{""};
    for (int i = 0; i < 5000; ++i) names.push_back("table_" + std::to_string(i) + std::string(i % 40, 'x'));
    ir::NameTable<int> table;
    for (std::size_t i = 0; i < names.size(); ++i) {
        auto [value, added] = table.insert(names[i], static_cast<int>(i));
        CHECK(added);
        CHECK(*value == static_cast<int>(i));
    }
    CHECK(table.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        const int* found = table.find(names[i]);
        REQUIRE(found);
        CHECK(*found == static_cast<int>(i));
    }
    // A second insert of a name keeps the first value.
    auto [kept, added] = table.insert(names[7], -1);
    CHECK_FALSE(added);
    CHECK(*kept == 7);
    CHECK(table.size() == names.size());
    // Names it was not given: a prefix, a longer one, one differing in its last byte.
    CHECK_FALSE(table.contains("table_1"));         // "table_1" + 'x' is what was added
    CHECK_FALSE(table.contains("table_7xxxxxxy"));  // the same length as "table_7xxxxxxx"
    CHECK_FALSE(table.contains("table_5000"));
    // It holds views: equal text elsewhere in memory finds the name.
    std::string copy = names[4242];
    CHECK(table.contains(copy));
    table.clear();
    CHECK(table.empty());
    CHECK_FALSE(table.contains(names[0]));
    CHECK_FALSE(table.contains(names[4242]));
    table.insert(names[3], 3);
    CHECK(table.contains(names[3]));
    CHECK_FALSE(table.contains(names[4]));
    // After clear, the room kept: every index slot the old names used must be empty again, or
    // a lookup would land on an entry that is gone.
    for (std::size_t i = 0; i < 1000; ++i) table.insert(names[i], static_cast<int>(i));
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(table.contains(names[i]) == (i < 1000));
    table.clear();
    for (std::size_t i = 2000; i < 2100; ++i) table.insert(names[i], 0);
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(table.contains(names[i]) == (i >= 2000 && i < 2100));

    ir::NameSet reserved;
    reserved.reserve(100);
    CHECK_FALSE(reserved.contains("a"));
    CHECK(reserved.insert("a", {}).second);
    CHECK(reserved.contains("a"));
}
