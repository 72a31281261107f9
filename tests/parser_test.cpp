// Parsing and lowering of particular inputs: names that need quotes, line endings, a BOM,
// empty files, order independence, recovery after errors.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/ir_json.hpp"
#include "compiler/ir/storage_parameters.hpp"
#include "compiler/source/diagnostic_printer.hpp"
#include "compiler/sql/sql_expression.hpp"
#include "compiler/syntax/parser.hpp"
#include "grammar/plain_column_line.hpp"
#include "grammar/plain_index_line.hpp"
#include "tests/support.hpp"

using namespace schemac;
namespace g = schemac::grammar;
using schemac::test::compile_text;
using schemac::test::diagnostics_text;
using schemac::test::messages;

TEST_CASE("names that need quotes keep their exact spelling, unquoted names fold to lower case") {
    auto c = compile_text(
        "table \"user\" {\n  \"Id\" int primary key\n  \"Order Items\" text\n  Name text\n  \"Straße\" text\n  café text\n}\n");
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    const ir::Table& t = c.database.tables.at(0);
    CHECK(t.name.name == "user");
    CHECK(t.columns.at(0).name == "Id");
    CHECK(t.columns.at(1).name == "Order Items");
    CHECK(t.columns.at(2).name == "name");
    CHECK(t.columns.at(3).name == "Straße");
    CHECK(t.columns.at(4).name == "café");
    CHECK(t.primary_key->name == "user_pkey");
}

TEST_CASE("a doubled quote inside a quoted name is one quote") {
    auto c = compile_text("table \"a\"\"b\" { id int }\n");
    REQUIRE(c.ok());
    CHECK(c.database.tables.at(0).name.name == "a\"b");
}

TEST_CASE("keywords are case-insensitive") {
    auto c = compile_text("TABLE T {\n  ID INT PRIMARY KEY\n  E TEXT NOT NULL DEFAULT 'x'\n}\n");
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    CHECK(c.database.tables.at(0).name.name == "t");
    CHECK(c.database.tables.at(0).columns.at(1).not_null);
}

TEST_CASE("names of 63 bytes are accepted, 64 bytes are an error") {
    std::string ok(63, 'a');
    std::string too_long(64, 'b');
    CHECK(compile_text("table " + ok + " { id int }\n").ok());
    auto c = compile_text("table " + too_long + " { id int }\n");
    REQUIRE(messages(c).size() == 1);
    CHECK(messages(c)[0] == "table name is 64 bytes long; PostgreSQL names are at most 63 bytes");
    // Bytes, not characters: 32 two-byte characters are 64 bytes.
    std::string accented;
    for (int i = 0; i < 32; ++i) accented += "é";
    CHECK_FALSE(compile_text("table t { \"" + accented + "\" int }\n").ok());
}

TEST_CASE("CRLF line endings parse, and positions are still right") {
    auto good = compile_text("table t {\r\n  id int primary key\r\n  name text not null\r\n}\r\n");
    REQUIRE_MESSAGE(good.ok(), diagnostics_text(good));
    CHECK(good.database.tables.at(0).columns.size() == 2);
    auto bad = compile_text("table t {\r\n  id int\r\n  name txet\r\n}\r\n", "crlf.schema");
    CHECK(diagnostics_text(bad).starts_with(
        "crlf.schema:3:8: error: unknown type 'txet'\n 3 |   name txet\n   |        ^~~~\n"));
}

TEST_CASE("a UTF-8 byte-order mark is skipped, and columns count from after it") {
    auto good = compile_text("\xEF\xBB\xBFtable t { id int }\n");
    REQUIRE_MESSAGE(good.ok(), diagnostics_text(good));
    auto bad = compile_text("\xEF\xBB\xBFtable t { id nope }\n", "bom.schema");
    CHECK(diagnostics_text(bad).starts_with("bom.schema:1:14: error: unknown type 'nope'"));
}

TEST_CASE("an empty file and a file of only comments are empty schemas") {
    for (const char* text : {"", "\n\n", "// nothing yet\n", "/* a\n   block */\n// and a line\n"}) {
        auto c = compile_text(text);
        CHECK_MESSAGE(c.ok(), diagnostics_text(c));
        CHECK(c.database.tables.empty());
        CHECK(c.database.schemas.empty());
    }
}

TEST_CASE("the order of files and declarations does not change the IR") {
    std::string users = "table users {\n  id uuid primary key\n}\n";
    std::string requests =
        "enum s { a, b }\ntable requests {\n  id int primary key\n  user_id uuid references users\n  st s not null default 'a'\n}\n";
    auto one = compile_sources({{"a.schema", users}, {"b.schema", requests}});
    auto two = compile_sources({{"a.schema", requests}, {"b.schema", users}});
    REQUIRE_MESSAGE(one.ok(), diagnostics_text(one));
    REQUIRE(two.ok());
    CHECK(one.database == two.database);
    CHECK(ir_to_json_text(one.database) == ir_to_json_text(two.database));
    CHECK(one.database.tables.at(0).foreign_keys.at(0).referenced_columns == std::vector<std::string>{"id"});
}

