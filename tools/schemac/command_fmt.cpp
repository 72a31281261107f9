// `schemac fmt [--check] [PATH...]`: rewrite .schema files in the canonical layout.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "compiler/source/file_write.hpp"
#include "compiler/syntax/formatter.hpp"
#include "compiler/syntax/parser.hpp"
#include "tools/schemac/cli_options.hpp"
#include "tools/schemac/commands.hpp"

namespace schemac::cli {
namespace {

struct FmtOptions : CommonOptions {
    bool check = false;
    std::vector<std::string> paths;
};

int run(const FmtOptions& options) {
    std::vector<std::string> roots = options.paths.empty() ? std::vector<std::string>{options.schema} : options.paths;
    std::vector<std::filesystem::path> files;
    SourceSet sources;
    try {
        for (const std::string& root : roots) {
            for (const auto& file : schema_files(root)) files.push_back(file);
        }
        for (const auto& file : files) sources.add(file.string(), read_file(file));
    } catch (const LoadError& e) {
        return cannot_run_error(e.what());
    }

    Diagnostics diagnostics;
    Diagnostics unformatted;  // for the SARIF log alone: people read "would reformat"
    std::vector<std::string> changed;
    for (std::uint32_t i = 0; i < sources.size(); ++i) {
        syntax::File parsed = parse_file(sources, i, diagnostics);
        if (!parsed.complete) continue;  // never rewrite a file that does not parse
        std::string formatted = format_schema_file(sources, parsed);
        if (formatted == sources.file(i).text()) continue;
        changed.push_back(sources.file(i).path());
        if (options.check && options.format == "sarif") {  // code scanning shows it on the first line that differs
            const std::string& text = sources.file(i).text();
            auto at = static_cast<std::size_t>(
                std::mismatch(text.begin(), text.end(), formatted.begin(), formatted.end()).first - text.begin());
            std::size_t newline = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
            auto line_start = static_cast<std::uint32_t>(newline == std::string::npos ? 0 : newline + 1);
            unformatted.error("not-formatted", Span{i, line_start, line_start},
                              fmt::format("{} is not in the canonical layout", sources.file(i).path()),
                              "run `schemac fmt` and commit the result");
        }
        if (options.check) continue;
        try {
            write_text_file(sources.file(i).path(), formatted);
        } catch (const WriteError& e) {
            return cannot_run_error(e.what());
        }
    }
    diagnostics.sort();
    report(sources, diagnostics, options);
    if (options.format == "sarif") sarif_log().add(sources, unformatted);
    for (const std::string& path : changed) {
        if (options.check)
            std::cout << fmt::format("would reformat {}\n", path);
        else if (!options.quiet)
            std::cout << fmt::format("formatted {}\n", path);
    }
    if (diagnostics.has_errors()) return findings;
    if (options.check && !changed.empty()) return findings;
    if (!options.quiet && changed.empty() && options.format == "text")
        std::cout << fmt::format("{} already formatted\n",
                                 files.size() == 1 ? "1 file" : fmt::format("{} files", files.size()));
    return success;
}

}  // namespace

Runner add_fmt_command(CLI::App& app) {
    auto options = std::make_shared<FmtOptions>();
    CLI::App* command = app.add_subcommand("fmt", "rewrite .schema files in the canonical layout");
    add_common_options(*command, *options);
    command->add_flag("--check", options->check, "change nothing; exit 1 and name the files that would change");
    command->add_option("paths", options->paths, ".schema files or directories (default: --schema)");
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
