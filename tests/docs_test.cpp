// `schemac docs`: the ER diagram as Mermaid and DOT (golden files), as SVG (well-formed: read by
// Chromium's XML parser), and the HTML site of the showcase: every link resolves, it renders in
// headless Chromium (a screenshot is taken) and its search finds a table.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "tests/support.hpp"

using schemac::test::read;
using schemac::test::run;
using schemac::test::run_schemac;
using schemac::test::TempDir;

namespace {

const char* small_schema =
    "schema billing\n\n"
    "table users {\n"
    "  id    bigint primary key\n"
    "  email text   not null unique  // where receipts go\n"
    "}\n\n"
    "table billing.invoices {\n"
    "  id       bigint        primary key\n"
    "  user_id  bigint        not null references users(id)\n"
    "  total    numeric(12,2) not null\n"
    "  replaces bigint        unique references billing.invoices(id)\n"
    "}\n";

// Chromium, headless, as root can run it (no sandbox), quiet, with a profile of its own in
// `profile` (tests run at once must not share one; a container's /dev/shm may be small).
std::string chromium(const std::filesystem::path& profile, const std::string& arguments) {
    return "chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run "
           "--user-data-dir='" +
           (profile / "chromium-profile").string() + "' " + arguments + " 2>/dev/null";
}

std::string docs_golden(const std::string& name) {
    return (schemac::test::source_dir() / "tests/golden/docs" / name).string();
}

}  // namespace

TEST_CASE("docs --format mermaid and dot: golden diagrams of two schemas, keys, nullable and unique references") {
    TempDir dir;
    dir.file("schemas/app.schema", small_schema);
    std::string out;
    REQUIRE(run_schemac("compile", out, "NO_COLOR=", dir.path) == 0);
    REQUIRE(run_schemac("docs --format mermaid", out, "NO_COLOR=", dir.path) == 0);
    schemac::test::check_golden(docs_golden("small.mmd"), out);
    REQUIRE(run_schemac("docs --format dot", out, "NO_COLOR=", dir.path) == 0);
    schemac::test::check_golden(docs_golden("small.dot"), out);
    // -o writes the file instead.
    REQUIRE(run_schemac("docs --format mermaid -o er.mmd", out, "NO_COLOR=", dir.path) == 0);
    CHECK(out.empty());
    CHECK(read(dir.path / "er.mmd").starts_with("erDiagram\n"));
}

TEST_CASE("docs --format svg is a well-formed SVG document, without Graphviz it says what to install") {
    TempDir dir;
    dir.file("schemas/app.schema", small_schema);
    std::string out;
    REQUIRE(run_schemac("docs --format svg -o er.svg", out, "NO_COLOR=", dir.path) == 0);
    std::string svg = read(dir.path / "er.svg");
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(svg.find("billing.invoices") != std::string::npos);
    // Chromium parses an .svg file as XML: a mistake gives its <parsererror> page.
    REQUIRE(run(chromium(dir.path, "--dump-dom 'file://" + (dir.path / "er.svg").string() + "'"), out) == 0);
    CHECK(out.find("<svg") != std::string::npos);
    CHECK(out.find("parsererror") == std::string::npos);

    std::filesystem::create_directories(dir.path / "empty-path");
    CHECK(run_schemac("docs --format svg", out, "NO_COLOR= PATH=" + (dir.path / "empty-path").string(), dir.path) == 2);
    CHECK(out ==
          "schemac: error: drawing SVG needs Graphviz's `dot`, which is not installed\n"
          "help: install Graphviz (`apt-get install graphviz`), or write --format dot (draw it elsewhere) or --format "
          "mermaid\n");
}

TEST_CASE("docs: a schema with errors is reported and nothing is written") {
    TempDir dir;
    dir.file("schemas/app.schema", "table t {\n  id int\n  x nope\n}\n");
    std::string out;
    CHECK(run_schemac("docs -o site", out, "NO_COLOR=", dir.path) == 1);
    CHECK(out.starts_with("schemas/app.schema:3:5: error: unknown type 'nope'"));
    CHECK(out.ends_with("schemac: nothing written\n"));
    CHECK(!std::filesystem::exists(dir.path / "site"));
}

TEST_CASE("docs: the showcase's HTML site links every page both ways, renders in Chromium, and searches") {
    TempDir dir;
    std::string out;
    std::filesystem::path site = dir.path / "site";
    REQUIRE(run_schemac("docs --schema schemas/showcase -o " + site.string(), out) == 0);
    CHECK(out == site.string() + "/index.html (39 files; open it in a browser)\n");

    // Every link and script of every page names a file of the site, and an anchor in it.
    std::map<std::string, std::string> pages;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(site))
        if (entry.path().extension() == ".html")
            pages[std::filesystem::relative(entry.path(), site).string()] = read(entry.path());
    REQUIRE(pages.size() >= 30);
    std::size_t links = 0;
    std::regex reference(R"((?:href|src|xlink:href)="([^"#]*)(#[^"]*)?")");
    for (const auto& entry : pages) {
        const std::string& page = entry.first;
        const std::string& html = entry.second;
        for (auto it = std::sregex_iterator(html.begin(), html.end(), reference); it != std::sregex_iterator(); ++it) {
            std::string target = (*it)[1], anchor = (*it)[2];
            if (target.empty()) target = page;  // a link inside the page
            std::filesystem::path file =
                target == page ? site / page
                               : (site / std::filesystem::path(page).parent_path() / target).lexically_normal();
            CHECK_MESSAGE(std::filesystem::exists(file), page, " links to ", target);
            if (!anchor.empty() && anchor != "#" && std::filesystem::exists(file)) {
                std::string id = "id=\"" + anchor.substr(1) + "\"";
                CHECK_MESSAGE(read(file).find(id) != std::string::npos, page, " links to ", target, anchor);
            }
            ++links;
        }
    }
    CHECK(links > 200);
    // Both ways: stock levels reference products, and the products page says so.
    std::string products = pages.at("tables/catalog.products.html");
    CHECK(products.find("<h2>Referenced by</h2>") != std::string::npos);
    CHECK(products.find("href=\"../tables/catalog.stock_levels.html\"") != std::string::npos);
    CHECK(pages.at("tables/catalog.stock_levels.html").find("href=\"../tables/catalog.products.html\"") !=
          std::string::npos);
    // The same schema gives the same bytes.
    REQUIRE(run_schemac("docs --schema schemas/showcase -q -o " + (dir.path / "again").string(), out) == 0);
    for (const auto& entry : pages) CHECK_MESSAGE(read(dir.path / "again" / entry.first) == entry.second, entry.first);

    // Rendered by headless Chromium: a screenshot of the index, with its diagrams drawn.
    std::filesystem::path shot = dir.path / "index.png";
    REQUIRE(run(chromium(dir.path, "--window-size=1280,1000 --screenshot='" + shot.string() + "' 'file://" +
                                       (site / "index.html").string() + "'"),
                out) == 0);
    REQUIRE(std::filesystem::exists(shot));
    CHECK(std::filesystem::file_size(shot) > 20000);  // not a blank page
    CHECK(read(shot).starts_with("\x89PNG\r\n"));
    // Its search, as the page runs it: `#q=stock` lists the table with a link to its page.
    REQUIRE(run(chromium(dir.path, "--dump-dom 'file://" + (site / "index.html").string() + "#q=stock'"), out) == 0);
    std::size_t results = out.find("<ul id=\"results\">");
    REQUIRE(results != std::string::npos);
    CHECK(out.find("<a href=\"tables/catalog.stock_levels.html\">catalog.stock_levels</a>", results) !=
          std::string::npos);
}
