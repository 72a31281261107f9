#include "tools/schemac/generate_verification.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include "compiler/ir/privileges.hpp"
#include "runtime/replay.hpp"
#include "runtime/step_refusals.hpp"
#include "tools/schemac/database_options.hpp"
#include "tools/schemac/scratch_options.hpp"
#include "tools/schemac/version.hpp"

namespace schemac::cli {
namespace {

std::string server_version_text(int version) {
    if (version >= 100000) return fmt::format("{}.{}", version / 10000, version % 10000);
    return fmt::format("{}.{}.{}", version / 10000, version / 100 % 100, version % 100);
}

bool verify_variable_says_yes(const char* value) {
    if (!value) return false;
    std::string v = value;
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v == "1" || v == "true" || v == "yes" || v == "on";
}

// A migration already in the directory that PostgreSQL refuses on an empty database.
void add_replay_failure(const MigrationDirectory& dir, const runtime::ReplayFailure& failure, Diagnostics& found) {
    std::string text = failure.lost ? failure.lost->message : failure.failure.message;
    auto [first, rest] = runtime::split_server_message(text);
    std::string help = failure.failure.help.empty()
                           ? "the migrations already written must replay on an empty database before a new one is "
                             "added: fix that file, review it, then run `schemac hash`"
                           : fmt::format("{}", fmt::join(failure.failure.help, "; "));
    Diagnostic& d = found.error(
        "verify-replay-refused", dir.line_span(failure.migration, std::max(failure.line, 1)),
        fmt::format("PostgreSQL refuses {}, already in the migration directory: {}", failure.migration, first), help);
    for (std::string& line : rest) d.notes.push_back(Note{{}, std::move(line)});
}

// Extensions the old or new schema needs that the scratch server cannot install: each an error at
// its declaration (where the new schema has one) with the package that provides it. Not a mistake
// of the schema but a PostgreSQL that cannot try it: the caller exits 2.
bool report_missing_extensions(runtime::Session& session, const runtime::ScratchServer& server,
                               const Compilation& compiled, const ir::Database& before, const CommonOptions& options) {
    std::vector<std::string> names;
    for (const ir::Database* db : {&before, &compiled.database})
        for (const ir::Extension& e : db->extensions)
            if (std::find(names.begin(), names.end(), e.name) == names.end()) names.push_back(e.name);
    std::vector<runtime::MissingExtension> missing = runtime::missing_extensions(session, names);
    if (missing.empty()) return false;
    Diagnostics found;
    for (const runtime::MissingExtension& m : missing) {
        Span at;
        for (const ir::Extension& e : compiled.database.extensions)
            if (e.name == m.name) at = e.origin.span;
        found.error("verify-missing-extension", at, runtime::missing_extension_message(m, server.description()),
                    runtime::missing_extension_help(m) + ", or run generate with --no-verify");
    }
    report(compiled.sources, found, options);
    return true;
}

}  // namespace

void add_generate_verify_flags(CLI::App& command, GenerateVerifyFlags& flags) {
    command.add_flag("--verify", flags.verify,
                     "before writing anything, replay the migrations and try the new one on a scratch PostgreSQL; "
                     "nothing is written when PostgreSQL refuses a step (default with SCHEMAC_GENERATE_VERIFY=1)");
    command.add_flag("--no-verify", flags.no_verify, "do not verify, even with SCHEMAC_GENERATE_VERIFY=1");
    add_dev_url_option(command, flags.dev_url);
}

bool verification_wanted(const GenerateVerifyFlags& flags) {
    if (flags.no_verify) return false;
    return flags.verify || verify_variable_says_yes(std::getenv(generate_verify_variable));
}

GenerateVerification verify_generated_plan(const Compilation& compiled, const ir::Database& before,
                                           const plan::Plan& plan, const std::string& migrations,
                                           const GenerateVerifyFlags& flags, const CommonOptions& options) {
    GenerateVerification out;
    auto start = std::chrono::steady_clock::now();
    // The plan's own warnings and the refusals, in one report (one JSON document).
    auto report_with_plan = [&](const std::vector<runtime::StepFailureReport>& failures) {
        Diagnostics all = plan.diagnostics;
        Diagnostics refusals = runtime::refusal_diagnostics(plan, failures);
        for (const Diagnostic& d : refusals.all()) all.add(d);
        all.sort();
        report(compiled.sources, all, options);
    };
    auto nothing_written = [&](int exit_code) {
        std::cerr << "schemac: nothing written\n";
        out.exit_code = exit_code;
        return out;
    };
    // The files already there (none before the first generate), read before any server starts.
    MigrationDirectory dir;
    if (std::filesystem::exists(migrations)) {
        DatabaseOptions directory_options;
        static_cast<CommonOptions&>(directory_options) = options;
        directory_options.migrations = migrations;
        Diagnostics found;
        int exit_code = success;
        std::optional<MigrationDirectory> read = read_migration_directory(directory_options, found, exit_code);
        if (!read || found.has_errors()) {
            report_with_plan({});
            if (read) report(read->sources, found, options);
            return nothing_written(read ? findings : exit_code);
        }
        dir = std::move(*read);
    }
    std::unique_ptr<runtime::ScratchServer> server = start_scratch(flags.dev_url, options);
    if (!server) {
        report_with_plan({});
        return nothing_written(cannot_run);
    }
    out.exit_code = with_database_errors([&] {
        try {
            std::vector<std::string> roles = ir::roles_named(before);
            for (std::string& role : ir::roles_named(compiled.database)) roles.push_back(std::move(role));
            std::sort(roles.begin(), roles.end());
            roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
            server->ensure_roles(roles);
            runtime::Session session(server->create_database("generate"));
            if (report_missing_extensions(session, *server, compiled, before, options))
                return static_cast<int>(cannot_run);
            runtime::ReplayOutcome replayed = runtime::replay_migrations(session, runtime::History{}, dir.migrations,
                                                                         schemac_version);
            if (replayed.failure) {
                report_with_plan({});
                Diagnostics found;
                add_replay_failure(dir, *replayed.failure, found);
                report(dir.sources, found, options);
                return static_cast<int>(findings);
            }
            std::vector<runtime::StepFailureReport> failures = runtime::try_plan_steps(session, plan);
            report_with_plan(failures);
            if (!failures.empty()) return static_cast<int>(findings);
            out.verified_on = fmt::format(
                "PostgreSQL {} ({} ms)", server_version_text(server->server_version()),
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
                    .count());
            return static_cast<int>(success);
        } catch (const runtime::ScratchError& e) {
            std::cerr << "schemac: error: " << e.what() << "\n";
            if (!e.help.empty()) std::cerr << "help: " << e.help << "\n";
            return static_cast<int>(cannot_run);
        } catch (const runtime::ConnectError& e) {
            return cannot_run_error(fmt::format("cannot connect to the scratch database: {}", e.what()));
        }
    });
    if (out.exit_code != success) return nothing_written(out.exit_code);
    return out;
}

}  // namespace schemac::cli