TEST_CASE("after a syntax error the parser goes on with the next declaration") {
    auto c = compile_text(
        "table a {\n  id int prmary key\n}\n\ntable b {\n  id int\n}\n\ntable c {\n  x int nope\n}\n");
    auto m = messages(c);
    REQUIRE(m.size() == 2);
    CHECK(m[0].find("found 'prmary'") != std::string::npos);
    CHECK(m[1].find("found 'nope'") != std::string::npos);
}

TEST_CASE("types are normalised to PostgreSQL's spelling") {
    auto c = compile_text(
        "table t {\n  a int4\n  b varchar(20)\n  c timestamptz\n  d float8\n  e bool\n  f decimal(10,2)\n  g char\n"
        "  h timestamp(3) with time zone\n  i int[]\n  j float(10)\n}\n");
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    const auto& cols = c.database.tables.at(0).columns;
    CHECK(cols[0].type.name == "integer");
    CHECK(cols[1].type.name == "character varying");
    CHECK(cols[1].type.modifiers == std::vector<std::string>{"20"});
    CHECK(cols[2].type.name == "timestamp with time zone");
    CHECK(cols[3].type.name == "double precision");
    CHECK(cols[4].type.name == "boolean");
    CHECK(cols[5].type.name == "numeric");
    CHECK(cols[6].type.name == "character");
    CHECK(cols[6].type.modifiers == std::vector<std::string>{"1"});
    CHECK(cols[7].type.modifiers == std::vector<std::string>{"3"});
    CHECK(cols[8].type.array_dimensions == 1);
    CHECK(cols[9].type.name == "real");
}

TEST_CASE("SQL expressions are stored in libpg_query's canonical form") {
    auto c = compile_text("table t {\n  a timestamptz default (now() + interval '7 days')\n  b text default 'x'::text\n"
                          "  c int check (c>0)\n}\n");
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    const auto& t = c.database.tables.at(0);
    CHECK(*t.columns[0].default_value == "now() + '7 days'::interval");
    CHECK(*t.columns[1].default_value == "'x'::text");
    CHECK(t.checks.at(0).expression == "c > 0");
    CHECK(t.checks.at(0).name == "t_c_check");
}

TEST_CASE("an expression libpg_query deparses into another meaning is parenthesised, or kept as written") {
    // libpg_query 15 deparses this without the parentheses: `now() AT TIME ZONE 'utc'::text::text`.
    const SqlExpression& e = analyze_sql_expression("((now() at time zone 'utc'))::text");
    REQUIRE(e.valid);
    CHECK(e.canonical == "(now() AT TIME ZONE 'utc')::text");
    CHECK(analyze_sql_expression("cast(now() at time zone 'utc' as text)").canonical ==
          "cast(now() at time zone 'utc' as text)");  // not a `::` cast: kept as written
    CHECK(analyze_sql_expression("now()  at time zone 'utc'").canonical == "now() AT TIME ZONE 'utc'");
}

TEST_CASE("identity options equal to PostgreSQL's defaults are dropped") {
    auto a = compile_text("table t { id bigint generated always as identity (start with 1 increment by 1 cache 1) }\n");
    auto b = compile_text("table t { id bigint generated always as identity }\n");
    REQUIRE(a.ok());
    CHECK(a.database == b.database);
    auto c = compile_text(
        "table t { id bigint generated by default as identity (start with 100 increment by 5 cycle) }\n");
    REQUIRE(c.ok());
    const auto& identity = *c.database.tables.at(0).columns.at(0).identity();
    CHECK(identity.kind == ir::IdentityKind::by_default);
    CHECK(identity.options.start == 100);
    CHECK(identity.options.increment == 5);
    CHECK(identity.options.cycle);
}

TEST_CASE("a column called like a keyword can be used where it is unambiguous") {
    auto c = compile_text("table t {\n  index int not null\n  comment text\n  \"check\" boolean\n}\n");
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    const auto& cols = c.database.tables.at(0).columns;
    REQUIRE(cols.size() == 3);
    CHECK(cols[0].name == "index");
    CHECK(cols[1].name == "comment");
    CHECK(cols[2].name == "check");
}

