#include "compiler/docs/docs_site.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "compiler/docs/html_text.hpp"
#include "compiler/ir/types.hpp"

namespace schemac::docs {

namespace {

std::string esc(std::string_view text) { return html_escaped(text); }

// A name as a file name: letters, digits and `_` stay, every other byte is `~XX`.
std::string file_part(std::string_view name) {
    std::string out;
    for (unsigned char c : name) {
        if (std::isalnum(c) || c == '_')
            out += static_cast<char>(c);
        else
            out += fmt::format("~{:02X}", c);
    }
    return out;
}

std::string page_of(const char* folder, const ir::QualifiedName& name) {
    return fmt::format("{}/{}.{}.html", folder, file_part(name.schema), file_part(name.name));
}

std::string shown(const ir::QualifiedName& name) { return ir::display_name(name); }

// Each function's page: overloads get `-2`, `-3` after the first.
std::map<const ir::Function*, std::string> function_pages(const ir::Database& database) {
    std::map<const ir::Function*, std::string> out;
    std::map<ir::QualifiedName, int> seen;
    for (const ir::Function& f : database.functions) {
        int n = ++seen[f.name];
        std::string page = page_of("functions", f.name);
        if (n > 1) page.insert(page.size() - 5, fmt::format("-{}", n));
        out[&f] = page;
    }
    return out;
}

std::string layout(const std::string& title, const std::string& root, const std::string& body) {
    return fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{0}</title>\n"
                       "<link rel=\"stylesheet\" href=\"{1}style.css\">\n</head>\n<body>\n"
                       "<header><a class=\"home\" href=\"{1}index.html\">schema</a>\n"
                       "<input id=\"search\" type=\"search\" placeholder=\"Search tables, columns, views, functions\" "
                       "autocomplete=\"off\" aria-label=\"Search\">\n<ul id=\"results\" hidden></ul></header>\n"
                       "<main>\n{2}</main>\n"
                       "<script src=\"{1}search-index.js\"></script>\n<script src=\"{1}search.js\"></script>\n"
                       "</body>\n</html>\n",
                       esc(title), root, body);
}

std::string comment_block(const std::optional<std::string>& comment) {
    return comment ? fmt::format("<p class=\"comment\">{}</p>\n", esc(*comment)) : "";
}

std::string columns_text(const std::vector<std::string>& columns) {
    std::vector<std::string> escaped;
    for (const std::string& c : columns) escaped.push_back(esc(c));
    return fmt::format("{}", fmt::join(escaped, ", "));
}

const char* search_script =
    R"(// Filters the search index (search-index.js) as the reader types; `#q=word` in the address
// searches on load. Pages in folders reach the others through `root`.
(function () {
  var input = document.getElementById('search');
  var list = document.getElementById('results');
  var root = document.querySelector('link[rel=stylesheet]').getAttribute('href').replace('style.css', '');
  function show(query) {
    query = query.trim().toLowerCase();
    list.innerHTML = '';
    if (!query) { list.hidden = true; return; }
    var found = window.schemacIndex.filter(function (entry) {
      return entry.name.toLowerCase().indexOf(query) >= 0;
    }).slice(0, 50);
    found.forEach(function (entry) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = root + entry.page;
      link.textContent = entry.name;
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = entry.kind;
      item.appendChild(link);
      item.appendChild(kind);
      list.appendChild(item);
    });
    if (!found.length) {
      var none = document.createElement('li');
      none.textContent = 'nothing named like that';
      list.appendChild(none);
    }
    list.hidden = false;
  }
  input.addEventListener('input', function () { show(input.value); });
  var hash = decodeURIComponent(location.hash);
  if (hash.indexOf('#q=') === 0) { input.value = hash.slice(3); show(input.value); }
})();
)";

const char* style_sheet =
    R"(body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1f2933; background: #fff; }
