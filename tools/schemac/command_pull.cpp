// `schemac pull --database URL [-o DIR] [--split schema|table] [--schemas a,b]`: writes .schema
// files for a live database's schemas (every schema a person made, unless --schemas or the
// project's files name them) — as a person writes them (compiler/pulled_form.hpp) and exactly
// as `schemac fmt` would format them, compiling back to the IR that was read (checked before
// anything is written). Objects schemac does not manage are counted by kind in one warning
// (each one under --verbose; findings with --strict; -q silences the warning), never written.
// It refuses to mix its files with .schema files already in DIR unless --force, which
// replaces them.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <utility>

#include "compiler/ir/ir_json.hpp"
#include "compiler/migrations/migration_directory.hpp"
#include "compiler/source/file_write.hpp"
#include "compiler/sql/pulled_form.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "runtime/drift.hpp"
#include "tools/schemac/commands.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/kept_until_exit.hpp"

namespace schemac::cli {
namespace {

namespace fs = std::filesystem;

struct PullOptions : DatabaseOptions {
    std::string output = "schemas/";
    std::string split = "schema";
    std::vector<std::string> schemas;
    bool force = false;
    bool strict = false;
    bool verbose = false;
};

// What the written files say differently from the database, worded as drift is (the files in
// the place of the snapshot), so that a report of this fault says where it is.
void report_compile_back_differences(const ir::Database& live, const ir::Database& written) {
    runtime::Introspection as_read;
    as_read.database = live;
    runtime::Drift drift{as_read, runtime::plan_drift(live, written)};
    for (const runtime::DriftItem& item : runtime::drift_items(drift, written))
        std::cerr << "note: the written files differ: " << item.title << "\n";
}

// The .schema files the directory already holds, its subdirectories' included (they are part
// of the schema that directory forms).
std::vector<fs::path> existing_schema_files(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return {};
    return schema_files(dir);
}

// The managed schemas: --schemas, else those the project's .schema files name (--schema, else
// the output directory), else every schema a person made in the database.
std::vector<std::string> pulled_schemas(const PullOptions& o, runtime::Session& session) {
    if (!o.schemas.empty()) return o.schemas;
    for (const std::string& path : {o.schema, o.output}) {
        try {
            if (schema_files(path).empty()) continue;
            Compilation c = compile_path(path);
            if (c.ok()) return runtime::managed_schemas({}, c.database);
        } catch (const LoadError&) {
        }
    }
    return runtime::user_schemas(session, o.history_schema);
}

// The unmanaged objects: one warning counting them by kind; each one with --verbose or --strict
// (where they are findings); nothing under -q. What cannot be read is always an error.
void add_unmanaged_report(const runtime::Introspection& live, const PullOptions& o, Diagnostics& found) {
    if (o.strict || o.verbose) {
        add_unmanaged(live, o.strict, found);
        return;
    }
    runtime::Introspection unreadable_only;
    unreadable_only.unreadable = live.unreadable;
    add_unmanaged(unreadable_only, false, found);
    if (!o.quiet) add_unmanaged_summary(live, found);
}

int run(const PullOptions& o) {
    fs::path dir = o.output;
    std::vector<fs::path> existing;
    try {
        existing = existing_schema_files(dir);
    } catch (const LoadError& e) {
        return cannot_run_error(e.what());
    }
    if (!existing.empty() && !o.force) {
        std::cerr << fmt::format(
            "schemac: error: {} already holds .schema files ({}{}); pull writes a complete schema and does not "
            "mix its files with others\nhelp: pull into an empty directory (-o DIR), or pass --force to replace "
            "them\n",
            dir.string(), existing.front().lexically_relative(dir).string(), existing.size() > 1 ? ", ..." : "");
        return findings;
    }
    std::unique_ptr<runtime::Session> session = open_session(o);
    if (!session) return cannot_run;
    return with_database_errors([&]() -> int {
        std::vector<std::string> schemas = pulled_schemas(o, *session);
        // The IRs read and compiled back are kept: the process exits next, not freed node by node.
        runtime::Introspection& live = kept_until_exit<runtime::Introspection>();
        live = runtime::introspect(*session, runtime::IntrospectOptions{schemas, o.history_schema});
        Diagnostics found;
        add_unmanaged_report(live, o, found);
        if (!live.unreadable.empty()) {
            // .schema files without what cannot be described would be a guess: write none.
            report(SourceSet{}, found, o);
            std::cerr << fmt::format("schemac: error: {} that the .schema language cannot describe; nothing written\n",
                                     plural(live.unreadable.size(), "object"));
            return findings;
        }
        // A SQL_ASCII database stores any bytes: .schema files are UTF-8 and would not compile.
        if (std::vector<std::string> bad = runtime::live_text_not_utf8(live); !bad.empty()) {
            for (const std::string& b : bad) std::cerr << "error: not UTF-8: " << b << "\n";
            std::cerr << fmt::format("schemac: error: {} holds names or text that are not UTF-8 (above; a SQL_ASCII "
                                     "database?), and .schema files are UTF-8: nothing written\nhelp: rename those "
                                     "objects (or fix that text) in the database, in UTF-8\n",
                                     shown_database(o));
            return findings;
        }
        to_pulled_form(live.database, live.extension_defaults);
        std::vector<SchemaFile> files;
        try {
            files = write_schema_files(live.database, o.split == "table" ? SchemaSplit::table : SchemaSplit::schema);
        } catch (const std::logic_error& e) {
            return cannot_run_error(fmt::format("{}; nothing written (please report this)", e.what()));
        }
        // What is written must compile back to what was read.
        std::vector<std::pair<std::string, std::string>> texts;
        for (const SchemaFile& f : files) texts.push_back({(dir / f.name).string(), f.text});
        Compilation& back = kept_until_exit<Compilation>();
        back = compile_sources(texts);
        // The files declare the roles their grants and policies name (`role app`); a database
        // read declares none (roles belong to the cluster). Everything else must be the same:
        // compared without the roles (set aside, not a copy of the whole IR). Equal IRs (origins
        // aside) write the same JSON: the texts are made only when they differ.
        std::vector<ir::Role> declared_roles = std::exchange(back.database.roles, {});
        bool same = back.ok() && (back.database == live.database ||
                                  ir_to_json_text(back.database) == ir_to_json_text(live.database));
        back.database.roles = std::move(declared_roles);
        if (!same) {
            report(back.sources, back.diagnostics, o);
            if (back.ok()) report_compile_back_differences(live.database, back.database);
            return cannot_run_error("the .schema files written for this database do not compile back to it; nothing "
                                    "written (please report this with the database's `pg_dump --schema-only`)");
        }
        try {  // every file staged first: a full disk leaves the directory as it was
            StagedFiles written;
            for (const SchemaFile& f : files) written.add(dir / f.name, f.text);
            written.commit();
            for (const fs::path& old : existing)
                if (std::none_of(files.begin(), files.end(), [&](const SchemaFile& f) { return dir / f.name == old; }))
                    fs::remove(old);
        } catch (const std::exception& e) {
            return cannot_run_error(e.what());
        }
        report(back.sources, found, o);
        if (!o.quiet) {
            for (const SchemaFile& f : files) std::cout << (dir / f.name).string() << "\n";
            std::cerr << fmt::format(
                "schemac pull: {} from {} ({}: {}, {}){}\n", plural(files.size(), "file"), shown_database(o),
                plural(schemas.size(), "schema"), fmt::join(schemas, ", "),
                plural(live.database.tables.size(), "table"),
                live.unmanaged.empty()
                    ? ""
                    : fmt::format("; {} left out", plural(live.unmanaged.size(), "unmanaged object")));
        }
        return found.has_errors() ? findings : success;
    });
}

}  // namespace

Runner add_pull_command(CLI::App& app) {
    auto options = std::make_shared<PullOptions>();
    CLI::App* command = app.add_subcommand("pull", "write .schema files from a live database");
    add_database_options(*command, *options);
    command->add_option("-o,--output", options->output, "the directory to write (default: schemas/)");
    command->add_option("--split", options->split, "one file per schema, or one per table")
        ->check(CLI::IsMember({"schema", "table"}))
        ->capture_default_str();
    add_schemas_option(*command, options->schemas,
                       "those the .schema files of --schema or the output directory name, else every schema "
                       "but PostgreSQL's own and those extensions created");
    command->add_flag("--force", options->force, "replace the .schema files already in the output directory");
    command->add_flag("--strict", options->strict, "objects schemac does not manage are findings (exit 1)");
    command->add_flag("--verbose", options->verbose, "name each object schemac does not manage, not only their count");
    return [options] { return run(*options); };
}

}  // namespace schemac::cli