// A seeded fuzz: examples cut, spliced and sprinkled with tokens that open and close things.
// Whatever comes out, compiling and printing the diagnostics must neither crash nor throw,
// and every error must point inside its file.
TEST_CASE("mangled input never crashes the compiler") {
    std::vector<std::string> inputs;
    for (const auto& dir : {"schemas/app", "schemas/billing", "schemas/showcase"}) {
        for (const auto& file : schema_files(schemac::test::source_dir() / dir))
            inputs.push_back(schemac::test::read(file));
    }
    const char* tokens[] = {"(",     ")",          "{",     "}",           "'",          "\"",       "/*",
                            "*/",    "//",         "\n",    "@was(",       "@backfill(", ",",        ".",
                            "::",    "not null",   "index", "table",       "enum",       "\xC3\xA9", "\r\n",
                            "check", "references", "--",    "\xEF\xBB\xBF"};
    std::uint32_t state = 2024;
    auto next = [&](std::uint32_t bound) {
        state = state * 1103515245u + 12345u;
        return (state >> 8) % bound;
    };
    for (int round = 0; round < 300; ++round) {
        std::string text = inputs[next(static_cast<std::uint32_t>(inputs.size()))];
        for (std::uint32_t k = 0, edits = 1 + next(6); k < edits; ++k) {
            std::size_t at = next(static_cast<std::uint32_t>(text.size() + 1));
            switch (next(3)) {
                case 0: text.insert(at, tokens[next(std::size(tokens))]); break;
                case 1: text.erase(at, next(10)); break;
                default: text.insert(at, text.substr(next(static_cast<std::uint32_t>(text.size() + 1)), next(30)));
            }
        }
        INFO("input:\n", text);
        Compilation c = compile_text(text);
        CHECK_NOTHROW((void)diagnostics_text(c));
        for (const Diagnostic& d : c.diagnostics.all()) CHECK(d.span.end <= text.size());
    }
}

TEST_CASE("storage parameter values are kept as PostgreSQL stores them") {
    auto c = compile_text("table t {\n  id bigint primary key\n  index (id) with (FillFactor = +070)\n"
                          "  with (autovacuum_vacuum_scale_factor = 0.0050, autovacuum_enabled = OFF, "
                          "toast.autovacuum_enabled = 'False', parallel_workers = -0)\n}\n");
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    const ir::Table& t = c.database.tables.at(0);
    // Integers print back as integers; decimals stay as written; words fold; strings stay.
    CHECK(t.indexes.at(0).storage == ir::StorageParameters{{"fillfactor", "70"}});
    CHECK(t.storage == ir::StorageParameters{{"autovacuum_enabled", "off"},
                                             {"autovacuum_vacuum_scale_factor", "0.0050"},
                                             {"parallel_workers", "0"},
                                             {"toast.autovacuum_enabled", "False"}});
    // Written back, each value reads as itself: `050` bare would be stored as 50.
    CHECK(storage_value_schema("0.0050") == "0.0050");
    CHECK(storage_value_schema("off") == "off");
    CHECK(storage_value_schema("False") == "'False'");
    CHECK(storage_value_schema("050") == "'050'");
    CHECK(storage_value_sql("050") == "'050'");
    CHECK(storage_value_sql("-1") == "-1");
    CHECK(storage_value_sql("off") == "'off'");
}

TEST_CASE("the syntax tree keeps a storage number as written, lowering stores it as PostgreSQL does") {
    SourceSet sources;
    sources.add("t.schema",
                "table t {\n  id bigint primary key\n  with (fillfactor = +070, parallel_workers = '007')\n}\n");
    Diagnostics diagnostics;
    syntax::File file = parse_file(sources, 0, diagnostics);
    REQUIRE_FALSE(diagnostics.has_errors());
    const auto& table = std::get<syntax::Table>(file.declarations.at(0));
    const auto& clause = std::get<syntax::StorageClause>(table.items.at(1));
    CHECK(clause.parameters.at(0).value == "+070");
    CHECK(clause.parameters.at(0).number);
    CHECK(clause.parameters.at(1).value == "007");
    CHECK_FALSE(clause.parameters.at(1).number);
    auto c = compile_text(
        "table t {\n  id bigint primary key\n  with (fillfactor = +070, parallel_workers = '007')\n}\n");
    REQUIRE_MESSAGE(c.ok(), diagnostics_text(c));
    CHECK(c.database.tables.at(0).storage == ir::StorageParameters{{"fillfactor", "70"}, {"parallel_workers", "007"}});
}

TEST_CASE("the one identifier scanner reads names as the grammar does") {
    CHECK(identifier_length("users.id") == 5);
    CHECK(identifier_length("_x$1 = 2") == 4);
    CHECK(identifier_length("\"Order \"\"Items\"\"\".x") == 17);
    CHECK(identifier_length("\"\"\"\"") == 4);  // the name `"`
    CHECK(identifier_length("\"\" int") == 0);  // PostgreSQL has no zero-length names
    CHECK(identifier_length("\"open") == 0);    // unterminated
    CHECK(identifier_length("\"a\nb\"") == 0);  // a quoted name ends on its line
    CHECK(identifier_length("$x") == 0);        // names do not start with $ or a digit
    CHECK(identifier_length("1x") == 0);
    CHECK(identifier_length("café au lait") == 5);  // non-ASCII bytes are name characters
    CHECK(is_identifier("\"Order Items\""));
    CHECK_FALSE(is_identifier("old.name"));
    CHECK_FALSE(is_identifier(""));
    CHECK(is_bare_identifier("fillfactor"));
    CHECK_FALSE(is_bare_identifier("\"fillfactor\""));
    CHECK(word_length("123abc)") == 6);  // what an error message calls the word found
    CHECK(word_length("(x") == 0);
    CHECK(is_number("-0.5e3"));
    CHECK_FALSE(is_number("0x10"));
}

