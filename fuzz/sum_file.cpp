// Fuzz target: any bytes as a schemac.sum, and as the name a migration is given. Reading and
// verifying never crash; what is read writes back (sum_text) to a file that reads as the same
// entries and verifies against the files it lists; a slug is lower-case letters, digits and
// single underscores, stays itself when slugged again, and numbers a file name that reads back
// as its version.
#include <fmt/format.h>

#include <optional>
#include <string>

#include "compiler/migrations/migration_directory.hpp"
#include "compiler/plan/migration_text.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace schemac;

namespace {

// A name a directory can hold: not empty, no `/` and no NUL.
bool possible_file_name(const std::string& name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
           name.find('\0') == std::string::npos;
}

void check_slug(const std::string& text) {
    std::string slug = plan::make_slug(text);
    fuzz::require(plan::make_slug(slug) == slug, "a slug slugged again changes", slug);
    for (std::size_t i = 0; i < slug.size(); ++i) {
        char c = slug[i];
        bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       (c == '_' && i > 0 && i + 1 < slug.size() && slug[i - 1] != '_');
        fuzz::require(allowed, "a slug holds a character it may not", slug);
    }
    if (slug.empty()) return;
    for (int version : {1, 42, 9999, 123456789}) {
        std::optional<int> read = migration_version(fmt::format("{:04}_{}.sql", version, slug));
        fuzz::require(read == version, "a generated file name does not read back as its version", slug);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text = fuzz::input_text(data, size);
    check_slug(text);
    migration_version(text);

    RecordedSum read = parse_recorded_sum(text);
    verify_sum_text("migrations", text, read.files);
    FileHashes hashes;
    SnapshotRecords records;
    UnrecordedFiles unrecorded;
    for (const auto& [name, hash] : read.files) {
        if (!possible_file_name(name) || name == "directory") continue;
        bool later = read.unrecorded.count(name) > 0;
        if (!later && (hash.empty() || hash.find_first_of(" \t\r\n\v\f") != std::string::npos)) continue;
        hashes[name] = hash;
        if (later) unrecorded.insert(name);
        if (auto r = read.records.find(name); r != read.records.end() && !later) records[name] = r->second;
    }
    std::string written = sum_text(hashes, records, unrecorded);
    RecordedSum again = parse_recorded_sum(written);
    fuzz::require(again.files == hashes, "a written sum reads back other files or hashes", written);
    fuzz::require(again.records == records, "a written sum reads back other snapshot records", written);
    fuzz::require(again.unrecorded == unrecorded, "a written sum reads back other unrecorded files", written);
    std::vector<SumProblem> problems = verify_sum_text("migrations", written, hashes);
    for (const SumProblem& problem : problems)
        fuzz::require(problem.kind == SumProblem::unrecorded, "a written sum does not verify",
                      problem.message() + "\n" + written);
    return 0;
}
