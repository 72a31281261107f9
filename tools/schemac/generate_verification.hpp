// `generate --verify`: before `generate` writes anything, the migration directory is replayed
// on a scratch PostgreSQL (started for the run, or a database made on `--dev-url`) and the new
// plan's steps are tried on top of it, each in its own savepoint, so that every step PostgreSQL
// refuses is reported in one run at its `.schema` declaration; failures that only follow from
// an earlier one are notes under it. Any refusal: nothing may be written (exit 1). On by default
// when SCHEMAC_GENERATE_VERIFY=1 is set; `--no-verify` turns it off for one run.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/plan/plan.hpp"
#include "tools/schemac/cli_options.hpp"

namespace schemac::cli {

struct GenerateVerifyFlags {
    bool verify = false;
    bool no_verify = false;
    std::optional<std::string> dev_url;
};

inline constexpr const char* generate_verify_variable = "SCHEMAC_GENERATE_VERIFY";

void add_generate_verify_flags(CLI::App& command, GenerateVerifyFlags& flags);
// --verify, or SCHEMAC_GENERATE_VERIFY set to 1 (true, yes, on), unless --no-verify.
bool verification_wanted(const GenerateVerifyFlags& flags);

struct GenerateVerification {
    int exit_code = success;  // findings: refused, nothing may be written; cannot_run: no PostgreSQL
    std::string verified_on;  // "PostgreSQL 15.8 (412 ms)" when clean
};
// Prints what it finds, with the plan's own diagnostics (its warnings) in the same report: the
// caller does not report them itself. Then the refusals, a replay failure, or why no PostgreSQL
// could be had, and "nothing written" when it is not clean.
GenerateVerification verify_generated_plan(const Compilation& compiled, const ir::Database& before,
                                           const plan::Plan& plan, const std::string& migrations,
                                           const GenerateVerifyFlags& flags, const CommonOptions& options);

}  // namespace schemac::cli