TEST_CASE("a written name, qualified or not, is read into the names PostgreSQL gives its parts") {
    auto read = [](std::string_view text) {
        std::optional<WrittenName> n = read_written_name(text);
        return n ? n->schema + "|" + n->name : std::string("none");
    };
    CHECK(read("Users") == "|users");
    CHECK(read("billing.Invoices") == "billing|invoices");
    CHECK(read("\"a.b\".\"Order Items\"") == "a.b|Order Items");
    CHECK(read("\"x.y\"") == "|x.y");  // one quoted name with a dot in it
    CHECK(read("a.b.c") == "none");
    CHECK(read("a.") == "none");
    CHECK(read(".a") == "none");
    CHECK(read("a b") == "none");
    CHECK(read("") == "none");
}

TEST_CASE("declarations handed over as they are read come in order, and the file keeps none of them") {
    std::string text = "enum e { a }\ntable t {\n  id bigint\n}\ntable broken {\n  id bigint primary\n}\n"
                       "table u {\n  id int\n}\n// a comment\nview v as (select 1)\n";
    SourceSet sources;
    sources.add("a.schema", text);
    Diagnostics whole_diagnostics, handed_diagnostics;
    syntax::File whole = parse_file(sources, 0, whole_diagnostics);
    // Each declaration by the line it starts on.
    auto first_line = [&](const syntax::Declaration& d) {
        std::string_view from = std::string_view(text).substr(syntax::span_of(d).begin);
        return std::string(from.substr(0, from.find('\n')));
    };
    std::vector<std::string> handed;
    syntax::File rest = parse_file(sources, 0, handed_diagnostics, [&](syntax::Declaration&& d) {
        handed.push_back(first_line(d));
    });
    std::vector<std::string> kept;
    for (const syntax::Declaration& d : whole.declarations) kept.push_back(first_line(d));
    CHECK(kept == std::vector<std::string>{"enum e { a }", "table t {", "table u {", "view v as (select 1)"});
    CHECK(handed == kept);
    CHECK(rest.declarations.empty());
    CHECK_FALSE(rest.complete);  // the broken table
    CHECK(rest.comments.size() == whole.comments.size());
    REQUIRE(handed_diagnostics.all().size() == 1);
    CHECK(whole_diagnostics.all().size() == 1);
    CHECK(handed_diagnostics.all()[0].message == whole_diagnostics.all()[0].message);
}

// table_item tries the items other than a column only after a word one of them starts with:
// each kind must still be read as itself, in any letter case, and a column named like one of
// those words (where the rest of its line is no such item) must still be a column. (Columns named
// `partitions` or `grant` are left out: `partitions` must be followed by `unmanaged`, and whether
// `grant x` is a column depends on the line after it.)
TEST_CASE("every kind of table item is read as itself, and columns named like their first words stay columns") {
    std::string text =
        "table t {\n"
        "  id bigint\n"
        "  comment text\n"
        "  row int\n"
        "  force int\n"
        "  trigger int\n"
        "  replica int\n"
        "  exclude int\n"
        "  with int\n"
        "  foreign int\n"
        "  constraint int\n"
        "  primary int\n"
        "  policy int\n"
        "  PRIMARY KEY (id)\n"
        "  Unique (comment)\n"
        "  unique index t_by_row (row)\n"
        "  INDEX t_by_force (force)\n"
        "  Check (id > 0)\n"
        "  foreign key (grant) references t (id)\n"
        "  comment 'a table'\n"
        "  With (fillfactor = 70)\n"
        "  replica identity full\n"
        "  Row Level Security\n"
        "  force row level security\n"
        "  exclude t_no_overlap using gist (id with =)\n"
        "  trigger t_touch before update for each row execute function touch()\n"
        "  constraint trigger t_late after insert deferrable initially deferred for each row execute function late()\n"
        "  policy t_reads for select to app using (true)\n"
        "  grant select to app\n"
        "  partitions unmanaged\n"
        "}\n";
    SourceSet sources;
    sources.add("t.schema", text);
    Diagnostics diagnostics;
    syntax::File file = parse_file(sources, 0, diagnostics);
    REQUIRE_MESSAGE(diagnostics.all().empty(), format_text(sources, diagnostics, {}));
    REQUIRE(file.declarations.size() == 1);
    const auto& table = std::get<syntax::Table>(file.declarations[0]);
    std::vector<std::string> columns;
    for (const syntax::TableItem& item : table.items)
        if (const auto* c = std::get_if<syntax::Column>(&item)) columns.push_back(c->name.value);
    CHECK(columns == std::vector<std::string>{"id", "comment", "row", "force", "trigger", "replica", "exclude", "with",
                                              "foreign", "constraint", "primary", "policy"});
    auto count = [&]<class Item>() {
        return std::count_if(table.items.begin(), table.items.end(), [](const syntax::TableItem& item) {
            return std::holds_alternative<Item>(item);
        });
    };
    CHECK(count.operator()<syntax::PrimaryKey>() == 1);
    CHECK(count.operator()<syntax::Unique>() == 1);
    CHECK(count.operator()<syntax::Index>() == 2);
    CHECK(count.operator()<syntax::CheckClause>() == 1);
    CHECK(count.operator()<syntax::ForeignKey>() == 1);
    CHECK(count.operator()<syntax::TableComment>() == 1);
    CHECK(count.operator()<syntax::StorageClause>() == 1);
    CHECK(count.operator()<syntax::ReplicaIdentity>() == 1);
    CHECK(count.operator()<syntax::RowLevelSecurity>() == 2);
    CHECK(count.operator()<syntax::Exclusion>() == 1);
    CHECK(count.operator()<syntax::Trigger>() == 2);
    CHECK(count.operator()<syntax::Policy>() == 1);
    CHECK(count.operator()<syntax::TableGrant>() == 1);
    CHECK(count.operator()<syntax::PartitionsUnmanaged>() == 1);
    CHECK(table.items.size() == columns.size() + 17);  // nothing else
}