header { position: sticky; top: 0; background: #1f3a5a; padding: 8px 24px; display: flex; gap: 16px; align-items: center; }
header .home { color: #fff; font-weight: 600; text-decoration: none; }
#search { flex: 1; max-width: 480px; padding: 5px 8px; border-radius: 4px; border: 0; font: inherit; }
#results { position: absolute; top: 42px; left: 120px; background: #fff; border: 1px solid #9aa5b1; list-style: none;
  margin: 0; padding: 6px 0; min-width: 360px; max-height: 60vh; overflow: auto; box-shadow: 0 4px 12px rgba(0,0,0,.15); }
#results li { padding: 3px 12px; }
#results .kind { color: #7b8794; margin-left: 8px; font-size: 12px; }
main { padding: 8px 24px 40px; max-width: 1200px; }
h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 28px; border-bottom: 1px solid #e4e7eb; }
table.grid { border-collapse: collapse; margin: 8px 0; }
table.grid th, table.grid td { border: 1px solid #cbd2d9; padding: 3px 10px; text-align: left; vertical-align: top; }
table.grid th { background: #f0f4f8; }
code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
pre { background: #f5f7fa; padding: 10px; overflow: auto; border: 1px solid #e4e7eb; }
.comment { color: #3e4c59; font-style: italic; }
.diagram { overflow: auto; border: 1px solid #e4e7eb; padding: 8px; margin: 8px 0; }
.diagram svg { max-width: none; }
.muted { color: #7b8794; }
)";

}  // namespace

std::string table_page(const ir::QualifiedName& name) { return page_of("tables", name); }

std::map<std::string, std::string> docs_site(const ir::Database& database, const SiteInput& input) {
    std::map<std::string, std::string> site;
    std::map<const ir::Function*, std::string> functions = function_pages(database);
    std::set<ir::QualifiedName> tables;
    for (const ir::Table& t : database.tables) tables.insert(t.name);
    auto table_link = [&](const ir::QualifiedName& name, const std::string& root) {
        if (!tables.count(name)) return esc(shown(name));
        return fmt::format("<a href=\"{}{}\">{}</a>", root, table_page(name), esc(shown(name)));
    };
    nlohmann::json index = nlohmann::json::array();
    auto indexed = [&](std::string name, std::string kind, std::string page) {
        index.push_back({{"name", std::move(name)}, {"kind", std::move(kind)}, {"page", std::move(page)}});
    };

    // The schemas, in the IR's order, and the objects in each.
    std::vector<std::string> schemas;
    for (const ir::Schema& s : database.schemas) schemas.push_back(s.name);
    auto add_schema = [&](const std::string& name) {
        if (std::find(schemas.begin(), schemas.end(), name) == schemas.end()) schemas.push_back(name);
    };
    for (const ir::Table& t : database.tables) add_schema(t.name.schema);
    for (const ir::View& v : database.views) add_schema(v.name.schema);
    for (const ir::Function& f : database.functions) add_schema(f.name.schema);
    for (const ir::Enum& e : database.enums) add_schema(e.name.schema);

    auto count = [](std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); };
    std::string body = fmt::format("<h1>{}</h1>\n<p class=\"muted\">{}, {}, {}, {} in {}</p>\n", esc(input.title),
                                   count(database.tables.size(), "table"), count(database.views.size(), "view"),
                                   count(database.functions.size(), "function"), count(database.enums.size(), "enum"),
                                   count(schemas.size(), "schema"));
    for (const std::string& schema : schemas) {
        body += fmt::format("<h2 id=\"schema-{}\">Schema {}</h2>\n", file_part(schema), esc(schema));
        if (auto svg = input.svgs.find(schema); svg != input.svgs.end()) {
            std::string drawing = svg->second;
            std::size_t start = drawing.find("<svg");
            if (start != std::string::npos) drawing = drawing.substr(start);
            body += "<div class=\"diagram\">\n" + drawing + "</div>\n";
        }
        std::string rows;
        for (const ir::Table& t : database.tables)
            if (t.name.schema == schema)
                rows += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"comment\">{}</td></tr>\n",
                                    table_link(t.name, ""), t.columns.size(), t.comment ? esc(*t.comment) : "");
        if (!rows.empty())
            body += "<h3>Tables</h3>\n<table class=\"grid\"><tr><th>table</th><th>columns</th><th>comment</th></tr>\n" +
                    rows + "</table>\n";
        rows.clear();
        for (const ir::View& v : database.views)
            if (v.name.schema == schema)
                rows += fmt::format("<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"comment\">{}</td></tr>\n",
                                    page_of("views", v.name), esc(shown(v.name)),
                                    v.materialized ? "materialized view" : "view", v.comment ? esc(*v.comment) : "");
        if (!rows.empty())
            body += "<h3>Views</h3>\n<table class=\"grid\"><tr><th>view</th><th>kind</th><th>comment</th></tr>\n" +
                    rows + "</table>\n";
        rows.clear();
        for (const ir::Function& f : database.functions)
            if (f.name.schema == schema)
                rows += fmt::format("<tr><td><a href=\"{}\"><code>{}</code></a></td><td>{}</td><td "
                                    "class=\"comment\">{}</td></tr>\n",
                                    functions[&f], esc(function_signature(f)), esc(f.language),
                                    f.comment ? esc(*f.comment) : "");
        if (!rows.empty())
            body += "<h3>Functions</h3>\n<table class=\"grid\"><tr><th>function</th><th>language</th><th>comment</th>"
                    "</tr>\n" +
                    rows + "</table>\n";
        rows.clear();
        for (const ir::Enum& e : database.enums)
            if (e.name.schema == schema) {
                std::vector<std::string> values;
                for (const ir::EnumValue& v : e.values) values.push_back("<code>" + esc(v.name) + "</code>");
                std::string anchor = "enum-" + file_part(e.name.schema) + "-" + file_part(e.name.name);
                rows += fmt::format("<tr id=\"{}\"><td>{}</td><td>{}</td></tr>\n", anchor, esc(shown(e.name)),
                                    fmt::join(values, ", "));
                indexed(shown(e.name), "enum", "index.html#" + anchor);
            }
        if (!rows.empty())
            body += "<h3>Enums</h3>\n<table class=\"grid\"><tr><th>enum</th><th>values</th></tr>\n" + rows +
                    "</table>\n";
    }
    site["index.html"] = layout(input.title, "", body);

    // A page per table.
    for (const ir::Table& t : database.tables) {
        std::string page = table_page(t.name);
        indexed(shown(t.name), "table", page);
        std::string b = fmt::format(
            "<h1>Table {}</h1>\n<p class=\"muted\">schema <a href=\"../index.html#schema-{}\">{}</a>"
            "</p>\n",
            esc(shown(t.name)), file_part(t.name.schema), esc(t.name.schema));
        b += comment_block(t.comment ? std::optional<std::string>(*t.comment) : std::nullopt);
        b += "<h2>Columns</h2>\n<table class=\"grid\"><tr><th>column</th><th>type</th><th>null</th><th>default</th>"
             "<th>comment</th></tr>\n";
        for (const ir::Column& c : t.columns) {
            bool key = t.primary_key && std::find(t.primary_key->columns.begin(), t.primary_key->columns.end(),
                                                  c.name) != t.primary_key->columns.end();
            std::string default_text = c.default_value ? "<code>" + esc(*c.default_value) + "</code>"
                                       : c.identity()  ? "identity"
                                       : c.generated() ? "<code>generated: " + esc(*c.generated()) + "</code>"
                                                       : "";
            b += fmt::format("<tr id=\"column-{}\"><td><b>{}</b>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td>"
                             "<td class=\"comment\">{}</td></tr>\n",
                             file_part(c.name), esc(c.name), key ? " <span class=\"muted\">(primary key)</span>" : "",
                             esc(render_type(c.type)), c.not_null || key ? "not null" : "null", default_text,
                             c.comment() ? esc(*c.comment()) : "");
            indexed(shown(t.name) + "." + c.name, "column", page + "#column-" + file_part(c.name));
        }
        b += "</table>\n";
        std::string keys;
        if (t.primary_key)
            keys += fmt::format("<tr><td>primary key</td><td><code>{}</code></td><td>{}</td></tr>\n",
                                esc(t.primary_key->name), columns_text(t.primary_key->columns));
        for (const ir::Unique& u : t.uniques)
            keys += fmt::format("<tr><td>unique</td><td><code>{}</code></td><td>{}</td></tr>\n", esc(u.name),
                                columns_text(u.columns));
        for (const ir::Check& c : t.checks)
            keys += fmt::format("<tr><td>check</td><td><code>{}</code></td><td><code>{}</code></td></tr>\n",
                                esc(c.name), esc(c.expression));
        if (!keys.empty())
            b += "<h2>Keys and checks</h2>\n<table class=\"grid\"><tr><th>kind</th><th>name</th><th>on</th></tr>\n" +
                 keys + "</table>\n";
        if (!t.foreign_keys.empty()) {
            b += "<h2>References</h2>\n<table class=\"grid\"><tr><th>columns</th><th>table</th><th>its columns</th>"
                 "<th>on delete</th><th>name</th></tr>\n";
            for (const ir::ForeignKey& fk : t.foreign_keys)
                b += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>\n",
                                 columns_text(fk.columns), table_link(fk.referenced_table, "../"),
                                 columns_text(fk.referenced_columns), ir::fk_action_text(fk.on_delete), esc(fk.name));
            b += "</table>\n";
        }
        std::string referenced_by;
        for (const ir::Table& other : database.tables)
            for (const ir::ForeignKey& fk : other.foreign_keys)
                if (fk.referenced_table == t.name)
                    referenced_by += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>\n",
                                                 table_link(other.name, "../"), columns_text(fk.columns),
                                                 columns_text(fk.referenced_columns), esc(fk.name));
        if (!referenced_by.empty())
            b += "<h2>Referenced by</h2>\n<table class=\"grid\"><tr><th>table</th><th>columns</th><th>these columns"
                 "</th><th>name</th></tr>\n" +
                 referenced_by + "</table>\n";
        if (!t.indexes.empty()) {
            b += "<h2>Indexes</h2>\n<table class=\"grid\"><tr><th>name</th><th>method</th><th>on</th><th>where</th>"
                 "</tr>\n";
            for (const ir::Index& i : t.indexes) {
                std::vector<std::string> elements;
                for (const ir::IndexElement& e : i.elements)
                    elements.push_back(
                        esc(e.column.empty() ? std::string(e.expression) : e.column) + (e.descending ? " desc" : ""));
                b += fmt::format("<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", esc(i.name),
                                 i.unique ? " (unique)" : "", esc(i.method), fmt::join(elements, ", "),
                                 i.where ? "<code>" + esc(*i.where) + "</code>" : "");
            }
            b += "</table>\n";
        }
        if (!t.triggers.empty()) {
            b += "<h2>Triggers</h2>\n<ul>\n";
            for (const ir::Trigger& tr : t.triggers) b += fmt::format("<li><code>{}</code></li>\n", esc(tr.name));
            b += "</ul>\n";
        }
        site[page] = layout("Table " + shown(t.name), "../", b);
    }

    // A page per view and per function.
    for (const ir::View& v : database.views) {
        std::string page = page_of("views", v.name);
        indexed(shown(v.name), v.materialized ? "materialized view" : "view", page);
        std::string b = fmt::format("<h1>{} {}</h1>\n<p class=\"muted\">schema <a href=\"../index.html#schema-{}\">{}"
                                    "</a></p>\n",
                                    v.materialized ? "Materialized view" : "View", esc(shown(v.name)),
                                    file_part(v.name.schema), esc(v.name.schema));
        b += comment_block(v.comment);
        if (!v.columns.empty()) {
            b += "<h2>Columns</h2>\n<table class=\"grid\"><tr><th>column</th><th>comment</th></tr>\n";
            for (const ir::ViewColumn& c : v.columns)
                b += fmt::format("<tr><td>{}</td><td class=\"comment\">{}</td></tr>\n", esc(c.name),
                                 c.comment ? esc(*c.comment) : "");
            b += "</table>\n";
        }
        b += "<h2>Query</h2>\n<pre>" + esc(v.query) + "</pre>\n";
        site[page] = layout("View " + shown(v.name), "../", b);
    }
    for (const ir::Function& f : database.functions) {
        const std::string& page = functions[&f];
        indexed(shown(f.name), f.procedure ? "procedure" : "function", page);
        std::string b = fmt::format("<h1>{} <code>{}</code></h1>\n<p class=\"muted\">schema <a "
                                    "href=\"../index.html#schema-{}\">{}</a> &middot; {} &middot; {}</p>\n",
                                    f.procedure ? "Procedure" : "Function", esc(function_signature(f)),
                                    file_part(f.name.schema), esc(f.name.schema), esc(f.language),
                                    ir::volatility_text(f.volatility));
        b += comment_block(f.comment);
        if (f.returns)
            b += fmt::format("<p>returns <code>{}{}</code></p>\n", f.returns_set ? "setof " : "",
                             esc(render_type(*f.returns)));
        b += "<h2>Body</h2>\n<pre>" + esc(f.sql_body ? *f.sql_body : f.body) + "</pre>\n";
        site[page] = layout("Function " + shown(f.name), "../", b);
    }

    site["search-index.js"] = "window.schemacIndex = " + index.dump(-1, ' ', false) + ";\n";
    site["search.js"] = search_script;
    site["style.css"] = style_sheet;
    return site;
}

}  // namespace schemac::docs
