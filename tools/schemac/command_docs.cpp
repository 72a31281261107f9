// `schemac docs`: the schema as a diagram (Mermaid, Graphviz DOT, SVG) or a static HTML site.
// SVG and the site's diagrams are drawn by Graphviz's `dot` (the graphviz package); Mermaid and
// DOT need nothing. A schema with errors is reported and nothing is written.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "compiler/compile.hpp"
#include "compiler/docs/docs_site.hpp"
#include "compiler/docs/er_diagram.hpp"
#include "compiler/source/file_read.hpp"
#include "compiler/source/file_write.hpp"
#include "tools/schemac/cli_options.hpp"
#include "tools/schemac/commands.hpp"

namespace schemac::cli {

namespace {

struct DocsOptions {
    std::string schema = "schemas/";
    std::string format = "html";  // mermaid | dot | svg | html
    std::string output;           // a file (a diagram: default standard output) or a folder (html)
    std::string color = "auto";
    bool quiet = false;
};

struct DrawError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// `dot -Tsvg` on `dot_text`: the SVG document. Throws DrawError when dot is missing or fails.
std::string draw_svg(const std::string& dot_text) {
    char in_name[] = "/tmp/schemac-dot-XXXXXX";
    int fd = mkstemp(in_name);
    if (fd < 0) throw DrawError("cannot make a temporary file for dot");
    ::close(fd);
    std::filesystem::path in = in_name, err = std::string(in_name) + ".err";
    struct Removed {
        std::filesystem::path a, b;
        ~Removed() {
            std::error_code ec;
            std::filesystem::remove(a, ec);
            std::filesystem::remove(b, ec);
        }
    } removed{in, err};
    std::ofstream(in) << dot_text;
    FILE* pipe = popen(("dot -Tsvg '" + in.string() + "' 2>'" + err.string() + "'").c_str(), "r");
    if (!pipe) throw DrawError("cannot start dot");
    std::string svg;
    char buffer[8192];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) svg.append(buffer, n);
    int status = pclose(pipe);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        throw DrawError("drawing SVG needs Graphviz's `dot`, which is not installed");
    if (status != 0 || svg.empty()) {
        std::ifstream message(err);
        std::stringstream text;
        text << message.rdbuf();
        throw DrawError("dot failed: " + text.str());
    }
    return svg;
}

int write_or_print(const std::string& output, const std::string& text) {
    if (output.empty() || output == "-") {
        std::cout << text;
        return success;
    }
    try {
        write_text_file(output, text);
    } catch (const std::exception& e) {
        return cannot_run_error(fmt::format("{}; nothing written", e.what()));
    }
    return success;
}

int run(const DocsOptions& options) {
    Compilation c;
    try {
        c = compile_path(options.schema);
    } catch (const LoadError& e) {
        return cannot_run_error(e.what());
    }
    CommonOptions printing;
    printing.color = options.color;
    report(c.sources, c.diagnostics, printing);
    if (!c.ok()) {
        std::cerr << "schemac: nothing written\n";
        return findings;
    }
    try {
        if (options.format == "mermaid") return write_or_print(options.output, docs::mermaid_diagram(c.database));
        if (options.format == "dot") return write_or_print(options.output, docs::dot_diagram(c.database));
        if (options.format == "svg") return write_or_print(options.output, draw_svg(docs::dot_diagram(c.database)));

        docs::SiteInput input;
        input.title = options.schema;
        std::set<std::string> schemas;
        for (const ir::Table& t : c.database.tables) schemas.insert(t.name.schema);
        for (const std::string& schema : schemas) {
            docs::DotOptions dot;
            dot.schema = schema;
            dot.table_link = [](const ir::QualifiedName& name) { return docs::table_page(name); };
            input.svgs[schema] = draw_svg(docs::dot_diagram(c.database, dot));
        }
        std::map<std::string, std::string> site = docs::docs_site(c.database, input);
        std::filesystem::path dir = options.output.empty() ? "schema-docs" : options.output;
        try {
            StagedFiles written;
            for (const auto& [path, text] : site) {
                std::filesystem::create_directories((dir / path).parent_path());
                written.add(dir / path, text);
            }
            written.commit();
        } catch (const std::exception& e) {
            return cannot_run_error(fmt::format("{}; nothing written", e.what()));
        }
        if (!options.quiet)
            std::cout << fmt::format("{} ({} files; open it in a browser)\n", (dir / "index.html").string(),
                                     site.size());
        return success;
    } catch (const DrawError& e) {
        cannot_run_error(e.what());
        std::cerr << "help: install Graphviz (`apt-get install graphviz`), or write --format dot (draw it elsewhere) "
                     "or --format mermaid\n";
        return cannot_run;
    }
}

}  // namespace

Runner add_docs_command(CLI::App& app) {
    auto options = std::make_shared<DocsOptions>();
    CLI::App* command = app.add_subcommand("docs",
                                           "ER diagram (Mermaid, DOT, SVG) and a static HTML site of the schema");
    command
        ->add_option("--schema", options->schema,
                     "a .schema file, or a directory whose *.schema files (subdirectories included) form one schema")
        ->capture_default_str();
    command
        ->add_option("--format", options->format,
                     "mermaid, dot or svg: the ER diagram; html: a site (a page per table, view and function, a "
                     "diagram per schema, search)")
        ->check(CLI::IsMember({"mermaid", "dot", "svg", "html"}))
        ->capture_default_str();
    command->add_option("-o,--output", options->output,
                        "the file to write (a diagram; default: standard output) or the folder (html; default: "
                        "schema-docs/)");
    command->add_option("--color", options->color, "colour: auto (only on a terminal), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    command->add_flag("-q,--quiet", options->quiet, "print only errors");
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