// The items of kind Item of the one table `text` declares, in order; `text` must parse cleanly.
template <class Item>
std::vector<Item> table_items_of(const std::string& text) {
    SourceSet sources;
    sources.add("t.schema", text);
    Diagnostics diagnostics;
    syntax::File file = parse_file(sources, 0, diagnostics);
    REQUIRE_MESSAGE(diagnostics.all().empty(), format_text(sources, diagnostics, {}));
    std::vector<Item> items;
    for (syntax::TableItem& item : std::get<syntax::Table>(file.declarations.at(0)).items)
        if (auto* i = std::get_if<Item>(&item)) items.push_back(std::move(*i));
    return items;
}

// `span` from the start of `item`'s own span: where a part is, wherever its item is.
template <class Item>
std::pair<std::int64_t, std::int64_t> offsets_from(const Item& item, Span span) {
    return {std::int64_t(span.begin) - item.span.begin, std::int64_t(span.end) - item.span.begin};
}

// The layouts the tests of the hand readers put their lines in: a table's start, what goes
// between two lines, its end. The last one has no line break: it holds one line.
struct TableLayout {
    std::string before, between, after;
};
const std::vector<TableLayout> table_layouts = {{"table t {\n  ", "\n  ", "\n}\n"},
                                                {"table t {\r\n\t", "\r\n\t", "\r\n}"},
                                                {"table t {\n", "\n", "}"},
                                                {"table t { ", "", " }"}};

// A plain column line (grammar/plain_column_line.hpp) is read by hand; the same line with one
// more modifier (` comment 'x'`) is not, and goes through column_definition's rules and
// actions. Both must give the same column: every part, its spelling, value and place (relative to
// the column's start), in tables of many lines with other items between them.
TEST_CASE("a column read by hand is the column the rules read from the same line") {
    const std::string extra = " comment 'x'";
    const std::vector<std::string> lines = {
        "id bigint",
        "Name TEXT NOT NULL",
        "email varchar(200) null unique",
        "amount numeric( 12 , 2 )",
        "ratio Double   Precision",
        "tags text[] not null default '{}'",
        "grid int [3][ ]",
        "kind Status default 'it''s'",
        "n int default -1.5 primary key",
        "at timestamptz not\tnull default NOW()",
        "flag boolean default TRUE",
        "x int  ",
        "comment text",
        "statistics statistics",
        "café text default 'é'",
        "_a$1 int4range",
        "m int default not null",
        "z int default null not null",
        "not int",
        "double double precision",
        "d double precision[]",
        "e int default e()",
        "u int unique",
        "q int default -0",
        "parent_id bigint references t1(id) on delete cascade",
        "owner int REFERENCES Users ( Id , Org )  ON UPDATE set\tnull on delete no action",
        "pid bigint primary key generated always as identity",
        "seq int generated  BY default as identity not null",
        "r int references t on delete set default",
        "s int references t(id) on delete restrict unique",
        "references int references references",
        "o int references on on delete cascade",
        "k int references t (on)\ton\tdelete\tset null  ",
        "g int references generated generated always as identity",
        "amount numeric(12,2) check (amount >= 0)",
        "c int CHECK(c > 0 and (c < 10 or c = 'it''s ) // no end }')) not null",
        "chk int check ( chk <> 0 )  "};
    auto from = [](const syntax::Column& column, Span span) { return offsets_from(column, span); };
    // The same for a flag.
    auto flag_from = [&](const syntax::Column& column, const std::optional<syntax::Flag>& flag) {
        return flag ? std::optional(from(column, flag->span)) : std::nullopt;
    };
    for (const std::string& line : lines) {
        INFO(line);
        g::PlainColumnLine plain;
        CHECK(g::read_plain_column_line(line.data(), line.data() + line.size(), plain));  // read by hand
    }
    for (const TableLayout& layout : table_layouts) {
        INFO("layout: ", layout.before, "...", layout.after);
        // A one-line table holds one column; the others every line, with a unique key and an index
        // among them (items the column reader does not take).
        std::vector<std::string> taken = layout.between.empty() ? std::vector<std::string>{lines[2]} : lines;
        std::string by_hand = layout.before, by_rules = layout.before;
        for (std::size_t i = 0; i < taken.size(); ++i) {
            std::string between = i + 1 < taken.size() ? layout.between : layout.after;
            if (i == 5 || i == 11) between += (i == 5 ? "unique (id)" : "index t_by_name (name)") + layout.between;
            by_hand += taken[i] + between;
            by_rules += taken[i] + extra + between;
        }
        std::vector<syntax::Column> hand = table_items_of<syntax::Column>(by_hand),
                                    rules = table_items_of<syntax::Column>(by_rules);
        REQUIRE(hand.size() == taken.size());
        REQUIRE(rules.size() == taken.size());
        for (std::size_t i = 0; i < taken.size(); ++i) {
            INFO(taken[i]);
            const syntax::Column& a = hand[i];
            const syntax::Column& b = rules[i];
            // Read by hand where it stands in the table, and by the rules with the comment.
            g::PlainColumnLine plain;
            CHECK(g::read_plain_column_line(by_hand.data() + a.span.begin, by_hand.data() + by_hand.size(), plain));
            CHECK_FALSE(
                g::read_plain_column_line(by_rules.data() + b.span.begin, by_rules.data() + by_rules.size(), plain));
            std::string spanned = by_hand.substr(a.span.begin, a.span.end - a.span.begin);  // blanks before `}` too
            CHECK(spanned.substr(0, taken[i].size()) == taken[i]);
            CHECK(spanned.find_first_not_of(" \t", taken[i].size()) == std::string::npos);
            CHECK(b.comment.has_value());
            CHECK(a.name.written == b.name.written);
            CHECK(a.name.value == b.name.value);
            CHECK(from(a, a.name.span) == from(b, b.name.span));
            CHECK(a.type.schema.has_value() == b.type.schema.has_value());
            CHECK(a.type.name == b.type.name);
            CHECK(a.type.quoted == b.type.quoted);
            CHECK(a.type.parameters == b.type.parameters);
            CHECK(a.type.array_dimensions == b.type.array_dimensions);
            CHECK(from(a, a.type.span) == from(b, b.type.span));
            CHECK(flag_from(a, a.not_null) == flag_from(b, b.not_null));
            CHECK(flag_from(a, a.null) == flag_from(b, b.null));
            CHECK(flag_from(a, a.primary_key) == flag_from(b, b.primary_key));
            CHECK(flag_from(a, a.unique) == flag_from(b, b.unique));
            REQUIRE(a.default_value.has_value() == b.default_value.has_value());
            if (a.default_value) {
                CHECK(a.default_value->text == b.default_value->text);
                CHECK(from(a, a.default_value->span) == from(b, b.default_value->span));
                CHECK(from(a, a.default_span) == from(b, b.default_span));
            }
            CHECK(a.span.end - a.span.begin + extra.size() == b.span.end - b.span.begin);
            REQUIRE(bool(a.references) == bool(b.references));
            if (a.references) {
                const syntax::Reference& x = *a.references;
                const syntax::Reference& y = *b.references;
                CHECK_FALSE(x.table.schema.has_value());
                CHECK_FALSE(y.table.schema.has_value());
                CHECK(x.table.name.written == y.table.name.written);
                CHECK(x.table.name.value == y.table.name.value);
                CHECK(from(a, x.table.name.span) == from(b, y.table.name.span));
                CHECK(from(a, x.table.span) == from(b, y.table.span));
                REQUIRE(x.columns.size() == y.columns.size());
                for (std::size_t k = 0; k < x.columns.size(); ++k) {
                    CHECK(x.columns[k].written == y.columns[k].written);
                    CHECK(x.columns[k].value == y.columns[k].value);
                    CHECK(from(a, x.columns[k].span) == from(b, y.columns[k].span));
                }
                CHECK(x.on_delete == y.on_delete);
                CHECK(x.on_update == y.on_update);
                CHECK(x.match_full == y.match_full);
                CHECK(x.deferrable == y.deferrable);
                CHECK(x.initially_deferred == y.initially_deferred);
                CHECK(x.not_valid.has_value() == y.not_valid.has_value());
                CHECK(from(a, x.span) == from(b, y.span));
            }
            REQUIRE(a.checks.size() == b.checks.size());
            for (std::size_t k = 0; k < a.checks.size(); ++k) {
                const syntax::CheckClause& x = a.checks[k];
                const syntax::CheckClause& y = b.checks[k];
                CHECK_FALSE(y.name.has_value());
                CHECK(y.directives.empty());
                CHECK(x.expression.text == y.expression.text);
                CHECK(from(a, x.expression.span) == from(b, y.expression.span));
                CHECK(from(a, x.span) == from(b, y.span));
                CHECK_FALSE(y.no_inherit.has_value());
                CHECK_FALSE(y.not_valid.has_value());
            }
            REQUIRE(bool(a.identity) == bool(b.identity));
            if (a.identity) {
                CHECK(a.identity->always == b.identity->always);
                CHECK(from(a, a.identity->span) == from(b, b.identity->span));
                const syntax::SequenceOptions& o = b.identity->options;
                bool any_option = o.start.has_value() || o.increment.has_value() || o.min_value.has_value() ||
                                  o.max_value.has_value() || o.cache.has_value() || o.cycle.has_value() ||
                                  o.no_min_value || o.no_max_value || o.span.known();
                CHECK_FALSE(any_option);
            }
            CHECK_FALSE(a.generated.has_value());
            CHECK_FALSE(a.comment.has_value());
            CHECK(a.directives.empty());
            CHECK_FALSE(a.collation.has_value());
            CHECK_FALSE(a.statistics.has_value());
        }
    }
}

// A plain index line (grammar/plain_index_line.hpp) is read by hand; the same line with a
// comment after it (` /* c */`, which may stand before a `}`) is not, and goes through
// table_index's rules and actions. Both must
// give the same index: every part, its spelling, value and place (relative to the index's start),
// in tables of many lines with columns between them.
TEST_CASE("an index read by hand is the index the rules read from the same line") {
    const std::string extra = " /* c */";
    const std::vector<std::string> lines = {
        "index t_by_a (a)",
        "INDEX T_By_AB ( A , b )",
        "unique\tindex u (a)",
        "index (a)",
        "index(b)",
        "index x(a)",
        "index x (a)where a > 0",
        "index x (a) where(a > 0)",
        "index x (status) where status <> 'archived'",
        "index x (a) where a = 'it''s // no comment, no end }'",
        "index x (a) where (a > 0 and (b < 1)) or c is null   ",
        "index where (a)",
        "index x (asc, nulls)",
        "Unique Index x (a) WHERE a = E'x''y'",
        "index x (a)  "};
    auto from = [](const syntax::Index& index, Span span) { return offsets_from(index, span); };
    for (const std::string& line : lines) {
        INFO(line);
        g::PlainIndexLine plain;
        CHECK(g::read_plain_index_line(line.data(), line.data() + line.size(), plain));  // read by hand
    }
    for (const TableLayout& layout : table_layouts) {
        INFO("layout: ", layout.before, "...", layout.after);
        // A one-line table holds one index.
        std::vector<std::string> taken = layout.between.empty() ? std::vector<std::string>{lines[8]} : lines;
        std::string by_hand = layout.before, by_rules = layout.before;
        for (std::size_t i = 0; i < taken.size(); ++i) {
            std::string between = i + 1 < taken.size() ? layout.between : layout.after;
            if (i == 3 || i == 9) between += "a int" + layout.between;
            by_hand += taken[i] + between;
            by_rules += taken[i] + extra + between;
        }
        std::vector<syntax::Index> hand = table_items_of<syntax::Index>(by_hand),
                                   rules = table_items_of<syntax::Index>(by_rules);
        REQUIRE(hand.size() == taken.size());
        REQUIRE(rules.size() == taken.size());
        for (std::size_t i = 0; i < taken.size(); ++i) {
            INFO(taken[i]);
            const syntax::Index& a = hand[i];
            const syntax::Index& b = rules[i];
            // Read by hand where it stands in the table, and by the rules with the comment.
            g::PlainIndexLine plain;
            CHECK(g::read_plain_index_line(by_hand.data() + a.span.begin, by_hand.data() + by_hand.size(), plain));
            CHECK_FALSE(
                g::read_plain_index_line(by_rules.data() + b.span.begin, by_rules.data() + by_rules.size(), plain));
            std::string spanned = by_hand.substr(a.span.begin, a.span.end - a.span.begin);  // blanks before `}` too
            CHECK(spanned.substr(0, taken[i].size()) == taken[i]);
            CHECK(spanned.find_first_not_of(" \t", taken[i].size()) == std::string::npos);
            CHECK(a.span.end - a.span.begin + extra.size() == b.span.end - b.span.begin);
            CHECK(a.unique == b.unique);
            REQUIRE(a.name.has_value() == b.name.has_value());
            if (a.name) {
                CHECK(a.name->written == b.name->written);
                CHECK(a.name->value == b.name->value);
                CHECK(from(a, a.name->span) == from(b, b.name->span));
            }
            CHECK(a.directives.empty());
            CHECK(b.directives.empty());
            CHECK_FALSE(a.method.has_value());
            CHECK_FALSE(b.method.has_value());
            REQUIRE(a.elements.size() == b.elements.size());
            for (std::size_t k = 0; k < a.elements.size(); ++k) {
                const syntax::IndexElement& x = a.elements[k];
                const syntax::IndexElement& y = b.elements[k];
                REQUIRE(x.column.has_value());
                REQUIRE(y.column.has_value());
                CHECK(x.column->written == y.column->written);
                CHECK(x.column->value == y.column->value);
                CHECK(from(a, x.column->span) == from(b, y.column->span));
                CHECK(from(a, x.span) == from(b, y.span));
                CHECK_FALSE(y.expression.has_value());
                CHECK_FALSE(y.bare_call);
                CHECK_FALSE(y.collation.has_value());
                CHECK_FALSE(y.opclass.has_value());
                CHECK_FALSE(y.descending.has_value());
                CHECK_FALSE(y.nulls_first.has_value());
            }
            CHECK(b.include.empty());
            CHECK_FALSE(b.nulls_not_distinct);
            CHECK_FALSE(b.storage.has_value());
            REQUIRE(a.where.has_value() == b.where.has_value());
            if (a.where) {
                CHECK(a.where->text == b.where->text);
                CHECK(from(a, a.where->span) == from(b, b.where->span));
            }
        }
    }
}

TEST_CASE("the tables a text declares are counted before it is parsed, from the first word of each line") {
    CHECK(count_table_lines("") == 0);
    CHECK(count_table_lines("table a {\n  id int\n}\n\t UNLOGGED table b {\n}\nTable c {}") == 3);
    // Not counted: a word that only starts like it, a comment, `table` alone on its line, a column.
    CHECK(count_table_lines("tables x\n// table y\ntable\n{\n}\n  tablename text\n") == 0);
    CHECK(count_table_lines("table a {\r\n}\r\ntable\tb {}") == 2);
}

// `force` starts a row-level security line only where `row level security` follows: a column
// called force does not make a later row-level security line a forced one.
TEST_CASE("a column called force leaves the next row-level security line unforced") {
    SourceSet sources;
    sources.add("t.schema", "table t {\n  force int\n  row level security\n}\n");
    Diagnostics diagnostics;
    syntax::File file = parse_file(sources, 0, diagnostics);
    REQUIRE(diagnostics.all().empty());
    const auto& items = std::get<syntax::Table>(file.declarations.at(0)).items;
    REQUIRE(items.size() == 2);
    CHECK(std::get<syntax::Column>(items[0]).name.value == "force");
    CHECK_FALSE(std::get<syntax::RowLevelSecurity>(items[1]).force);
}

TEST_CASE("a type's name, quoted or qualified, keeps its schema's spelling and place") {
    std::string text = "table t {\n  a billing.kind\n  b \"S\".\"My Type\"\n  c \"Kind\"\n  d Bigint\n}\n";
    SourceSet sources;
    sources.add("t.schema", text);
    Diagnostics diagnostics;
    syntax::File file = parse_file(sources, 0, diagnostics);
    REQUIRE(diagnostics.all().empty());
    const auto& table = std::get<syntax::Table>(file.declarations.at(0));
    std::vector<const syntax::Type*> types;
    for (const syntax::TableItem& item : table.items) types.push_back(&std::get<syntax::Column>(item).type);
    REQUIRE(types.size() == 4);
    // Each type: its schema as written (empty: none), the schema's value, the name, quoted.
    auto check = [&](const syntax::Type& type, std::string_view schema, std::string_view schema_value,
                     std::string_view name, bool quoted) {
        CHECK(type.name == name);
        CHECK(type.quoted == quoted);
        REQUIRE(static_cast<bool>(type.schema) == !schema.empty());
        if (schema.empty()) return;
        CHECK(type.schema->written == schema);
        CHECK(type.schema->value == schema_value);
        CHECK(text.substr(type.schema->span.begin, type.schema->span.end - type.schema->span.begin) == schema);
    };
    check(*types[0], "billing", "billing", "kind", false);
    check(*types[1], "\"S\"", "S", "My Type", true);
    check(*types[2], "", "", "Kind", true);
    check(*types[3], "", "", "bigint", false);
}

TEST_CASE("a bad byte is found wherever it stands in a run of plain text") {
    // The scan skips plain ASCII 32 and 8 bytes at a time: a bad byte at every offset around
    // those blocks, a NUL, and a good two-byte character across a block's edge.
    for (std::size_t offset = 0; offset < 80; ++offset) {
        for (char bad : {static_cast<char>(0xFF), '\0'}) {
            std::string text(100, 'a');
            text[offset] = bad;
            std::vector<BadByte> found = find_bad_bytes(text, 10);
            INFO(offset);
            REQUIRE(found.size() == 1);
            CHECK(found[0].offset == offset);
            CHECK(found[0].nul == (bad == '\0'));
        }
        std::string good(100, 'a');
        good.replace(offset, 2, "\xC3\xA9");  // é
        CHECK(find_bad_bytes(good, 10).empty());
    }
}
